import type { PageInfo } from "../protocol";

/** A refused or failed widget API call, with the server's sentence for the customer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface SessionState {
  token: string;
  expiresAt: string;
  sessionId: string;
  visitorId: string;
  resumed: boolean;
  identified: boolean;
  conversationId: string | null;
  availability: { online: true } | { online: false; reason: "outside_hours" | "nobody_available" };
}

/** Browser storage can be blocked (privacy settings); the widget then simply forgets across reloads. */
export const storage = {
  get(name: string): string | null {
    try {
      return localStorage.getItem(name);
    } catch {
      return null;
    }
  },
  set(name: string, value: string | null): void {
    try {
      if (value === null) localStorage.removeItem(name);
      else localStorage.setItem(name, value);
    } catch {
      // Not kept; nothing else depends on it.
    }
  },
};

/**
 * The widget's calls to /api/widget/*, authenticated by the session's short-lived token.
 * A 401 (token expired, session ended) starts or resumes the session and retries once.
 */
export class WidgetApi {
  session: SessionState | null = null;
  private starting: Promise<SessionState> | null = null;

  constructor(
    private readonly key: string,
    private readonly page: () => PageInfo | null,
  ) {}

  private get visitorStorageKey() {
    return `switchboard.visitor.${this.key}`;
  }

  /** Starts or resumes the session (one request at a time). */
  startSession(): Promise<SessionState> {
    this.starting ??= (async () => {
      try {
        const page = this.page();
        const response = await fetch("/api/widget/session", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ key: this.key, visitorId: storage.get(this.visitorStorageKey), pageUrl: page?.url, pageTitle: page?.title }),
        });
        const session = (await readJson(response)) as SessionState;
        storage.set(this.visitorStorageKey, session.visitorId);
        this.session = session;
        return session;
      } finally {
        this.starting = null;
      }
    })();
    return this.starting;
  }

  /** A fetch with the widget token; refreshes the session once on 401. */
  async request(path: string, init: RequestInit = {}, retry = true): Promise<Response> {
    const session = this.session ?? (await this.startSession());
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${session.token}`);
    const response = await fetch(path, { ...init, headers });
    if (response.status === 401 && retry) {
      await this.startSession();
      return this.request(path, init, false);
    }
    return response;
  }

  async json<T>(path: string, body?: unknown): Promise<T> {
    const init: RequestInit = body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
    return (await readJson(await this.request(path, init))) as T;
  }
}

/** The JSON body of a response, or an ApiError with the server's message. */
export async function readJson(response: Response): Promise<unknown> {
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = typeof body?.error === "string" ? body.error : "Something went wrong. Please try again.";
    throw new ApiError(response.status, message);
  }
  return body;
}

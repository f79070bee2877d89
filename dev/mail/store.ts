import { randomUUID } from "node:crypto";
import pg from "pg";

/** PostgreSQL storage for captured mail, kept in its own schema apart from the product's tables. */

export interface NewAttachment {
  filename: string;
  contentType: string;
  contentId: string | null;
  content: Buffer;
}

export interface NewEmail {
  from: string;
  to: string[];
  cc: string[] | null;
  bcc: string[] | null;
  replyTo: string[] | null;
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string> | null;
  tags: { name: string; value: string }[] | null;
  scheduledAt: string | null;
  attachments: NewAttachment[];
}

export interface StoredEmail extends Omit<NewEmail, "attachments"> {
  id: string;
  createdAt: Date;
}

export interface StoredAttachment {
  id: string;
  emailId: string;
  filename: string;
  contentType: string;
  contentId: string | null;
  size: number;
}

export interface EmailPage {
  emails: StoredEmail[];
  hasMore: boolean;
}

export interface IdempotencyRecord {
  requestHash: string;
  response: unknown;
}

export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
}

export type InsertOutcome =
  | { kind: "created"; ids: string[]; response: unknown }
  | { kind: "replayed"; record: IdempotencyRecord };

export class UnknownCursorError extends Error {}

const SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS mail_capture;
CREATE TABLE IF NOT EXISTS mail_capture.emails (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  from_address text NOT NULL,
  to_addresses text[] NOT NULL,
  cc_addresses text[],
  bcc_addresses text[],
  reply_to text[],
  subject text NOT NULL,
  html text,
  text_body text,
  headers jsonb,
  tags jsonb,
  scheduled_at text
);
CREATE TABLE IF NOT EXISTS mail_capture.attachments (
  id uuid PRIMARY KEY,
  email_id uuid NOT NULL REFERENCES mail_capture.emails (id) ON DELETE CASCADE,
  position integer NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  content_id text,
  size integer NOT NULL,
  content bytea NOT NULL,
  UNIQUE (email_id, position)
);
CREATE TABLE IF NOT EXISTS mail_capture.idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
`;

// Resend keeps idempotency keys for 24 hours; after that a key may be reused.
const IDEMPOTENCY_WINDOW = "24 hours";

const EMAIL_COLUMNS = `id, created_at, from_address, to_addresses, cc_addresses, bcc_addresses,
  reply_to, subject, html, text_body, headers, tags, scheduled_at`;

interface EmailRow {
  id: string;
  created_at: Date;
  from_address: string;
  to_addresses: string[];
  cc_addresses: string[] | null;
  bcc_addresses: string[] | null;
  reply_to: string[] | null;
  subject: string;
  html: string | null;
  text_body: string | null;
  headers: Record<string, string> | null;
  tags: { name: string; value: string }[] | null;
  scheduled_at: string | null;
}

function toStoredEmail(row: EmailRow): StoredEmail {
  return {
    id: row.id,
    createdAt: row.created_at,
    from: row.from_address,
    to: row.to_addresses,
    cc: row.cc_addresses,
    bcc: row.bcc_addresses,
    replyTo: row.reply_to,
    subject: row.subject,
    html: row.html,
    text: row.text_body,
    headers: row.headers,
    tags: row.tags,
    scheduledAt: row.scheduled_at,
  };
}

export class MailStore {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connects and creates the `mail_capture` schema if it is missing (safe to run concurrently). */
  static async open(databaseUrl: string): Promise<MailStore> {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 5 });
    // An idle connection dropped by the server (e.g. PostgreSQL stopping) must not crash the process.
    pool.on("error", () => {});
    const store = new MailStore(pool);
    try {
      // Concurrent CREATE ... IF NOT EXISTS can still collide, so schema creation is serialised.
      await store.transaction(async (client) => {
        await client.query("SELECT pg_advisory_xact_lock(hashtext('mail_capture.schema'))");
        await client.query(SCHEMA_SQL);
      });
    } catch (error) {
      await pool.end();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Mail capture could not prepare its database (databaseUrl): ${reason}`);
    }
    return store;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async findIdempotencyRecord(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const { rows } = await this.pool.query<{ request_hash: string; response: unknown }>(
      `SELECT request_hash, response FROM mail_capture.idempotency_keys
       WHERE scope = $1 AND key = $2 AND created_at > now() - $3::interval`,
      [scope, key, IDEMPOTENCY_WINDOW],
    );
    const row = rows[0];
    return row ? { requestHash: row.request_hash, response: row.response } : null;
  }

  /**
   * Stores the emails under fresh UUIDs and returns `respond(ids)`. With an idempotency claim the
   * response is remembered under the key; a request that already used the key gets the earlier
   * record back instead and nothing is stored.
   */
  async insertEmails(
    emails: NewEmail[],
    respond: (ids: string[]) => unknown,
    idempotency: IdempotencyClaim | null,
  ): Promise<InsertOutcome> {
    return this.transaction(async (client) => {
      if (idempotency) {
        await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
          `${idempotency.scope}\n${idempotency.key}`,
        ]);
        await client.query(
          `DELETE FROM mail_capture.idempotency_keys
           WHERE scope = $1 AND key = $2 AND created_at <= now() - $3::interval`,
          [idempotency.scope, idempotency.key, IDEMPOTENCY_WINDOW],
        );
        const { rows } = await client.query<{ request_hash: string; response: unknown }>(
          "SELECT request_hash, response FROM mail_capture.idempotency_keys WHERE scope = $1 AND key = $2",
          [idempotency.scope, idempotency.key],
        );
        const existing = rows[0];
        if (existing) {
          return { kind: "replayed", record: { requestHash: existing.request_hash, response: existing.response } };
        }
      }
      const ids: string[] = [];
      for (const email of emails) {
        const id = randomUUID();
        await insertEmail(client, id, email);
        ids.push(id);
      }
      const response = respond(ids);
      if (idempotency) {
        await client.query(
          `INSERT INTO mail_capture.idempotency_keys (scope, key, request_hash, response)
           VALUES ($1, $2, $3, $4)`,
          [idempotency.scope, idempotency.key, idempotency.requestHash, JSON.stringify(response)],
        );
      }
      return { kind: "created", ids, response };
    });
  }

  async getEmail(id: string): Promise<StoredEmail | null> {
    const { rows } = await this.pool.query<EmailRow>(
      `SELECT ${EMAIL_COLUMNS} FROM mail_capture.emails WHERE id = $1`,
      [id],
    );
    return rows[0] ? toStoredEmail(rows[0]) : null;
  }

  /** Newest first. `after` pages towards older mail, `before` towards newer mail (cursor = email id). */
  async listEmails(page: { limit: number; after?: string; before?: string }): Promise<EmailPage> {
    const cursorId = page.after ?? page.before;
    let cursorSeq: string | null = null;
    if (cursorId) {
      const { rows } = await this.pool.query<{ seq: string }>(
        "SELECT seq FROM mail_capture.emails WHERE id = $1",
        [cursorId],
      );
      if (!rows[0]) throw new UnknownCursorError(cursorId);
      cursorSeq = rows[0].seq;
    }
    const olderFirst = page.before !== undefined;
    const { rows } = await this.pool.query<EmailRow>(
      `SELECT ${EMAIL_COLUMNS} FROM mail_capture.emails
       WHERE $1::bigint IS NULL OR ${olderFirst ? "seq > $1" : "seq < $1"}
       ORDER BY seq ${olderFirst ? "ASC" : "DESC"}
       LIMIT $2`,
      [cursorSeq, page.limit + 1],
    );
    const hasMore = rows.length > page.limit;
    const emails = rows.slice(0, page.limit).map(toStoredEmail);
    if (olderFirst) emails.reverse();
    return { emails, hasMore };
  }

  async listAttachments(emailId: string): Promise<StoredAttachment[]> {
    const { rows } = await this.pool.query<{
      id: string;
      filename: string;
      content_type: string;
      content_id: string | null;
      size: number;
    }>(
      `SELECT id, filename, content_type, content_id, size FROM mail_capture.attachments
       WHERE email_id = $1 ORDER BY position`,
      [emailId],
    );
    return rows.map((row) => ({
      id: row.id,
      emailId,
      filename: row.filename,
      contentType: row.content_type,
      contentId: row.content_id,
      size: row.size,
    }));
  }

  async getAttachmentContent(emailId: string, attachmentId: string): Promise<Buffer | null> {
    const { rows } = await this.pool.query<{ content: Buffer }>(
      "SELECT content FROM mail_capture.attachments WHERE email_id = $1 AND id = $2",
      [emailId, attachmentId],
    );
    return rows[0]?.content ?? null;
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

async function insertEmail(client: pg.PoolClient, id: string, email: NewEmail): Promise<void> {
  await client.query(
    `INSERT INTO mail_capture.emails (id, from_address, to_addresses, cc_addresses, bcc_addresses,
       reply_to, subject, html, text_body, headers, tags, scheduled_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      id,
      email.from,
      email.to,
      email.cc,
      email.bcc,
      email.replyTo,
      email.subject,
      email.html,
      email.text,
      email.headers === null ? null : JSON.stringify(email.headers),
      email.tags === null ? null : JSON.stringify(email.tags),
      email.scheduledAt,
    ],
  );
  for (const [position, attachment] of email.attachments.entries()) {
    await client.query(
      `INSERT INTO mail_capture.attachments
         (id, email_id, position, filename, content_type, content_id, size, content)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        position,
        attachment.filename,
        attachment.contentType,
        attachment.contentId,
        attachment.content.length,
        attachment.content,
      ],
    );
  }
}

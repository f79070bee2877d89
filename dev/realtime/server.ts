/**
 * Embedded realtime server speaking the Pusher Channels protocol (v7) so the
 * official `pusher` / `pusher-js` SDKs work against it unchanged. One HTTP
 * server carries both the websocket endpoint `/app/{key}` and the HTTP API
 * `/apps/{id}/...`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { ChannelRegistry } from "./channels";
import { ClientConnection, handshakeRefusal, refuse } from "./connection";
import { createHttpApi } from "./http-api";

export interface RealtimeServerOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port to bind; default 6001, 0 picks a free one. */
  port?: number;
  appId: string;
  key: string;
  secret: string;
  /** Idle seconds before a ping; also sent to clients as `activity_timeout`. Default 120. */
  activityTimeoutSeconds?: number;
  /** Seconds a client has to answer a `pusher:ping` before it is closed with 4201. Default 30. */
  pongTimeoutSeconds?: number;
  /** Largest event `data` accepted, in bytes. Default 10 KiB. */
  maxMessageBytes?: number;
  /** Largest accepted difference between an HTTP API request's auth_timestamp and the clock. Default 600. */
  maxTimestampSkewSeconds?: number;
  log?: (line: string) => void;
}

export interface RealtimeServer {
  host: string;
  port: number;
  /** Base URL of the HTTP API; websocket clients connect to the same host and port. */
  url: string;
  close(): Promise<void>;
}

function requireText(value: unknown, option: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error(`startRealtimeServer: option '${option}' must be a non-empty string`);
  }
  return value;
}

function positiveNumber(value: number | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`startRealtimeServer: option '${option}' must be a positive number, got ${value}`);
  }
  return value;
}

export async function startRealtimeServer(options: RealtimeServerOptions): Promise<RealtimeServer> {
  const appId = requireText(options.appId, "appId");
  const key = requireText(options.key, "key");
  const secret = requireText(options.secret, "secret");
  const host = options.host ?? "127.0.0.1";
  const requestedPort = options.port ?? 6001;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new Error(`startRealtimeServer: option 'port' must be an integer 0-65535, got ${requestedPort}`);
  }
  const activityTimeoutSeconds = positiveNumber(options.activityTimeoutSeconds, "activityTimeoutSeconds", 120);
  const pongTimeoutSeconds = positiveNumber(options.pongTimeoutSeconds, "pongTimeoutSeconds", 30);
  const maxMessageBytes = positiveNumber(options.maxMessageBytes, "maxMessageBytes", 10 * 1024);
  const maxTimestampSkewSeconds = positiveNumber(options.maxTimestampSkewSeconds, "maxTimestampSkewSeconds", 600);
  const log = options.log ?? (() => {});

  const registry = new ChannelRegistry();
  const connections = new Set<ClientConnection>();
  const httpServer = createServer(
    createHttpApi({ appId, key, secret, maxMessageBytes, maxTimestampSkewSeconds, registry, log }),
  );
  // Frames somewhat over the data limit still get a readable pusher:error (4301);
  // far larger ones are cut off by ws itself (close 1009) before being buffered.
  const websockets = new WebSocketServer({ noServer: true, maxPayload: Math.max(256 * 1024, maxMessageBytes * 8) });
  const connectionSettings = { key, secret, maxMessageBytes, activityTimeoutSeconds, pongTimeoutSeconds, registry, log };

  httpServer.on("upgrade", (request, socket, head) => {
    socket.on("error", (error) => log(`realtime: upgrade socket error: ${error.message}`));
    websockets.handleUpgrade(request, socket, head, (ws) => {
      const refusal = handshakeRefusal(request, key);
      if (refusal) {
        log(`realtime: refused connection to ${request.url}: ${refusal.code} ${refusal.message}`);
        ws.on("error", () => {}); // the refusal is already logged
        refuse(ws, refusal);
        return;
      }
      connections.add(new ClientConnection(ws, socket, connectionSettings, (gone) => connections.delete(gone)));
    });
  });
  httpServer.on("clientError", (error, socket) => {
    log(`realtime: bad HTTP request: ${error.message}`);
    socket.destroy();
  });

  const livenessCheck = setInterval(
    () => {
      const now = Date.now();
      for (const connection of connections) connection.checkLiveness(now);
    },
    Math.min(1000, (Math.min(activityTimeoutSeconds, pongTimeoutSeconds) * 1000) / 4),
  );
  livenessCheck.unref();

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      clearInterval(livenessCheck);
      const hint = error.code === "EADDRINUSE" ? `; choose another 'port' (0 picks a free one)` : "";
      reject(new Error(`Realtime server could not listen on ${host}:${requestedPort}: ${error.message}${hint}`));
    };
    httpServer.once("error", onError);
    httpServer.listen(requestedPort, host, () => {
      httpServer.off("error", onError);
      resolve();
    });
  });
  httpServer.on("error", (error) => log(`realtime: server error: ${error.message}`));

  const port = (httpServer.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  log(`realtime: listening on http://${urlHost}:${port} (app ${appId})`);

  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    url: `http://${urlHost}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(livenessCheck);
        for (const connection of [...connections]) connection.terminate();
        for (const ws of websockets.clients) ws.terminate();
        websockets.close();
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
      return closing;
    },
  };
}

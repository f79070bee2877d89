import PusherServer from "pusher";
import PusherClient from "pusher-js";
import { afterAll, beforeAll } from "vitest";
import { startRealtimeServer } from "@/dev/realtime/server";
import type { Database } from "@/lib/db/client";
import type { OutboxRelayDeps } from "@/lib/outbox/relay";
import { signUserChannel } from "@/lib/realtime/channels";

/** The test server's app credentials (set them as PUSHER_* to point the app's own SDK at it). */
export const TEST_REALTIME_APP = { appId: "777", key: "test-realtime-key", secret: "test-realtime-secret" };
const APP = TEST_REALTIME_APP;

/**
 * The embedded realtime server for one test file, a `pusher` SDK pointed at it, and
 * pusher-js clients that authorize channels exactly as the app's auth route does.
 */
export function setupTestRealtime() {
  let server: Awaited<ReturnType<typeof startRealtimeServer>> | undefined;
  let signer: PusherServer | undefined;
  const clients: PusherClient[] = [];
  beforeAll(async () => {
    server = await startRealtimeServer({ ...APP, host: "127.0.0.1", port: 0 });
    signer = new PusherServer({ ...APP, host: server.host, port: String(server.port), useTLS: false });
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.close();
  });

  const ready = () => {
    if (!server || !signer) throw new Error("setupTestRealtime(): the server is ready only inside tests and hooks.");
    return { server, signer };
  };

  return {
    get server() {
      return ready().server;
    },
    /** The server SDK, for triggering events and signing channels. */
    get signer() {
      return ready().signer;
    },
    /** Outbox relay publishers that push through the pusher SDK to this server (Inngest events and deliveries go nowhere). */
    relayDeps(): OutboxRelayDeps {
      return {
        trigger: async (channels, event, data) => {
          await ready().signer.trigger(channels, event, data);
        },
        sendEvent: async () => undefined,
        getChannelAdapter: () => undefined,
      };
    },
    /** A connected pusher-js client acting as `userId`. */
    clientFor(db: Database, userId: string): PusherClient {
      const { signer: sdk } = ready();
      return this.clientWith((socketId, channelName) => signUserChannel(db, sdk, userId, socketId, channelName));
    },
    /** A connected pusher-js client whose channel subscriptions `authorize` signs (null refuses). */
    clientWith(authorize: (socketId: string, channelName: string) => Promise<PusherServer.ChannelAuthResponse | null>): PusherClient {
      const { server: realtime } = ready();
      const client = new PusherClient(APP.key, {
        cluster: "local",
        wsHost: realtime.host,
        wsPort: realtime.port,
        forceTLS: false,
        enabledTransports: ["ws"],
        channelAuthorization: {
          endpoint: "/unused",
          transport: "ajax",
          customHandler: ({ socketId, channelName }, callback) => {
            authorize(socketId, channelName).then(
              (signed) => (signed ? callback(null, signed) : callback(new Error(`403 for ${channelName}`), null)),
              (error: Error) => callback(error, null),
            );
          },
        },
      });
      clients.push(client);
      return client;
    },
  };
}

/** Resolves with "subscribed" or "refused" once pusher-js has an answer for the channel. */
export function subscriptionOutcome(client: PusherClient, channelName: string): Promise<"subscribed" | "refused"> {
  return new Promise((resolve) => {
    const channel = client.subscribe(channelName);
    channel.bind("pusher:subscription_succeeded", () => resolve("subscribed"));
    channel.bind("pusher:subscription_error", () => resolve("refused"));
  });
}

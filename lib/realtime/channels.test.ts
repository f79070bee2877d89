import PusherServer from "pusher";
import PusherClient from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRealtimeServer } from "@/dev/realtime/server";
import { createDatabaseClient, type Database } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff } from "@/tests/helpers/factories";
import { realtimeChannels, signUserChannel } from "./channels";

const APP = { appId: "777", key: "channels-test-key", secret: "channels-test-secret" };

let testDb: TestDatabase;
let db: Database;
let realtime: Awaited<ReturnType<typeof startRealtimeServer>>;
let signer: PusherServer;
let acme: Awaited<ReturnType<typeof createAccountWithStaff>>;
let globex: Awaited<ReturnType<typeof createAccountWithStaff>>;
let globexConversationId: string;
let acmeConversationId: string;
const clients: PusherClient[] = [];

async function seedConversation(accountId: string) {
  const channel = await db.channel.create({ data: { accountId, type: "web", name: "Web" } });
  const contact = await db.contact.create({ data: { accountId, name: "Customer" } });
  return (await db.conversation.create({ data: { accountId, channelId: channel.id, contactId: contact.id } })).id;
}

/** A pusher-js client signed in as `userId`: its channel auth goes through signUserChannel like the app route. */
function clientFor(userId: string) {
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
        signUserChannel(db, signer, userId, socketId, channelName).then(
          (signed) => (signed ? callback(null, signed) : callback(new Error("403"), null)),
          (error: Error) => callback(error, null),
        );
      },
    },
  });
  clients.push(client);
  return client;
}

function subscription(client: PusherClient, channelName: string): Promise<"subscribed" | "refused"> {
  return new Promise((resolve) => {
    const channel = client.subscribe(channelName);
    channel.bind("pusher:subscription_succeeded", () => resolve("subscribed"));
    channel.bind("pusher:subscription_error", () => resolve("refused"));
  });
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDatabaseClient(testDb.url);
  realtime = await startRealtimeServer({ ...APP, host: "127.0.0.1", port: 0 });
  signer = new PusherServer({ ...APP, host: realtime.host, port: String(realtime.port), useTLS: false });
  acme = await createAccountWithStaff(db, "Acme");
  globex = await createAccountWithStaff(db, "Globex");
  acmeConversationId = await seedConversation(acme.account.id);
  globexConversationId = await seedConversation(globex.account.id);
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await realtime.close();
  await db.$disconnect();
  await testDb.drop();
});

describe("realtime channel authorization", () => {
  it("signs an agent into their own account's channels and refuses another account's", async () => {
    const agent = clientFor(acme.agent.id);
    expect(await subscription(agent, realtimeChannels.account(acme.account.id))).toBe("subscribed");
    expect(await subscription(agent, realtimeChannels.accountPresence(acme.account.id))).toBe("subscribed");
    expect(await subscription(agent, realtimeChannels.user(acme.agent.id))).toBe("subscribed");
    expect(await subscription(agent, realtimeChannels.conversation(acmeConversationId))).toBe("subscribed");

    expect(await subscription(agent, realtimeChannels.account(globex.account.id))).toBe("refused");
    expect(await subscription(agent, realtimeChannels.accountPresence(globex.account.id))).toBe("refused");
    expect(await subscription(agent, realtimeChannels.user(globex.agent.id))).toBe("refused");
    expect(await subscription(agent, realtimeChannels.conversation(globexConversationId))).toBe("refused");
    expect(await subscription(agent, "private-anything-else")).toBe("refused");
  });

  it("delivers an account's events to its members only", async () => {
    const acmeAgent = clientFor(acme.agent.id);
    const globexAgent = clientFor(globex.agent.id);
    const acmeChannel = acmeAgent.subscribe(realtimeChannels.account(acme.account.id));
    await new Promise((resolve) => acmeChannel.bind("pusher:subscription_succeeded", resolve));
    // Another account's member asking for the same channel is refused, so never hears it.
    expect(await subscription(globexAgent, realtimeChannels.account(acme.account.id))).toBe("refused");

    const received = new Promise((resolve) => acmeChannel.bind("conversation.updated", resolve));
    await signer.trigger(realtimeChannels.account(acme.account.id), "conversation.updated", { id: acmeConversationId });
    expect(await received).toEqual({ id: acmeConversationId });
  });

  it("shows presence members by name and role", async () => {
    const client = clientFor(acme.admin.id);
    const channel = client.subscribe(realtimeChannels.accountPresence(acme.account.id));
    const members = await new Promise<{ me: { id: string; info: { name: string; role: string } } }>((resolve) =>
      channel.bind("pusher:subscription_succeeded", resolve),
    );
    expect(members.me).toEqual({ id: acme.admin.id, info: { name: acme.admin.name, role: "admin" } });
  });

  it("refuses a deactivated member", async () => {
    await db.membership.updateMany({ where: { userId: globex.agent.id }, data: { deactivatedAt: new Date() } });
    const client = clientFor(globex.agent.id);
    expect(await subscription(client, realtimeChannels.account(globex.account.id))).toBe("refused");
    expect(await subscription(client, realtimeChannels.user(globex.agent.id))).toBe("refused");
  });
});

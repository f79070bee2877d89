import type Pusher from "pusher";
import type PusherClient from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as authorizeRoute } from "@/app/api/widget/realtime/auth/route";
import { getChannelAdapter } from "@/lib/channels/registry";
import { getDb, type Database } from "@/lib/db/client";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { realtimeChannels } from "@/lib/realtime/channels";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createAccountWithStaff, type StaffedAccount } from "@/tests/helpers/factories";
import { setupTestRealtime, subscriptionOutcome, TEST_REALTIME_APP } from "@/tests/helpers/realtime";
import { sendWidgetMessage } from "./conversation";
import { signWidgetToken } from "./session-token";
import { openWidgetSession } from "./sessions";
import { readWebChannelSettings } from "./settings";

const APP = "http://127.0.0.1:3998";
const testDb = setupTestDatabase();
const realtime = setupTestRealtime();
let db: Database;
let acme: StaffedAccount;

interface Visitor {
  token: string;
  sessionId: string;
  conversationId: string;
}
let alice: Visitor;
let bob: Visitor;

beforeAll(async () => {
  // The route signs with the app's own SDK, configured like production from PUSHER_*.
  Object.assign(process.env, {
    DATABASE_URL: testDb.url,
    AUTH_SECRET: "widget-realtime-test-secret-0123456789abcdef",
    APP_URL: APP,
    PUSHER_APP_ID: TEST_REALTIME_APP.appId,
    PUSHER_KEY: TEST_REALTIME_APP.key,
    PUSHER_SECRET: TEST_REALTIME_APP.secret,
    PUSHER_HOST: realtime.server.host,
    PUSHER_PORT: String(realtime.server.port),
    PUSHER_USE_TLS: "false",
  });
  db = getDb();
  setOutboxRelayDefaults({ trigger: async () => undefined, sendEvent: async () => undefined, getChannelAdapter });
  acme = await createAccountWithStaff(db, "Acme");
  const channel = await db.channel.create({ data: { accountId: acme.account.id, type: "web", name: "Website chat", publicKey: "pk_realtime_test_01" } });
  const settings = readWebChannelSettings(channel.settings);
  const visitor = async (ip: string): Promise<Visitor> => {
    const { session } = await openWidgetSession(db, channel, { ip, userAgent: null });
    const result = await sendWidgetMessage(db, { channel, settings, session, ip }, { clientMessageId: `hello-${ip.replace(/\./g, "-")}`, text: "Hello" });
    const { token } = await signWidgetToken({ sessionId: session.id, channelId: channel.id, accountId: channel.accountId });
    return { token, sessionId: session.id, conversationId: result.conversation.id };
  };
  alice = await visitor("192.0.2.10");
  bob = await visitor("192.0.2.11");
});

afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
  await db.$disconnect();
});

/** Calls the real auth route the way the widget's pusher-js does, with `token` as its bearer. */
async function askRoute(token: string | null, socketId: string, channelName: string): Promise<Response> {
  const headers: Record<string, string> = { origin: APP };
  if (token) headers.authorization = `Bearer ${token}`;
  return authorizeRoute(new Request(`${APP}/api/widget/realtime/auth`, { method: "POST", headers, body: new URLSearchParams({ socket_id: socketId, channel_name: channelName }) }), {
    params: Promise.resolve({}),
  });
}

/** A pusher-js client of the widget holding `token`. */
function widgetClient(token: string): PusherClient {
  return realtime.clientWith(async (socketId, channelName) => {
    const response = await askRoute(token, socketId, channelName);
    return response.ok ? ((await response.json()) as Pusher.ChannelAuthResponse) : null;
  });
}

const nextEvent = (client: PusherClient, channelName: string, event: string) =>
  new Promise<unknown>((resolve) => client.channel(channelName)!.bind(event, (data: unknown) => resolve(data)));

describe("widget realtime authorization", () => {
  it("lets a widget join its own session channel and conversation, and hear events there", async () => {
    const client = widgetClient(alice.token);
    const conversation = realtimeChannels.conversation(alice.conversationId);
    expect(await subscriptionOutcome(client, realtimeChannels.widgetSession(alice.sessionId))).toBe("subscribed");
    expect(await subscriptionOutcome(client, conversation)).toBe("subscribed");

    const received = nextEvent(client, conversation, "message.created");
    await realtime.signer.trigger(conversation, "message.created", { id: "m1", content: "Hi from Priya" });
    expect(await received).toMatchObject({ content: "Hi from Priya" });
  });

  it("refuses another session's conversation and session channel, and every agent channel", async () => {
    const client = widgetClient(alice.token);
    expect(await subscriptionOutcome(client, realtimeChannels.conversation(bob.conversationId))).toBe("refused");
    expect(await subscriptionOutcome(client, realtimeChannels.widgetSession(bob.sessionId))).toBe("refused");
    expect(await subscriptionOutcome(client, realtimeChannels.account(acme.account.id))).toBe("refused");
    expect(await subscriptionOutcome(client, realtimeChannels.accountPresence(acme.account.id))).toBe("refused");
    expect(await subscriptionOutcome(client, realtimeChannels.user(acme.agent.id))).toBe("refused");
  });

  it("answers forged requests without a valid token with 401, and another session's channel with 403", async () => {
    const socketId = "1234.5678";
    expect((await askRoute(null, socketId, realtimeChannels.conversation(alice.conversationId))).status).toBe(401);
    expect((await askRoute(`${alice.token.slice(0, -3)}abc`, socketId, realtimeChannels.conversation(alice.conversationId))).status).toBe(401);
    const forged = await askRoute(alice.token, socketId, realtimeChannels.conversation(bob.conversationId));
    expect(forged.status).toBe(403);
    expect((await forged.json()).error).toMatch(/may not subscribe/);
    expect((await askRoute(alice.token, socketId, realtimeChannels.conversation(alice.conversationId))).status).toBe(200);
  });

  it("carries the customer's typing to the agent and the agent's to the customer", async () => {
    const conversation = realtimeChannels.conversation(alice.conversationId);
    const customer = widgetClient(alice.token);
    const agent = realtime.clientFor(db, acme.agent.id);
    expect(await subscriptionOutcome(customer, conversation)).toBe("subscribed");
    expect(await subscriptionOutcome(agent, conversation)).toBe("subscribed");

    const agentSees = nextEvent(agent, conversation, "client-typing");
    customer.channel(conversation)!.trigger("client-typing", { senderType: "contact", name: "The customer" });
    expect(await agentSees).toEqual({ senderType: "contact", name: "The customer" });

    const customerSees = nextEvent(customer, conversation, "client-typing");
    agent.channel(conversation)!.trigger("client-typing", { userId: acme.agent.id, name: "Acme agent", senderType: "agent" });
    expect(await customerSees).toMatchObject({ senderType: "agent", name: "Acme agent" });
  });
});

import type PusherClient from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestInbound } from "@/lib/conversations/ingest";
import { inbound } from "@/lib/conversations/test-helpers";
import type { Database } from "@/lib/db/client";
import type { Channel } from "@/lib/db/generated/client";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { realtimeChannels, signWidgetChannel } from "@/lib/realtime/channels";
import { contextForUser } from "@/lib/trpc/context";
import { createCaller } from "@/lib/trpc/root";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { setupTestRealtime, subscriptionOutcome } from "@/tests/helpers/realtime";

const testDb = setupTestDatabase();
const realtime = setupTestRealtime();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;
let shop: Channel;

const callerFor = async (userId: string) => createCaller(await contextForUser(db, userId));

async function liveSession(channel: Channel, overrides: { visitorId?: string; lastSeenAt?: Date } = {}) {
  return db.widgetSession.create({
    data: {
      accountId: channel.accountId,
      channelId: channel.id,
      visitorId: overrides.visitorId ?? `v_${Math.random().toString(36).slice(2).padEnd(26, "0")}`,
      pageUrl: "https://shop.example.com/boots",
      pageTitle: "Trail boots",
      lastSeenAt: overrides.lastSeenAt ?? new Date(),
    },
  });
}

/**
 * A pusher-js client acting as the visitor's widget: channels are authorized exactly as
 * `POST /api/widget/realtime/auth` does for the session's verified token.
 */
function widgetClient(session: { id: string; channelId: string; accountId: string }): PusherClient {
  const claims = { sessionId: session.id, channelId: session.channelId, accountId: session.accountId };
  return realtime.clientWith((socketId, channelName) => signWidgetChannel(db, realtime.signer, claims, socketId, channelName));
}

function nextEvent(client: PusherClient, channelName: string, event: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => client.channel(channelName).bind(event, resolve));
}

beforeAll(async () => {
  db = testDb.db;
  // The real publisher path: the relay triggers through the pusher SDK on the test realtime server.
  setOutboxRelayDefaults(realtime.relayDeps());
  ({ acme, globex } = await createTwoTenants(db));
  shop = await db.channel.create({ data: { accountId: acme.account.id, type: "web", name: "Acme shop", publicKey: "pk_acme_shop" } });
});

afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
});

describe("proactive chat", () => {
  it("opens a conversation assigned to the agent, stores the message as a reply, links the session and pushes proactive.message to the widget", async () => {
    const session = await liveSession(shop);
    const widget = widgetClient(session);
    const sessionChannel = realtimeChannels.widgetSession(session.id);
    expect(await subscriptionOutcome(widget, sessionChannel)).toBe("subscribed");
    const pushed = nextEvent(widget, sessionChannel, "proactive.message");

    const agent = await callerFor(acme.agent.id);
    const started = await agent.visitors.startChat({ sessionId: session.id, text: "  Hi! Need help choosing a size?  " });
    expect(started.newConversation).toBe(true);

    const event = await pushed;
    const message = await db.message.findUniqueOrThrow({ where: { id: started.messageId } });
    expect(event).toEqual({
      conversationId: started.conversationId,
      message: { id: message.id, content: "Hi! Need help choosing a size?", senderName: acme.agent.name, createdAt: message.createdAt.toISOString() },
    });

    const conversation = await db.conversation.findUniqueOrThrow({ where: { id: started.conversationId }, include: { contact: { include: { identifiers: true } } } });
    expect(conversation).toMatchObject({ accountId: acme.account.id, channelId: shop.id, status: "assigned", assigneeId: acme.agent.id, waitingSince: null });
    expect(conversation.firstReplyAt).not.toBeNull();
    expect(conversation.contact.identifiers).toMatchObject([{ channelType: "web", channelId: shop.id, identifier: session.visitorId }]);
    expect(await db.widgetSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ conversationId: conversation.id, contactId: conversation.contactId });

    // In the thread as an ordinary agent reply, after a note saying how the chat started.
    const thread = (await agent.conversations.messages({ conversationId: conversation.id, limit: 50 })).messages;
    expect(thread.map((entry) => [entry.senderType, entry.isPrivate, entry.content])).toEqual([
      ["system", true, `${acme.agent.name} reached out to the visitor on "Trail boots".`],
      ["agent", false, "Hi! Need help choosing a size?"],
    ]);
    const mine = await agent.conversations.list({ tab: "mine" });
    expect(mine.rows.map((row) => row.id)).toContain(conversation.id);

    await settleOutboxFastPath();
    expect(await db.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ deliveryStatus: "sent" });
    const outbox = await db.outboxEvent.findFirstOrThrow({ where: { accountId: acme.account.id, topic: "proactive.message" } });
    expect(outbox.publishedAt).not.toBeNull();
    expect(outbox.payload).toMatchObject({ channels: [sessionChannel] });

    // The visitor's answer from the widget lands in the same conversation.
    const answer = await ingestInbound(db, { id: shop.id, accountId: acme.account.id, type: "web" }, inbound(session.visitorId, "Yes, a 42 or a 43?"));
    expect(answer.conversation.id).toBe(conversation.id);
    expect(answer.conversation.status).toBe("assigned");
  });

  it("reuses the visitor's open conversation and keeps its assignee when a second agent reaches out", async () => {
    const session = await liveSession(shop);
    const first = await (await callerFor(acme.agent.id)).visitors.startChat({ sessionId: session.id, text: "Hello!" });
    const second = await (await callerFor(acme.admin.id)).visitors.startChat({ sessionId: session.id, text: "Anything else?" });
    expect(second).toMatchObject({ conversationId: first.conversationId, newConversation: false });
    expect(await db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } })).toMatchObject({ assigneeId: acme.agent.id });
    expect(await db.contact.count({ where: { identifiers: { some: { identifier: session.visitorId } } } })).toBe(1);
  });

  it("refuses visitors who left, empty messages, anonymous visitors where identity is enforced, and sessions of another account", async () => {
    const gone = await liveSession(shop, { lastSeenAt: new Date(Date.now() - 5 * 60_000) });
    const agent = await callerFor(acme.agent.id);
    await expect(agent.visitors.startChat({ sessionId: gone.id, text: "Still there?" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("left the site") });
    const replaced = await liveSession(shop);
    await db.widgetSession.update({ where: { id: replaced.id }, data: { endedAt: new Date() } });
    await expect(agent.visitors.startChat({ sessionId: replaced.id, text: "Still there?" })).rejects.toMatchObject({ code: "CONFLICT" });
    const here = await liveSession(shop);
    await expect(agent.visitors.startChat({ sessionId: here.id, text: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const membersOnly = await db.channel.create({
      data: { accountId: acme.account.id, type: "web", name: "Members area", publicKey: "pk_acme_members", settings: { enforceIdentity: true }, webhookSecret: "s".repeat(64) },
    });
    const anonymousMember = await liveSession(membersOnly);
    await expect(agent.visitors.startChat({ sessionId: anonymousMember.id, text: "Hello" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("only identified visitors"),
    });

    const conversationsBefore = await db.conversation.count();
    const globexAgent = await callerFor(globex.agent.id);
    await expect(globexAgent.visitors.startChat({ sessionId: here.id, text: "Hi from Globex" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.conversation.count()).toBe(conversationsBefore);
    expect(await db.widgetSession.findUniqueOrThrow({ where: { id: here.id } })).toMatchObject({ conversationId: null, contactId: null });
  });

  it("never lets a widget listen on another visitor's session channel", async () => {
    const mine = await liveSession(shop);
    const theirs = await liveSession(shop);
    expect(await subscriptionOutcome(widgetClient(mine), realtimeChannels.widgetSession(theirs.id))).toBe("refused");
  });
});

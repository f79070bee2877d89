import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { setOutboxRelayDefaults, settleOutboxFastPath } from "@/lib/outbox/relay";
import { realtimeChannels } from "@/lib/realtime/channels";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { setupTestRealtime } from "@/tests/helpers/realtime";
import { addInternalNote, replyToConversation } from "./actions";
import { ingestInbound } from "./ingest";
import { createChannel, inbound } from "./test-helpers";

const testDb = setupTestDatabase();
const realtime = setupTestRealtime();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;

interface Received {
  channel: string;
  event: string;
  data: Record<string, unknown>;
}

/** A pusher-js client signed in as `userId` (channel auth as the app route does it), recording every event. */
function agentClient(userId: string) {
  const client = realtime.clientFor(db, userId);
  const received: Received[] = [];
  const waiters: { match: (event: Received) => boolean; resolve: (event: Received) => void }[] = [];
  const subscribe = (name: string) =>
    new Promise<"subscribed" | "refused">((resolve) => {
      const channel = client.subscribe(name);
      channel.bind_global((event: string, data: Record<string, unknown>) => {
        if (event === "pusher:subscription_succeeded") return resolve("subscribed");
        if (event === "pusher:subscription_error") return resolve("refused");
        if (event.startsWith("pusher")) return;
        const entry = { channel: name, event, data };
        received.push(entry);
        for (const waiter of waiters.splice(0)) {
          if (waiter.match(entry)) waiter.resolve(entry);
          else waiters.push(waiter);
        }
      });
    });
  const next = (match: (event: Received) => boolean) =>
    new Promise<Received>((resolve) => {
      const already = received.find(match);
      if (already) resolve(already);
      else waiters.push({ match, resolve });
    });
  return { received, subscribe, next };
}

beforeAll(async () => {
  db = testDb.db;
  // The real publisher path: the relay triggers through the pusher SDK on the test realtime server.
  setOutboxRelayDefaults(realtime.relayDeps());
  ({ acme, globex } = await createTwoTenants(db));
});

afterAll(async () => {
  await settleOutboxFastPath();
  setOutboxRelayDefaults(undefined);
});

describe("conversation events over realtime", () => {
  it("reach the right account's agents live, never another account's, and notes never reach the conversation channel", async () => {
    const acmeChannel = await createChannel(db, acme.account.id, "web");
    const globexChannel = await createChannel(db, globex.account.id, "web");
    const acmeAgent = agentClient(acme.agent.id);
    const globexAgent = agentClient(globex.agent.id);
    expect(await acmeAgent.subscribe(realtimeChannels.account(acme.account.id))).toBe("subscribed");
    expect(await globexAgent.subscribe(realtimeChannels.account(globex.account.id))).toBe("subscribed");
    expect(await globexAgent.subscribe(realtimeChannels.account(acme.account.id))).toBe("refused");

    const ingested = await ingestInbound(db, acmeChannel, inbound("web-visitor", "Do you ship to Norway?", { contact: { identifier: "web-visitor", name: "Ola" } }));
    const message = await acmeAgent.next((event) => event.event === "message.created");
    expect(message.data).toMatchObject({
      id: ingested.message.id,
      conversationId: ingested.conversation.id,
      isPrivate: false,
      senderName: "Ola",
      preview: "Do you ship to Norway?",
      conversation: { id: ingested.conversation.id, status: "open", unreadCount: 1 },
    });

    const conversationChannel = realtimeChannels.conversation(ingested.conversation.id);
    expect(await acmeAgent.subscribe(conversationChannel)).toBe("subscribed");
    expect(await globexAgent.subscribe(conversationChannel)).toBe("refused");

    const note = await addInternalNote(db, acme.account.id, acme.agent.id, ingested.conversation.id, { text: "Check the Norway rates first" });
    const { message: reply } = await replyToConversation(db, acme.account.id, acme.agent.id, ingested.conversation.id, { text: "Yes, we do!" });
    // The reply's delivery push comes after the note's events: once it is here, a leaked note would be too.
    const delivered = await acmeAgent.next((event) => event.channel === conversationChannel && event.data.id === reply.id);
    expect(delivered.data).toMatchObject({ content: "Yes, we do!", senderType: "agent" });
    await acmeAgent.next((event) => event.channel === realtimeChannels.account(acme.account.id) && event.data.id === note.id);
    // The reply made the conversation the agent's: the customer's channel hears the new status, and nothing else about it.
    const status = await acmeAgent.next((event) => event.channel === conversationChannel && event.event === "conversation.status");
    expect(status.data).toEqual({ conversationId: ingested.conversation.id, status: "assigned" });
    const pushedMessages = acmeAgent.received.filter((event) => event.channel === conversationChannel && event.event === "message.created");
    expect(pushedMessages.map((event) => event.data.id)).toEqual([reply.id]);

    // Globex hears its own traffic, and only its own.
    const globexIngested = await ingestInbound(db, globexChannel, inbound("globex-visitor", "hello"));
    await globexAgent.next((event) => event.event === "message.created" && event.data.id === globexIngested.message.id);
    await settleOutboxFastPath();
    const foreign = [ingested.conversation.id, ingested.message.id, note.id, reply.id];
    expect(globexAgent.received.some((event) => foreign.includes(String(event.data.id)) || foreign.includes(String(event.data.conversationId)))).toBe(false);
    expect(acmeAgent.received.some((event) => event.data.id === globexIngested.message.id)).toBe(false);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { subscriptionOutcome, setupTestRealtime } from "@/tests/helpers/realtime";
import { realtimeChannels } from "./channels";

const testDb = setupTestDatabase();
const realtime = setupTestRealtime();
let acme: StaffedAccount;
let globex: StaffedAccount;
let globexConversationId: string;
let acmeConversationId: string;

async function seedConversation(accountId: string) {
  const { db } = testDb;
  const channel = await db.channel.create({ data: { accountId, type: "web", name: "Web" } });
  const contact = await db.contact.create({ data: { accountId, name: "Customer" } });
  return (await db.conversation.create({ data: { accountId, channelId: channel.id, contactId: contact.id } })).id;
}

const clientFor = (userId: string) => realtime.clientFor(testDb.db, userId);

beforeAll(async () => {
  ({ acme, globex } = await createTwoTenants(testDb.db));
  acmeConversationId = await seedConversation(acme.account.id);
  globexConversationId = await seedConversation(globex.account.id);
});

describe("realtime channel authorization", () => {
  it("signs an agent into their own account's channels and refuses another account's", async () => {
    const agent = clientFor(acme.agent.id);
    expect(await subscriptionOutcome(agent, realtimeChannels.account(acme.account.id))).toBe("subscribed");
    expect(await subscriptionOutcome(agent, realtimeChannels.accountPresence(acme.account.id))).toBe("subscribed");
    expect(await subscriptionOutcome(agent, realtimeChannels.user(acme.agent.id))).toBe("subscribed");
    expect(await subscriptionOutcome(agent, realtimeChannels.conversation(acmeConversationId))).toBe("subscribed");

    expect(await subscriptionOutcome(agent, realtimeChannels.account(globex.account.id))).toBe("refused");
    expect(await subscriptionOutcome(agent, realtimeChannels.accountPresence(globex.account.id))).toBe("refused");
    expect(await subscriptionOutcome(agent, realtimeChannels.user(globex.agent.id))).toBe("refused");
    expect(await subscriptionOutcome(agent, realtimeChannels.conversation(globexConversationId))).toBe("refused");
    expect(await subscriptionOutcome(agent, "private-anything-else")).toBe("refused");
  });

  it("delivers an account's events to its members only", async () => {
    const acmeAgent = clientFor(acme.agent.id);
    const globexAgent = clientFor(globex.agent.id);
    const acmeChannel = acmeAgent.subscribe(realtimeChannels.account(acme.account.id));
    await new Promise((resolve) => acmeChannel.bind("pusher:subscription_succeeded", resolve));
    // Another account's member asking for the same channel is refused, so never hears it.
    expect(await subscriptionOutcome(globexAgent, realtimeChannels.account(acme.account.id))).toBe("refused");

    const received = new Promise((resolve) => acmeChannel.bind("conversation.updated", resolve));
    await realtime.signer.trigger(realtimeChannels.account(acme.account.id), "conversation.updated", { id: acmeConversationId });
    expect(await received).toEqual({ id: acmeConversationId });
  });

  it("shows presence members by name and role", async () => {
    const channel = clientFor(acme.admin.id).subscribe(realtimeChannels.accountPresence(acme.account.id));
    const members = await new Promise<{ me: { id: string; info: { name: string; role: string } } }>((resolve) =>
      channel.bind("pusher:subscription_succeeded", resolve),
    );
    expect(members.me).toEqual({ id: acme.admin.id, info: { name: acme.admin.name, role: "admin" } });
  });

  it("refuses a deactivated member", async () => {
    await testDb.db.membership.updateMany({ where: { userId: globex.agent.id }, data: { deactivatedAt: new Date() } });
    const client = clientFor(globex.agent.id);
    expect(await subscriptionOutcome(client, realtimeChannels.account(globex.account.id))).toBe("refused");
    expect(await subscriptionOutcome(client, realtimeChannels.user(globex.agent.id))).toBe("refused");
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { contextForUser } from "@/lib/trpc/context";
import { createCaller } from "@/lib/trpc/root";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { listLiveVisitors, LIVE_VISITOR_WINDOW_MS } from "./visitors";

const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;

const callerFor = async (userId: string) => createCaller(await contextForUser(db, userId));
const secondsAgo = (seconds: number, from = new Date()) => new Date(from.getTime() - seconds * 1000);

async function webChannel(accountId: string, name: string) {
  return db.channel.create({ data: { accountId, type: "web", name, publicKey: `pk_${name.replace(/\W/g, "").toLowerCase()}` } });
}

beforeAll(async () => {
  db = testDb.db;
  ({ acme, globex } = await createTwoTenants(db));
});

describe("live visitors", () => {
  it("lists only sessions of the caller's account seen in the last 90 seconds, most recent first, with contact and open conversation", async () => {
    const now = new Date();
    const shop = await webChannel(acme.account.id, "Acme shop");
    const globexSite = await webChannel(globex.account.id, "Globex site");
    const known = await db.contact.create({ data: { accountId: acme.account.id, name: "Ada Lovelace", email: "ada@example.com" } });
    const resolvedBefore = await db.conversation.create({ data: { accountId: acme.account.id, channelId: shop.id, contactId: known.id, status: "resolved" } });
    const open = await db.conversation.create({ data: { accountId: acme.account.id, channelId: shop.id, contactId: known.id, status: "assigned", assigneeId: acme.agent.id } });

    const identified = await db.widgetSession.create({
      data: {
        accountId: acme.account.id,
        channelId: shop.id,
        visitorId: "v_identified",
        contactId: known.id,
        conversationId: resolvedBefore.id,
        externalUserId: "user-42",
        identified: true,
        pageUrl: "https://shop.example.com/cart",
        pageTitle: "Your cart",
        startedAt: secondsAgo(600, now),
        lastSeenAt: secondsAgo(5, now),
      },
    });
    const anonymous = await db.widgetSession.create({
      data: { accountId: acme.account.id, channelId: shop.id, visitorId: "v_anonymous", pageUrl: "https://shop.example.com/", startedAt: secondsAgo(120, now), lastSeenAt: secondsAgo(60, now) },
    });
    await db.widgetSession.create({
      data: { accountId: acme.account.id, channelId: shop.id, visitorId: "v_gone", startedAt: secondsAgo(900, now), lastSeenAt: secondsAgo(LIVE_VISITOR_WINDOW_MS / 1000 + 5, now) },
    });
    // Replaced by a newer session of the same browser: not listed twice.
    await db.widgetSession.create({
      data: { accountId: acme.account.id, channelId: shop.id, visitorId: "v_identified", startedAt: secondsAgo(3000, now), lastSeenAt: secondsAgo(20, now), endedAt: secondsAgo(10, now) },
    });
    const foreign = await db.widgetSession.create({
      data: { accountId: globex.account.id, channelId: globexSite.id, visitorId: "v_globex", lastSeenAt: secondsAgo(1, now) },
    });

    const { visitors } = await listLiveVisitors(db, acme.account.id, now);
    expect(visitors.map((visitor) => visitor.sessionId)).toEqual([identified.id, anonymous.id]);
    expect(visitors[0]).toMatchObject({
      channel: { id: shop.id, name: "Acme shop" },
      pageTitle: "Your cart",
      pageUrl: "https://shop.example.com/cart",
      identified: true,
      contact: { id: known.id, name: "Ada Lovelace", email: "ada@example.com" },
      // The linked conversation is resolved; the contact's active one on this channel counts.
      openConversation: { id: open.id, status: "assigned", assigneeName: acme.agent.name },
    });
    expect(visitors[1]).toMatchObject({ identified: false, contact: null, openConversation: null });

    const acmeAgent = await callerFor(acme.agent.id);
    expect((await acmeAgent.visitors.live()).visitors.map((visitor) => visitor.sessionId)).toEqual([identified.id, anonymous.id]);
    const globexAgent = await callerFor(globex.agent.id);
    expect((await globexAgent.visitors.live()).visitors.map((visitor) => visitor.sessionId)).toEqual([foreign.id]);
  });
});

import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDatabaseClient, type Database } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/helpers/db";
import { ensureChannelsFromEnv, readApiChannelEnv } from "./channels-from-env";

const APP_URL = "http://127.0.0.1:3000";
const SECRET = "4e1f0c8a9b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f";

const testDb = setupTestDatabase();
let db: Database;

beforeAll(async () => {
  db = testDb.db;
});


beforeEach(async () => {
  await db.account.deleteMany();
});

async function createAccounts() {
  const oldest = await db.account.create({ data: { name: "Acme Outfitters", slug: "acme", createdAt: new Date("2024-01-01T00:00:00Z") } });
  const newer = await db.account.create({ data: { name: "Second Shop", slug: "second", createdAt: new Date("2024-06-01T00:00:00Z") } });
  return { oldest, newer };
}

describe("readApiChannelEnv", () => {
  it("declares nothing without API_CHANNEL_SECRET", () => {
    expect(readApiChannelEnv({})).toBeNull();
    expect(readApiChannelEnv({ API_CHANNEL_SECRET: "" })).toBeNull();
  });

  it("names the variable and the fix when a value is invalid", () => {
    expect(() => readApiChannelEnv({ API_CHANNEL_SECRET: "too-short" })).toThrow(/^API_CHANNEL_SECRET must be at least 32 characters/);
    expect(() => readApiChannelEnv({ API_CHANNEL_SECRET: SECRET, API_CHANNEL_CALLBACK_URL: "app.example.test/hook" })).toThrow(
      /^API_CHANNEL_CALLBACK_URL must be an absolute http\(s\) URL/,
    );
    expect(() => readApiChannelEnv({ API_CHANNEL_CALLBACK_URL: "https://app.example.test/hook" })).toThrow(/API_CHANNEL_SECRET is not/);
  });
});

describe("ensureChannelsFromEnv", () => {
  it("does nothing when no API channel is declared", async () => {
    await createAccounts();
    expect(await ensureChannelsFromEnv(db, { appUrl: APP_URL, env: {} })).toEqual([]);
    expect(await db.channel.count()).toBe(0);
  });

  it("says so and creates nothing when there is no workspace yet", async () => {
    const lines = await ensureChannelsFromEnv(db, { appUrl: APP_URL, env: { API_CHANNEL_SECRET: SECRET } });
    expect(lines).toEqual([expect.stringContaining("no workspace yet")]);
    expect(await db.channel.count()).toBe(0);
  });

  it("creates the channel in the oldest account and logs its webhook URL", async () => {
    const { oldest } = await createAccounts();
    const env = { API_CHANNEL_SECRET: SECRET, API_CHANNEL_CALLBACK_URL: "https://app.example.test/switchboard" };
    const lines = await ensureChannelsFromEnv(db, { appUrl: `${APP_URL}/`, env });

    const channels = await db.channel.findMany();
    expect(channels).toHaveLength(1);
    expect(channels[0]).toMatchObject({
      accountId: oldest.id,
      type: "api",
      name: "API",
      envManaged: true,
      active: true,
      webhookSecret: SECRET,
      settings: { callbackUrl: "https://app.example.test/switchboard" },
    });
    expect(lines).toEqual([`API channel created in "Acme Outfitters": webhook URL ${APP_URL}/api/webhooks/api/${channels[0]!.id}`]);
  });

  it("keeps one channel across restarts and follows changes of the environment", async () => {
    await createAccounts();
    await ensureChannelsFromEnv(db, { appUrl: APP_URL, env: { API_CHANNEL_SECRET: SECRET, API_CHANNEL_CALLBACK_URL: "https://one.example.test/hook" } });
    const created = await db.channel.findFirstOrThrow();
    // Settings the environment does not declare (edited in the admin UI) survive updates.
    await db.channel.update({ where: { id: created.id }, data: { settings: { callbackUrl: "https://one.example.test/hook", description: "Mobile apps" } } });

    const unchanged = await ensureChannelsFromEnv(db, { appUrl: APP_URL, env: { API_CHANNEL_SECRET: SECRET, API_CHANNEL_CALLBACK_URL: "https://one.example.test/hook" } });
    expect(unchanged).toEqual([expect.stringMatching(/^API channel ready in .*\/api\/webhooks\/api\/.+$/)]);

    const rotated = `${SECRET}-rotated`;
    const updated = await ensureChannelsFromEnv(db, { appUrl: APP_URL, env: { API_CHANNEL_SECRET: rotated, API_CHANNEL_CALLBACK_URL: "https://two.example.test/hook" } });
    expect(updated).toEqual([`API channel updated in "Acme Outfitters": webhook URL ${APP_URL}/api/webhooks/api/${created.id}`]);
    expect(await db.channel.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      webhookSecret: rotated,
      settings: { callbackUrl: "https://two.example.test/hook", description: "Mobile apps" },
    });

    await ensureChannelsFromEnv(db, { appUrl: APP_URL, env: { API_CHANNEL_SECRET: rotated } });
    expect((await db.channel.findUniqueOrThrow({ where: { id: created.id } })).settings).toEqual({ description: "Mobile apps" });
    expect(await db.channel.count()).toBe(1);
  });

  it("leaves API channels created in the admin UI alone", async () => {
    const { oldest } = await createAccounts();
    const manual = await db.channel.create({ data: { accountId: oldest.id, type: "api", name: "Mobile app", webhookSecret: "manual-secret", settings: {} } });
    await ensureChannelsFromEnv(db, { appUrl: APP_URL, env: { API_CHANNEL_SECRET: SECRET } });
    expect(await db.channel.findUniqueOrThrow({ where: { id: manual.id } })).toMatchObject({ webhookSecret: "manual-secret", envManaged: false });
    expect(await db.channel.count({ where: { envManaged: true } })).toBe(1);
  });

  it("creates one channel when several instances start at once", async () => {
    await createAccounts();
    const others = Array.from({ length: 5 }, () => createDatabaseClient(testDb.url));
    try {
      const env = { API_CHANNEL_SECRET: SECRET };
      // Connected beforehand, so the starts really overlap.
      await Promise.all(others.map((client) => client.$queryRaw`SELECT 1`));
      await Promise.all([db, ...others].map((client) => ensureChannelsFromEnv(client, { appUrl: APP_URL, env })));
      expect(await db.channel.count()).toBe(1);
    } finally {
      await Promise.all(others.map((client) => client.$disconnect()));
    }
  });
});

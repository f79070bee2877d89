import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { contextForUser } from "@/lib/trpc/context";
import { appRouter, createCaller } from "@/lib/trpc/root";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { readWebChannelSettings, type WebChannelSettings } from "./settings";

const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;
let acmeWebId: string;
let acmeApiId: string;

const callerFor = async (userId: string) => createCaller(await contextForUser(db, userId));
const defaults = (): WebChannelSettings => readWebChannelSettings({});

/** Posts `webChannels.update` as the settings form does and returns the status and field errors the form shows. */
async function updateOverHttp(userId: string, input: unknown) {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request("http://localhost/api/trpc/webChannels.update", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(superjson.serialize(input)),
    }),
    router: appRouter,
    createContext: () => contextForUser(db, userId),
  });
  const body = (await response.json()) as { error: { json: { data: { fieldErrors: Record<string, string[]> | null } } } };
  return { status: response.status, fieldErrors: body.error.json.data.fieldErrors };
}

beforeAll(async () => {
  db = testDb.db;
  ({ acme, globex } = await createTwoTenants(db));
  const admin = await callerFor(acme.admin.id);
  acmeWebId = (await admin.webChannels.create({ name: "Shop chat" })).id;
  acmeApiId = (await db.channel.create({ data: { accountId: acme.account.id, type: "api", name: "Mobile app", webhookSecret: "a".repeat(64) } })).id;
});

describe("web channel settings", () => {
  it("creates a web channel with its own widget key and default settings", async () => {
    const admin = await callerFor(acme.admin.id);
    const created = await admin.webChannels.create({ name: "  Help centre  " });
    expect(created).toMatchObject({ name: "Help centre", active: true, identitySecret: { set: false, lastFour: null }, settings: defaults() });
    expect(created.publicKey).toMatch(/^pk_[0-9a-f]{32}$/);
    const other = await admin.webChannels.create({ name: "Second site" });
    expect(other.publicKey).not.toBe(created.publicKey);
  });

  it("lists every channel of the account with its webhook URL path and never a secret", async () => {
    const admin = await callerFor(acme.admin.id);
    const listed = await admin.webChannels.list();
    expect(listed[0]!.type).toBe("web");
    const api = listed.find((channel) => channel.id === acmeApiId)!;
    expect(api).toMatchObject({ type: "api", webhookPath: `/api/webhooks/api/${acmeApiId}`, secretSet: true });
    expect(listed.find((channel) => channel.id === acmeWebId)).toMatchObject({ webhookPath: null, secretSet: false });
    expect(JSON.stringify(listed)).not.toContain("a".repeat(64));
    expect(listed.every((channel) => !("webhookSecret" in channel) && !("credentials" in channel))).toBe(true);
  });

  it("saves the edited settings and reads them back", async () => {
    const admin = await callerFor(acme.admin.id);
    const settings: WebChannelSettings = {
      ...defaults(),
      allowedOrigins: ["https://shop.example.com", "http://localhost:3000/"],
      theme: { colour: "#ff5500", position: "left", launcherText: "Questions?", logoUrl: "https://shop.example.com/logo.png" },
      welcomeMessage: "Hello there!",
      businessHours: { enabled: true, timezone: "Europe/Berlin", days: [{ day: 1, open: "09:00", close: "17:30" }] },
      offlineForm: { fields: ["email", "message"], confirmation: "We will write back." },
      handoffTimeoutSeconds: 240,
    };
    const saved = await admin.webChannels.update({ channelId: acmeWebId, name: "Shop chat (EU)", settings });
    expect(saved.name).toBe("Shop chat (EU)");
    // Origins are stored without a trailing slash, the way browsers send them.
    expect(saved.settings).toEqual({ ...settings, allowedOrigins: ["https://shop.example.com", "http://localhost:3000"] });
    expect((await admin.webChannels.get({ channelId: acmeWebId })).settings).toEqual(saved.settings);
  });

  it("refuses invalid settings with an error naming each field", async () => {
    const base = defaults();
    const first = await updateOverHttp(acme.admin.id, {
      channelId: acmeWebId,
      name: " ",
      settings: {
        ...base,
        allowedOrigins: ["https://shop.example.com/checkout", "https://ok.example.com", "https://ok.example.com"],
        theme: { ...base.theme, colour: "orange" },
        businessHours: { enabled: true, timezone: "Mars/Olympus", days: [{ day: 2, open: "18:00", close: "09:00" }] },
        handoffTimeoutSeconds: 5,
      },
    });
    expect(first.status).toBe(400);
    expect(first.fieldErrors).toEqual({
      name: ["Give the channel a name."],
      "settings.allowedOrigins.0": ["Give an origin like https://shop.example.com (scheme and host, no path)."],
      "settings.allowedOrigins.2": ["https://ok.example.com is already in the list."],
      "settings.theme.colour": ["Use a six-digit hex colour such as #4f46e5."],
      "settings.businessHours.timezone": ['"Mars/Olympus" is not a time zone: pick one such as Europe/Berlin.'],
      "settings.businessHours.days.0.close": ["Closing time must be after opening time (18:00)."],
      "settings.handoffTimeoutSeconds": [expect.stringContaining("30")],
    });
    const noDays = await updateOverHttp(acme.admin.id, { channelId: acmeWebId, name: "Shop chat", settings: { ...base, businessHours: { enabled: true, timezone: "UTC", days: [] } } });
    expect(noDays.fieldErrors).toEqual({ "settings.businessHours.days": ["Add opening hours to at least one day, or turn business hours off."] });
    const admin = await callerFor(acme.admin.id);
    expect((await admin.webChannels.get({ channelId: acmeWebId })).name).toBe("Shop chat (EU)");
  });

  it("enforces identity only once a secret exists", async () => {
    const admin = await callerFor(acme.admin.id);
    const channel = await admin.webChannels.create({ name: "Members area" });
    const update = { channelId: channel.id, name: channel.name, settings: { ...channel.settings, enforceIdentity: true } };
    await expect(admin.webChannels.update(update)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("identity secret") });
    await admin.webChannels.rotateIdentitySecret({ channelId: channel.id });
    expect((await admin.webChannels.update(update)).settings.enforceIdentity).toBe(true);
  });

  it("returns the identity secret only from generate/rotate, afterwards only its last four characters", async () => {
    const admin = await callerFor(acme.admin.id);
    const first = await admin.webChannels.rotateIdentitySecret({ channelId: acmeWebId });
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(first.identitySecret).toEqual({ set: true, lastFour: first.secret.slice(-4) });
    const stored = await db.channel.findUniqueOrThrow({ where: { id: acmeWebId } });
    expect(stored.webhookSecret).toBe(first.secret);

    const fetched = await admin.webChannels.get({ channelId: acmeWebId });
    const listed = await admin.webChannels.list();
    expect(fetched.identitySecret).toEqual({ set: true, lastFour: first.secret.slice(-4) });
    expect(JSON.stringify(fetched)).not.toContain(first.secret);
    expect(JSON.stringify(listed)).not.toContain(first.secret);
    const saved = await admin.webChannels.update({ channelId: acmeWebId, name: fetched.name, settings: fetched.settings });
    expect(JSON.stringify(saved)).not.toContain(first.secret);

    const rotated = await admin.webChannels.rotateIdentitySecret({ channelId: acmeWebId });
    expect(rotated.secret).not.toBe(first.secret);
    expect((await db.channel.findUniqueOrThrow({ where: { id: acmeWebId } })).webhookSecret).toBe(rotated.secret);
    const audit = await db.auditLogEntry.findMany({ where: { accountId: acme.account.id, targetId: acmeWebId }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["channel.identity_secret_created", "channel.identity_secret_rotated"]);
    expect(audit.every((entry) => entry.actorUserId === acme.admin.id)).toBe(true);
  });

  it("deactivates and reactivates a channel, but not one declared by environment variables", async () => {
    const admin = await callerFor(acme.admin.id);
    expect((await admin.webChannels.setActive({ channelId: acmeWebId, active: false })).active).toBe(false);
    expect((await admin.webChannels.get({ channelId: acmeWebId })).active).toBe(false);
    expect((await admin.webChannels.setActive({ channelId: acmeWebId, active: true })).active).toBe(true);
    const envChannel = await db.channel.create({ data: { accountId: acme.account.id, type: "api", name: "From env", envManaged: true } });
    await expect(admin.webChannels.setActive({ channelId: envChannel.id, active: false })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("environment variables"),
    });
  });

  it("edits only web channels in the web editor", async () => {
    const admin = await callerFor(acme.admin.id);
    await expect(admin.webChannels.get({ channelId: acmeApiId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.webChannels.rotateIdentitySecret({ channelId: acmeApiId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.channel.findUniqueOrThrow({ where: { id: acmeApiId } })).webhookSecret).toBe("a".repeat(64));
  });
});

describe("access", () => {
  it("refuses every channel settings procedure to an agent, on the server", async () => {
    const agent = await callerFor(acme.agent.id);
    const before = await db.channel.findUniqueOrThrow({ where: { id: acmeWebId } });
    await expect(agent.webChannels.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.webChannels.get({ channelId: acmeWebId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.webChannels.create({ name: "Sneaky" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.webChannels.update({ channelId: acmeWebId, name: "Hijacked", settings: defaults() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.webChannels.setActive({ channelId: acmeWebId, active: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.webChannels.rotateIdentitySecret({ channelId: acmeWebId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const after = await db.channel.findUniqueOrThrow({ where: { id: acmeWebId } });
    expect(after).toEqual(before);
    expect(await db.channel.count({ where: { name: "Sneaky" } })).toBe(0);
  });

  it("gives an admin of another account NOT_FOUND for this account's channels, and lists only their own", async () => {
    const globexAdmin = await callerFor(globex.admin.id);
    const before = await db.channel.findUniqueOrThrow({ where: { id: acmeWebId } });
    await expect(globexAdmin.webChannels.get({ channelId: acmeWebId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(globexAdmin.webChannels.update({ channelId: acmeWebId, name: "Hijacked", settings: defaults() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(globexAdmin.webChannels.setActive({ channelId: acmeWebId, active: false })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(globexAdmin.webChannels.setActive({ channelId: acmeApiId, active: false })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(globexAdmin.webChannels.rotateIdentitySecret({ channelId: acmeWebId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.channel.findUniqueOrThrow({ where: { id: acmeWebId } })).toEqual(before);

    const own = await globexAdmin.webChannels.create({ name: "Globex chat" });
    expect((await globexAdmin.webChannels.list()).map((channel) => channel.id)).toEqual([own.id]);
  });
});

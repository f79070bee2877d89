import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { setupTestDatabase } from "@/tests/helpers/db";
import { createTwoTenants, type StaffedAccount } from "@/tests/helpers/factories";
import { contextForUser } from "./context";
import { appRouter, createCaller } from "./root";

const testDb = setupTestDatabase();
let db: Database;
let acme: StaffedAccount;
let globex: StaffedAccount;

const callerFor = async (userId: string | null, accountId?: string) => createCaller(await contextForUser(db, userId, accountId));
const newUser = { name: "New Person", email: "new.person@example.test", role: "agent" as const, password: "long enough password" };

beforeAll(async () => {
  db = testDb.db;
  ({ acme, globex } = await createTwoTenants(db));
});

describe("procedure access", () => {
  it("refuses anonymous callers", async () => {
    const anonymous = await callerFor(null);
    await expect(anonymous.users.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses every admin procedure to an agent, on the server", async () => {
    const agent = await callerFor(acme.agent.id);
    const target = { userId: acme.admin.id };
    await expect(agent.users.create(newUser)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.users.resetPassword({ ...target, password: "another long password" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.users.setActive({ ...target, active: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.users.setRole({ ...target, role: "agent" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.membership.count({ where: { accountId: acme.account.id, role: "admin", deactivatedAt: null } })).toBe(1);
  });

  it("lets an admin manage the account's users", async () => {
    const admin = await callerFor(acme.admin.id);
    const created = await admin.users.create(newUser);
    expect(created).toMatchObject({ email: newUser.email, role: "agent", active: true });
    await admin.users.setActive({ userId: created.id, active: false });
    expect((await admin.users.get({ userId: created.id })).active).toBe(false);
    await expect((await callerFor(created.id)).me.get()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("keeps the last admin and the caller themselves from being locked out", async () => {
    const admin = await callerFor(acme.admin.id);
    await expect(admin.users.setActive({ userId: acme.admin.id, active: false })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.users.setRole({ userId: acme.admin.id, role: "agent" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("only active admin"),
    });
  });
});

describe("tenant isolation", () => {
  it("never shows one account's users to another account", async () => {
    const globexAdmin = await callerFor(globex.admin.id);
    const listed = await globexAdmin.users.list();
    expect(listed.map((member) => member.id).sort()).toEqual([globex.admin.id, globex.agent.id].sort());
    await expect(globexAdmin.users.get({ userId: acme.agent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(globexAdmin.users.resetPassword({ userId: acme.agent.id, password: "hijacked password" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(globexAdmin.users.setActive({ userId: acme.agent.id, active: false })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("ignores an account chosen by a user who is not a member of it", async () => {
    const sneaky = await callerFor(globex.agent.id, acme.account.id);
    expect((await sneaky.me.get()).accountId).toBe(globex.account.id);
    const listed = await sneaky.users.list();
    expect(listed.every((member) => [globex.admin.id, globex.agent.id].includes(member.id))).toBe(true);
  });

  it("switches accounts for a member of several", async () => {
    await db.membership.create({ data: { userId: acme.agent.id, accountId: globex.account.id, role: "admin" } });
    const inGlobex = await callerFor(acme.agent.id, globex.account.id);
    expect(await inGlobex.me.get()).toMatchObject({ accountId: globex.account.id, role: "admin" });
    expect((await inGlobex.me.accounts()).map((a) => a.name).sort()).toEqual(["Acme", "Globex"]);
    // A person who also works elsewhere keeps their password out of this admin's reach.
    await expect(inGlobex.users.resetPassword({ userId: acme.admin.id, password: "another long password" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const globexAdmin = await callerFor(globex.admin.id);
    await expect(globexAdmin.users.resetPassword({ userId: acme.agent.id, password: "another long password" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("input errors over HTTP", () => {
  it("name the field and the fix", async () => {
    const request = new Request("http://localhost/api/trpc/users.create", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(superjson.serialize({ ...newUser, email: "not-an-email", password: "short" })),
    });
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: request,
      router: appRouter,
      createContext: () => contextForUser(db, acme.admin.id),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { data: { fieldErrors: Record<string, string[]> } } } };
    expect(body.error.json.data.fieldErrors).toEqual({
      email: ["Enter a valid email address."],
      password: ["Password must be at least 10 characters long."],
    });
  });
});

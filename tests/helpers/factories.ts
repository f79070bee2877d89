import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import type { Database } from "@/lib/db/client";

export const TEST_PASSWORD = "correct horse battery";
let passwordHash: Promise<string> | undefined;

/** An account with one admin and one agent, all with TEST_PASSWORD. */
export async function createAccountWithStaff(db: Database, name = "Test Co") {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const suffix = randomBytes(4).toString("hex");
  const account = await db.account.create({ data: { name, slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${suffix}` } });
  const makeUser = async (role: "admin" | "agent") => {
    const user = await db.user.create({
      data: {
        email: `${role}-${suffix}@example.test`,
        name: `${name} ${role}`,
        passwordHash: hash,
        memberships: { create: { accountId: account.id, role } },
        agentProfiles: { create: { accountId: account.id } },
      },
    });
    return user;
  };
  const admin = await makeUser("admin");
  const agent = await makeUser("agent");
  return { account, admin, agent };
}

export type StaffedAccount = Awaited<ReturnType<typeof createAccountWithStaff>>;

/** Two tenants, "Acme" and "Globex", for tests that one account never sees the other's data. */
export async function createTwoTenants(db: Database): Promise<{ acme: StaffedAccount; globex: StaffedAccount }> {
  return { acme: await createAccountWithStaff(db, "Acme"), globex: await createAccountWithStaff(db, "Globex") };
}

import { z } from "zod";
import { hashPassword, passwordSchema, verifyPassword } from "@/lib/auth/password";
import type { Database } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";

export const createUserInput = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(120),
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  role: z.enum(["admin", "agent"]),
  password: passwordSchema,
});

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password."),
  newPassword: passwordSchema,
});

const memberSelect = {
  id: true,
  role: true,
  deactivatedAt: true,
  createdAt: true,
  user: { select: { id: true, name: true, email: true, lastLoginAt: true } },
} as const;

function toMember(row: { id: string; role: "admin" | "agent"; deactivatedAt: Date | null; createdAt: Date; user: { id: string; name: string; email: string; lastLoginAt: Date | null } }) {
  return { ...row.user, membershipId: row.id, role: row.role, active: row.deactivatedAt === null, joinedAt: row.createdAt };
}

export type AccountMember = ReturnType<typeof toMember>;

export async function listMembers(db: Database, accountId: string): Promise<AccountMember[]> {
  const rows = await db.membership.findMany({ where: { accountId }, select: memberSelect, orderBy: [{ deactivatedAt: { sort: "desc", nulls: "first" } }, { createdAt: "asc" }] });
  return rows.map(toMember);
}

export async function getMember(db: Database, accountId: string, userId: string): Promise<AccountMember> {
  const row = await db.membership.findUnique({ where: { userId_accountId: { userId, accountId } }, select: memberSelect });
  if (!row) throw new UserFacingError("not_found", "No such user in this workspace.");
  return toMember(row);
}

/**
 * Adds a person to the account: a new user, or an existing user (of another
 * workspace) who gets a membership here. Their password is only set for new users.
 */
export async function createMember(db: Database, accountId: string, input: z.infer<typeof createUserInput>): Promise<AccountMember> {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    const already = await db.membership.findUnique({ where: { userId_accountId: { userId: existing.id, accountId } } });
    if (already) throw new UserFacingError("conflict", `${input.email} is already a member of this workspace.`);
  }
  const passwordHash = existing ? undefined : await hashPassword(input.password);
  const membership = await db.$transaction(async (tx) => {
    const userId = existing?.id ?? (await tx.user.create({ data: { email: input.email, name: input.name, passwordHash: passwordHash! } })).id;
    await tx.agentProfile.create({ data: { accountId, userId } });
    return tx.membership.create({ data: { accountId, userId, role: input.role }, select: memberSelect });
  });
  return toMember(membership);
}

async function assertNotLastAdmin(db: Database, accountId: string, userId: string) {
  const admins = await db.membership.findMany({ where: { accountId, role: "admin", deactivatedAt: null }, select: { userId: true } });
  if (admins.length === 1 && admins[0]!.userId === userId) {
    throw new UserFacingError("conflict", "This is the workspace's only active admin: make someone else admin first.");
  }
}

export async function setMemberRole(db: Database, accountId: string, userId: string, role: "admin" | "agent"): Promise<AccountMember> {
  await getMember(db, accountId, userId);
  if (role === "agent") await assertNotLastAdmin(db, accountId, userId);
  const row = await db.membership.update({ where: { userId_accountId: { userId, accountId } }, data: { role }, select: memberSelect });
  return toMember(row);
}

export async function setMemberActive(db: Database, accountId: string, actorUserId: string, userId: string, active: boolean): Promise<AccountMember> {
  await getMember(db, accountId, userId);
  if (!active && userId === actorUserId) throw new UserFacingError("invalid", "You cannot deactivate yourself.");
  if (!active) await assertNotLastAdmin(db, accountId, userId);
  const row = await db.membership.update({
    where: { userId_accountId: { userId, accountId } },
    data: { deactivatedAt: active ? null : new Date() },
    select: memberSelect,
  });
  return toMember(row);
}

/**
 * An admin sets a new password for a member. A person who also belongs to other
 * workspaces is not this account's to change.
 */
export async function resetMemberPassword(db: Database, accountId: string, userId: string, password: string): Promise<void> {
  await getMember(db, accountId, userId);
  const otherWorkspaces = await db.membership.count({ where: { userId, accountId: { not: accountId } } });
  if (otherWorkspaces > 0) {
    throw new UserFacingError("forbidden", "This person also belongs to another workspace: they must change their password themselves.");
  }
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password) } });
}

export async function changeOwnPassword(db: Database, userId: string, input: z.infer<typeof changePasswordInput>): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new UserFacingError("invalid", "The current password is not correct.");
  }
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(input.newPassword) } });
}

export async function getProfile(db: Database, userId: string) {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, name: true, email: true } });
}

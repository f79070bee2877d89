import type { Database } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";

/** The cookie that remembers which of the user's accounts is open. */
export const ACCOUNT_COOKIE = "sb-account";

export interface Caller {
  userId: string;
  accountId: string;
  role: Role;
}

/**
 * The caller's active membership: in the account they chose if they still belong to
 * it, otherwise their oldest one. Null when they have no active membership left.
 */
export async function resolveCaller(db: Database, userId: string, preferredAccountId?: string | null): Promise<Caller | null> {
  const memberships = await db.membership.findMany({
    where: { userId, deactivatedAt: null },
    orderBy: { createdAt: "asc" },
    select: { accountId: true, role: true },
  });
  const chosen = memberships.find((m) => m.accountId === preferredAccountId) ?? memberships[0];
  return chosen ? { userId, accountId: chosen.accountId, role: chosen.role } : null;
}

/** Accounts the user can switch to. */
export function listUserAccounts(db: Database, userId: string) {
  return db.membership
    .findMany({
      where: { userId, deactivatedAt: null },
      orderBy: { createdAt: "asc" },
      select: { role: true, account: { select: { id: true, name: true } } },
    })
    .then((rows) => rows.map((row) => ({ id: row.account.id, name: row.account.name, role: row.role })));
}

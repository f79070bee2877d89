import { Prisma } from "./generated/client";

/** A Prisma write refused by a unique index: two requests raced for one value, and the index decided. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

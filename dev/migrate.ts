import { spawn } from "node:child_process";
import path from "node:path";

const prismaWrapper = path.resolve(import.meta.dirname, "prisma-engine", "prisma.mjs");

/** Applies the committed migrations to the database at `databaseUrl` (`prisma migrate deploy`). */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [prismaWrapper, "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0) throw new Error(`Database migration failed (prisma migrate deploy):\n${output.join("").trim()}`);
}

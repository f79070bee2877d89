import path from "node:path";
import { defineConfig } from "prisma/config";

// `env()` from prisma/config throws when the variable is unset, which would break
// `prisma generate` during `npm install`; the start script always sets DATABASE_URL.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/switchboard" },
});

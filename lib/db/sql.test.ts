import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/tests/helpers/db";
import { sqlPool } from "./client";
import { Prisma } from "./generated/client";
import { onConnection, queryBatch } from "./sql";

const testDb = setupTestDatabase();

beforeAll(async () => {
  // Through Prisma, so that its disconnect after the file also ends the pool underneath.
  await testDb.db.$executeRawUnsafe("CREATE TABLE batch_notes (id text PRIMARY KEY, body text, tags text[], data jsonb, at timestamp(3))");
});

const insertNote = (id: string, body: string | null, tags: string[], data: unknown, at: Date) =>
  Prisma.sql`INSERT INTO batch_notes (id, body, tags, data, at) VALUES (${id}, ${body}::text, ${tags}::text[], ${JSON.stringify(data)}::jsonb, ${at}) RETURNING *`;

describe("queryBatch", () => {
  it("runs several statements in one round trip and returns each one's rows, values intact", async () => {
    const awkward = "O'Brien said \"hi\" \\ back; DROP TABLE batch_notes; -- ✓ 日本";
    const at = new Date("2026-03-02T15:30:00.123Z");
    const [inserted, selected] = await onConnection(sqlPool(testDb.db), (client) =>
      queryBatch(
        client,
        [
          { statement: insertNote("n1", awkward, ["a'b", 'c"d', "e\\f", "{g}"], { quote: "it's", list: [1, null] }, at), prepareAs: "test_batch_insert" },
          { statement: Prisma.sql`SELECT count(*)::int AS notes, ${null}::text IS NULL AS null_passed FROM batch_notes`, prepareAs: "test_batch_count" },
        ],
        { begin: true, commit: true },
      ),
    );
    expect(inserted).toEqual([{ id: "n1", body: awkward, tags: ["a'b", 'c"d', "e\\f", "{g}"], data: { quote: "it's", list: [1, null] }, at }]);
    expect(selected).toEqual([{ notes: 1, null_passed: true }]);
  });

  it("prepares a statement once per connection and runs it again with new values", async () => {
    const pool = sqlPool(testDb.db);
    const results = await onConnection(pool, async (client) => {
      const first = await queryBatch(client, [{ statement: Prisma.sql`SELECT ${"one"}::text AS value`, prepareAs: "test_batch_echo" }]);
      const second = await queryBatch(client, [{ statement: Prisma.sql`SELECT ${"two"}::text AS value`, prepareAs: "test_batch_echo" }]);
      const { rows } = await client.query<{ count: number }>("SELECT count(*)::int AS count FROM pg_prepared_statements WHERE name = 'test_batch_echo'");
      return [first[0]![0], second[0]![0], rows[0]!.count];
    });
    expect(results).toEqual([{ value: "one" }, { value: "two" }, 1]);
  });

  it("prepares a name again when its text changed, rather than running the old statement", async () => {
    const values = await onConnection(sqlPool(testDb.db), async (client) => {
      const before = await queryBatch(client, [{ statement: Prisma.sql`SELECT ${"a"}::text AS value`, prepareAs: "test_batch_changed" }]);
      const after = await queryBatch(client, [{ statement: Prisma.sql`SELECT upper(${"a"}::text) AS value`, prepareAs: "test_batch_changed" }]);
      return [before[0]![0], after[0]![0]];
    });
    expect(values).toEqual([{ value: "a" }, { value: "A" }]);
  });

  it("keeps a connection usable after a statement that cannot be prepared", async () => {
    const answers = await onConnection(sqlPool(testDb.db), async (client) => {
      const broken = queryBatch(client, [
        { statement: Prisma.sql`SELECT 1 AS one`, prepareAs: "test_batch_fine" },
        { statement: Prisma.sql`SELECT no_such_column FROM batch_notes`, prepareAs: "test_batch_broken" },
      ]);
      await expect(broken).rejects.toThrow(/no_such_column/);
      return queryBatch(client, [{ statement: Prisma.sql`SELECT 1 AS one`, prepareAs: "test_batch_fine" }]);
    });
    expect(answers).toEqual([[{ one: 1 }]]);
  });

  it("commits nothing when a later statement of the transaction fails, and the connection stays usable", async () => {
    const pool = sqlPool(testDb.db);
    const at = new Date();
    await expect(
      onConnection(pool, async (client) => {
        await queryBatch(client, [{ statement: insertNote("n2", "kept?", [], {}, at), prepareAs: "test_batch_insert" }], { begin: true });
        // n1 exists: the primary key refuses the second row, so the transaction must roll back as a whole.
        await queryBatch(client, [{ statement: insertNote("n1", "duplicate", [], {}, at), prepareAs: "test_batch_insert" }], { commit: true });
      }),
    ).rejects.toMatchObject({ code: "23505" });
    const { rows } = await pool.query("SELECT id FROM batch_notes ORDER BY id");
    expect(rows).toEqual([{ id: "n1" }]);
    // Every pooled connection still answers (none was left inside the failed transaction).
    await Promise.all(Array.from({ length: 5 }, () => expect(pool.query("SELECT 1 AS ok")).resolves.toMatchObject({ rows: [{ ok: 1 }] })));
  });
});

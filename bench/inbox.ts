/**
 * Inbox read latency at scale: one account with 1,000,000 conversations and ~10,000,000
 * messages plus a second, smaller account, generated server-side in large set-based
 * batches; then p50/p95 of the inbox list (`listConversations`) for every tab, filter and
 * sort, of a thread page (`listMessages`) and of conversation search (`searchConversations`),
 * each with its EXPLAIN (ANALYZE, BUFFERS).
 * Run: `npx tsx bench/inbox.ts`; `BENCH_INBOX_SCALE=0.1` for a tenth of the data;
 * `BENCH_INBOX_DATABASE_URL=<url>` to measure a database it generated before (same scale).
 */
import { performance } from "node:perf_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { printRow, printVerdict, runWhenExecuted, summarizeLatencies, type LatencySummary } from "./lib/report";
import { withThrowawayPostgres } from "./lib/services";
import { listConversations, listConversationsQuery, listMessages, listMessagesQuery, type ListConversationsOptions } from "@/lib/conversations/queries";
import { createDatabaseClient, type Database } from "@/lib/db/client";
import { searchConversations } from "@/lib/search/search";
import { PrismaClient } from "@/lib/db/generated/client";
import type { ChannelType } from "@/lib/db/generated/enums";

const LIST_TARGET_P95_MS = 15;
const MESSAGE_PAGE_TARGET_P95_MS = 10;
/** Conversation search has no set target; its figures are reported beside the others. */
const SEARCH_RESULTS = 20;
const MEASURED_RUNS = 200;
const WARMUP_RUNS = 10;
const LIST_PAGE_SIZE = 25;
const MESSAGE_PAGE_SIZE = 50;
/** Conversations per INSERT … SELECT batch; messages are generated for this many conversations at a time too. */
const CONVERSATION_BATCH = 100_000;
const MESSAGE_BATCH_CONVERSATIONS = 20_000;
/** Two loaders and two index builds at a time: one per core. */
const LOAD_CONCURRENCY = 2;
const MAX_THREAD_LENGTH = 400;

function readScale(): number {
  const raw = process.env.BENCH_INBOX_SCALE;
  if (raw === undefined || raw === "") return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
    throw new Error(`BENCH_INBOX_SCALE must be a number in (0, 1], e.g. 0.1 for a tenth of the data; got "${raw}".`);
  }
  return scale;
}

// ───────────── the generated tenants ─────────────

interface TenantPlan {
  /** One letter inside every generated id, so the two tenants never collide. */
  tag: "a" | "b";
  name: string;
  conversations: number;
  contacts: number;
  agents: number;
  teams: number;
  /** Channels and their share of the conversations. */
  channels: { type: ChannelType; share: number }[];
}

interface Tenant extends TenantPlan {
  accountId: string;
  agentIds: string[];
  teamIds: string[];
  channelIds: string[];
}

const CHANNEL_MIX: TenantPlan["channels"] = [
  { type: "web", share: 0.35 },
  { type: "whatsapp", share: 0.2 },
  { type: "email", share: 0.15 },
  { type: "api", share: 0.08 },
  { type: "telegram", share: 0.07 },
  { type: "messenger", share: 0.06 },
  { type: "instagram", share: 0.05 },
  { type: "sms", share: 0.04 },
];

/** Twenty labels; the first ones are far more common (see the generator). */
const LABELS = [
  "billing", "shipping", "refund", "bug", "vip", "feature-request", "login", "cancellation", "onboarding", "invoice",
  "delivery-delay", "damaged", "warranty", "api", "mobile-app", "partnership", "gdpr", "chargeback", "press", "legal",
];

// Share of conversations per status (cumulative thresholds below): most of a large account's history is closed.
const STATUSES = ["open", "bot", "assigned", "pending", "resolved", "closed"];
const STATUS_THRESHOLDS = [0, 0.02, 0.03, 0.06, 0.08, 0.48];
const PRIORITIES = ["low", "medium", "high", "urgent"];
const PRIORITY_THRESHOLDS = [0, 0.25, 0.8, 0.95];

/** A 25-character id, like a cuid, for the small tables; the SQL below builds the large tables' ids the same way. */
function benchId(tag: string, kind: string, n: number): string {
  return `c${tag}${kind}${String(n).padStart(21, "0")}`;
}

const LOREM =
  "Hi, I ordered a blue jacket last week and the tracking page still says the parcel is waiting at the depot. " +
  "Could you check what is going on and whether it can still arrive before Friday? Thanks for looking into it. " +
  "Sorry for the trouble: I have asked the carrier for an update and will write back as soon as they answer. " +
  "The invoice shows the wrong company name, can you issue a corrected one with our VAT number on it please? " +
  "I cannot log in to the mobile app since the last update, it keeps asking for a code that never arrives. " +
  "Thank you, that worked! One more question: do you ship to Norway, and are customs fees included in the price? " +
  "We have refunded the order to the original payment method; it usually shows up within three to five days.";

/** Order codes in generated messages look like ACM-123456 (the conversation's number). */
const ORDER_CODE_PREFIX = "ACM-";
const ORDER_CODE_PREFIX_SQL = `'${ORDER_CODE_PREFIX}'`;

/** Messages in a conversation's thread: 1 + an exponential with mean ~9, capped, from a hash of its id. */
const THREAD_LENGTH_SQL = `least(${MAX_THREAD_LENGTH}, 1 + floor(-ln(1 - (hashtext(c.id) & 2147483647)::float8 / 2147483648) * 9.5))::int`;

const INSERT_CONTACTS = `
  INSERT INTO contacts (id, account_id, name, email, phone, created_at, updated_at)
  SELECT 'c' || $2 || 'ct' || lpad(n::text, 21, '0'), $1, 'Customer ' || n,
         CASE WHEN n % 5 < 3 THEN 'customer' || n || '@example.test' END,
         CASE WHEN n % 5 >= 3 THEN '+1555' || lpad(n::text, 7, '0') END,
         $5::timestamp - (n % 97) * interval '1 day', $5::timestamp - (n % 97) * interval '1 day'
    FROM generate_series($3::int, $4::int) AS n`;

const INSERT_CONVERSATIONS = `
  INSERT INTO conversations (id, account_id, channel_id, contact_id, status, priority, labels, assignee_id, team_id,
                             unread_count, waiting_since, last_message_at, created_at, updated_at)
  SELECT id, $1, channel_id, contact_id, status::"ConversationStatus", priority::"Priority",
         CASE WHEN r_label < 0.45 THEN '{}'::text[]
              WHEN r_label < 0.85 THEN ARRAY[label_1]
              WHEN label_2 = label_1 THEN ARRAY[label_1]
              ELSE ARRAY[label_1, label_2] END,
         CASE WHEN status IN ('open', 'bot') OR r_unassigned < 0.05 THEN NULL
              ELSE ($7::text[])[1 + floor(power(r_assignee, 1.3) * cardinality($7::text[]))::int] END,
         CASE WHEN r_team < 0.75 THEN ($8::text[])[1 + floor(r_team / 0.75 * cardinality($8::text[]))::int] END,
         CASE WHEN waiting THEN 1 + floor(r_wait * 5)::int ELSE 0 END,
         CASE WHEN waiting THEN last_at END,
         last_at, last_at - r_open * interval '3 days', last_at
    FROM (
      SELECT *, status IN ('open', 'bot', 'assigned') AND r_wait < 0.7 AS waiting,
             CASE WHEN status IN ('open', 'bot', 'assigned', 'pending')
                  THEN $10::timestamp - power(r_time, 2) * interval '7 days'
                  ELSE $10::timestamp - r_time * interval '90 days' END AS last_at
        FROM (
          SELECT 'c' || $2 || 'cv' || lpad(g::text, 21, '0') AS id,
                 ($5::text[])[width_bucket(random(), $6::float8[])] AS channel_id,
                 'c' || $2 || 'ct' || lpad((1 + (g::bigint * 7919) % $11)::text, 21, '0') AS contact_id,
                 ($12::text[])[width_bucket(random(), $13::float8[])] AS status,
                 ($14::text[])[width_bucket(random(), $15::float8[])] AS priority,
                 ($9::text[])[1 + floor(power(random(), 2) * cardinality($9::text[]))::int] AS label_1,
                 ($9::text[])[1 + floor(random() * cardinality($9::text[]))::int] AS label_2,
                 random() AS r_label, random() AS r_unassigned, random() AS r_assignee, random() AS r_team,
                 random() AS r_wait, random() AS r_time, random() AS r_open
            FROM generate_series($3::int, $4::int) AS g
          OFFSET 0 -- a fence: each random() above is drawn once per row
        ) AS drawn
      OFFSET 0
    ) AS s`;

// The thread of each conversation: the customer opens, then customer, agent, bot, private note
// and system messages follow by fixed shares, spread evenly up to last_message_at.
const INSERT_MESSAGES = `
  INSERT INTO messages (id, account_id, conversation_id, channel_id, direction, sender_type, sender_user_id, is_private,
                        content, external_id, created_at)
  SELECT 'c' || substr(c.id, 2, 1) || 'ms' || lpad(c.seq::text, 18, '0') || lpad(s::text, 3, '0'),
         c.account_id, c.id, c.channel_id,
         (CASE WHEN kind = 'contact' THEN 'inbound' ELSE 'outbound' END)::"MessageDirection",
         (CASE WHEN kind = 'note' THEN 'agent' ELSE kind END)::"SenderType",
         CASE WHEN kind IN ('agent', 'note') THEN c.assignee_id END,
         kind = 'note',
         CASE WHEN kind = 'system' THEN 'Status changed by an agent.'
              ELSE substr($3, 1 + ((c.seq * 7 + s * 13) % 400)::int, 20 + ((c.seq + s * 7) % 280)::int)
                   -- One message in a thousand names an order code, unique to its conversation: the rare words search looks for.
                   || CASE WHEN (c.seq * 31 + s * 17) % 1000 = 7 THEN ' Order ' || ${ORDER_CODE_PREFIX_SQL} || c.seq || '.' ELSE '' END END,
         CASE WHEN kind = 'contact' THEN c.id || '-' || s END,
         c.created_at + (c.last_message_at - c.created_at) * ((s - 1)::float8 / greatest(c.length - 1, 1))
    FROM (SELECT c.*, substr(c.id, 5)::bigint AS seq, ${THREAD_LENGTH_SQL} AS length
            FROM conversations c WHERE c.id BETWEEN $1 AND $2) AS c
   CROSS JOIN LATERAL generate_series(1, c.length) AS s
   CROSS JOIN LATERAL (
     SELECT CASE WHEN s = 1 THEN 'contact'
                 ELSE (ARRAY['contact', 'agent', 'bot', 'note', 'system'])[width_bucket(((c.seq * 31 + s * 17) % 100)::float8, ARRAY[0, 45, 85, 90, 95]::float8[])]
            END AS kind
   ) AS kinds`;

function cumulativeThresholds(shares: number[]): number[] {
  const thresholds: number[] = [];
  let sum = 0;
  for (const share of shares) {
    thresholds.push(sum);
    sum += share;
  }
  return thresholds;
}

function ranges(total: number, size: number): [number, number][] {
  const result: [number, number][] = [];
  for (let from = 1; from <= total; from += size) result.push([from, Math.min(total, from + size - 1)]);
  return result;
}

/** Runs the tasks with at most `concurrency` at a time; the first failure rejects. */
async function runConcurrently(tasks: (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}

async function timed(label: string, work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${label.padEnd(52)} ${seconds.toFixed(1).padStart(7)} s`);
  return seconds;
}

/** The ids of a tenant's small rows, the same in every generated database. */
function tenantOf(plan: TenantPlan): Tenant {
  return {
    ...plan,
    accountId: benchId(plan.tag, "ac", 1),
    agentIds: Array.from({ length: plan.agents }, (_, i) => benchId(plan.tag, "us", i + 1)),
    teamIds: Array.from({ length: plan.teams }, (_, i) => benchId(plan.tag, "tm", i + 1)),
    channelIds: plan.channels.map((_, i) => benchId(plan.tag, "ch", i + 1)),
  };
}

async function createTenantRows(client: pg.PoolClient, plan: TenantPlan, now: string): Promise<Tenant> {
  const tenant = tenantOf(plan);
  const { accountId, agentIds, teamIds, channelIds } = tenant;
  await client.query("INSERT INTO accounts (id, name, slug, updated_at) VALUES ($1, $2, $3, $4)", [accountId, plan.name, `bench-${plan.tag}`, now]);
  await client.query(
    `INSERT INTO users (id, email, name, password_hash, updated_at)
     SELECT id, 'agent-' || id || '@example.test', $2 || ' agent ' || ordinality, 'not-a-login', $3 FROM unnest($1::text[]) WITH ORDINALITY AS id`,
    [agentIds, plan.name, now],
  );
  await client.query(
    `INSERT INTO memberships (id, account_id, user_id, role) SELECT 'm' || substr(id, 2), $2, id, 'agent' FROM unnest($1::text[]) AS id`,
    [agentIds, accountId],
  );
  await client.query(`INSERT INTO teams (id, account_id, name) SELECT id, $2, 'Team ' || ordinality FROM unnest($1::text[]) WITH ORDINALITY AS id`, [
    teamIds,
    accountId,
  ]);
  await client.query(
    `INSERT INTO channels (id, account_id, type, name, updated_at)
     SELECT id, $2, type::"ChannelType", initcap(type) || ' channel', $4 FROM unnest($1::text[], $3::text[]) AS t(id, type)`,
    [channelIds, accountId, plan.channels.map((channel) => channel.type), now],
  );
  return tenant;
}

/** Non-constraint indexes of the bulk-loaded tables: dropped for the load and rebuilt from their own definitions. */
async function secondaryIndexes(client: pg.PoolClient): Promise<{ name: string; definition: string }[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relnamespace = 'public'::regnamespace AND t.relname IN ('contacts', 'conversations', 'messages')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY t.relname DESC, name`,
  );
  return rows;
}

interface GenerationReport {
  seconds: number;
  tenants: Tenant[];
}

/**
 * Fills the database: both tenants' small tables, then contacts, conversations and
 * messages with INSERT … SELECT over generate_series (server-side, set-based, two
 * batches at a time). Secondary indexes are dropped for the load and rebuilt after it,
 * foreign-key triggers are skipped (the generated rows reference only rows that exist),
 * then everything is vacuumed and analysed as autovacuum would leave a live database.
 */
async function generate(databaseUrl: string, plans: TenantPlan[]): Promise<GenerationReport> {
  const now = new Date().toISOString();
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: LOAD_CONCURRENCY,
    options: "-c session_replication_role=replica -c maintenance_work_mem=1GB -c max_parallel_maintenance_workers=0",
  });
  const started = performance.now();
  try {
    const admin = await pool.connect();
    let indexes: { name: string; definition: string }[];
    const tenants: Tenant[] = [];
    try {
      await admin.query("ALTER SYSTEM SET max_wal_size = '8GB'");
      await admin.query("ALTER SYSTEM SET autovacuum = off");
      await admin.query("SELECT pg_reload_conf()");
      for (const plan of plans) tenants.push(await createTenantRows(admin, plan, now));
      indexes = await secondaryIndexes(admin);
      for (const index of indexes) await admin.query(`DROP INDEX ${index.name}`);
    } finally {
      admin.release();
    }
    const run = (sql: string, values: unknown[]) => async () => {
      await pool.query(sql, values);
    };

    for (const tenant of tenants) {
      const channelThresholds = cumulativeThresholds(tenant.channels.map((channel) => channel.share));
      await timed(`${tenant.name}: ${tenant.contacts.toLocaleString("en")} contacts`, () =>
        runConcurrently(
          ranges(tenant.contacts, CONVERSATION_BATCH).map(([from, to]) => run(INSERT_CONTACTS, [tenant.accountId, tenant.tag, from, to, now])),
          LOAD_CONCURRENCY,
        ),
      );
      await timed(`${tenant.name}: ${tenant.conversations.toLocaleString("en")} conversations`, () =>
        runConcurrently(
          ranges(tenant.conversations, CONVERSATION_BATCH).map(([from, to]) =>
            run(INSERT_CONVERSATIONS, [
              tenant.accountId, tenant.tag, from, to, tenant.channelIds, channelThresholds, tenant.agentIds, tenant.teamIds, LABELS, now,
              tenant.contacts, STATUSES, STATUS_THRESHOLDS, PRIORITIES, PRIORITY_THRESHOLDS,
            ]),
          ),
          LOAD_CONCURRENCY,
        ),
      );
      await timed(`${tenant.name}: messages`, () =>
        runConcurrently(
          ranges(tenant.conversations, MESSAGE_BATCH_CONVERSATIONS).map(([from, to]) =>
            run(INSERT_MESSAGES, [benchId(tenant.tag, "cv", from), benchId(tenant.tag, "cv", to), LOREM]),
          ),
          LOAD_CONCURRENCY,
        ),
      );
    }

    await timed(`rebuild ${indexes.length} secondary indexes`, () =>
      runConcurrently(
        indexes.map((index) => run(index.definition, [])),
        LOAD_CONCURRENCY,
      ),
    );
    await timed("VACUUM (ANALYZE)", async () => {
      await pool.query("VACUUM (ANALYZE)");
    });
    await pool.query("ALTER SYSTEM RESET autovacuum");
    await pool.query("SELECT pg_reload_conf()");
    return { seconds: (performance.now() - started) / 1000, tenants };
  } finally {
    await pool.end();
  }
}

async function describeDataset(databaseUrl: string, tenants: Tenant[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    console.log("\ndataset");
    console.log("account              conversations       messages   contacts  active  waiting  longest thread");
    for (const tenant of tenants) {
      const { rows } = await client.query<Record<string, string>>(
        `SELECT (SELECT count(*) FROM conversations WHERE account_id = $1) AS conversations,
                (SELECT count(*) FROM messages WHERE account_id = $1) AS messages,
                (SELECT count(*) FROM contacts WHERE account_id = $1) AS contacts,
                (SELECT count(*) FROM conversations WHERE account_id = $1 AND status IN ('open', 'bot', 'assigned', 'pending')) AS active,
                (SELECT count(*) FROM conversations WHERE account_id = $1 AND waiting_since IS NOT NULL) AS waiting,
                (SELECT max(${THREAD_LENGTH_SQL}) FROM conversations c WHERE account_id = $1) AS longest`,
        [tenant.accountId],
      );
      const row = rows[0]!;
      printRow([tenant.name, Number(row.conversations), Number(row.messages), Number(row.contacts), Number(row.active), Number(row.waiting), Number(row.longest)], [18, 15, 14, 10, 7, 8, 15]);
    }
    const sizes = await client.query<{ relation: string; size: string }>(
      `SELECT relname AS relation, pg_size_pretty(pg_total_relation_size(oid)) AS size FROM pg_class
        WHERE relname IN ('conversations', 'messages', 'contacts') AND relnamespace = 'public'::regnamespace ORDER BY relname`,
    );
    console.log(`table sizes with indexes: ${sizes.rows.map((row) => `${row.relation} ${row.size}`).join(", ")}`);
  } finally {
    await client.end();
  }
}

// ───────────── measuring ─────────────

interface Shape<T> {
  name: string;
  /** Parameter sets cycled through the runs; the first one is EXPLAINed. */
  variants: T[];
}

/**
 * Times `run` MEASURED_RUNS times over the variants in turn, after WARMUP_RUNS untimed
 * runs; with `warmEach`, after one untimed run of every variant as well: list filters
 * (each agent, label, team) are asked again all day, so their steady state is what an
 * agent meets, while a random thread is opened once.
 */
async function measure<T>(variants: T[], run: (variant: T) => Promise<unknown>, options: { warmEach?: boolean } = {}): Promise<LatencySummary> {
  const warmups = options.warmEach ? Math.max(WARMUP_RUNS, variants.length) : WARMUP_RUNS;
  for (let i = 0; i < warmups; i++) await run(variants[i % variants.length]!);
  const samples: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const variant = variants[i % variants.length]!;
    const started = performance.now();
    await run(variant);
    samples.push(performance.now() - started);
  }
  return summarizeLatencies(samples);
}

/** The plan as indented text, and the server's own execution time (without network, parsing or the client). */
async function explain(client: pg.Client, sql: string, values: unknown[]): Promise<{ plan: string; executionMs: number }> {
  const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, values);
  const lines = rows.map((row) => row["QUERY PLAN"]);
  const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(lines.at(-1) ?? "")?.[1] ?? Number.NaN);
  return { plan: lines.map((line) => `      ${line}`).join("\n"), executionMs };
}

const COLUMNS = [52, 8, 8, 8, 8, 10];
function printSummaryHeader(): void {
  printRow(["query", "p50 ms", "p95 ms", "p99 ms", "max ms", "plan ms"], COLUMNS);
}

function printOutcome(outcome: Outcome): void {
  const { summary } = outcome;
  printRow([outcome.name, summary.p50Ms, summary.p95Ms, summary.p99Ms, summary.maxMs, outcome.planMs], COLUMNS);
}

function listShapes(tenant: Tenant): Shape<ListConversationsOptions>[] {
  const base = { limit: LIST_PAGE_SIZE, sort: "latest" as const };
  const all = { ...base, tab: "all" as const };
  const cycle = <V>(values: V[], make: (value: V) => ListConversationsOptions) => values.map(make);
  const rareLabels = LABELS.slice(-5);
  return [
    { name: "Mine, latest", variants: [{ ...base, tab: "mine" }] },
    { name: "Unassigned, latest", variants: [{ ...base, tab: "unassigned" }] },
    { name: "All, latest", variants: [all] },
    { name: "Resolved, latest", variants: [{ ...base, tab: "resolved" }] },
    { name: "Mine, oldest waiting", variants: [{ ...base, tab: "mine", sort: "oldest_waiting" }] },
    { name: "Unassigned, oldest waiting", variants: [{ ...base, tab: "unassigned", sort: "oldest_waiting" }] },
    { name: "All, oldest waiting", variants: [{ ...all, sort: "oldest_waiting" }] },
    { name: "All, priority", variants: [{ ...all, sort: "priority" }] },
    { name: "All + status=pending", variants: [{ ...all, status: "pending" }] },
    { name: "All + channel (each channel)", variants: cycle(tenant.channelIds, (channelId) => ({ ...all, channelId })) },
    { name: "All + team (each team)", variants: cycle(tenant.teamIds, (teamId) => ({ ...all, teamId })) },
    { name: "All + label (each label)", variants: cycle(LABELS, (label) => ({ ...all, label })) },
    { name: "All + priority=urgent", variants: [{ ...all, priority: "urgent" }] },
    { name: "All + assignee (each agent)", variants: cycle(tenant.agentIds, (assigneeId) => ({ ...all, assigneeId })) },
    { name: "All + team, oldest waiting", variants: cycle(tenant.teamIds, (teamId) => ({ ...all, teamId, sort: "oldest_waiting" })) },
    { name: "Resolved + channel (each channel)", variants: cycle(tenant.channelIds, (channelId) => ({ ...base, tab: "resolved", channelId })) },
    { name: "Resolved + label (5 rarest labels)", variants: cycle(rareLabels, (label) => ({ ...base, tab: "resolved", label })) },
    { name: "Resolved + assignee (each agent)", variants: cycle(tenant.agentIds, (assigneeId) => ({ ...base, tab: "resolved", assigneeId })) },
  ];
}

interface Outcome {
  name: string;
  summary: LatencySummary;
  /** The p95 target; NaN where none is set (search). */
  targetMs: number;
  /** Execution time EXPLAIN ANALYZE reports for the first variant (summed over the statements of a call). */
  planMs: number;
}

async function benchmarkList(db: Database, explainClient: pg.Client, tenant: Tenant): Promise<Outcome[]> {
  const userId = tenant.agentIds[0]!;
  const shapes = listShapes(tenant);
  // Second pages: the cursor of each sort's first page.
  for (const sort of ["latest", "oldest_waiting", "priority"] as const) {
    const first = await listConversations(db, tenant.accountId, userId, { tab: "all", sort, limit: LIST_PAGE_SIZE });
    if (first.nextCursor) shapes.push({ name: `All, ${sort.replace("_", " ")}, page 2`, variants: [{ tab: "all", sort, limit: LIST_PAGE_SIZE, cursor: first.nextCursor }] });
  }

  console.log(`\ninbox list (listConversations, ${LIST_PAGE_SIZE} rows a page, user = the agent with the most conversations); ${MEASURED_RUNS} runs each after one warm-up run of every variant (at least ${WARMUP_RUNS})`);
  const outcomes: Outcome[] = [];
  for (const shape of shapes) {
    const summary = await measure(shape.variants, (options) => listConversations(db, tenant.accountId, userId, options), { warmEach: true });
    const query = listConversationsQuery(tenant.accountId, userId, shape.variants[0]!);
    const { plan, executionMs } = await explain(explainClient, query.text, query.values);
    const outcome = { name: shape.name, summary, targetMs: LIST_TARGET_P95_MS, planMs: executionMs };
    outcomes.push(outcome);
    console.log("");
    printSummaryHeader();
    printOutcome(outcome);
    console.log(plan);
  }
  return outcomes;
}

interface LoggedQuery {
  query: string;
  params: unknown[];
}

/** The SQL Prisma sends for one call, from its query log, so the EXPLAIN is of exactly those statements. */
async function capturePrismaQueries(databaseUrl: string, work: (db: Database) => Promise<unknown>): Promise<LoggedQuery[]> {
  const logging = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }), log: [{ emit: "event", level: "query" }] });
  const queries: LoggedQuery[] = [];
  logging.$on("query", (event) => queries.push({ query: event.query, params: JSON.parse(event.params) as unknown[] }));
  try {
    await work(logging as unknown as Database);
  } finally {
    await logging.$disconnect();
  }
  return queries.filter((entry) => /^\s*(SELECT|WITH)/i.test(entry.query));
}

async function benchmarkMessages(db: Database, explainClient: pg.Client, tenant: Tenant): Promise<Outcome[]> {
  const randomThreads = await explainClient.query<{ id: string }>(
    `SELECT id FROM conversations TABLESAMPLE SYSTEM (1) WHERE account_id = $1 ORDER BY random() LIMIT ${MEASURED_RUNS}`,
    [tenant.accountId],
  );
  const longThreads = await explainClient.query<{ id: string }>(
    `SELECT id FROM conversations c WHERE account_id = $1 ORDER BY ${THREAD_LENGTH_SQL} DESC LIMIT ${MEASURED_RUNS}`,
    [tenant.accountId],
  );
  const olderPages: { id: string; before: string }[] = [];
  for (const { id } of longThreads.rows) {
    const page = await listMessages(db, tenant.accountId, id, { limit: MESSAGE_PAGE_SIZE });
    if (page.olderCursor) olderPages.push({ id, before: page.olderCursor });
  }

  type Variant = { id: string; before?: string };
  const shapes: Shape<Variant>[] = [
    { name: "newest page, random conversations", variants: randomThreads.rows.map(({ id }) => ({ id })) },
    { name: "newest page, longest threads", variants: longThreads.rows.map(({ id }) => ({ id })) },
    { name: "older page (before cursor), longest threads", variants: olderPages },
  ];

  console.log(`\nmessage page (listMessages, ${MESSAGE_PAGE_SIZE} messages); ${MEASURED_RUNS} runs each, each run a different conversation`);
  const outcomes: Outcome[] = [];
  for (const shape of shapes) {
    if (shape.variants.length === 0) continue;
    const summary = await measure(shape.variants, (variant) => listMessages(db, tenant.accountId, variant.id, { limit: MESSAGE_PAGE_SIZE, before: variant.before }));
    const first = shape.variants[0]!;
    const query = listMessagesQuery(tenant.accountId, first.id, first.before, MESSAGE_PAGE_SIZE + 1);
    const { plan, executionMs } = await explain(explainClient, query.text, query.values);
    const outcome = { name: `message: ${shape.name}`, summary, targetMs: MESSAGE_PAGE_TARGET_P95_MS, planMs: executionMs };
    outcomes.push(outcome);
    console.log("");
    printSummaryHeader();
    printOutcome(outcome);
    console.log(plan);
  }
  return outcomes;
}

/**
 * Conversation search as the search page runs it (20 results), over words of every
 * frequency: order codes (one conversation each), partial codes, words in a large share
 * of all messages, contact names and emails, an "or" query and a word found nowhere.
 */
async function benchmarkSearch(databaseUrl: string, db: Database, explainClient: pg.Client, tenant: Tenant): Promise<Outcome[]> {
  const sampled = await explainClient.query<{ code: string }>(
    `SELECT substring(content FROM '${ORDER_CODE_PREFIX}[0-9]+') AS code FROM messages
      WHERE account_id = $1 AND content LIKE '%${ORDER_CODE_PREFIX}%' LIMIT 50`,
    [tenant.accountId],
  );
  const codes = sampled.rows.map((row) => row.code);
  // Customers from across the range, each number as long as the largest, so no other customer's number starts with it.
  const customers = [0.17, 0.33, 0.51, 0.68, 0.97].map((share) => Math.floor(tenant.contacts * share));
  const shapes: Shape<string>[] = [
    { name: "order code (one conversation)", variants: codes },
    { name: "partial order code", variants: codes.map((code) => code.slice(0, -2)) },
    { name: "common words (jacket, tracking, invoice…)", variants: ["jacket", "tracking", "invoice", "refunded", "depot", "carrier"] },
    { name: "two common words (blue jacket)", variants: ["blue jacket", "mobile app", "payment method"] },
    { name: "contact name (Customer 119000)", variants: customers.map((n) => `Customer ${n}`) },
    { name: "contact email (customer119000@example)", variants: customers.map((n) => `customer${n}@example`) },
    { name: '"or" query (norway or chargeback)', variants: ["norway or chargeback", "VAT or customs"] },
    { name: "no match (zanzibar)", variants: ["zanzibar", "quokka"] },
  ];

  console.log(`\nsearch (searchConversations, ${SEARCH_RESULTS} results); ${MEASURED_RUNS} runs each, cycling through the variants`);
  const outcomes: Outcome[] = [];
  for (const shape of shapes) {
    if (shape.variants.length === 0) continue;
    const run = (query: string, on: Database) => searchConversations(on, tenant.accountId, query, { limit: SEARCH_RESULTS });
    const summary = await measure(shape.variants, (query) => run(query, db));
    const [statement] = await capturePrismaQueries(databaseUrl, (logging) => run(shape.variants[0]!, logging));
    const { plan, executionMs } = statement ? await explain(explainClient, statement.query, statement.params) : { plan: "", executionMs: Number.NaN };
    const outcome = { name: `search: ${shape.name}`, summary, targetMs: Number.NaN, planMs: executionMs };
    outcomes.push(outcome);
    console.log("");
    printSummaryHeader();
    printOutcome(outcome);
    console.log(`    first variant: ${JSON.stringify(shape.variants[0])}`);
    console.log(plan);
  }
  return outcomes;
}

function printVerdicts(outcomes: Outcome[], generationSeconds: number, scale: number): void {
  console.log(`\nsummary (scale ${scale}${Number.isNaN(generationSeconds) ? "" : `; generation took ${(generationSeconds / 60).toFixed(1)} min`})`);
  for (const [what, target] of [
    ["inbox list", LIST_TARGET_P95_MS],
    ["message page", MESSAGE_PAGE_TARGET_P95_MS],
  ] as const) {
    const relevant = outcomes.filter((outcome) => outcome.targetMs === target);
    const worst = relevant.reduce((a, b) => (b.summary.p95Ms > a.summary.p95Ms ? b : a));
    const missed = relevant.filter((outcome) => outcome.summary.p95Ms > target);
    printVerdict(
      `${what} p95 (worst of ${relevant.length} shapes)`,
      `≤ ${target} ms`,
      `${worst.summary.p95Ms.toFixed(2)} ms (${worst.name})`,
      missed.length === 0,
    );
    for (const outcome of missed) console.log(`  missed: ${outcome.name} p95 ${outcome.summary.p95Ms.toFixed(2)} ms`);
  }
  const searches = outcomes.filter((outcome) => Number.isNaN(outcome.targetMs));
  if (searches.length > 0) {
    const worst = searches.reduce((a, b) => (b.summary.p95Ms > a.summary.p95Ms ? b : a));
    console.log(`search p95 (worst of ${searches.length} shapes, no target set): ${worst.summary.p95Ms.toFixed(2)} ms (${worst.name})`);
  }
}

async function main(): Promise<void> {
  const scale = readScale();
  const conversations = Math.round(1_000_000 * scale);
  const plans: TenantPlan[] = [
    { tag: "a", name: "Large account", conversations, contacts: Math.ceil(conversations * 0.7), agents: 40, teams: 8, channels: CHANNEL_MIX },
    {
      tag: "b",
      name: "Second account",
      conversations: Math.ceil(conversations / 10),
      contacts: Math.ceil(conversations / 10 * 0.7),
      agents: 10,
      teams: 3,
      channels: CHANNEL_MIX.slice(0, 3),
    },
  ];
  console.log(`inbox: ${conversations.toLocaleString("en")} conversations and ~${(conversations * 10).toLocaleString("en")} messages in one account, a tenth of that in a second; embedded PostgreSQL on loopback\n`);

  // BENCH_INBOX_DATABASE_URL: measure a database this benchmark generated before (migrated, same scale) instead of generating one.
  const existing = process.env.BENCH_INBOX_DATABASE_URL;
  if (existing) {
    console.log("generation skipped: measuring BENCH_INBOX_DATABASE_URL");
    await measureDataset(existing, plans.map(tenantOf), Number.NaN, scale);
    return;
  }
  await withThrowawayPostgres(
    "inbox",
    async (databaseUrl) => {
      console.log("generation (INSERT … SELECT generate_series, 2 batches at a time)");
      const { seconds, tenants } = await generate(databaseUrl, plans);
      console.log(`  ${"total".padEnd(52)} ${seconds.toFixed(1).padStart(7)} s`);
      await measureDataset(databaseUrl, tenants, seconds, scale);
    },
    { migrate: true },
  );
}

async function measureDataset(databaseUrl: string, tenants: Tenant[], generationSeconds: number, scale: number): Promise<void> {
  await describeDataset(databaseUrl, tenants);
  const db = createDatabaseClient(databaseUrl);
  const explainClient = new pg.Client({ connectionString: databaseUrl });
  await explainClient.connect();
  try {
    const large = tenants[0]!;
    const outcomes = [
      ...(await benchmarkList(db, explainClient, large)),
      ...(await benchmarkMessages(db, explainClient, large)),
      ...(await benchmarkSearch(databaseUrl, db, explainClient, large)),
    ];
    console.log("\nall shapes");
    printSummaryHeader();
    for (const outcome of outcomes) printOutcome(outcome);
    printVerdicts(outcomes, generationSeconds, scale);
  } finally {
    await explainClient.end();
    await db.$disconnect();
  }
}

runWhenExecuted(import.meta.url, main);

import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { UserFacingError } from "@/lib/errors";
import { CsvSyntaxError, parseCsv } from "./csv";
import { XlsxFormatError, isZipArchive, readFirstSheet } from "./xlsx";
import { isUniqueViolation } from "@/lib/db/errors";

// ───────────────────────────── Validation ─────────────────────────────

const SHORTCUT_PATTERN = /^[a-z0-9_-]+$/;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5000;

/** Shortcuts are typed after "/" in the composer; a leading "/" is accepted and dropped, case is folded. */
export const shortcutSchema = z
  .string({ error: "Enter a shortcut." })
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/^\//, ""))
  .pipe(
    z
      .string()
      .min(1, "Enter a shortcut.")
      .max(40, "A shortcut is at most 40 characters.")
      .regex(SHORTCUT_PATTERN, "A shortcut may only contain lowercase letters, digits, - and _ (for example refund-policy)."),
  );

const keywordsSchema = z
  .array(z.string().trim().toLowerCase().min(1, "Keywords cannot be empty.").max(100, "A keyword is at most 100 characters."))
  .max(20, "At most 20 keywords.")
  .transform((keywords) => [...new Set(keywords)]);

const cannedResponseFields = z.object({
  shortcut: shortcutSchema,
  title: z.string({ error: "Enter a title." }).trim().min(1, "Enter a title.").max(120, "A title is at most 120 characters."),
  content: z.string({ error: "Enter the response text." }).trim().min(1, "Enter the response text.").max(10_000, "The response text is at most 10,000 characters."),
  keywords: keywordsSchema,
  autoReply: z.boolean(),
});

export const cannedResponseInput = cannedResponseFields.extend({
  keywords: keywordsSchema.default([]),
  autoReply: z.boolean().default(false),
});
export type CannedResponseInput = z.input<typeof cannedResponseInput>;

/** Only the fields given change (no defaults here, so an update never resets what it does not name). */
export const cannedResponseUpdate = cannedResponseFields.partial();
export type CannedResponseUpdate = z.input<typeof cannedResponseUpdate>;

/** One imported row: the three text columns are required, keywords only when the file has that column. */
const importRowSchema = cannedResponseFields.omit({ autoReply: true }).partial({ keywords: true });

export const listCannedInput = z.object({
  query: z.string().trim().max(100).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

const cannedSelect = {
  id: true,
  shortcut: true,
  title: true,
  content: true,
  keywords: true,
  autoReply: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type CannedResponse = Prisma.CannedResponseGetPayload<{ select: typeof cannedSelect }>;

// ───────────────────────────── CRUD ─────────────────────────────

/** Canned responses of the account, shortcut order; `query` matches shortcut, title or text (case-insensitive). */
export async function listCannedResponses(db: Database, accountId: string, options: z.input<typeof listCannedInput> = {}): Promise<CannedResponse[]> {
  const { query, limit } = listCannedInput.parse(options);
  const term = query?.replace(/^\//, "");
  const where: Prisma.CannedResponseWhereInput = { accountId };
  if (term) {
    where.OR = [
      { shortcut: { startsWith: term.toLowerCase() } },
      { title: { contains: term, mode: "insensitive" } },
      { content: { contains: term, mode: "insensitive" } },
    ];
  }
  return db.cannedResponse.findMany({ where, select: cannedSelect, orderBy: { shortcut: "asc" }, take: limit });
}

export async function getCannedResponse(db: Database, accountId: string, id: string): Promise<CannedResponse> {
  const row = await db.cannedResponse.findFirst({ where: { id, accountId }, select: cannedSelect });
  if (!row) throw new UserFacingError("not_found", "No such canned response in this workspace.");
  return row;
}

async function assertShortcutFree(db: Database, accountId: string, shortcut: string, exceptId?: string) {
  const taken = await db.cannedResponse.findFirst({ where: { accountId, shortcut, id: exceptId ? { not: exceptId } : undefined }, select: { title: true } });
  if (taken) throw shortcutConflict(shortcut, taken.title);
}

function shortcutConflict(shortcut: string, title?: string) {
  const owner = title ? ` by "${title}"` : "";
  return new UserFacingError("conflict", `The shortcut /${shortcut} is already used${owner}. Choose another shortcut.`);
}

export async function createCannedResponse(db: Database, accountId: string, createdById: string | null, input: CannedResponseInput): Promise<CannedResponse> {
  const data = cannedResponseInput.parse(input);
  await assertShortcutFree(db, accountId, data.shortcut);
  try {
    return await db.cannedResponse.create({ data: { ...data, accountId, createdById }, select: cannedSelect });
  } catch (error) {
    if (isUniqueViolation(error)) throw shortcutConflict(data.shortcut);
    throw error;
  }
}

export async function updateCannedResponse(db: Database, accountId: string, id: string, patch: CannedResponseUpdate): Promise<CannedResponse> {
  const data = cannedResponseUpdate.parse(patch);
  await getCannedResponse(db, accountId, id);
  if (data.shortcut !== undefined) await assertShortcutFree(db, accountId, data.shortcut, id);
  try {
    return await db.cannedResponse.update({ where: { id, accountId }, data, select: cannedSelect });
  } catch (error) {
    if (isUniqueViolation(error)) throw shortcutConflict(data.shortcut ?? "");
    throw error;
  }
}

export async function deleteCannedResponse(db: Database, accountId: string, id: string): Promise<void> {
  const { count } = await db.cannedResponse.deleteMany({ where: { id, accountId } });
  if (count === 0) throw new UserFacingError("not_found", "No such canned response in this workspace.");
}

// ───────────────────────────── Variables ─────────────────────────────

export interface CannedVariables {
  contact: { name: string | null };
  agent: { name: string | null };
  conversation: { id: string };
}

export interface RenderedCannedResponse {
  text: string;
  /** Placeholders that are not variables Switchboard knows; left in the text as written. */
  unknownVariables: string[];
  /** Known variables with no value here (e.g. a contact without a name); replaced by nothing. */
  missingValues: string[];
}

export const CANNED_VARIABLES = ["contact.name", "agent.name", "conversation.id"] as const;
type CannedVariableName = (typeof CANNED_VARIABLES)[number];

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * Fills `{{contact.name}}`, `{{agent.name}}` and `{{conversation.id}}` (spaces inside
 * the braces allowed). Other placeholders stay as they are and are reported, so the
 * agent sees a typo before the customer does. Values are inserted as plain text.
 */
export function renderCannedResponse(template: string, variables: CannedVariables): RenderedCannedResponse {
  const values: Record<CannedVariableName, string | null> = {
    "contact.name": variables.contact.name?.trim() || null,
    "agent.name": variables.agent.name?.trim() || null,
    "conversation.id": variables.conversation.id,
  };
  const unknown = new Set<string>();
  const missing = new Set<string>();
  const text = template.replace(PLACEHOLDER, (placeholder, name: string) => {
    if (!(CANNED_VARIABLES as readonly string[]).includes(name)) {
      unknown.add(name);
      return placeholder;
    }
    const value = values[name as CannedVariableName];
    if (value === null) missing.add(name);
    return value ?? "";
  });
  return { text, unknownVariables: [...unknown], missingValues: [...missing] };
}

/**
 * Renders a canned response for a conversation of the account, with the conversation's
 * contact and the agent who is about to send it.
 */
export async function renderCannedResponseForConversation(
  db: Database,
  accountId: string,
  input: { cannedResponseId: string; conversationId: string; agentUserId: string },
): Promise<RenderedCannedResponse> {
  const canned = await getCannedResponse(db, accountId, input.cannedResponseId);
  const conversation = await db.conversation.findFirst({
    where: { id: input.conversationId, accountId },
    select: { id: true, contact: { select: { name: true } } },
  });
  if (!conversation) throw new UserFacingError("not_found", "No such conversation in this workspace.");
  const agent = await db.membership.findUnique({
    where: { userId_accountId: { userId: input.agentUserId, accountId } },
    select: { user: { select: { name: true } } },
  });
  if (!agent) throw new UserFacingError("not_found", "No such user in this workspace.");
  return renderCannedResponse(canned.content, {
    contact: { name: conversation.contact.name },
    agent: { name: agent.user.name },
    conversation: { id: conversation.id },
  });
}

// ───────────────────────────── Import ─────────────────────────────

export interface ImportRowError {
  /** The row as the spreadsheet numbers it: the header is row 1. 0 for the file as a whole. */
  row: number;
  field: string;
  message: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  errors: ImportRowError[];
}

interface ImportRow {
  row: number;
  cells: string[];
}

const REQUIRED_COLUMNS = ["shortcut", "title", "content"] as const;
const IMPORT_COLUMNS = [...REQUIRED_COLUMNS, "keywords"] as const;
type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Reads the rows of a CSV or XLSX file, told apart by content: an .xlsx is a ZIP archive. */
function readImportRows(bytes: Uint8Array): ImportRow[] {
  if (isZipArchive(bytes)) {
    try {
      return readFirstSheet(bytes).map(({ rowNumber, cells }) => ({ row: rowNumber, cells }));
    } catch (error) {
      if (error instanceof XlsxFormatError) throw new UserFacingError("invalid", error.message);
      throw error;
    }
  }
  if (bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new UserFacingError("invalid", "Legacy Excel (.xls) files are not supported: save the sheet as .xlsx or CSV and import that.");
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UserFacingError("invalid", "The file is neither an .xlsx workbook nor UTF-8 text: export the sheet as .xlsx or as CSV (UTF-8).");
  }
  if (text.includes("\0")) throw new UserFacingError("invalid", "The file is binary, not CSV: export the sheet as .xlsx or as CSV (UTF-8).");
  try {
    // Spreadsheet-style numbering: record N of the file is row N, whatever line breaks quoted fields hold.
    return parseCsv(text).map((record, index) => ({ row: index + 1, cells: record.fields }));
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new UserFacingError("invalid", `The CSV file cannot be read: ${error.message}`);
    throw error;
  }
}

function columnPositions(header: ImportRow | undefined, errors: ImportRowError[]): Record<ImportColumn, number | undefined> {
  const names = (header?.cells ?? []).map((cell) => cell.trim().toLowerCase());
  const positions = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column, names.indexOf(column)])) as Record<ImportColumn, number>;
  const missing = REQUIRED_COLUMNS.filter((column) => positions[column] < 0);
  if (missing.length > 0) {
    throw new UserFacingError(
      "invalid",
      `The first row must be the header shortcut,title,content[,keywords]; missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.`,
    );
  }
  names.forEach((name, index) => {
    if (name !== "" && !(IMPORT_COLUMNS as readonly string[]).includes(name)) {
      errors.push({ row: header!.row, field: header!.cells[index]!, message: `Unknown column "${header!.cells[index]}" was ignored; the columns are shortcut, title, content and keywords.` });
    }
  });
  return { ...positions, keywords: positions.keywords >= 0 ? positions.keywords : undefined };
}

/**
 * Creates or updates (by shortcut) canned responses from a CSV or XLSX file whose
 * header row is `shortcut,title,content[,keywords]` (keywords separated by ";" or ",").
 * Valid rows are written in one transaction; each invalid row is skipped and reported
 * with its row number, field and the fix. Blank rows are ignored. A row without a
 * keywords cell leaves an existing response's keywords as they are.
 */
export async function importCannedResponses(
  db: Database,
  accountId: string,
  file: { fileName: string; bytes: Uint8Array },
  createdById: string | null = null,
): Promise<ImportResult> {
  if (file.bytes.length === 0) throw new UserFacingError("invalid", `${file.fileName} is empty.`);
  if (file.bytes.length > MAX_IMPORT_BYTES) throw new UserFacingError("invalid", `${file.fileName} is larger than the ${MAX_IMPORT_BYTES / 1024 / 1024} MB import limit; split it into several files.`);

  const rows = readImportRows(file.bytes).filter((row) => row.cells.some((cell) => cell.trim() !== ""));
  const errors: ImportRowError[] = [];
  const [header, ...dataRows] = rows;
  const positions = columnPositions(header, errors);
  if (dataRows.length > MAX_IMPORT_ROWS) throw new UserFacingError("invalid", `${file.fileName} has ${dataRows.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.`);

  const valid = new Map<string, { row: number; data: z.output<typeof importRowSchema> }>();
  for (const { row, cells } of dataRows) {
    const cell = (column: ImportColumn) => {
      const position = positions[column];
      return position === undefined ? undefined : (cells[position] ?? "");
    };
    const keywordsCell = cell("keywords");
    const parsed = importRowSchema.safeParse({
      shortcut: cell("shortcut"),
      title: cell("title"),
      content: cell("content"),
      keywords: keywordsCell === undefined ? undefined : keywordsCell.split(/[;,]/).map((keyword) => keyword.trim()).filter(Boolean),
    });
    if (!parsed.success) {
      // One message per field: the first check it fails says what to fix.
      const messageByField = new Map<string, string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "row");
        if (!messageByField.has(field)) messageByField.set(field, issue.message);
      }
      for (const [field, message] of messageByField) errors.push({ row, field, message });
      continue;
    }
    const earlier = valid.get(parsed.data.shortcut);
    if (earlier) {
      errors.push({ row, field: "shortcut", message: `The shortcut /${parsed.data.shortcut} is already on row ${earlier.row}; each shortcut may appear once.` });
      continue;
    }
    valid.set(parsed.data.shortcut, { row, data: parsed.data });
  }

  let created = 0;
  let updated = 0;
  await db.$transaction(async (tx) => {
    const existing = await tx.cannedResponse.findMany({ where: { accountId, shortcut: { in: [...valid.keys()] } }, select: { id: true, shortcut: true } });
    const idByShortcut = new Map(existing.map((row) => [row.shortcut, row.id]));
    const toCreate: Prisma.CannedResponseCreateManyInput[] = [];
    for (const [shortcut, { data }] of valid) {
      const id = idByShortcut.get(shortcut);
      if (id) {
        await tx.cannedResponse.update({ where: { id }, data });
        updated += 1;
      } else {
        toCreate.push({ ...data, accountId, createdById, keywords: data.keywords ?? [] });
      }
    }
    created = (await tx.cannedResponse.createMany({ data: toCreate })).count;
  });
  return { created, updated, errors: errors.sort((a, b) => a.row - b.row) };
}

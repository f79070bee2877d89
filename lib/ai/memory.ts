/**
 * What the assistant remembers of a conversation: the customer's message and the last
 * few public messages before it (ai_settings.contextWindow), as model messages. Private
 * notes and system events never reach a model.
 */
import type { ImagePart, ModelMessage } from "ai";
import { storedAttachments } from "@/lib/conversations/attachments";
import type { InboundAttachment } from "@/lib/channels/types";
import { sqlPool, type Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { SenderType } from "@/lib/db/generated/enums";
import { queryRows } from "@/lib/db/sql";
import { readFile } from "@/lib/files/files";
import { fileIdFromUrl } from "@/lib/files/shared";
import { BACK_REFERENCE, FOLLOW_UP_START } from "./language";

export interface ThreadTurn {
  id: string;
  senderType: Exclude<SenderType, "system">;
  content: string;
  attachments: InboundAttachment[];
  createdAt: Date;
}

/** At most this many images of one message go to a model. */
const MAX_IMAGES = 4;
/**
 * A follow-up ("and to Alaska?", "do they come in wide?") only makes sense with the
 * customer's previous turn, so retrieval reads both: a short message, one that opens like
 * a continuation, or one that points back with a pronoun.
 */
const FOLLOW_UP_MAX_WORDS = 6;
const IMAGE_EXTENSION = /\.(?:png|jpe?g|gif|webp)(?:[?#].*)?$/i;

const turnSelect = { id: true, senderType: true, content: true, attachments: true, createdAt: true } as const;

/** A stored message as far as memory needs it. */
interface TurnRow {
  id: string;
  senderType: SenderType;
  content: string;
  attachments: unknown;
  createdAt: Date;
}

/** A message of `earlierTurnsQuery`'s JSON array. */
export interface EarlierTurnJson {
  id: string;
  senderType: SenderType;
  content: string;
  attachments: unknown;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

function toTurn(row: TurnRow): ThreadTurn {
  return { id: row.id, senderType: row.senderType as ThreadTurn["senderType"], content: row.content, attachments: storedAttachments(row.attachments), createdAt: row.createdAt };
}

/**
 * The up to `window` public messages before `message` in its conversation, newest first,
 * as one JSON array: a subquery, so the statement that reads the rest of what an answer
 * needs (lib/ai/conversation-state.ts) reads the memory in the same round trip.
 */
export function earlierTurnsQuery(scope: { accountId: string; conversationId: string }, message: { id: string; createdAt: Date }, window: number): Prisma.Sql {
  return Prisma.sql`(
    SELECT coalesce(json_agg(json_build_object('id', id, 'senderType', sender_type, 'content', content, 'attachments', attachments,
                                               'createdAt', (extract(epoch FROM created_at) * 1000)::float8)
                             ORDER BY created_at DESC, id DESC), '[]'::json)
      FROM (SELECT id, sender_type, content, attachments, created_at FROM messages
             WHERE account_id = ${scope.accountId} AND conversation_id = ${scope.conversationId} AND NOT is_private
               AND sender_type IN ('contact', 'agent', 'bot') AND (created_at, id) < (${message.createdAt}::timestamp, ${message.id}::text)
             ORDER BY created_at DESC, id DESC
             LIMIT ${Math.max(0, window)}::int) AS earlier)`;
}

/** The conversation's memory, oldest first: the earlier messages `earlierTurnsQuery` read, then the customer's message. */
export function recentTurns(earlier: EarlierTurnJson[], message: TurnRow): ThreadTurn[] {
  return [...earlier.map((row) => toTurn({ ...row, createdAt: new Date(row.createdAt) })).reverse(), toTurn(message)];
}

/** The customer's message and up to `window` public messages before it, oldest first. */
export async function loadRecentTurns(
  db: Database,
  scope: { accountId: string; conversationId: string },
  message: { id: string; createdAt: Date },
  window: number,
): Promise<ThreadTurn[]> {
  const [current, [row]] = await Promise.all([
    db.message.findFirstOrThrow({ where: { id: message.id, accountId: scope.accountId }, select: turnSelect }),
    queryRows<{ earlier: EarlierTurnJson[] }>(sqlPool(db), Prisma.sql`SELECT ${earlierTurnsQuery(scope, message, window)} AS earlier`, { prepareAs: "memory_earlier_turns" }),
  ]);
  return recentTurns(row!.earlier, current);
}

export function isImageAttachment(attachment: InboundAttachment): boolean {
  return attachment.contentType ? attachment.contentType.toLowerCase().startsWith("image/") : IMAGE_EXTENSION.test(attachment.url);
}

/**
 * Image parts for a model: files stored in Switchboard are read from the account (never
 * another's), other https images are passed by URL. Anything else is left out.
 */
export async function imageParts(db: Database, accountId: string, attachments: InboundAttachment[]): Promise<ImagePart[]> {
  const parts: ImagePart[] = [];
  for (const attachment of attachments.filter(isImageAttachment).slice(0, MAX_IMAGES)) {
    const fileId = fileIdFromUrl(attachment.url);
    if (fileId) {
      const file = await readFile(db, accountId, fileId).catch(() => null);
      if (file?.contentType.startsWith("image/")) parts.push({ type: "image", image: file.data, mediaType: file.contentType });
    } else if (attachment.url.startsWith("https://")) {
      parts.push({ type: "image", image: new URL(attachment.url), ...(attachment.contentType ? { mediaType: attachment.contentType } : {}) });
    }
  }
  return parts;
}

function turnText(turn: ThreadTurn): string {
  const images = turn.attachments.filter(isImageAttachment).length;
  const files = turn.attachments.length - images;
  const notes = [images ? `[sent ${images === 1 ? "an image" : `${images} images`}]` : "", files ? `[sent ${files === 1 ? "a file" : `${files} files`}]` : ""].filter(Boolean);
  return [turn.content.trim(), ...notes].filter(Boolean).join(" ");
}

/**
 * The turns as model messages: the customer speaks as `user`, agents and the assistant as
 * `assistant`. The last turn (the customer's message) carries its images, with the
 * workspace's image prompt, when the model can read them.
 */
export function toModelMessages(turns: ThreadTurn[], vision: { images: ImagePart[]; imagePrompt: string } | null): ModelMessage[] {
  return turns.flatMap((turn, index): ModelMessage[] => {
    const isCurrent = index === turns.length - 1;
    if (turn.senderType !== "contact") {
      const text = turnText(turn);
      return text ? [{ role: "assistant", content: text }] : [];
    }
    if (isCurrent && vision && vision.images.length > 0) {
      const prompt = vision.imagePrompt.trim();
      return [
        {
          role: "user",
          content: [
            ...(turn.content.trim() ? [{ type: "text" as const, text: turn.content.trim() }] : []),
            ...vision.images,
            ...(prompt ? [{ type: "text" as const, text: prompt }] : []),
          ],
        },
      ];
    }
    const text = isCurrent ? turn.content.trim() || turnText(turn) : turnText(turn);
    return text ? [{ role: "user", content: text }] : [];
  });
}

/** What retrieval searches for: the customer's message, plus their previous turn when the message is a follow-up. */
export function retrievalQuery(turns: ThreadTurn[]): string {
  const customer = turns.filter((turn) => turn.senderType === "contact");
  const latest = customer.at(-1)?.content.trim() ?? "";
  const previous = customer.at(-2)?.content.trim();
  const followUp = latest.split(/\s+/).filter(Boolean).length <= FOLLOW_UP_MAX_WORDS || FOLLOW_UP_START.test(latest) || BACK_REFERENCE.test(latest);
  return previous && followUp ? `${previous}\n${latest}` : latest;
}

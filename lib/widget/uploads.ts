import type { Database } from "@/lib/db/client";
import { UserFacingError } from "@/lib/errors";
import { detectContentType } from "@/lib/files/content-type";
import { type FileContent, readFile, storeFile } from "@/lib/files/files";
import { fileUrl } from "@/lib/files/shared";
import { assertMayChat, ownedConversation, type WidgetActor } from "./conversation";
import { consumeRateLimit, MESSAGES_PER_SESSION } from "./rate-limit";
import { uploadProof } from "./session-token";

/** What a customer may send from the widget: photos, voice notes and PDFs (receipts, labels). */
const WIDGET_UPLOAD_TYPE = /^(image\/(png|jpeg|gif|webp)|audio\/(mpeg|ogg|webm|mp4)|application\/pdf)$/;

export interface WidgetUpload {
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** Sent back with the message that carries the file. */
  proof: string;
}

/**
 * Stores a file the customer attaches, judged by its bytes (not its name) and the
 * upload size limit; the proof returned lets only this session attach it.
 */
export async function storeWidgetUpload(db: Database, actor: WidgetActor, upload: { fileName: string; bytes: Uint8Array }): Promise<WidgetUpload> {
  assertMayChat(actor);
  await consumeRateLimit(
    db,
    `widget:uploads:${actor.session.id}`,
    MESSAGES_PER_SESSION,
    `You are sending files too quickly: at most ${MESSAGES_PER_SESSION.limit} a minute. Wait a moment and try again.`,
  );
  if (upload.bytes.byteLength > 0 && !WIDGET_UPLOAD_TYPE.test(detectContentType(upload.bytes))) {
    throw new UserFacingError("invalid", "Send a photo (PNG, JPEG, GIF or WebP), a voice note or a PDF.");
  }
  const stored = await storeFile(db, actor.channel.accountId, null, upload);
  return { id: stored.id, name: stored.name, contentType: stored.contentType, size: stored.size, proof: uploadProof(actor.session.id, stored.id) };
}

/**
 * A file shown in the customer's chat: only files attached to a public message of a
 * conversation of theirs (their uploads, agents' replies); not_found for anything else.
 */
export async function readWidgetFile(db: Database, actor: WidgetActor, fileId: string, conversationId: string): Promise<FileContent> {
  const conversation = await ownedConversation(db, actor, conversationId);
  const attached = await db.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM messages
       WHERE conversation_id = ${conversation.id} AND is_private = false
         AND attachments @> ${JSON.stringify([{ url: fileUrl(fileId) }])}::jsonb
    ) AS found`;
  if (!attached[0]?.found) throw new UserFacingError("not_found", "No such file in this chat.");
  return readFile(db, actor.channel.accountId, fileId);
}

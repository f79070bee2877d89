import { z } from "zod";
import { conversationUpdatedEvent } from "@/lib/conversations/events";
import { addSystemEvent } from "@/lib/conversations/thread";
import type { Database } from "@/lib/db/client";
import { sendEmail } from "@/lib/email/mailer";
import { writeOutboxEvents } from "@/lib/outbox/outbox";
import { relayAfterCommit } from "@/lib/outbox/relay";
import { assertMayChat, sendWidgetMessage, serverMessageId, type WidgetActor } from "./conversation";
import type { WebChannelSettings } from "./settings";
import { escapeHtml } from "@/lib/http/html";

/** The label that marks conversations left through the offline form, for follow-up. */
const OFFLINE_FORM_LABEL = "offline-form";

const fieldSchemas = {
  name: z.string().trim().min(1, "Enter your name.").max(200),
  email: z.email("Enter an email address we can reply to.").max(320),
  phone: z.string().trim().regex(/^\+?[0-9 ()./-]{5,30}$/, "Enter a phone number, e.g. +1 212 555 0100."),
  message: z.string().trim().min(1, "Write your message.").max(5_000, "Keep the message to 5,000 characters."),
};

/** A field the channel does not ask for is dropped, whatever was sent. */
const notAsked = z.unknown().optional().transform((): undefined => undefined);

/** The form the channel's settings ask for: every configured field is required. */
export function offlineFormSchema(settings: WebChannelSettings) {
  const fields = settings.offlineForm.fields;
  return z.object({
    name: fields.includes("name") ? fieldSchemas.name : notAsked,
    email: fields.includes("email") ? fieldSchemas.email : notAsked,
    phone: fields.includes("phone") ? fieldSchemas.phone : notAsked,
    message: fields.includes("message") ? fieldSchemas.message : notAsked,
  });
}
export type OfflineFormInput = z.infer<ReturnType<typeof offlineFormSchema>>;

async function sendConfirmation(db: Database, actor: WidgetActor, email: string, input: OfflineFormInput): Promise<boolean> {
  const account = await db.account.findUniqueOrThrow({ where: { id: actor.channel.accountId }, select: { name: true } });
  const confirmation = actor.settings.offlineForm.confirmation;
  const quoted = input.message ?? "";
  try {
    await sendEmail({
      to: email,
      subject: `We got your message – ${account.name}`,
      text: `${input.name ? `Hi ${input.name},\n\n` : ""}${confirmation}\n\nYour message:\n${quoted}\n\n— ${account.name}`,
      html:
        `${input.name ? `<p>Hi ${escapeHtml(input.name)},</p>` : ""}<p>${escapeHtml(confirmation)}</p>` +
        (quoted ? `<p>Your message:</p><blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px">${escapeHtml(quoted).replace(/\n/g, "<br>")}</blockquote>` : "") +
        `<p>— ${escapeHtml(account.name)}</p>`,
    });
    return true;
  } catch (error) {
    // The message is stored and flagged for follow-up either way; a mail outage must not lose it.
    console.error("Sending the offline form confirmation failed:", error);
    return false;
  }
}

/**
 * The offline form: stores the customer's message in a conversation (through the same
 * ingest and limits as chat), marks it for follow-up (subject, the offline-form label,
 * AI paused, a note for agents) and emails the customer a confirmation.
 */
export async function submitOfflineForm(db: Database, actor: WidgetActor, input: OfflineFormInput): Promise<{ conversationId: string; emailed: boolean }> {
  assertMayChat(actor);
  const who = input.name || input.email || input.phone || "a visitor";
  const details = [input.email && `email ${input.email}`, input.phone && `phone ${input.phone}`].filter(Boolean).join(", ");
  const ingested = await sendWidgetMessage(
    db,
    actor,
    { clientMessageId: serverMessageId(), text: input.message ?? `Left contact details through the offline form${details ? ` (${details})` : ""}.` },
    { contact: { name: input.name, email: input.email, phone: input.phone } },
  );

  const conversation = ingested.conversation;
  const eventIds = await db.$transaction(async (tx) => {
    const updated = await tx.conversation.update({
      where: { id: conversation.id },
      data: {
        subject: conversation.subject ?? `Offline message from ${who}`,
        labels: conversation.labels.includes(OFFLINE_FORM_LABEL) ? conversation.labels : [...conversation.labels, OFFLINE_FORM_LABEL],
        aiPaused: true,
      },
    });
    const note = await addSystemEvent(tx, updated, "web", `${who} left a message through the offline form${details ? `; reply by ${details}` : ""}.`, null);
    return writeOutboxEvents(tx, conversation.accountId, [conversationUpdatedEvent(updated), ...note.events]);
  });
  relayAfterCommit(db, eventIds);

  const emailed = input.email ? await sendConfirmation(db, actor, input.email, input) : false;
  return { conversationId: conversation.id, emailed };
}

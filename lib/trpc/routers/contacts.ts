import { z } from "zod";
import { getContact, listContacts, listContactsInput, mergeContacts, mergeConversations, mergeInput, updateContact, updateContactInput } from "@/lib/contacts/contacts";
import { createTRPCRouter, memberProcedure } from "../init";

const contactIdInput = z.object({ contactId: z.string().min(1, "contactId is required.") });

/**
 * Contacts are worked on by every member: agents correct details, and merge duplicates
 * (contacts or conversations of one contact) as they meet them in the inbox. Merges are
 * recorded in the audit log with the acting user.
 */
export const contactsRouter = createTRPCRouter({
  list: memberProcedure.input(listContactsInput.optional()).query(({ ctx, input }) => listContacts(ctx.db, ctx.caller.accountId, input)),
  get: memberProcedure.input(contactIdInput).query(({ ctx, input }) => getContact(ctx.db, ctx.caller.accountId, input.contactId)),
  update: memberProcedure
    .input(contactIdInput.extend({ patch: updateContactInput }))
    .mutation(({ ctx, input }) => updateContact(ctx.db, ctx.caller.accountId, input.contactId, input.patch)),
  merge: memberProcedure.input(mergeInput).mutation(({ ctx, input }) => mergeContacts(ctx.db, ctx.caller.accountId, { ...input, actorUserId: ctx.userId })),
  mergeConversations: memberProcedure
    .input(mergeInput)
    .mutation(({ ctx, input }) => mergeConversations(ctx.db, ctx.caller.accountId, { ...input, actorUserId: ctx.userId })),
});

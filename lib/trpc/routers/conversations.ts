import { z } from "zod";
import {
  addInternalNote,
  assignConversation,
  changeStatus,
  markRead,
  replyToConversation,
  setLabels,
  setPriority,
  transferConversation,
  unassignConversation,
} from "@/lib/conversations/actions";
import { attachmentListSchema } from "@/lib/conversations/attachments";
import { MAX_MESSAGE_TEXT_BYTES } from "@/lib/conversations/limits";
import { conversationSorts, conversationTabs, getConversation, listConversations, listMessages } from "@/lib/conversations/queries";
import { conversationStatuses } from "@/lib/conversations/status";
import { createTRPCRouter, memberProcedure } from "../init";

const id = (field: string) => z.string().trim().min(1, `${field} is required.`).max(64, `${field} is not a valid id.`);
const conversationInput = z.object({ conversationId: id("conversationId") });
const priorities = ["low", "medium", "high", "urgent"] as const;

/** Empty text is refused by the domain (a reply may be attachments only). */
const messageText = z.string().refine((text) => Buffer.byteLength(text, "utf8") <= MAX_MESSAGE_TEXT_BYTES, {
  error: `Message text is over the limit of ${MAX_MESSAGE_TEXT_BYTES} bytes (64 KB): shorten it or send it as an attachment.`,
});

const listInput = z.object({
  tab: z.enum(conversationTabs).default("all"),
  status: z.enum(conversationStatuses).optional(),
  channelId: id("channelId").optional(),
  teamId: id("teamId").optional(),
  label: z.string().trim().min(1).max(50).optional(),
  priority: z.enum(priorities).optional(),
  assigneeId: id("assigneeId").optional(),
  sort: z.enum(conversationSorts).default("latest"),
  cursor: z.string().max(1_000).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const conversationsRouter = createTRPCRouter({
  list: memberProcedure.input(listInput).query(({ ctx, input }) => listConversations(ctx.db, ctx.caller.accountId, ctx.userId, input)),
  get: memberProcedure.input(conversationInput).query(({ ctx, input }) => getConversation(ctx.db, ctx.caller.accountId, input.conversationId)),
  messages: memberProcedure
    .input(conversationInput.extend({ before: id("before").optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listMessages(ctx.db, ctx.caller.accountId, input.conversationId, input)),
  reply: memberProcedure
    .input(conversationInput.extend({ text: messageText, attachments: attachmentListSchema.default([]) }))
    .mutation(({ ctx, input }) => replyToConversation(ctx.db, ctx.caller.accountId, ctx.userId, input.conversationId, input)),
  note: memberProcedure
    .input(conversationInput.extend({ text: messageText }))
    .mutation(({ ctx, input }) => addInternalNote(ctx.db, ctx.caller.accountId, ctx.userId, input.conversationId, input)),
  assign: memberProcedure
    .input(conversationInput.extend({ agentId: id("agentId") }))
    .mutation(({ ctx, input }) => assignConversation(ctx.db, ctx.caller.accountId, ctx.userId, input.conversationId, input.agentId)),
  unassign: memberProcedure
    .input(conversationInput)
    .mutation(({ ctx, input }) => unassignConversation(ctx.db, ctx.caller.accountId, ctx.userId, input.conversationId)),
  transfer: memberProcedure
    .input(
      conversationInput
        .extend({ agentId: id("agentId").nullable().optional(), teamId: id("teamId").nullable().optional() })
        .refine((input) => input.agentId !== undefined || input.teamId !== undefined, { error: "Choose an agent or a team.", path: ["agentId"] }),
    )
    .mutation(({ ctx, input }) =>
      transferConversation(ctx.db, ctx.caller.accountId, ctx.userId, input.conversationId, { agentId: input.agentId, teamId: input.teamId }),
    ),
  setLabels: memberProcedure
    .input(
      conversationInput.extend({
        labels: z.array(z.string().trim().min(1, "Labels cannot be empty.").max(50, "A label is at most 50 characters.")).max(20, "At most 20 labels."),
      }),
    )
    .mutation(({ ctx, input }) => setLabels(ctx.db, ctx.caller.accountId, ctx.userId, input.conversationId, input.labels)),
  setPriority: memberProcedure
    .input(conversationInput.extend({ priority: z.enum(priorities) }))
    .mutation(({ ctx, input }) => setPriority(ctx.db, ctx.caller.accountId, ctx.userId, input.conversationId, input.priority)),
  changeStatus: memberProcedure
    .input(conversationInput.extend({ status: z.enum(conversationStatuses) }))
    .mutation(({ ctx, input }) => changeStatus(ctx.db, ctx.caller.accountId, ctx.userId, input.conversationId, input.status)),
  markRead: memberProcedure
    .input(conversationInput)
    .mutation(({ ctx, input }) => markRead(ctx.db, ctx.caller.accountId, ctx.userId, input.conversationId)),
});

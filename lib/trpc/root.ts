import { createCallerFactory, createTRPCRouter } from "./init";
import { aiRouter } from "./routers/ai";
import { aiSettingsRouter } from "./routers/ai-settings";
import { cannedRouter } from "./routers/canned";
import { contactsRouter } from "./routers/contacts";
import { conversationsRouter } from "./routers/conversations";
import { knowledgeRouter } from "./routers/knowledge";
import { mailboxRouter } from "./routers/mailbox";
import { meRouter } from "./routers/me";
import { notificationsRouter } from "./routers/notifications";
import { searchRouter } from "./routers/search";
import { usersRouter } from "./routers/users";
import { visitorsRouter } from "./routers/visitors";
import { webChannelsRouter } from "./routers/web-channels";
import { workflowsRouter } from "./routers/workflows";

export const appRouter = createTRPCRouter({
  me: meRouter,
  users: usersRouter,
  workflows: workflowsRouter,
  mailbox: mailboxRouter,
  conversations: conversationsRouter,
  canned: cannedRouter,
  contacts: contactsRouter,
  search: searchRouter,
  knowledge: knowledgeRouter,
  notifications: notificationsRouter,
  ai: aiRouter,
  aiSettings: aiSettingsRouter,
  webChannels: webChannelsRouter,
  visitors: visitorsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

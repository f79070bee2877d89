import { createCallerFactory, createTRPCRouter } from "./init";
import { cannedRouter } from "./routers/canned";
import { contactsRouter } from "./routers/contacts";
import { conversationsRouter } from "./routers/conversations";
import { mailboxRouter } from "./routers/mailbox";
import { meRouter } from "./routers/me";
import { notificationsRouter } from "./routers/notifications";
import { searchRouter } from "./routers/search";
import { usersRouter } from "./routers/users";
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
  notifications: notificationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

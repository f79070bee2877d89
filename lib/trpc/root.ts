import { createCallerFactory, createTRPCRouter } from "./init";
import { mailboxRouter } from "./routers/mailbox";
import { meRouter } from "./routers/me";
import { usersRouter } from "./routers/users";
import { workflowsRouter } from "./routers/workflows";

export const appRouter = createTRPCRouter({
  me: meRouter,
  users: usersRouter,
  workflows: workflowsRouter,
  mailbox: mailboxRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

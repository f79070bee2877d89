import { z } from "zod";
import { getWorkflowRun, listWorkflowFunctions, listWorkflowRuns, RUN_STATUSES, rerunWorkflowRun } from "@/lib/workflows/runs";
import { adminProcedure, createTRPCRouter } from "../init";

// The executor's runs span every account of the installation, hence admin-only.
const runIdInput = z.object({ id: z.uuid("id must be a workflow run id (UUID).") });

export const workflowsRouter = createTRPCRouter({
  listRuns: adminProcedure
    .input(z.object({ status: z.enum(RUN_STATUSES).optional(), limit: z.number().int().min(1).max(500).optional() }))
    .query(({ input }) => listWorkflowRuns(input)),
  getRun: adminProcedure.input(runIdInput).query(({ input }) => getWorkflowRun(input.id)),
  rerun: adminProcedure.input(runIdInput).mutation(({ input }) => rerunWorkflowRun(input.id)),
  listFunctions: adminProcedure.query(() => listWorkflowFunctions()),
});

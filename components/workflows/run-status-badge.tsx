import { Badge, type BadgeProps } from "@/components/ui/badge";
import type { WorkflowRunStatus } from "@/lib/workflows/runs";

const variantByStatus: Record<WorkflowRunStatus, NonNullable<BadgeProps["variant"]>> = {
  queued: "outline",
  running: "default",
  sleeping: "secondary",
  waiting: "secondary",
  completed: "success",
  failed: "destructive",
  cancelled: "warning",
};

export function RunStatusBadge({ status }: { status: WorkflowRunStatus }) {
  return <Badge variant={variantByStatus[status]}>{status}</Badge>;
}

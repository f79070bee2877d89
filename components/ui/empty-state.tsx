import * as React from "react";

import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

interface EmptyStateProps extends Omit<React.ComponentProps<"div">, "title"> {
  /** A decorative icon element, e.g. `<Inbox />`. */
  icon?: React.ReactNode;
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Usually a Button that resolves the empty state ("Create channel"). */
  action?: React.ReactNode;
}

function EmptyState({ icon, title, description, action, className, ...props }: EmptyStateProps) {
  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed px-6 py-12 text-center",
        className,
      )}
      {...props}
    >
      {icon && (
        <div
          aria-hidden
          className="flex size-10 items-center justify-center rounded-lg border bg-muted/60 text-muted-foreground [&_svg]:size-5"
        >
          {icon}
        </div>
      )}
      <div className="grid max-w-sm gap-1">
        <h2 className="text-sm font-semibold">{title}</h2>
        {description && <p className="text-sm text-muted-foreground">{description}</p>}
      </div>
      {action && <div className="mt-1 flex flex-wrap items-center justify-center gap-2">{action}</div>}
    </div>
  );
}

/** A list or panel whose data could not be loaded: what failed, why, and a retry. */
function LoadErrorState({ icon, title, message, onRetry }: { icon?: React.ReactNode; title: React.ReactNode; message: string; onRetry: () => void }) {
  return (
    <EmptyState
      icon={icon}
      title={title}
      description={message}
      action={
        <Button variant="outline" onClick={onRetry}>
          Try again
        </Button>
      }
    />
  );
}

export { EmptyState, LoadErrorState, type EmptyStateProps };

import { Skeleton } from "@/components/ui/skeleton";

/** Shown while the inbox's client code starts; the same three-pane shape as the inbox. */
export function InboxSkeleton() {
  return (
    <div className="grid h-full grid-cols-1 md:grid-cols-[20rem_minmax(0,1fr)] xl:grid-cols-[22rem_minmax(0,1fr)_20rem]" aria-busy="true" aria-label="Loading the inbox">
      <div className="grid content-start gap-3 border-r p-3">
        <Skeleton className="h-6 w-24" />
        <Skeleton className="h-9 w-full" />
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-14 w-full" />
        ))}
      </div>
      <div className="hidden bg-muted/20 md:block" />
      <div className="hidden border-l xl:block" />
    </div>
  );
}

import { cn } from "@/lib/utils";

/** The Switchboard mark: two patch cords crossing between jacks. */
function LogoMark({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        "flex size-7 shrink-0 items-center justify-center rounded-md bg-primary text-primary-foreground shadow-xs",
        className,
      )}
    >
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" className="size-4">
        <path d="M6 7c6 0 6 10 12 10" />
        <path d="M6 17c6 0 6-10 12-10" />
        <circle cx="4.5" cy="7" r="1.5" fill="currentColor" stroke="none" />
        <circle cx="4.5" cy="17" r="1.5" fill="currentColor" stroke="none" />
        <circle cx="19.5" cy="7" r="1.5" fill="currentColor" stroke="none" />
        <circle cx="19.5" cy="17" r="1.5" fill="currentColor" stroke="none" />
      </svg>
    </span>
  );
}

/** Mark plus product name. */
function Logo({ className }: { className?: string }) {
  return (
    <span className={cn("flex items-center gap-2.5", className)}>
      <LogoMark />
      <span className="text-[15px] font-semibold tracking-tight">Switchboard</span>
    </span>
  );
}

export { Logo, LogoMark };

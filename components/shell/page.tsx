import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

/** The padded, width-limited column most pages sit in (full-bleed pages like the inbox skip it). */
export function Page({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn("mx-auto grid w-full max-w-6xl content-start gap-6 p-4 md:p-6", className)}>{children}</div>;
}

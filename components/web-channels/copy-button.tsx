"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";
import { toast } from "@/components/ui/use-toast";

interface CopyButtonProps extends Omit<ButtonProps, "onClick" | "children"> {
  value: string;
  /** What is copied, for the button's label and the toast ("embed snippet"). */
  what: string;
  /** Show only the icon (the label stays for screen readers). */
  iconOnly?: boolean;
}

/** Copies `value` to the clipboard, confirming with a check mark and a toast. */
export function CopyButton({ value, what, iconOnly = false, variant = "outline", size, ...props }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast({ variant: "success", title: "Copied", description: `The ${what} is on your clipboard.` });
    } catch {
      toast({ variant: "destructive", title: "Could not copy", description: `Your browser refused clipboard access: select the ${what} and copy it by hand.` });
    }
  }

  const label = `Copy ${what}`;
  return (
    <Button variant={variant} size={size ?? (iconOnly ? "icon-sm" : "sm")} onClick={copy} aria-label={iconOnly ? label : undefined} title={iconOnly ? label : undefined} {...props}>
      {copied ? <Check /> : <Copy />}
      {iconOnly ? null : copied ? "Copied" : "Copy"}
    </Button>
  );
}

"use client";

import * as React from "react";
import { ChevronsUpDown } from "lucide-react";

import { cn, initials } from "@/lib/utils";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/use-toast";

export interface AccountOption {
  id: string;
  name: string;
}

export interface AccountSwitcherProps {
  accounts: readonly AccountOption[];
  currentAccountId: string;
  /** Switches the session to another account; may be a server action. Rejecting shows an error toast. */
  onSwitch: (accountId: string) => Promise<void>;
  className?: string;
}

function AccountMark({ name }: { name: string }) {
  return (
    <span
      aria-hidden
      className="flex size-6 shrink-0 items-center justify-center rounded-md border bg-muted text-[11px] font-semibold text-muted-foreground"
    >
      {initials(name)}
    </span>
  );
}

/** The current account; a switcher menu when the user belongs to more than one. */
function AccountSwitcher({ accounts, currentAccountId, onSwitch, className }: AccountSwitcherProps) {
  const [pending, startSwitch] = React.useTransition();
  const [targetId, setTargetId] = React.useState<string | null>(null);
  const current = accounts.find((a) => a.id === currentAccountId);
  const displayed = (pending && accounts.find((a) => a.id === targetId)) || current;
  const name = displayed?.name ?? "No account";

  if (accounts.length <= 1) {
    return (
      <div className={cn("flex min-w-0 items-center gap-2 px-1 text-sm font-medium", className)}>
        <AccountMark name={name} />
        <span className="truncate">{name}</span>
      </div>
    );
  }

  function switchTo(accountId: string) {
    if (accountId === currentAccountId || pending) return;
    setTargetId(accountId);
    startSwitch(async () => {
      try {
        await onSwitch(accountId);
      } catch (error) {
        toast({
          variant: "destructive",
          title: "Could not switch account",
          description: error instanceof Error ? error.message : "Please try again.",
        });
      }
    });
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        disabled={pending}
        aria-busy={pending || undefined}
        aria-label={`Account: ${name}. Switch account`}
        className={cn(
          "flex h-8 max-w-64 min-w-0 items-center gap-2 rounded-md px-1.5 text-sm font-medium outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:opacity-70 data-[state=open]:bg-accent",
          className,
        )}
      >
        <AccountMark name={name} />
        <span className="truncate">{name}</span>
        {pending ? (
          <Spinner size="sm" label="Switching account" />
        ) : (
          <ChevronsUpDown className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
        )}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-60">
        <DropdownMenuLabel className="text-xs font-medium text-muted-foreground">Switch account</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={currentAccountId} onValueChange={switchTo}>
          {accounts.map((account) => (
            <DropdownMenuRadioItem key={account.id} value={account.id}>
              <span className="truncate">{account.name}</span>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

export { AccountSwitcher };

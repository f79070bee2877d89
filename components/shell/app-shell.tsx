"use client";

import * as React from "react";
import { Menu, Search } from "lucide-react";

import { Button } from "@/components/ui/button";
import { AccountSwitcher, type AccountOption } from "@/components/shell/account-switcher";
import { AppSidebar } from "@/components/shell/app-sidebar";
import { CommandPalette, useModifierKeyLabel, type CommandAction } from "@/components/shell/command-palette";
import type { NavItem, ShellUser } from "@/components/shell/nav";
import { ThemeToggle } from "@/components/shell/theme-toggle";

export interface AppShellProps {
  navItems: readonly NavItem[];
  user: ShellUser;
  accounts: readonly AccountOption[];
  currentAccountId: string;
  /** May be a server action. */
  onSwitchAccount: (accountId: string) => Promise<void>;
  /** May be a server action. */
  onSignOut: () => void | Promise<void>;
  /** Extra entries for the command palette besides the navigation items. */
  commandActions?: readonly CommandAction[];
  /** Rendered in the header before the theme toggle (e.g. agent status, notifications). */
  headerActions?: React.ReactNode;
  children: React.ReactNode;
}

/** Sidebar, header and the scrolling main area every signed-in page sits in. */
function AppShell({
  navItems,
  user,
  accounts,
  currentAccountId,
  onSwitchAccount,
  onSignOut,
  commandActions,
  headerActions,
  children,
}: AppShellProps) {
  const [sidebarOpen, setSidebarOpen] = React.useState(false);
  const [paletteOpen, setPaletteOpen] = React.useState(false);
  const modifierKey = useModifierKeyLabel();

  return (
    <div className="flex h-dvh overflow-hidden bg-background">
      <a
        href="#main-content"
        className="sr-only rounded-md bg-primary px-3 py-2 text-sm font-medium text-primary-foreground shadow-md focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-[60] focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <AppSidebar
        navItems={navItems}
        user={user}
        onSignOut={onSignOut}
        mobileOpen={sidebarOpen}
        onMobileOpenChange={setSidebarOpen}
      />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 shrink-0 items-center gap-2 border-b px-3 sm:px-4">
          <Button
            variant="ghost"
            size="icon-sm"
            className="md:hidden"
            aria-label="Open navigation"
            aria-expanded={sidebarOpen}
            onClick={() => setSidebarOpen(true)}
          >
            <Menu aria-hidden />
          </Button>
          <AccountSwitcher accounts={accounts} currentAccountId={currentAccountId} onSwitch={onSwitchAccount} />
          <div className="ml-auto flex items-center gap-1.5">
            <Button
              variant="outline"
              size="sm"
              className="w-9 justify-start px-0 text-muted-foreground sm:w-56 sm:px-2.5 max-sm:justify-center"
              onClick={() => setPaletteOpen(true)}
              aria-keyshortcuts="Meta+K Control+K"
            >
              <Search aria-hidden />
              <span className="sr-only sm:not-sr-only">Search…</span>
              <kbd className="ml-auto hidden h-5 items-center gap-0.5 rounded border bg-muted px-1.5 font-sans text-[11px] font-medium sm:inline-flex">
                {modifierKey}
                <span>K</span>
              </kbd>
            </Button>
            {headerActions}
            <ThemeToggle />
          </div>
        </header>
        <main id="main-content" tabIndex={-1} className="min-h-0 flex-1 overflow-y-auto outline-none">
          {children}
        </main>
      </div>
      <CommandPalette
        navItems={navItems}
        role={user.role}
        actions={commandActions}
        open={paletteOpen}
        onOpenChange={setPaletteOpen}
      />
    </div>
  );
}

export { AppShell };

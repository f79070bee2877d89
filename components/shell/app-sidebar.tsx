"use client";

import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ChevronsUpDown, KeyRound, LogOut, SunMoon } from "lucide-react";

import { cn, initials } from "@/lib/utils";
import { Avatar, AvatarFallback, AvatarImage } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Sheet, SheetContent, SheetDescription, SheetTitle } from "@/components/ui/sheet";
import { Spinner } from "@/components/ui/spinner";
import { Logo } from "@/components/shell/logo";
import { activeNavHref, parseShortcut, visibleNavItems, type NavItem, type ShellUser } from "@/components/shell/nav";
import { ThemeRadioItems } from "@/components/shell/theme-toggle";

export interface AppSidebarProps {
  navItems: readonly NavItem[];
  user: ShellUser;
  /** May be a server action. */
  onSignOut: () => void | Promise<void>;
  /** The small-screen drawer; controlled by the header's menu button. */
  mobileOpen?: boolean;
  onMobileOpenChange?: (open: boolean) => void;
  className?: string;
}

/**
 * Primary navigation: a fixed column from the md breakpoint up, a left drawer below it.
 */
function AppSidebar({ navItems, user, onSignOut, mobileOpen = false, onMobileOpenChange, className }: AppSidebarProps) {
  return (
    <>
      <aside
        aria-label="Sidebar"
        className={cn(
          "hidden w-60 shrink-0 flex-col border-r border-sidebar-border bg-sidebar text-sidebar-foreground md:flex",
          className,
        )}
      >
        <SidebarBody navItems={navItems} user={user} onSignOut={onSignOut} />
      </aside>
      <Sheet open={mobileOpen} onOpenChange={onMobileOpenChange}>
        <SheetContent side="left" className="w-72 gap-0 bg-sidebar p-0 text-sidebar-foreground md:hidden">
          <SheetTitle className="sr-only">Navigation</SheetTitle>
          <SheetDescription className="sr-only">Main navigation and account menu</SheetDescription>
          <SidebarBody
            navItems={navItems}
            user={user}
            onSignOut={onSignOut}
            onNavigate={() => onMobileOpenChange?.(false)}
          />
        </SheetContent>
      </Sheet>
    </>
  );
}

function SidebarBody({
  navItems,
  user,
  onSignOut,
  onNavigate,
}: Pick<AppSidebarProps, "navItems" | "user" | "onSignOut"> & { onNavigate?: () => void }) {
  const pathname = usePathname();
  const items = visibleNavItems(navItems, user.role);
  const activeHref = activeNavHref(pathname, items);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex h-14 shrink-0 items-center px-4">
        <Logo />
      </div>
      <nav aria-label="Main" className="min-h-0 flex-1 overflow-y-auto px-2 py-2">
        <ul className="grid gap-0.5">
          {items.map((item) => {
            const active = item.href === activeHref;
            const keys = parseShortcut(item.shortcut);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  onClick={onNavigate}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    "group flex h-8 items-center gap-2.5 rounded-md px-2.5 text-sm text-sidebar-foreground/75 transition-colors outline-none hover:bg-sidebar-accent hover:text-sidebar-foreground focus-visible:ring-[3px] focus-visible:ring-sidebar-ring/50 [&_svg]:size-4 [&_svg]:shrink-0 [&_svg]:text-muted-foreground",
                    active &&
                      "bg-sidebar-accent font-medium text-sidebar-accent-foreground [&_svg]:text-sidebar-primary",
                  )}
                >
                  {item.icon}
                  <span className="truncate">{item.label}</span>
                  {keys.length > 0 && (
                    <kbd
                      aria-hidden
                      className="ml-auto hidden font-sans text-[11px] tracking-widest text-muted-foreground opacity-0 transition-opacity group-hover:opacity-100 group-focus-visible:opacity-100 md:inline"
                    >
                      {keys.join(" ").toUpperCase()}
                    </kbd>
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="shrink-0 border-t border-sidebar-border p-2">
        <UserMenu user={user} onSignOut={onSignOut} onNavigate={onNavigate} />
      </div>
    </div>
  );
}

function UserMenu({
  user,
  onSignOut,
  onNavigate,
}: Pick<AppSidebarProps, "user" | "onSignOut"> & { onNavigate?: () => void }) {
  const [signingOut, startSignOut] = React.useTransition();

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-busy={signingOut || undefined}
        className="flex w-full items-center gap-2.5 rounded-md p-1.5 text-left outline-none hover:bg-sidebar-accent focus-visible:ring-[3px] focus-visible:ring-sidebar-ring/50 data-[state=open]:bg-sidebar-accent"
      >
        <Avatar className="size-8 rounded-md">
          {user.image && <AvatarImage src={user.image} alt="" />}
          <AvatarFallback className="rounded-md">{initials(user.name || user.email)}</AvatarFallback>
        </Avatar>
        <span className="grid min-w-0 flex-1 leading-tight">
          <span className="truncate text-sm font-medium">{user.name}</span>
          <span className="truncate text-xs text-muted-foreground">{user.email}</span>
        </span>
        {signingOut ? (
          <Spinner size="sm" label="Signing out" />
        ) : (
          <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        )}
      </DropdownMenuTrigger>
      <DropdownMenuContent side="top" align="start" className="w-(--radix-dropdown-menu-trigger-width) min-w-56">
        <DropdownMenuLabel className="grid gap-1 font-normal">
          <span className="flex items-center justify-between gap-2">
            <span className="truncate font-medium">{user.name}</span>
            <Badge variant={user.role === "admin" ? "default" : "secondary"} className="capitalize">
              {user.role}
            </Badge>
          </span>
          <span className="truncate text-xs text-muted-foreground">{user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/settings/profile" onClick={onNavigate}>
            <KeyRound aria-hidden />
            Profile & password
          </Link>
        </DropdownMenuItem>
        <DropdownMenuSub>
          <DropdownMenuSubTrigger>
            <SunMoon aria-hidden />
            Theme
          </DropdownMenuSubTrigger>
          <DropdownMenuSubContent className="w-36">
            <ThemeRadioItems />
          </DropdownMenuSubContent>
        </DropdownMenuSub>
        <DropdownMenuSeparator />
        <DropdownMenuItem
          disabled={signingOut}
          onSelect={() =>
            startSignOut(async () => {
              await onSignOut();
            })
          }
        >
          <LogOut aria-hidden />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

export { AppSidebar };

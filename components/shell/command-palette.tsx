"use client";

import * as React from "react";
import { useRouter } from "next/navigation";

import {
  CommandDialog,
  CommandEmpty,
  CommandGroup,
  CommandInput,
  CommandItem,
  CommandList,
  CommandSeparator,
  CommandShortcut,
} from "@/components/ui/command";
import {
  createShortcutMatcher,
  parseShortcut,
  visibleNavItems,
  type NavItem,
  type ShellRole,
} from "@/components/shell/nav";

export interface CommandAction {
  id: string;
  label: string;
  icon?: React.ReactNode;
  /** Display only, e.g. "⌘ ⇧ N". */
  shortcut?: string;
  /** Extra words the search should match. */
  keywords?: string[];
  /** Heading the action is listed under; "Actions" by default. */
  group?: string;
  /** Navigate here when chosen… */
  href?: string;
  /** …or run this (a client callback). */
  onSelect?: () => void;
}

export interface CommandPaletteProps {
  navItems: readonly NavItem[];
  role: ShellRole;
  actions?: readonly CommandAction[];
  /** Controlled open state; omit both to let the palette manage it. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}

const subscribeNothing = () => () => {};

/** "⌘" on Apple platforms, "Ctrl" elsewhere (and during server render). */
export function useModifierKeyLabel(): string {
  return React.useSyncExternalStore(
    subscribeNothing,
    () => (/Mac|iPhone|iPad/.test(navigator.userAgent) ? "⌘" : "Ctrl"),
    () => "Ctrl",
  );
}

/** Typing into a field, or interacting with another menu/dialog, must not trigger navigation keys. */
function isKeyboardBusy(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return Boolean(
    target.closest("input, textarea, select, [role=menu], [role=listbox], [role=dialog], [role=combobox]"),
  );
}

/**
 * ⌘K / Ctrl+K opens a searchable list of pages and actions; Enter runs the highlighted
 * one. Navigation items' `shortcut` sequences (e.g. "G I") also work from anywhere.
 */
function CommandPalette({ navItems, role, actions = [], open: openProp, onOpenChange }: CommandPaletteProps) {
  const router = useRouter();
  const [uncontrolledOpen, setUncontrolledOpen] = React.useState(false);
  const open = openProp ?? uncontrolledOpen;
  const items = React.useMemo(() => visibleNavItems(navItems, role), [navItems, role]);

  const setOpen = React.useCallback(
    (next: boolean) => {
      if (openProp === undefined) setUncontrolledOpen(next);
      onOpenChange?.(next);
    },
    [openProp, onOpenChange],
  );

  React.useEffect(() => {
    const feedShortcut = createShortcutMatcher(items);
    function onKeyDown(event: KeyboardEvent) {
      if (event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey) && !event.altKey) {
        event.preventDefault();
        setOpen(!open);
        return;
      }
      if (open || event.defaultPrevented || event.repeat) return;
      if (event.metaKey || event.ctrlKey || event.altKey || event.key.length !== 1) return;
      if (isKeyboardBusy(event.target)) return;
      const href = feedShortcut(event.key, event.timeStamp);
      if (href) router.push(href);
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [items, open, router, setOpen]);

  function run(action: Pick<CommandAction, "href" | "onSelect">) {
    setOpen(false);
    if (action.href) router.push(action.href);
    action.onSelect?.();
  }

  const actionGroups = new Map<string, CommandAction[]>();
  for (const action of actions) {
    const heading = action.group ?? "Actions";
    actionGroups.set(heading, [...(actionGroups.get(heading) ?? []), action]);
  }

  return (
    <CommandDialog open={open} onOpenChange={setOpen} title="Command palette" description="Go to a page or run an action">
      <CommandInput placeholder="Type a command or search…" />
      <CommandList>
        <CommandEmpty>No results found.</CommandEmpty>
        <CommandGroup heading="Go to">
          {items.map((item) => (
            <CommandItem
              key={item.href}
              value={`nav:${item.href}`}
              keywords={[item.label, item.href]}
              onSelect={() => run(item)}
            >
              {item.icon}
              {item.label}
              {item.shortcut && <CommandShortcut>{parseShortcut(item.shortcut).join(" ").toUpperCase()}</CommandShortcut>}
            </CommandItem>
          ))}
        </CommandGroup>
        {[...actionGroups].map(([heading, groupActions]) => (
          <React.Fragment key={heading}>
            <CommandSeparator />
            <CommandGroup heading={heading}>
              {groupActions.map((action) => (
                <CommandItem
                  key={action.id}
                  value={`action:${action.id}`}
                  keywords={[action.label, ...(action.keywords ?? [])]}
                  onSelect={() => run(action)}
                >
                  {action.icon}
                  {action.label}
                  {action.shortcut && <CommandShortcut>{action.shortcut}</CommandShortcut>}
                </CommandItem>
              ))}
            </CommandGroup>
          </React.Fragment>
        ))}
      </CommandList>
    </CommandDialog>
  );
}

export { CommandPalette };

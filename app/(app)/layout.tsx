import { BookOpen, Bot, Cable, Contact, Eye, Gauge, Inbox, Mail, MessageSquareText, Search, Sparkles, UserRound, Users, Workflow } from "lucide-react";
import type { ReactNode } from "react";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { TRPCReactProvider } from "@/components/providers/trpc-provider";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { AppShell } from "@/components/shell/app-shell";
import type { NavItem } from "@/components/shell/nav";
import { listUserAccounts } from "@/lib/auth/membership";
import { getDb } from "@/lib/db/client";
import { browserRealtimeConfig, type BrowserRealtimeConfig } from "@/lib/realtime/config";
import { getProfile } from "@/lib/users/users";
import { requireCaller } from "@/lib/workspace/session";
import { signOutAction, switchAccountAction } from "./actions";

// Only pages that work are listed; each feature adds its entry when it ships.
const NAV_ITEMS: NavItem[] = [
  { href: "/inbox", label: "Inbox", icon: <Inbox />, shortcut: "G I" },
  { href: "/contacts", label: "Contacts", icon: <Contact />, shortcut: "G C" },
  { href: "/search", label: "Search", icon: <Search />, shortcut: "G S" },
  { href: "/knowledge", label: "Knowledge", icon: <BookOpen />, shortcut: "G K" },
  { href: "/visitors", label: "Visitors", icon: <Eye />, shortcut: "G V" },
  { href: "/", label: "Overview", icon: <Gauge />, shortcut: "G O" },
  { href: "/settings/users", label: "Users", icon: <Users />, adminOnly: true, shortcut: "G U" },
  { href: "/settings/channels", label: "Channels", icon: <Cable />, adminOnly: true, shortcut: "G H" },
  { href: "/settings/ai", label: "AI assistant", icon: <Bot />, adminOnly: true, shortcut: "G A" },
  { href: "/settings/ai-answers", label: "AI answers", icon: <Sparkles />, adminOnly: true, shortcut: "G Q" },
  { href: "/settings/workflows", label: "Workflow runs", icon: <Workflow />, adminOnly: true, shortcut: "G W" },
  { href: "/settings/mailbox", label: "Mailbox", icon: <Mail />, adminOnly: true, shortcut: "G M" },
  { href: "/settings/canned", label: "Canned responses", icon: <MessageSquareText />, shortcut: "G R" },
  { href: "/settings/profile", label: "Profile", icon: <UserRound />, shortcut: "G P" },
];

/** Pages still work without live updates when PUSHER_* is missing; the error is logged once per render. */
function realtimeConfigOrNull(): BrowserRealtimeConfig | null {
  try {
    return browserRealtimeConfig();
  } catch (error) {
    console.error(`Realtime is off: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const caller = await requireCaller();
  const db = getDb();
  const [profile, accounts] = await Promise.all([getProfile(db, caller.userId), listUserAccounts(db, caller.userId)]);
  return (
    <TRPCReactProvider>
      <RealtimeProvider config={realtimeConfigOrNull()} accountId={caller.accountId} user={{ id: caller.userId, name: profile.name }}>
        <AppShell
          navItems={NAV_ITEMS}
          user={{ name: profile.name, email: profile.email, role: caller.role }}
          accounts={accounts}
          currentAccountId={caller.accountId}
          onSwitchAccount={switchAccountAction}
          onSignOut={signOutAction}
          headerActions={<NotificationBell />}
        >
          {children}
        </AppShell>
      </RealtimeProvider>
    </TRPCReactProvider>
  );
}

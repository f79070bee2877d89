"use client";

import { AlertTriangle, BadgeCheck, CheckCircle2, Clock, Mail, Phone, RotateCcw, Tag, X } from "lucide-react";
import * as React from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { canTransition } from "@/lib/conversations/status";
import type { ConversationStatus, Priority } from "@/lib/db/generated/enums";
import { cn } from "@/lib/utils";
import { PresenceDot, useAgentPresence } from "./agent-avatar";
import { AssistantSection } from "./assistant";
import { ChannelIcon, channelLabels } from "./channel-icon";
import { agentStatusLabels, agentStatusPhrases, formatRelativeTime, priorities, priorityLabels, statusLabels } from "./format";
import { useInboxContext, useNow } from "./inbox-context";
import { MergeConversationButton } from "./merge-conversation-dialog";
import type { ConversationDetail } from "./inbox-data";
import type { ConversationActions } from "./use-conversation-actions";

const NONE = "__none";
const MAX_LABELS = 20;

function Section({ title, children, className }: { title: string; children: React.ReactNode; className?: string }) {
  return (
    <section className={cn("grid grid-cols-1 gap-2 border-b px-4 py-3", className)}>
      <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{title}</h3>
      {children}
    </section>
  );
}

function AgentOptionLabel({ userId, name, status }: { userId: string; name: string; status: keyof typeof agentStatusLabels }) {
  const presence = useAgentPresence(userId);
  return (
    <span className="flex items-center gap-2">
      <PresenceDot presence={presence} />
      <span>{name}</span>
      {status !== "available" ? <span className="text-xs text-muted-foreground">· {agentStatusLabels[status].toLowerCase()}</span> : null}
    </span>
  );
}

function LabelsEditor({ labels, pending, onChange }: { labels: string[]; pending: boolean; onChange(labels: string[]): void }) {
  const [draft, setDraft] = React.useState("");
  function add() {
    const label = draft.trim().slice(0, 50);
    if (!label) return;
    setDraft("");
    if (labels.some((existing) => existing.toLowerCase() === label.toLowerCase())) return;
    onChange([...labels, label]);
  }
  return (
    <div className="grid gap-2">
      {labels.length ? (
        <ul className="flex flex-wrap gap-1.5" aria-label="Labels">
          {labels.map((label) => (
            <li key={label}>
              <Badge variant="secondary" className="gap-1 pr-1">
                <Tag aria-hidden className="size-3" />
                <span className="max-w-40 truncate">{label}</span>
                <button
                  type="button"
                  className="rounded-sm outline-none hover:text-destructive focus-visible:ring-2 focus-visible:ring-ring"
                  aria-label={`Remove label ${label}`}
                  disabled={pending}
                  onClick={() => onChange(labels.filter((existing) => existing !== label))}
                >
                  <X aria-hidden className="size-3" />
                </button>
              </Badge>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">No labels.</p>
      )}
      <form
        className="flex gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <Input
          aria-label="New label"
          placeholder={labels.length >= MAX_LABELS ? `At most ${MAX_LABELS} labels` : "Add a label"}
          value={draft}
          maxLength={50}
          disabled={labels.length >= MAX_LABELS}
          className="h-8"
          onChange={(event) => setDraft(event.target.value)}
        />
        <Button type="submit" size="sm" variant="outline" disabled={pending || !draft.trim() || labels.length >= MAX_LABELS}>
          {pending ? <Spinner size="sm" /> : null}
          Add
        </Button>
      </form>
    </div>
  );
}

const statusActions: { to: ConversationStatus; label: string; icon: React.ReactNode; when?: (from: ConversationStatus) => boolean }[] = [
  { to: "resolved", label: "Resolve", icon: <CheckCircle2 aria-hidden /> },
  { to: "pending", label: "Mark pending", icon: <Clock aria-hidden /> },
  { to: "open", label: "Reopen", icon: <RotateCcw aria-hidden />, when: (from) => from === "resolved" || from === "pending" },
];

export interface SidePanelProps {
  detail: ConversationDetail;
  actions: ConversationActions;
  assignOpen: boolean;
  onAssignOpenChange(open: boolean): void;
  onOpenConversation(conversationId: string): void;
}

/** Contact, identifiers, status, assignment, team, priority, labels, history and bot context of the open conversation. */
export function SidePanel({ detail, actions, assignOpen, onAssignOpenChange, onOpenConversation }: SidePanelProps) {
  const { options, agentsById } = useInboxContext();
  const now = useNow();
  const { contact } = detail;
  const closed = detail.status === "closed";
  const assignee = detail.assigneeId ? agentsById.get(detail.assigneeId) : undefined;
  const assignPending = actions.assign.isPending || actions.unassign.isPending;
  const conversationId = detail.id;

  return (
    <aside aria-label="Conversation details" className="min-h-0 min-w-0 flex-1 overflow-y-auto bg-background" data-testid="side-panel">
      <Section title="Contact">
        <p className="text-sm font-semibold">{contact.name?.trim() || "Unknown contact"}</p>
        <ul className="grid gap-1 text-sm text-muted-foreground">
          <li className="flex items-center gap-2">
            <Mail aria-hidden className="size-3.5" />
            {contact.email ? <a className="truncate text-foreground underline-offset-2 hover:underline" href={`mailto:${contact.email}`}>{contact.email}</a> : <span>No email</span>}
          </li>
          <li className="flex items-center gap-2">
            <Phone aria-hidden className="size-3.5" />
            {contact.phone ? <span className="text-foreground">{contact.phone}</span> : <span>No phone</span>}
          </li>
        </ul>
        {contact.blocked ? <Badge variant="destructive">Blocked</Badge> : null}
      </Section>

      <Section title="Identifiers">
        {contact.identifiers.length ? (
          <ul className="grid gap-1.5 text-sm">
            {contact.identifiers.map((identifier) => (
              <li key={identifier.id} className="flex min-w-0 items-center gap-2">
                <ChannelIcon type={identifier.channelType} />
                <span className="shrink-0 text-xs text-muted-foreground">{channelLabels[identifier.channelType]}</span>
                <span className="truncate font-mono text-xs">{identifier.identifier}</span>
                {identifier.verified ? <BadgeCheck aria-label="Verified" className="size-3.5 shrink-0 text-success" /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted-foreground">No channel identifiers.</p>
        )}
      </Section>

      <Section title="Status">
        <div className="flex flex-wrap items-center gap-2">
          <Badge variant={detail.status === "resolved" || closed ? "outline" : "secondary"} data-testid="conversation-status">
            {statusLabels[detail.status]}
          </Badge>
          {statusActions
            .filter((action) => canTransition(detail.status, action.to) && (action.when?.(detail.status) ?? true))
            .map((action) => (
              <Button
                key={action.to}
                size="sm"
                variant={action.to === "resolved" ? "default" : "outline"}
                disabled={actions.changeStatus.isPending}
                onClick={() => actions.changeStatus.mutate({ conversationId, status: action.to })}
                aria-keyshortcuts={action.to === "resolved" ? "e" : undefined}
              >
                {action.icon}
                {action.label}
              </Button>
            ))}
        </div>
        {closed ? <p className="text-xs text-muted-foreground">Closed for good: the customer&apos;s next message starts a new conversation.</p> : null}
      </Section>

      <Section title="Assignment">
        <div className="grid gap-1">
          <Label htmlFor="assignee-picker" className="text-xs text-muted-foreground">
            Assignee <kbd className="ml-1 rounded border px-1 font-sans text-[10px]">A</kbd>
          </Label>
          <Select
            open={assignOpen}
            onOpenChange={onAssignOpenChange}
            value={detail.assigneeId ?? NONE}
            disabled={closed || assignPending}
            onValueChange={(value) => {
              if (value === NONE) actions.unassign.mutate({ conversationId });
              else actions.assign.mutate({ conversationId, agentId: value });
            }}
          >
            <SelectTrigger id="assignee-picker" size="sm" className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={NONE}>Unassigned</SelectItem>
              {options.agents.map((agent) => (
                <SelectItem key={agent.id} value={agent.id}>
                  <AgentOptionLabel userId={agent.id} name={agent.name} status={agent.status} />
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          {assignee && assignee.status !== "available" ? (
            <p className="flex items-start gap-1.5 text-xs text-warning-foreground dark:text-warning" data-testid="assignee-warning">
              <AlertTriangle aria-hidden className="mt-0.5 size-3.5 shrink-0" />
              {assignee.name} is {agentStatusPhrases[assignee.status]} and may not answer soon.
            </p>
          ) : null}
        </div>
        <div className="grid gap-1">
          <Label htmlFor="team-picker" className="text-xs text-muted-foreground">
            Team
          </Label>
          <Select
            value={detail.teamId ?? NONE}
            disabled={closed || actions.transfer.isPending}
            onValueChange={(value) => actions.transfer.mutate({ conversationId, teamId: value === NONE ? null : value })}
          >
            <SelectTrigger id="team-picker" size="sm" className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={NONE}>No team</SelectItem>
              {options.teams.map((team) => (
                <SelectItem key={team.id} value={team.id}>
                  {team.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="priority-picker" className="text-xs text-muted-foreground">
            Priority
          </Label>
          <Select
            value={detail.priority}
            disabled={actions.setPriority.isPending}
            onValueChange={(value) => actions.setPriority.mutate({ conversationId, priority: value as Priority })}
          >
            <SelectTrigger id="priority-picker" size="sm" className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {priorities.map((priority) => (
                <SelectItem key={priority} value={priority}>
                  {priorityLabels[priority]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      </Section>

      <Section title="Labels">
        <LabelsEditor labels={detail.labels} pending={actions.setLabels.isPending} onChange={(labels) => actions.setLabels.mutate({ conversationId, labels })} />
      </Section>

      <Section title="Assistant">
        <AssistantSection detail={detail} />
      </Section>

      <Section title="Previous conversations" className="border-b-0">
        {detail.previousConversations.length ? (
          <ul className="grid gap-1">
            {detail.previousConversations.map((previous) => (
              <li key={previous.id} className="flex items-center gap-1">
                <a
                  href={`/inbox?c=${previous.id}`}
                  onClick={(event) => {
                    if (event.metaKey || event.ctrlKey || event.shiftKey) return;
                    event.preventDefault();
                    onOpenConversation(previous.id);
                  }}
                  className="flex min-w-0 flex-1 items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
                >
                  <ChannelIcon type={previous.channel.type} />
                  <span className="truncate">{previous.subject?.trim() || previous.channel.name}</span>
                  <Badge variant="outline" className="ml-auto px-1.5 py-0 text-[11px]">
                    {statusLabels[previous.status]}
                  </Badge>
                  <time dateTime={previous.lastMessageAt.toISOString()} className="shrink-0 text-xs text-muted-foreground">
                    {formatRelativeTime(previous.lastMessageAt, now)}
                  </time>
                </a>
                <MergeConversationButton
                  conversationId={conversationId}
                  mergeId={previous.id}
                  mergeTitle={previous.subject?.trim() || previous.channel.name}
                  disabledReason={closed ? "This conversation is closed: open the other one and merge this one into it." : null}
                />
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted-foreground">This is the contact&apos;s first conversation.</p>
        )}
      </Section>
    </aside>
  );
}

import type { ConversationStatus, Priority } from "@/lib/db/generated/enums";
import { priorities, statusLabels } from "./format";

export const inboxTabs = ["mine", "unassigned", "all", "resolved"] as const;
export type InboxTab = (typeof inboxTabs)[number];
export const inboxSorts = ["latest", "oldest_waiting", "priority"] as const;
export type InboxSort = (typeof inboxSorts)[number];

/** Everything about the inbox view that survives a reload, read from and written to the URL. */
export interface InboxView {
  tab: InboxTab;
  sort: InboxSort;
  status?: ConversationStatus;
  channelId?: string;
  teamId?: string;
  label?: string;
  priority?: Priority;
  assigneeId?: string;
  /** The open conversation (`?c=`). */
  conversationId?: string;
}

export type InboxFilterKey = "status" | "channelId" | "teamId" | "label" | "priority" | "assigneeId";
export const inboxFilterKeys = ["status", "channelId", "teamId", "label", "priority", "assigneeId"] as const satisfies readonly InboxFilterKey[];

/** URL parameter names, short because agents share these links. */
const PARAM: Record<keyof InboxView, string> = {
  tab: "tab",
  sort: "sort",
  status: "status",
  channelId: "channel",
  teamId: "team",
  label: "label",
  priority: "priority",
  assigneeId: "assignee",
  conversationId: "c",
};

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

function idParam(value: string | null): string | undefined {
  return value !== null && ID_PATTERN.test(value) ? value : undefined;
}

/** Reads the view from search params; anything malformed falls back to the default rather than failing the page. */
export function parseInboxView(params: Pick<URLSearchParams, "get">): InboxView {
  const label = params.get(PARAM.label)?.trim().slice(0, 50);
  return {
    tab: oneOf(inboxTabs, params.get(PARAM.tab)) ?? "all",
    sort: oneOf(inboxSorts, params.get(PARAM.sort)) ?? "latest",
    status: oneOf(Object.keys(statusLabels) as ConversationStatus[], params.get(PARAM.status)),
    channelId: idParam(params.get(PARAM.channelId)),
    teamId: idParam(params.get(PARAM.teamId)),
    label: label || undefined,
    priority: oneOf(priorities, params.get(PARAM.priority)),
    assigneeId: idParam(params.get(PARAM.assigneeId)),
    conversationId: idParam(params.get(PARAM.conversationId)),
  };
}

/** `?tab=mine&c=…` for a view; defaults are left out so plain /inbox stays plain. */
export function inboxViewSearch(view: InboxView): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(PARAM) as (keyof InboxView)[]) {
    const value = view[key];
    if (value === undefined || (key === "tab" && value === "all") || (key === "sort" && value === "latest")) continue;
    params.set(PARAM[key], value);
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** How many filters beyond the tab are set (for the Filters button's badge). */
export function activeFilterCount(view: InboxView): number {
  return inboxFilterKeys.filter((key) => view[key] !== undefined).length;
}

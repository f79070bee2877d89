"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, Contact, GitMerge, MessagesSquare, Pencil, ShoppingBag } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { ChannelIcon, channelLabels } from "@/components/inbox/channel-icon";
import { priorityLabels, statusLabels } from "@/components/inbox/format";
import { useTRPC } from "@/components/providers/trpc-provider";
import { PageHeader } from "@/components/shell/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ContactDetail } from "@/lib/contacts/contacts";
import { EditContactDialog } from "./edit-contact-dialog";
import { MergeContactDialog } from "./merge-contact-dialog";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

function formatMoney(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(cents / 100);
  } catch {
    // An unknown currency code still shows the amount.
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

function Section({ title, icon, children }: { title: string; icon: ReactNode; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2 [&_svg]:size-4 [&_svg]:text-muted-foreground">{icon}{title}</CardTitle>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

function Details({ contact }: { contact: ContactDetail }) {
  const rows: [string, ReactNode][] = [
    ["Email", contact.email ?? "—"],
    ["Phone", contact.phone ?? "—"],
    ["First seen", date.format(contact.createdAt)],
    ["Conversations", contact.conversationCount],
  ];
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Identifiers({ identifiers }: { identifiers: ContactDetail["identifiers"] }) {
  if (identifiers.length === 0) return <p className="text-sm text-muted-foreground">No channel identifiers.</p>;
  return (
    <ul className="grid gap-2 text-sm" aria-label="Identifiers across channels">
      {identifiers.map((identifier) => (
        <li key={identifier.id} className="flex items-center gap-2">
          <ChannelIcon type={identifier.channelType} />
          <span className="text-muted-foreground">{identifier.channel?.name ?? channelLabels[identifier.channelType]}</span>
          <span className="min-w-0 truncate font-mono text-xs">{identifier.identifier}</span>
          {identifier.verified ? <Badge variant="success">verified</Badge> : null}
        </li>
      ))}
    </ul>
  );
}

function Conversations({ conversations, total }: { conversations: ContactDetail["conversations"]; total: number }) {
  if (conversations.length === 0) return <p className="text-sm text-muted-foreground">No conversations yet.</p>;
  return (
    <div className="grid gap-2">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Conversation</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Priority</TableHead>
            <TableHead>Assignee</TableHead>
            <TableHead className="text-right">Last activity</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {conversations.map((conversation) => (
            <TableRow key={conversation.id} className="relative">
              <TableCell className="max-w-72">
                <Link href={`/inbox?c=${conversation.id}`} className="flex items-center gap-2 after:absolute after:inset-0 hover:underline">
                  <ChannelIcon type={conversation.channel.type} />
                  <span className="truncate">{conversation.subject || `${conversation.channel.name} · ${conversation._count.messages} messages`}</span>
                </Link>
              </TableCell>
              <TableCell>
                <Badge variant={conversation.status === "resolved" || conversation.status === "closed" ? "secondary" : "outline"}>{statusLabels[conversation.status]}</Badge>
                {conversation.mergedIntoId ? <span className="ml-2 text-xs text-muted-foreground">merged</span> : null}
              </TableCell>
              <TableCell>{priorityLabels[conversation.priority]}</TableCell>
              <TableCell className="text-muted-foreground">{conversation.assignee?.name ?? "Unassigned"}</TableCell>
              <TableCell className="text-right text-muted-foreground">{dateTime.format(conversation.lastMessageAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {total > conversations.length ? (
        <p className="text-xs text-muted-foreground">Showing the latest {conversations.length} of {total}; the inbox filters reach the rest.</p>
      ) : null}
    </div>
  );
}

function Orders({ orders }: { orders: ContactDetail["orders"] }) {
  if (orders.length === 0) return <p className="text-sm text-muted-foreground">No orders.</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Order</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Items</TableHead>
          <TableHead>Placed</TableHead>
          <TableHead className="text-right">Total</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {orders.map((order) => (
          <TableRow key={order.id}>
            <TableCell className="font-medium">{order.number}</TableCell>
            <TableCell><Badge variant="outline">{order.status}</Badge></TableCell>
            <TableCell className="text-muted-foreground">{Array.isArray(order.items) ? order.items.length : 0}</TableCell>
            <TableCell className="text-muted-foreground">{date.format(order.placedAt)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatMoney(order.totalCents, order.currency)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function BackToContacts() {
  return (
    <Button asChild variant="ghost" size="sm" className="w-fit">
      <Link href="/contacts"><ArrowLeft /> Contacts</Link>
    </Button>
  );
}

export function ContactDetailView({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const contact = useQuery(trpc.contacts.get.queryOptions({ contactId }));
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);

  if (contact.isPending) {
    return (
      <div className="grid gap-4" aria-busy="true" aria-label="Loading contact">
        <Skeleton className="h-8 w-64" />
        <div className="grid gap-4 md:grid-cols-2">
          <Skeleton className="h-40" />
          <Skeleton className="h-40" />
        </div>
        <Skeleton className="h-56" />
      </div>
    );
  }
  if (contact.isError) {
    return (
      <div className="grid gap-4">
        <BackToContacts />
        <EmptyState
          icon={<Contact />}
          title="Could not load this contact"
          description={messageOf(contact.error)}
          action={<Button variant="outline" onClick={() => contact.refetch()}>Try again</Button>}
        />
      </div>
    );
  }

  const data = contact.data;
  const name = data.name || "Unnamed contact";
  const merged = data.mergedIntoId !== null;
  return (
    <div className="grid gap-6">
      <BackToContacts />
      <PageHeader
        title={name}
        description={[data.email, data.phone].filter(Boolean).join(" · ") || undefined}
        actions={
          merged ? null : (
            <>
              <Button variant="outline" onClick={() => setEditing(true)}><Pencil /> Edit</Button>
              <Button variant="outline" onClick={() => setMerging(true)}><GitMerge /> Merge into…</Button>
            </>
          )
        }
      >
        {data.blocked ? <Badge variant="destructive">blocked</Badge> : null}
      </PageHeader>
      {merged ? (
        <Alert variant="info">
          <AlertDescription>
            This contact was merged; its identifiers and conversations now belong to{" "}
            <Link className="font-medium underline" href={`/contacts/${data.mergedIntoId}`}>the kept contact</Link>.
          </AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        <Section title="Details" icon={<Contact />}><Details contact={data} /></Section>
        <Section title="Identifiers across channels" icon={<GitMerge />}><Identifiers identifiers={data.identifiers} /></Section>
      </div>
      <Section title="Conversation history" icon={<MessagesSquare />}><Conversations conversations={data.conversations} total={data.conversationCount} /></Section>
      <Section title="Orders" icon={<ShoppingBag />}><Orders orders={data.orders} /></Section>
      {merged ? null : (
        <>
          <EditContactDialog key={data.updatedAt.toISOString()} contact={data} open={editing} onOpenChange={setEditing} />
          <MergeContactDialog
            source={{ id: data.id, name: data.name, identifierCount: data.identifiers.length, conversationCount: data.conversationCount, orderCount: data.orders.length }}
            open={merging}
            onOpenChange={setMerging}
          />
        </>
      )}
    </div>
  );
}

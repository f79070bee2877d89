"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { Contact, Search } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { ChannelIcon } from "@/components/inbox/channel-icon";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ChannelType } from "@/lib/db/generated/enums";
import { useDebouncedValue } from "./use-debounced-value";

const PAGE_SIZE = 25;

/** A contact's distinct channel types, in the order their identifiers were added. */
export function channelTypesOf(identifiers: readonly { channelType: ChannelType }[]): ChannelType[] {
  return [...new Set(identifiers.map((identifier) => identifier.channelType))];
}

export function ContactList() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const query = useDebouncedValue(search.trim());
  const contacts = useInfiniteQuery(
    trpc.contacts.list.infiniteQueryOptions({ query: query || undefined, limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData }),
  );
  const rows = contacts.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="grid gap-4">
      <div className="relative max-w-md">
        <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" />
        <Input
          type="search"
          aria-label="Search contacts"
          placeholder="Search by name, email, phone or channel identifier"
          className="pl-9"
          value={search}
          maxLength={200}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      {contacts.isPending ? (
        <div className="grid gap-2" aria-busy="true" aria-label="Loading contacts">
          {Array.from({ length: 6 }, (_, i) => <Skeleton key={i} className="h-12 w-full" />)}
        </div>
      ) : contacts.isError ? (
        <EmptyState
          icon={<Contact />}
          title="Could not load contacts"
          description={messageOf(contacts.error)}
          action={<Button variant="outline" onClick={() => contacts.refetch()}>Try again</Button>}
        />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<Contact />}
          title={query ? "No matching contacts" : "No contacts yet"}
          description={query ? `Nobody's name, email, phone or identifier contains "${query}".` : "Contacts appear here when customers write in on any channel."}
        />
      ) : (
        <>
          <div className="rounded-md border">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Email</TableHead>
                  <TableHead>Phone</TableHead>
                  <TableHead>Channels</TableHead>
                  <TableHead className="text-right">Conversations</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((contact) => (
                  <TableRow key={contact.id} className="relative">
                    <TableCell className="font-medium">
                      {/* The link's overlay makes the whole row clickable while staying one tab stop. */}
                      <Link href={`/contacts/${contact.id}`} className="after:absolute after:inset-0 hover:underline">
                        {contact.name || <span className="text-muted-foreground italic">Unnamed contact</span>}
                      </Link>
                      {contact.blocked ? <Badge variant="destructive" className="ml-2">blocked</Badge> : null}
                    </TableCell>
                    <TableCell className="text-muted-foreground">{contact.email ?? "—"}</TableCell>
                    <TableCell className="text-muted-foreground">{contact.phone ?? "—"}</TableCell>
                    <TableCell>
                      <span className="flex gap-1.5">
                        {channelTypesOf(contact.identifiers).map((type) => <ChannelIcon key={type} type={type} />)}
                      </span>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{contact._count.conversations}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          {contacts.hasNextPage ? (
            <div className="flex justify-center">
              <Button variant="outline" onClick={() => contacts.fetchNextPage()} disabled={contacts.isFetchingNextPage}>
                {contacts.isFetchingNextPage ? <Spinner size="sm" /> : null}
                Load more
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}

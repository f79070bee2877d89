"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { FileUp, MessageSquareText, Pencil, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDeleteDialog } from "@/components/ui/confirm-delete-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/use-toast";
import type { CannedResponse } from "@/lib/canned/canned";
import { CannedFormDialog, useInvalidateCanned } from "./canned-form-dialog";
import { ImportDialog } from "./import-dialog";
import { VariablesHelp } from "./variables-help";

/** The server's page size for the list; every workspace's set fits in one page of the table. */
const LIST_LIMIT = 200;

function DeleteDialog({ target, onClose }: { target: CannedResponse | null; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateCanned();
  const remove = useMutation(
    trpc.canned.delete.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        toast({ title: "Canned response deleted", description: `/${target?.shortcut} is no longer available in the composer.` });
        onClose();
      },
    }),
  );
  return (
    <ConfirmDeleteDialog
      open={target !== null}
      title={`Delete /${target?.shortcut}?`}
      description={<>&ldquo;{target?.title}&rdquo; is removed for the whole workspace. Replies already sent keep their text.</>}
      pending={remove.isPending}
      error={remove.error ? messageOf(remove.error) : null}
      onConfirm={() => target && remove.mutate({ id: target.id })}
      onClose={() => { remove.reset(); onClose(); }}
    />
  );
}

/** The workspace's canned responses; admins also create, edit, delete and import them (the server refuses agents). */
export function CannedAdmin({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const responses = useQuery(trpc.canned.list.queryOptions({ limit: LIST_LIMIT }));
  // `undefined`: closed; `null`: creating; a response: editing it.
  const [form, setForm] = useState<CannedResponse | null | undefined>(undefined);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);

  return (
    <div className="grid gap-4">
      {canEdit ? (
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="outline" onClick={() => setImporting(true)}><FileUp /> Import</Button>
          <Button onClick={() => setForm(null)}><Plus /> New response</Button>
        </div>
      ) : null}
      <VariablesHelp />
      {responses.isPending ? (
        <div className="grid gap-2" aria-busy="true" aria-label="Loading canned responses">
          {Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="h-12 w-full" />)}
        </div>
      ) : responses.isError ? (
        <EmptyState
          icon={<MessageSquareText />}
          title="Could not load canned responses"
          description={messageOf(responses.error)}
          action={<Button variant="outline" onClick={() => responses.refetch()}>Try again</Button>}
        />
      ) : responses.data.length === 0 ? (
        <EmptyState
          icon={<MessageSquareText />}
          title="No canned responses yet"
          description={canEdit ? "Create the answers your team gives most, or import them from a spreadsheet." : "An admin can add the answers your team gives most."}
        />
      ) : (
        <div className="rounded-md border">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Shortcut</TableHead>
                <TableHead>Title</TableHead>
                <TableHead>Content</TableHead>
                <TableHead>Auto-reply</TableHead>
                <TableHead>Keywords</TableHead>
                {canEdit ? <TableHead className="w-20"><span className="sr-only">Actions</span></TableHead> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {responses.data.map((response) => (
                <TableRow key={response.id} data-testid={`canned-${response.shortcut}`}>
                  <TableCell className="font-mono text-xs">/{response.shortcut}</TableCell>
                  <TableCell className="font-medium">{response.title}</TableCell>
                  <TableCell className="max-w-80 truncate text-muted-foreground" title={response.content}>{response.content}</TableCell>
                  <TableCell>{response.autoReply ? <Badge variant="success">on</Badge> : <span className="text-muted-foreground">off</span>}</TableCell>
                  <TableCell>
                    <span className="flex max-w-56 flex-wrap gap-1">
                      {response.keywords.length ? response.keywords.map((keyword) => <Badge key={keyword} variant="secondary">{keyword}</Badge>) : <span className="text-muted-foreground">—</span>}
                    </span>
                  </TableCell>
                  {canEdit ? (
                    <TableCell>
                      <span className="flex justify-end">
                        <Button variant="ghost" size="icon" aria-label={`Edit /${response.shortcut}`} onClick={() => setForm(response)}><Pencil /></Button>
                        <Button variant="ghost" size="icon" aria-label={`Delete /${response.shortcut}`} onClick={() => setDeleting(response)}><Trash2 /></Button>
                      </span>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {canEdit ? (
        <>
          {/* Keyed by the response so each edit starts from its saved values. */}
          <CannedFormDialog key={form?.id ?? "new"} editing={form ?? null} open={form !== undefined} onOpenChange={(open) => { if (!open) setForm(undefined); }} />
          <ImportDialog open={importing} onOpenChange={setImporting} />
          <DeleteDialog target={deleting} onClose={() => setDeleting(null)} />
        </>
      ) : null}
    </div>
  );
}

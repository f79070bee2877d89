"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, MoreHorizontal, UserPlus, Users } from "lucide-react";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, messageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/use-toast";
import type { AccountMember } from "@/lib/users/users";

type Role = "admin" | "agent";

function useInvalidateMembers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
}

function AddMemberDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateMembers();
  const [role, setRole] = useState<Role>("agent");
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (member) => {
        await invalidate();
        toast({ variant: "success", title: "User added", description: `${member.name} can now sign in as ${member.role}.` });
        onOpenChange(false);
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ name: String(form.get("name")), email: String(form.get("email")), password: String(form.get("password")), role });
  }

  return (
    <Dialog open={open} onOpenChange={(next) => { onOpenChange(next); if (!next) create.reset(); }}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Add a user</DialogTitle>
            <DialogDescription>They sign in with this email and password and can change the password afterwards.</DialogDescription>
          </DialogHeader>
          {create.error && !Object.keys(errors).length ? <p role="alert" className="text-sm text-destructive">{messageOf(create.error)}</p> : null}
          <FormField label="Name" error={errors.name} required>
            <Input name="name" autoComplete="off" autoFocus />
          </FormField>
          <FormField label="Email" error={errors.email} required>
            <Input name="email" type="email" autoComplete="off" />
          </FormField>
          <FormField label="Initial password" description="At least 10 characters." error={errors.password} required>
            <Input name="password" type="password" autoComplete="new-password" />
          </FormField>
          <FormField label="Role" error={errors.role}>
            {(control) => (
              <Select value={role} onValueChange={(value) => setRole(value as Role)}>
                <SelectTrigger {...control} className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="agent">Agent — answers conversations</SelectItem>
                  <SelectItem value="admin">Admin — also manages the workspace</SelectItem>
                </SelectContent>
              </Select>
            )}
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? <Spinner size="sm" /> : null}
              Add user
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function ResetPasswordDialog({ member, onClose }: { member: AccountMember | null; onClose: () => void }) {
  const trpc = useTRPC();
  const reset = useMutation(
    trpc.users.resetPassword.mutationOptions({
      onSuccess: () => {
        toast({ variant: "success", title: "Password reset", description: `Tell ${member?.name} their new password through a safe channel.` });
        onClose();
      },
    }),
  );
  const errors = fieldErrorsOf(reset.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!member) return;
    reset.mutate({ userId: member.id, password: String(new FormData(event.currentTarget).get("password")) });
  }

  return (
    <Dialog open={member !== null} onOpenChange={(open) => { if (!open) { reset.reset(); onClose(); } }}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Reset password</DialogTitle>
            <DialogDescription>Set a new password for {member?.name} ({member?.email}).</DialogDescription>
          </DialogHeader>
          {reset.error && !Object.keys(errors).length ? <p role="alert" className="text-sm text-destructive">{messageOf(reset.error)}</p> : null}
          <FormField label="New password" description="At least 10 characters." error={errors.password} required>
            <Input name="password" type="password" autoComplete="new-password" autoFocus />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>Cancel</Button>
            <Button type="submit" disabled={reset.isPending}>
              {reset.isPending ? <Spinner size="sm" /> : null}
              Reset password
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function MemberActions({ member, isSelf, onResetPassword }: { member: AccountMember; isSelf: boolean; onResetPassword: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateMembers();
  const onError = (error: unknown) => toast({ variant: "destructive", title: "Not changed", description: messageOf(error) });
  const setActive = useMutation(
    trpc.users.setActive.mutationOptions({
      onSuccess: async (updated) => {
        await invalidate();
        toast({ title: updated.active ? "User reactivated" : "User deactivated", description: updated.active ? `${updated.name} can sign in again.` : `${updated.name} can no longer sign in to this workspace.` });
      },
      onError,
    }),
  );
  const setRole = useMutation(
    trpc.users.setRole.mutationOptions({
      onSuccess: async (updated) => {
        await invalidate();
        toast({ title: "Role changed", description: `${updated.name} is now ${updated.role}.` });
      },
      onError,
    }),
  );

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Actions for ${member.name}`}>
          {setActive.isPending || setRole.isPending ? <Spinner size="sm" /> : <MoreHorizontal />}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuItem onSelect={onResetPassword}>
          <KeyRound /> Reset password
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => setRole.mutate({ userId: member.id, role: member.role === "admin" ? "agent" : "admin" })}>
          Make {member.role === "admin" ? "agent" : "admin"}
        </DropdownMenuItem>
        {isSelf ? null : (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem
              variant={member.active ? "destructive" : "default"}
              onSelect={() => setActive.mutate({ userId: member.id, active: !member.active })}
            >
              {member.active ? "Deactivate" : "Reactivate"}
            </DropdownMenuItem>
          </>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function formatDate(date: Date | null): string {
  return date ? new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date) : "Never";
}

export function MemberAdmin({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const members = useQuery(trpc.users.list.queryOptions());
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<AccountMember | null>(null);

  return (
    <div className="grid gap-4">
      <div className="flex justify-end">
        <Button onClick={() => setAdding(true)}>
          <UserPlus /> Add user
        </Button>
      </div>
      {members.isPending ? (
        <div className="grid gap-2" aria-busy="true" aria-label="Loading users">
          {Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-12 w-full" />)}
        </div>
      ) : members.isError ? (
        <EmptyState icon={<Users />} title="Could not load users" description={messageOf(members.error)} action={<Button variant="outline" onClick={() => members.refetch()}>Try again</Button>} />
      ) : members.data.length === 0 ? (
        <EmptyState icon={<Users />} title="No users yet" description="Add the agents and admins of your team." />
      ) : (
        <div className="rounded-md border">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Email</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Last sign-in</TableHead>
                <TableHead className="w-12"><span className="sr-only">Actions</span></TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {members.data.map((member) => (
                <TableRow key={member.id} data-testid={`member-${member.email}`}>
                  <TableCell className="font-medium">
                    {member.name}
                    {member.id === currentUserId ? <span className="ml-2 text-xs text-muted-foreground">(you)</span> : null}
                  </TableCell>
                  <TableCell>{member.email}</TableCell>
                  <TableCell>
                    <Badge variant={member.role === "admin" ? "default" : "secondary"}>{member.role}</Badge>
                  </TableCell>
                  <TableCell>
                    <Badge variant={member.active ? "success" : "outline"}>{member.active ? "active" : "deactivated"}</Badge>
                  </TableCell>
                  <TableCell className="text-muted-foreground">{formatDate(member.lastLoginAt)}</TableCell>
                  <TableCell>
                    <MemberActions member={member} isSelf={member.id === currentUserId} onResetPassword={() => setResetting(member)} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <AddMemberDialog open={adding} onOpenChange={setAdding} />
      <ResetPasswordDialog member={resetting} onClose={() => setResetting(null)} />
    </div>
  );
}

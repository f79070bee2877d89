"use client";

import { useActionState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { loginAction, type LoginState } from "./actions";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState<LoginState, FormData>(loginAction, {});
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      {state.error ? (
        <Alert variant="destructive" role="alert">
          <AlertDescription>{state.error}</AlertDescription>
        </Alert>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormField label="Email" error={state.fieldErrors?.email} required>
        <Input name="email" type="email" autoComplete="username" defaultValue={state.email} autoFocus />
      </FormField>
      <FormField label="Password" error={state.fieldErrors?.password} required>
        <Input name="password" type="password" autoComplete="current-password" />
      </FormField>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? <Spinner size="sm" /> : null}
        Sign in
      </Button>
    </form>
  );
}

"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { credentialsSchema } from "@/lib/auth/login";
import { safeCallbackPath } from "@/lib/auth/redirect";

export interface LoginState {
  error?: string;
  fieldErrors?: Partial<Record<"email" | "password", string[]>>;
  email?: string;
}

export async function loginAction(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const parsed = credentialsSchema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  const email = String(formData.get("email") ?? "");
  if (!parsed.success) {
    return { fieldErrors: z.flattenError(parsed.error).fieldErrors, email };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackPath(formData.get("callbackUrl")) });
    return {};
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "rate_limited") {
      return { error: "Too many failed sign-in attempts. Wait 5 minutes, then try again.", email };
    }
    if (error instanceof AuthError) return { error: "Incorrect email or password.", email };
    throw error; // the redirect after a successful sign-in
  }
}

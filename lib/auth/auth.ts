import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { authConfig } from "./config";
import { attemptLogin, credentialsSchema } from "./login";

export class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}

function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip") || "unknown";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  logger: {
    // A wrong password is an expected outcome, answered on the login page; not an error to log.
    error(error) {
      if (error instanceof CredentialsSignin || ("type" in error && error.type === "CredentialsSignin")) return;
      console.error(error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, request) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const result = await attemptLogin(getDb(), { ...parsed.data, ip: clientIp(request) });
        if (result.ok) return result.user;
        if (result.reason === "rate_limited") throw new RateLimitedSignIn();
        return null;
      },
    }),
  ],
});

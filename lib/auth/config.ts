import type { NextAuthConfig } from "next-auth";

/**
 * The part of the auth configuration the proxy needs: sessions and pages, no
 * providers (those load the database and password hashing, see ./auth.ts).
 */
export const authConfig = {
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [],
  callbacks: {
    authorized({ auth }) {
      return Boolean(auth?.user);
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
} satisfies NextAuthConfig;

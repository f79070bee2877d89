import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

// Pages require a session; API routes resolve their own caller (session, widget token
// or webhook signature) and answer 401/403 themselves.
// The public help pages (/help/…, cited by AI answers) need no session.
const { auth } = NextAuth(authConfig);
export { auth as proxy };

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|login|widget|demo|help/|favicon.ico|.*\\.(?:svg|png|jpg|ico|js|css)$).*)"],
};

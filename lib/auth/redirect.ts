/**
 * The same-site path to return to after sign-in. Absolute URLs (the proxy sends the full
 * URL) are reduced to their path, so a crafted link can never send the user elsewhere.
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || value.length === 0) return "/";
  try {
    const url = new URL(value, "http://switchboard.invalid");
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/login") ? path : "/";
  } catch {
    return "/";
  }
}

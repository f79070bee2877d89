import { headers } from "next/headers";

/**
 * The address sites reach Switchboard at, for the embed snippet and webhook URLs:
 * APP_URL when set (behind a proxy or load balancer), else the address of this request.
 */
export async function publicOrigin(): Promise<string> {
  const configured = process.env.APP_URL?.trim();
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // Reported where the app starts; fall back to the request's own address here.
    }
  }
  const requestHeaders = await headers();
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "127.0.0.1:3000";
  const protocol = requestHeaders.get("x-forwarded-proto") ?? "http";
  return `${protocol}://${host}`;
}

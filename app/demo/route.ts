import { getDb } from "@/lib/db/client";
import { demoPageHtml, loadDemoStore } from "@/lib/widget/demo";
import { requestOrigin } from "@/lib/widget/http";

export const dynamic = "force-dynamic";

/** A demo shop page embedding the demo workspace's chat widget the way a customer's site does. */
export async function GET(request: Request) {
  const html = demoPageHtml(await loadDemoStore(getDb()), requestOrigin(request));
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

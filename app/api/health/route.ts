import { getDb } from "@/lib/db/client";
import { checkHealth } from "@/lib/health/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth(getDb());
  return Response.json(report, { status: report.failing.length ? 503 : 200, headers: { "cache-control": "no-store" } });
}

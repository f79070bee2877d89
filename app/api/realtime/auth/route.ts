import { z } from "zod";
import { auth } from "@/lib/auth/auth";
import { getDb } from "@/lib/db/client";
import { signUserChannel } from "@/lib/realtime/channels";
import { getRealtime } from "@/lib/realtime/config";

const channelAuthRequest = z.object({
  socket_id: z.string().regex(/^\d+\.\d+$/, "socket_id must look like 1234.5678"),
  channel_name: z.string().min(1, "channel_name is required").max(200),
});

/** pusher-js channel authorization (form body socket_id + channel_name). */
export async function POST(request: Request) {
  const session = await auth();
  if (!session?.user?.id) return Response.json({ error: "Sign in to subscribe to realtime channels." }, { status: 401 });

  const parsed = channelAuthRequest.safeParse(Object.fromEntries(await request.formData().catch(() => new FormData())));
  if (!parsed.success) return Response.json({ error: parsed.error.issues.map((issue) => issue.message).join("; ") }, { status: 400 });

  const { socket_id: socketId, channel_name: channelName } = parsed.data;
  const signed = await signUserChannel(getDb(), getRealtime(), session.user.id, socketId, channelName);
  if (!signed) return Response.json({ error: `You may not subscribe to ${channelName}.` }, { status: 403 });
  return Response.json(signed);
}

import PusherServer from "pusher";
import PusherClient, { type Channel, type PresenceChannel } from "pusher-js";
import { WebSocket } from "ws";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startRealtimeServer, type RealtimeServer, type RealtimeServerOptions } from "./server";

const APP = { appId: "4242", key: "test-key", secret: "test-secret" };
const WAIT_MS = 3000;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  // Clients first (so they do not try to reconnect), then servers.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(options: Partial<RealtimeServerOptions> = {}): Promise<RealtimeServer> {
  const server = await startRealtimeServer({ ...APP, host: "127.0.0.1", port: 0, ...options });
  cleanups.push(() => server.close());
  return server;
}

function serverSdk(server: RealtimeServer, secret = APP.secret, key = APP.key): PusherServer {
  return new PusherServer({
    appId: APP.appId,
    key,
    secret,
    host: server.host,
    port: String(server.port),
    useTLS: false,
  });
}

interface ClientOptions {
  /** Presence identity passed to authorizeChannel. */
  user?: { id: string; name: string };
  /** Signs channel auth with this secret instead of the app's (to forge it). */
  signingSecret?: string;
}

async function connectClient(server: RealtimeServer, options: ClientOptions = {}): Promise<PusherClient> {
  const signer = serverSdk(server, options.signingSecret ?? APP.secret);
  const client = new PusherClient(APP.key, {
    cluster: "local",
    wsHost: server.host,
    wsPort: server.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        const presence = options.user
          ? { user_id: options.user.id, user_info: { name: options.user.name } }
          : undefined;
        callback(null, signer.authorizeChannel(socketId, channelName, presence));
      },
    },
  });
  cleanups.push(() => client.disconnect());
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("pusher-js client did not connect")), WAIT_MS);
    client.connection.bind("connected", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return client;
}

function nextEvent<T = unknown>(channel: Channel, event: string): Promise<{ data: T; metadata: unknown }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} on ${channel.name}`)), WAIT_MS);
    const handler = (data: T, metadata: unknown) => {
      clearTimeout(timer);
      channel.unbind(event, handler);
      resolve({ data, metadata });
    };
    channel.bind(event, handler);
  });
}

async function subscribe<T extends Channel = Channel>(client: PusherClient, name: string): Promise<T> {
  const channel = client.subscribe(name) as T;
  await nextEvent(channel, "pusher:subscription_succeeded");
  return channel;
}

function nextConnectionError(client: PusherClient): Promise<{ code: number | null; message: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no pusher:error received")), WAIT_MS);
    const handler = (error: { type: string; data: { code: number | null; message: string } }) => {
      if (error.type !== "PusherError") return;
      clearTimeout(timer);
      client.connection.unbind("error", handler);
      resolve(error.data);
    };
    client.connection.bind("error", handler);
  });
}

/** Waits long enough for an event that must NOT arrive to have arrived if it were sent. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

interface RawFrame {
  event: string;
  channel?: string;
  data?: unknown;
}

/** A bare websocket client for what the SDK never sends (malformed frames, unanswered pings). */
async function rawSocket(server: RealtimeServer, path = `/app/${APP.key}?protocol=7`) {
  const ws = new WebSocket(`ws://${server.host}:${server.port}${path}`);
  cleanups.push(() => ws.terminate());
  const frames: RawFrame[] = [];
  const waiters: Array<() => void> = [];
  ws.on("message", (raw) => {
    frames.push(JSON.parse(raw.toString()) as RawFrame);
    waiters.splice(0).forEach((wake) => wake());
  });
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const next = async (event: string): Promise<RawFrame> => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const index = frames.findIndex((frame) => frame.event === event);
      if (index !== -1) return frames.splice(index, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no ${event} frame; got ${JSON.stringify(frames)}`);
      await new Promise<void>((wake) => {
        waiters.push(wake);
        setTimeout(wake, 50);
      });
    }
  };
  return { ws, next, closed };
}

describe("websocket connection", () => {
  it("establishes a connection and answers pusher:ping", async () => {
    const server = await startServer({ activityTimeoutSeconds: 45 });
    const socket = await rawSocket(server);
    const established = await socket.next("pusher:connection_established");
    const data = JSON.parse(established.data as string) as { socket_id: string; activity_timeout: number };
    expect(data.socket_id).toMatch(/^\d+\.\d+$/);
    expect(data.activity_timeout).toBe(45);
    socket.ws.send(JSON.stringify({ event: "pusher:ping", data: {} }));
    await socket.next("pusher:pong");
  });

  it("refuses an unknown app key with 4001 and an unsupported protocol with 4007", async () => {
    const server = await startServer();
    const wrongKey = await rawSocket(server, "/app/nope?protocol=7");
    expect((await wrongKey.next("pusher:error")).data).toMatchObject({ code: 4001 });
    expect(await wrongKey.closed).toBe(4001);
    const oldProtocol = await rawSocket(server, `/app/${APP.key}?protocol=5`);
    expect((await oldProtocol.next("pusher:error")).data).toMatchObject({ code: 4007 });
    expect(await oldProtocol.closed).toBe(4007);
  });

  it("pings an idle client and closes it with 4201 when no pong comes, freeing its channels", async () => {
    const server = await startServer({ activityTimeoutSeconds: 0.3, pongTimeoutSeconds: 0.3 });
    const socket = await rawSocket(server);
    socket.ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: "idle-room" } }));
    await socket.next("pusher_internal:subscription_succeeded");
    await socket.next("pusher:ping");
    expect(await socket.closed).toBe(4201);
    const response = await serverSdk(server).get({ path: "/channels/idle-room" });
    expect(await response.json()).toEqual({ occupied: false });
  });

  it("keeps a client that answers pings", async () => {
    const server = await startServer({ activityTimeoutSeconds: 0.2, pongTimeoutSeconds: 0.2 });
    const socket = await rawSocket(server);
    for (let round = 0; round < 3; round++) {
      await socket.next("pusher:ping");
      socket.ws.send(JSON.stringify({ event: "pusher:pong", data: {} }));
    }
    expect(socket.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe("publishing through the HTTP API", () => {
  it("delivers a triggered event to a private channel subscriber, except the excluded socket", async () => {
    const server = await startServer();
    const [alice, bob] = await Promise.all([connectClient(server), connectClient(server)]);
    const aliceChannel = await subscribe(alice, "private-ticket-1");
    const bobChannel = await subscribe(bob, "private-ticket-1");
    const received = nextEvent(aliceChannel, "message.created");
    const bobReceived: unknown[] = [];
    bobChannel.bind("message.created", (data: unknown) => bobReceived.push(data));

    await serverSdk(server).trigger("private-ticket-1", "message.created", { body: "hi" }, {
      socket_id: bob.connection.socket_id,
    });
    expect((await received).data).toEqual({ body: "hi" });
    await settle();
    expect(bobReceived).toEqual([]);
  });

  it("triggers on several channels and reports channel info when asked", async () => {
    const server = await startServer();
    const client = await connectClient(server, { user: { id: "u1", name: "Ana" } });
    const publicChannel = await subscribe(client, "inbox");
    const presenceChannel = await subscribe(client, "presence-inbox");
    const both = Promise.all([nextEvent(publicChannel, "ping"), nextEvent(presenceChannel, "ping")]);
    const response = await serverSdk(server).trigger(["inbox", "presence-inbox"], "ping", "x", {
      info: "subscription_count,user_count",
    });
    await both;
    expect(await response.json()).toEqual({
      channels: {
        inbox: { subscription_count: 1 },
        "presence-inbox": { subscription_count: 1, user_count: 1 },
      },
    });
  });

  it("publishes a batch in order to every subscriber, honouring each event's excluded socket", async () => {
    const server = await startServer();
    const [alice, bob] = await Promise.all([connectClient(server), connectClient(server)]);
    const arrivals = (client: PusherClient) => {
      const seen: string[] = [];
      client.bind_global((event: string, data: { n?: number }) => {
        if (!event.startsWith("pusher:")) seen.push(`${event}:${data.n}`);
      });
      return seen;
    };
    const [aliceSeen, bobSeen] = [arrivals(alice), arrivals(bob)];
    const aliceA = await subscribe(alice, "a");
    await subscribe(alice, "b");
    await subscribe(bob, "a");
    const last = nextEvent(aliceA, "three");
    await serverSdk(server).triggerBatch([
      { channel: "a", name: "one", data: { n: 1 } },
      { channel: "b", name: "two", data: { n: 2 } },
      { channel: "a", name: "three", data: { n: 3 }, socket_id: bob.connection.socket_id },
      { channel: "a", name: "three", data: { n: 4 } },
    ]);
    await last;
    await settle();
    expect(aliceSeen).toEqual(["one:1", "two:2", "three:3", "three:4"]);
    expect(bobSeen).toEqual(["one:1", "three:4"]);
  });

  it("rejects a bad signature, an unknown key and a stale timestamp with 401", async () => {
    const server = await startServer();
    await expect(serverSdk(server, "wrong-secret").trigger("a", "e", {})).rejects.toMatchObject({
      status: 401,
      body: expect.stringContaining("Invalid signature"),
    });
    await expect(serverSdk(server, APP.secret, "other-key").get({ path: "/channels" })).rejects.toMatchObject({
      status: 401,
    });
    const realNow = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(realNow - 3600_000);
    const stale = serverSdk(server).trigger("a", "e", {}); // the SDK signs synchronously
    clock.mockRestore();
    await expect(stale).rejects.toMatchObject({ status: 401, body: expect.stringContaining("Timestamp expired") });
  });

  it("answers 400 naming the field for invalid bodies", async () => {
    const server = await startServer();
    // The SDK validates what it sends, so sign hand-made bodies with its own signer.
    const post = async (subPath: string, body: unknown) => {
      const path = `/apps/${APP.appId}${subPath}`;
      const text = JSON.stringify(body);
      const query = serverSdk(server).createSignedQueryString({ method: "POST", path, body: text });
      const response = await fetch(`${server.url}${path}?${query}`, { method: "POST", body: text });
      return { status: response.status, message: await response.text() };
    };
    expect(await post("/events", { channels: ["a"], data: "{}" })).toMatchObject({
      status: 400,
      message: expect.stringContaining("'name'"),
    });
    expect(await post("/batch_events", { batch: [{ channel: "a", name: "e", data: 5 }] })).toMatchObject({
      status: 400,
      message: expect.stringContaining("'batch[0].data'"),
    });
    expect(await post("/events", { name: "e", data: "{}", channels: ["bad channel"] })).toMatchObject({
      status: 400,
      message: expect.stringContaining("'channels[0]'"),
    });
    expect(await post("/events", [1, 2])).toMatchObject({ status: 400, message: expect.stringContaining("JSON object") });
  });

  it("refuses event data over the size limit with 413 and keeps serving", async () => {
    const server = await startServer({ maxMessageBytes: 1024 });
    const client = await connectClient(server);
    const channel = await subscribe(client, "limits");
    await expect(serverSdk(server).trigger("limits", "big", "x".repeat(2000))).rejects.toMatchObject({
      status: 413,
    });
    const small = nextEvent(channel, "small");
    await serverSdk(server).trigger("limits", "small", "x".repeat(500));
    expect((await small).data).toBe("x".repeat(500));
  });
});

describe("presence channels", () => {
  it("lists members and announces arrivals and departures once per user", async () => {
    const server = await startServer();
    const ana = await connectClient(server, { user: { id: "ana", name: "Ana" } });
    const anaChannel = await subscribe<PresenceChannel>(ana, "presence-ticket-7");
    expect(anaChannel.members.count).toBe(1);

    const arrived = nextEvent<{ id: string; info: unknown }>(anaChannel, "pusher:member_added");
    const ben = await connectClient(server, { user: { id: "ben", name: "Ben" } });
    const benChannel = await subscribe<PresenceChannel>(ben, "presence-ticket-7");
    expect((await arrived).data).toEqual({ id: "ben", info: { name: "Ben" } });
    expect(benChannel.members.count).toBe(2);
    expect(benChannel.members.get("ana")).toEqual({ id: "ana", info: { name: "Ana" } });

    // Ben opens a second tab: still one member.
    const anaEvents: string[] = [];
    anaChannel.bind("pusher:member_added", () => anaEvents.push("added"));
    anaChannel.bind("pusher:member_removed", () => anaEvents.push("removed"));
    const benTab = await connectClient(server, { user: { id: "ben", name: "Ben" } });
    await subscribe(benTab, "presence-ticket-7");
    benTab.disconnect();
    await settle();
    expect(anaEvents).toEqual([]);
    expect(anaChannel.members.count).toBe(2);

    const users = await serverSdk(server).get({ path: "/channels/presence-ticket-7/users" });
    expect(await users.json()).toEqual({ users: [{ id: "ana" }, { id: "ben" }] });

    const departed = nextEvent<{ id: string }>(anaChannel, "pusher:member_removed");
    ben.disconnect();
    expect((await departed).data).toMatchObject({ id: "ben" });
    expect(anaChannel.members.count).toBe(1);
  });
});

describe("client events", () => {
  it("relays client-* events to other subscribers only, with user_id on presence channels", async () => {
    const server = await startServer();
    const ana = await connectClient(server, { user: { id: "ana", name: "Ana" } });
    const ben = await connectClient(server, { user: { id: "ben", name: "Ben" } });
    const anaPrivate = await subscribe(ana, "private-chat");
    const benPrivate = await subscribe(ben, "private-chat");
    const anaPresence = await subscribe(ana, "presence-chat");
    const benPresence = await subscribe(ben, "presence-chat");

    const echoed: unknown[] = [];
    anaPrivate.bind("client-typing", (data: unknown) => echoed.push(data));
    const typing = nextEvent(benPrivate, "client-typing");
    anaPrivate.trigger("client-typing", { typing: true });
    expect((await typing).data).toEqual({ typing: true });

    const onPresence = nextEvent(benPresence, "client-cursor");
    anaPresence.trigger("client-cursor", { x: 1 });
    const presenceEvent = await onPresence;
    expect(presenceEvent.data).toEqual({ x: 1 });
    expect(presenceEvent.metadata).toEqual({ user_id: "ana" });

    await settle();
    expect(echoed).toEqual([]);
  });

  it("refuses client events on public channels and over the size limit", async () => {
    const server = await startServer({ maxMessageBytes: 1024 });
    const [ana, ben] = await Promise.all([connectClient(server), connectClient(server)]);
    const anaPrivate = await subscribe(ana, "private-room");
    const benPrivate = await subscribe(ben, "private-room");
    const benReceived: unknown[] = [];
    benPrivate.bind("client-big", (data: unknown) => benReceived.push(data));

    const tooBig = nextConnectionError(ana);
    anaPrivate.trigger("client-big", { text: "x".repeat(2000) });
    expect(await tooBig).toMatchObject({ code: 4301, message: expect.stringContaining("limit") });

    const anaPublic = await subscribe(ana, "lobby");
    const onPublic = nextConnectionError(ana);
    anaPublic.trigger("client-hello", {});
    expect((await onPublic).message).toContain("private- and presence-");
    await settle();
    expect(benReceived).toEqual([]);
  });
});

describe("bad input", () => {
  it("refuses a private subscription with a forged signature", async () => {
    const server = await startServer();
    const forger = await connectClient(server, { signingSecret: "guessed-secret" });
    const channel = forger.subscribe("private-billing");
    const refused = await nextEvent<{ type: string; status: number; error: string }>(channel, "pusher:subscription_error");
    expect(refused.data).toMatchObject({ type: "AuthError", status: 401 });
    expect(channel.subscribed).toBe(false);

    const response = await serverSdk(server).get({ path: "/channels/private-billing", params: { info: "subscription_count" } });
    expect(await response.json()).toEqual({ occupied: false, subscription_count: 0 });
  });

  it("refuses a private subscription without auth", async () => {
    const server = await startServer();
    const socket = await rawSocket(server);
    socket.ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: "private-x" } }));
    const refused = await socket.next("pusher:subscription_error");
    expect(refused.channel).toBe("private-x");
    expect(JSON.parse(refused.data as string)).toMatchObject({ status: 401 });
  });

  it("answers malformed frames and unknown events with pusher:error and keeps serving others", async () => {
    const server = await startServer();
    const socket = await rawSocket(server);
    await socket.next("pusher:connection_established");
    socket.ws.send("{not json");
    expect((await socket.next("pusher:error")).data).toMatchObject({ message: expect.stringContaining("Malformed") });
    socket.ws.send(JSON.stringify({ data: {} }));
    expect((await socket.next("pusher:error")).data).toMatchObject({ message: expect.stringContaining("'event'") });
    socket.ws.send(JSON.stringify({ event: "pusher:teleport", data: {} }));
    expect((await socket.next("pusher:error")).data).toMatchObject({ message: expect.stringContaining("Unsupported") });
    socket.ws.send(JSON.stringify({ event: "pusher:subscribe", data: "nope" }));
    await socket.next("pusher:error");
    socket.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await socket.next("pusher:error");

    const client = await connectClient(server);
    const channel = await subscribe(client, "after-garbage");
    const received = nextEvent(channel, "still-alive");
    await serverSdk(server).trigger("after-garbage", "still-alive", { ok: true });
    expect((await received).data).toEqual({ ok: true });
    socket.ws.send(JSON.stringify({ event: "pusher:ping", data: {} }));
    await socket.next("pusher:pong");
  });

  it("closes a socket that sends a frame far over the limit (1009) without affecting others", async () => {
    const server = await startServer({ maxMessageBytes: 1024 });
    const [flooder, bystander] = await Promise.all([rawSocket(server), rawSocket(server)]);
    flooder.ws.send(JSON.stringify({ event: "client-x", channel: "private-a", data: "x".repeat(512 * 1024) }));
    expect(await flooder.closed).toBe(1009);
    bystander.ws.send(JSON.stringify({ event: "pusher:ping", data: {} }));
    await bystander.next("pusher:pong");
  });
});

describe("channel information", () => {
  it("lists occupied channels and describes one", async () => {
    const server = await startServer();
    const ana = await connectClient(server, { user: { id: "ana", name: "Ana" } });
    const ben = await connectClient(server, { user: { id: "ben", name: "Ben" } });
    await Promise.all([subscribe(ana, "presence-a"), subscribe(ben, "presence-a"), subscribe(ana, "presence-b")]);
    await subscribe(ana, "private-c");
    const sdk = serverSdk(server);

    const all = await sdk.get({ path: "/channels" });
    expect(Object.keys(((await all.json()) as { channels: object }).channels).sort()).toEqual([
      "presence-a",
      "presence-b",
      "private-c",
    ]);
    const presence = await sdk.get({ path: "/channels", params: { filter_by_prefix: "presence-", info: "user_count" } });
    expect(await presence.json()).toEqual({
      channels: { "presence-a": { user_count: 2 }, "presence-b": { user_count: 1 } },
    });
    const one = await sdk.get({ path: "/channels/presence-a", params: { info: "user_count,subscription_count" } });
    expect(await one.json()).toEqual({ occupied: true, user_count: 2, subscription_count: 2 });

    ana.unsubscribe("private-c");
    await vi.waitFor(async () => {
      const channel = await sdk.get({ path: "/channels/private-c" });
      expect(await channel.json()).toEqual({ occupied: false });
    });

    await expect(sdk.get({ path: "/channels", params: { info: "user_count" } })).rejects.toMatchObject({ status: 400 });
    await expect(sdk.get({ path: "/channels/private-c/users" })).rejects.toMatchObject({ status: 400 });
    await expect(sdk.get({ path: "/channels/private-c", params: { info: "user_count" } })).rejects.toMatchObject({
      status: 400,
    });
  });
});

describe("shutdown", () => {
  it("close() drops connected sockets and stops listening", async () => {
    const server = await startRealtimeServer({ ...APP, port: 0 });
    const socket = await rawSocket(server);
    const started = Date.now();
    await server.close();
    expect(await socket.closed).toBe(1006);
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(serverSdk(server).get({ path: "/channels" })).rejects.toMatchObject({ status: undefined });
  });
});

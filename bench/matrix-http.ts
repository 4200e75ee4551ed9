import { randomBytes } from "node:crypto";

export interface SyncedEvent {
  roomId: string;
  /** "join" for timeline events, "invite" for an invite's stripped state. */
  section: "join" | "invite";
  event: {
    type?: string;
    sender?: string;
    state_key?: string;
    content?: Record<string, unknown>;
    event_id?: string;
  };
}

// Only what the bench waits for: timelines and invites, no presence or account data.
const FILTER = encodeURIComponent(
  JSON.stringify({
    presence: { types: [] },
    account_data: { types: [] },
    room: { timeline: { limit: 100 }, state: { lazy_load_members: true }, ephemeral: { types: [] } },
  }),
);

/**
 * A bare Matrix client over fetch, so the bench's own overhead is the same for Plenum and for the
 * floor: it sends, and it long-polls /sync until an event it waits for arrives.
 */
export class BenchClient {
  private since: string | undefined;

  constructor(
    readonly homeserverUrl: string,
    readonly userId: string,
    readonly accessToken: string,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.homeserverUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.accessToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Skips everything that happened before now. */
  async catchUp(): Promise<void> {
    const result = await this.request<{ next_batch: string }>(
      "GET",
      `/_matrix/client/v3/sync?timeout=0&filter=${FILTER}${this.since ? `&since=${this.since}` : ""}`,
    );
    this.since = result.next_batch;
  }

  async send(roomId: string, body: string): Promise<string> {
    const txn = randomBytes(8).toString("hex");
    const { event_id } = await this.request<{ event_id: string }>(
      "PUT",
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txn}`,
      { msgtype: "m.text", body },
    );
    return event_id;
  }

  /** A private room with `botUserId` invited; resolves once the bot has joined it. */
  async roomWithBot(botUserId: string): Promise<string> {
    const { room_id: roomId } = await this.request<{ room_id: string }>(
      "POST",
      "/_matrix/client/v3/createRoom",
      {
        preset: "private_chat",
        invite: [botUserId],
      },
    );
    await this.waitFor(
      (e) => e.roomId === roomId && e.event.state_key === botUserId && e.event.content?.membership === "join",
    );
    return roomId;
  }

  /** Long-polls /sync until `predicate` matches an event that arrived since the last call. */
  async waitFor(predicate: (event: SyncedEvent) => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const result = await this.request<{
        next_batch: string;
        rooms?: {
          join?: Record<string, { timeline?: { events?: SyncedEvent["event"][] } }>;
          invite?: Record<string, { invite_state?: { events?: SyncedEvent["event"][] } }>;
        };
      }>(
        "GET",
        `/_matrix/client/v3/sync?timeout=30000&filter=${FILTER}${this.since ? `&since=${this.since}` : ""}`,
      );
      this.since = result.next_batch;
      const events: SyncedEvent[] = [
        ...Object.entries(result.rooms?.join ?? {}).flatMap(([roomId, room]) =>
          (room.timeline?.events ?? []).map((event) => ({ roomId, section: "join" as const, event })),
        ),
        ...Object.entries(result.rooms?.invite ?? {}).flatMap(([roomId, room]) =>
          (room.invite_state?.events ?? []).map((event) => ({ roomId, section: "invite" as const, event })),
        ),
      ];
      if (events.some(predicate)) return;
    }
    throw new Error(`${this.userId} waited ${timeoutMs} ms in vain`);
  }
}

export function repliesTo(event: SyncedEvent["event"], eventId: string): boolean {
  const relation = event.content?.["m.relates_to"] as { "m.in_reply_to"?: { event_id?: string } } | undefined;
  return relation?.["m.in_reply_to"]?.event_id === eventId;
}

import type { Database } from "./database.js";

/** State types Plenum keeps a copy of; everything else is read from the homeserver when needed. */
export const TRACKED_STATE = [
  "m.room.create",
  "m.room.member",
  "m.room.power_levels",
  "m.room.join_rules",
] as const;

export interface StateEventRecord {
  type: string;
  state_key: string;
  content: Record<string, unknown>;
  event_id: string;
  sender: string;
  origin_server_ts: number;
}

export function isTrackedState(type: unknown): boolean {
  return typeof type === "string" && (TRACKED_STATE as readonly string[]).includes(type);
}

/** Plenum's copy of the access-relevant state of the rooms the bot is in. */
export function roomStateRepository(db: Database) {
  return {
    /** Applies an event from the stream; an older event never overwrites a newer one. */
    async apply(roomId: string, event: StateEventRecord): Promise<void> {
      const row = {
        room_id: roomId,
        type: event.type,
        state_key: event.state_key,
        content: JSON.stringify(event.content),
        event_id: event.event_id,
        sender: event.sender,
        origin_server_ts: event.origin_server_ts,
      };
      await db("room_state")
        .insert(row)
        .onConflict(["room_id", "type", "state_key"])
        .merge()
        .where("room_state.origin_server_ts", "<=", event.origin_server_ts);
    },

    /** Replaces the room's tracked state with a full snapshot (after joining, or to repair). */
    async replace(roomId: string, events: StateEventRecord[]): Promise<void> {
      await db.transaction(async (trx) => {
        await trx("room_state").where({ room_id: roomId }).delete();
        const rows = events
          .filter((e) => isTrackedState(e.type))
          .map((e) => ({
            room_id: roomId,
            type: e.type,
            state_key: e.state_key,
            content: JSON.stringify(e.content),
            event_id: e.event_id,
            sender: e.sender,
            origin_server_ts: e.origin_server_ts,
          }));
        for (let i = 0; i < rows.length; i += 200) await trx("room_state").insert(rows.slice(i, i + 200));
      });
    },

    async get(roomId: string, type: string, stateKey: string): Promise<Record<string, unknown> | undefined> {
      const row = await db("room_state").where({ room_id: roomId, type, state_key: stateKey }).first();
      return row ? (JSON.parse(String(row.content)) as Record<string, unknown>) : undefined;
    },

    async createEvent(
      roomId: string,
    ): Promise<{ sender: string; content: Record<string, unknown> } | undefined> {
      const row = await db("room_state")
        .where({ room_id: roomId, type: "m.room.create", state_key: "" })
        .first();
      if (!row) return undefined;
      return {
        sender: String(row.sender),
        content: JSON.parse(String(row.content)) as Record<string, unknown>,
      };
    },

    async membership(roomId: string, userId: string): Promise<string | undefined> {
      const content = await this.get(roomId, "m.room.member", userId);
      return typeof content?.membership === "string" ? content.membership : undefined;
    },

    /** Users whose membership is one of `memberships`, from the copy. */
    async members(roomId: string, memberships: readonly string[] = ["join"]): Promise<string[]> {
      const rows = await db("room_state")
        .where({ room_id: roomId, type: "m.room.member" })
        .orderBy("state_key");
      return rows
        .filter((row) => memberships.includes(String(JSON.parse(String(row.content)).membership)))
        .map((row) => String(row.state_key));
    },

    /** Joined members and their display names, from the copy; for pickers, not for access decisions. */
    async joinedMembers(roomId: string): Promise<{ userId: string; displayName: string | null }[]> {
      const rows = await db("room_state")
        .where({ room_id: roomId, type: "m.room.member" })
        .orderBy("state_key");
      return rows
        .map((row) => ({ userId: String(row.state_key), content: JSON.parse(String(row.content)) }))
        .filter(({ content }) => content.membership === "join")
        .map(({ userId, content }) => ({
          userId,
          displayName: typeof content.displayname === "string" ? content.displayname : null,
        }));
    },

    async knows(roomId: string): Promise<boolean> {
      return (await db("room_state").where({ room_id: roomId, type: "m.room.create" }).first()) !== undefined;
    },
  };
}

export type RoomStateRepository = ReturnType<typeof roomStateRepository>;

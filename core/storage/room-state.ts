import type { Database } from "./database.js";
import { readableRows, type RepositoryOptions } from "./corrupt-rows.js";

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
}

/** What the copy holds for one state key, and where in the homeserver's stream it came from. */
export interface HeldState {
  eventId: string;
  content: Record<string, unknown>;
  position: number;
}

export function isTrackedState(type: unknown): boolean {
  return typeof type === "string" && (TRACKED_STATE as readonly string[]).includes(type);
}

/**
 * Plenum's copy of the access-relevant state of the rooms the bot is in, in the homeserver's order:
 * each row carries the position in the appservice stream (the inbox's seq) of what set it, and a
 * write from an earlier position never replaces a later one. A sender's clock plays no part.
 */
export function roomStateRepository(db: Database, options: RepositoryOptions = {}) {
  type Row = Record<string, unknown>;
  /** The rows whose content reads as a JSON object; the others are reported and left out. */
  const readable = <T>(rows: Row[], read: (row: Row, content: Record<string, unknown>) => T): T[] =>
    readableRows(
      rows,
      (row) => {
        const content: unknown = JSON.parse(String(row.content));
        if (typeof content !== "object" || content === null || Array.isArray(content))
          throw new Error("content is not an object");
        return read(row, content as Record<string, unknown>);
      },
      {
        table: "room_state",
        key: (row) => ({ room_id: row.room_id, type: row.type, state_key: row.state_key }),
        onCorruptRow: options.onCorruptRow,
      },
    );
  const toRow = (roomId: string, event: StateEventRecord, position: number) => ({
    room_id: roomId,
    type: event.type,
    state_key: event.state_key,
    content: JSON.stringify(event.content),
    event_id: event.event_id,
    sender: event.sender,
    stream_position: position,
  });
  return {
    /**
     * Applies what the stream says at `position` (the event's inbox seq) for the event's state key,
     * unless the copy holds something from a later position (a snapshot taken after it).
     */
    async apply(roomId: string, event: StateEventRecord, position: number): Promise<void> {
      await db("room_state")
        .insert(toRow(roomId, event, position))
        .onConflict(["room_id", "type", "state_key"])
        .merge()
        .where("room_state.stream_position", "<", position);
    },

    /**
     * The newest position stored in the stream so far. Every event up to it had been stored by the
     * homeserver before Plenum received it, so a snapshot fetched after reading this reflects them all.
     */
    async streamPosition(): Promise<number> {
      const row = (await db("inbox").max({ position: "seq" }).first()) as { position?: unknown } | undefined;
      return Number(row?.position ?? 0);
    },

    /**
     * Replaces the room's tracked state with a full snapshot fetched after reading `upTo` (see
     * streamPosition): rows the stream wrote after `upTo` are newer than the snapshot may be and stay.
     * The bot is in the room again, so it no longer counts as left.
     */
    async replace(roomId: string, events: StateEventRecord[], upTo: number): Promise<void> {
      await db.transaction(async (trx) => {
        await trx("room_state").where({ room_id: roomId }).where("stream_position", "<=", upTo).delete();
        await trx("left_rooms").where({ room_id: roomId }).delete();
        const rows = events.filter((e) => isTrackedState(e.type)).map((e) => toRow(roomId, e, upTo));
        for (let i = 0; i < rows.length; i += 200)
          await trx("room_state")
            .insert(rows.slice(i, i + 200))
            .onConflict(["room_id", "type", "state_key"])
            .ignore();
      });
    },

    /** What the copy holds for the state key, with the event id and stream position it came from. */
    async held(roomId: string, type: string, stateKey: string): Promise<HeldState | undefined> {
      const row = await db("room_state").where({ room_id: roomId, type, state_key: stateKey }).first();
      if (!row) return undefined;
      return readable([row], (_, content) => ({
        eventId: String(row.event_id),
        content,
        position: Number(row.stream_position),
      }))[0];
    },

    /**
     * The bot left the room, or was kicked or banned: everything copied about the room goes (no call
     * token or decision may rest on it any more), and the room is remembered as left.
     */
    async forget(roomId: string, membership: string, at: number): Promise<void> {
      await db.transaction(async (trx) => {
        await trx("room_state").where({ room_id: roomId }).delete();
        await trx("left_rooms")
          .insert({ room_id: roomId, membership, left_at: at })
          .onConflict("room_id")
          .merge();
      });
    },

    /** Whether the bot has left the room (or was removed) since it last joined. */
    async hasLeft(roomId: string): Promise<boolean> {
      return (await db("left_rooms").where({ room_id: roomId }).first()) !== undefined;
    },

    async get(roomId: string, type: string, stateKey: string): Promise<Record<string, unknown> | undefined> {
      const row = await db("room_state").where({ room_id: roomId, type, state_key: stateKey }).first();
      return row ? readable([row], (_, content) => content)[0] : undefined;
    },

    async createEvent(
      roomId: string,
    ): Promise<{ sender: string; content: Record<string, unknown> } | undefined> {
      const row = await db("room_state")
        .where({ room_id: roomId, type: "m.room.create", state_key: "" })
        .first();
      if (!row) return undefined;
      return readable([row], (_, content) => ({ sender: String(row.sender), content }))[0];
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
      return readable(rows, (row, content) => ({ userId: String(row.state_key), content }))
        .filter(({ content }) => memberships.includes(String(content.membership)))
        .map(({ userId }) => userId);
    },

    /** Joined members and their display names, from the copy; for pickers, not for access decisions. */
    async joinedMembers(roomId: string): Promise<{ userId: string; displayName: string | null }[]> {
      const rows = await db("room_state")
        .where({ room_id: roomId, type: "m.room.member" })
        .orderBy("state_key");
      return readable(rows, (row, content) => ({ userId: String(row.state_key), content }))
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

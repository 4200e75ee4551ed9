import type { Database } from "./database.js";

export interface Breakout {
  roomId: string;
  meetingId: string;
  parentRoomId: string;
  name: string;
  members: string[];
  createdAt: number;
  endedAt: number | null;
}

function toBreakout(row: Record<string, unknown>): Breakout {
  return {
    roomId: String(row.room_id),
    meetingId: String(row.meeting_id),
    parentRoomId: String(row.parent_room_id),
    name: String(row.name),
    members: JSON.parse(String(row.members)) as string[],
    createdAt: Number(row.created_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
  };
}

/** Breakout rooms and the meeting each belongs to, so access rules can follow them there. */
export function breakoutsRepository(db: Database) {
  return {
    async insert(breakout: Breakout): Promise<void> {
      await db("breakouts").insert({
        room_id: breakout.roomId,
        meeting_id: breakout.meetingId,
        parent_room_id: breakout.parentRoomId,
        name: breakout.name,
        members: JSON.stringify(breakout.members),
        created_at: breakout.createdAt,
        ended_at: breakout.endedAt,
      });
    },
    async byRoomId(roomId: string): Promise<Breakout | undefined> {
      const row = await db("breakouts").where({ room_id: roomId }).first();
      return row ? toBreakout(row) : undefined;
    },
    /** The breakouts of a meeting that have not been ended, in the order they were made. */
    async open(meetingId: string): Promise<Breakout[]> {
      const rows = await db("breakouts")
        .where({ meeting_id: meetingId })
        .whereNull("ended_at")
        .orderBy("created_at")
        .orderBy("name");
      return rows.map(toBreakout);
    },
    async end(roomId: string, now: number): Promise<void> {
      await db("breakouts").where({ room_id: roomId }).update({ ended_at: now });
    },
    async delete(roomId: string): Promise<void> {
      await db("breakouts").where({ room_id: roomId }).delete();
    },
  };
}

export type BreakoutsRepository = ReturnType<typeof breakoutsRepository>;

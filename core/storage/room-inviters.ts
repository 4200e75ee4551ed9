import type { Database } from "./database.js";

export interface RoomInviter {
  roomId: string;
  inviter: string;
}

/** Who invited the bot into each room it accepted an invite to (the newest invite wins). */
export function roomInvitersRepository(db: Database) {
  return {
    async record(roomId: string, inviter: string, at: number): Promise<void> {
      await db("room_inviters")
        .insert({ room_id: roomId, inviter, accepted_at: at })
        .onConflict("room_id")
        .merge({ inviter, accepted_at: at });
    },
    async all(): Promise<RoomInviter[]> {
      const rows = (await db("room_inviters").orderBy("room_id")) as { room_id: string; inviter: string }[];
      return rows.map((row) => ({ roomId: String(row.room_id), inviter: String(row.inviter) }));
    },
    async remove(roomId: string): Promise<void> {
      await db("room_inviters").where({ room_id: roomId }).delete();
    },
  };
}

export type RoomInvitersRepository = ReturnType<typeof roomInvitersRepository>;

import type { Database } from "./database.js";

/** Dial-in PINs, one per meeting, unique across meetings. */
export function meetingPinsRepository(db: Database) {
  return {
    async pinOf(meetingId: string): Promise<string | undefined> {
      const row = await db("meeting_pins").where({ meeting_id: meetingId }).first();
      return row ? String(row.pin) : undefined;
    },
    async meetingFor(pin: string): Promise<string | undefined> {
      const row = await db("meeting_pins").where({ pin }).first();
      return row ? String(row.meeting_id) : undefined;
    },
    /** Stores the PIN unless it is taken; returns whether it was stored. */
    async claim(meetingId: string, pin: string): Promise<boolean> {
      const taken = await db("meeting_pins").where({ pin }).orWhere({ meeting_id: meetingId }).first();
      if (taken) return false;
      await db("meeting_pins").insert({ meeting_id: meetingId, pin }).onConflict().ignore();
      return (await this.meetingFor(pin)) === meetingId;
    },
  };
}

export type MeetingPinsRepository = ReturnType<typeof meetingPinsRepository>;

import type { Database } from "./database.js";

/** The pinned welcome message of each meeting room, edited in place when the meeting changes. */
export function meetingWelcomesRepository(db: Database) {
  return {
    async get(meetingId: string): Promise<string | undefined> {
      const row = (await db("meeting_welcomes").where({ meeting_id: meetingId }).first()) as
        { event_id: string } | undefined;
      return row?.event_id;
    },
    async set(meetingId: string, eventId: string): Promise<void> {
      await db("meeting_welcomes")
        .insert({ meeting_id: meetingId, event_id: eventId })
        .onConflict("meeting_id")
        .merge({ event_id: eventId });
    },
  };
}

export type MeetingWelcomesRepository = ReturnType<typeof meetingWelcomesRepository>;

import type { Database } from "./database.js";

/** The revocation generation of each meeting's guest links (0 until first revoked). */
export function guestLinksRepository(db: Database) {
  return {
    async generation(meetingId: string): Promise<number> {
      const row = await db("guest_link_generations").where({ meeting_id: meetingId }).first();
      return row ? Number(row.generation) : 0;
    },
    /** Voids every link issued so far; returns the new generation. */
    async revoke(meetingId: string, by: string, now: number): Promise<number> {
      return db.transaction(async (trx) => {
        const row = await trx("guest_link_generations").where({ meeting_id: meetingId }).first();
        const generation = (row ? Number(row.generation) : 0) + 1;
        const values = { generation, changed_by: by, changed_at: now };
        if (row) await trx("guest_link_generations").where({ meeting_id: meetingId }).update(values);
        else await trx("guest_link_generations").insert({ meeting_id: meetingId, ...values });
        return generation;
      });
    },
  };
}

export type GuestLinksRepository = ReturnType<typeof guestLinksRepository>;

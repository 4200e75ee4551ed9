import type { Database } from "./database.js";

/** An e-mail address invited to a meeting. Personal data: never logged, shown only to the meeting's editors. */
export interface EmailInvitation {
  id: number;
  meetingId: string;
  address: string;
  invitedBy: string;
  invitedAt: number;
  /** Set by uninvite: the cancellation is still to be sent, then the row goes. */
  removedAt: number | null;
}

function toInvitation(row: Record<string, unknown>): EmailInvitation {
  return {
    id: Number(row.id),
    meetingId: String(row.meeting_id),
    address: String(row.address),
    invitedBy: String(row.invited_by),
    invitedAt: Number(row.invited_at),
    removedAt: row.removed_at === null ? null : Number(row.removed_at),
  };
}

/** The invited addresses of meetings, and what they were last told of each meeting. */
export function emailInvitationsRepository(db: Database) {
  return {
    /**
     * Adds the addresses not yet invited (an uninvited one waiting for its cancellation is invited
     * again) and returns the rows added, in the order given.
     */
    async add(meetingId: string, addresses: string[], by: string, now: number): Promise<EmailInvitation[]> {
      return db.transaction(async (trx) => {
        const added: EmailInvitation[] = [];
        for (const address of addresses) {
          const row = await trx("email_invitations").where({ meeting_id: meetingId, address }).first();
          if (row && row.removed_at === null) continue;
          if (row) {
            await trx("email_invitations")
              .where({ id: row.id })
              .update({ removed_at: null, invited_by: by, invited_at: now });
            added.push(toInvitation({ ...row, removed_at: null, invited_by: by, invited_at: now }));
            continue;
          }
          const values = { meeting_id: meetingId, address, invited_by: by, invited_at: now };
          const [inserted] = await trx("email_invitations").insert(values).returning("id");
          const id = typeof inserted === "object" ? inserted.id : inserted;
          added.push(toInvitation({ ...values, id, removed_at: null }));
        }
        return added;
      });
    },

    /** Marks the invited addresses as uninvited; returns those that were invited. */
    async remove(meetingId: string, addresses: string[], now: number): Promise<EmailInvitation[]> {
      return db.transaction(async (trx) => {
        const rows = await trx("email_invitations")
          .where({ meeting_id: meetingId })
          .whereIn("address", addresses)
          .whereNull("removed_at");
        if (rows.length === 0) return [];
        await trx("email_invitations")
          .whereIn(
            "id",
            rows.map((row) => row.id),
          )
          .update({ removed_at: now });
        return rows.map((row) => toInvitation({ ...row, removed_at: now }));
      });
    },

    async byId(id: number): Promise<EmailInvitation | undefined> {
      const row = await db("email_invitations").where({ id }).first();
      return row ? toInvitation(row) : undefined;
    },

    /** The addresses currently invited, oldest first. */
    async invited(meetingId: string): Promise<EmailInvitation[]> {
      const rows = await db("email_invitations")
        .where({ meeting_id: meetingId })
        .whereNull("removed_at")
        .orderBy("id");
      return rows.map(toInvitation);
    },

    async delete(id: number): Promise<void> {
      await db("email_invitations").where({ id }).delete();
    },

    /** What the invited addresses were last told of the meeting (opaque JSON), and when they are purged. */
    async told(meetingId: string): Promise<{ told: string; purgeAt: number | null } | undefined> {
      const row = await db("email_meeting_states").where({ meeting_id: meetingId }).first();
      return row
        ? { told: String(row.told), purgeAt: row.purge_at === null ? null : Number(row.purge_at) }
        : undefined;
    },

    async setTold(meetingId: string, told: string, purgeAt: number | null): Promise<void> {
      await db("email_meeting_states")
        .insert({ meeting_id: meetingId, told, purge_at: purgeAt })
        .onConflict("meeting_id")
        .merge();
    },

    /** Deletes every address of the meeting and what they were told. */
    async purge(meetingId: string): Promise<number> {
      return db.transaction(async (trx) => {
        const deleted = await trx("email_invitations").where({ meeting_id: meetingId }).delete();
        await trx("email_meeting_states").where({ meeting_id: meetingId }).delete();
        return deleted;
      });
    },
  };
}

export type EmailInvitationsRepository = ReturnType<typeof emailInvitationsRepository>;

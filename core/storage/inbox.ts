import { claimRows } from "./claims.js";
import type { Database } from "./database.js";

export interface InboxEntry {
  seq: number;
  eventId: string;
  roomId: string;
  event: Record<string, unknown>;
  attempts: number;
}

const ENCRYPTED = "m.room.encrypted";
/** Well below the bound parameters a statement may carry (four per row). */
const INSERT_BATCH = 500;

/**
 * `stored`: a new transaction. `duplicate`: a transaction id already seen, carrying only events already
 * stored (a true repeat). `reused`: a transaction id already seen, carrying events never seen before:
 * the homeserver's transaction ids started again (its database was replaced or reset).
 */
export type TransactionOutcome = "stored" | "duplicate" | "reused";

function toEntry(row: Record<string, unknown>): InboxEntry {
  return {
    seq: Number(row.seq),
    eventId: String(row.event_id),
    roomId: String(row.room_id),
    event: JSON.parse(String(row.event)),
    attempts: Number(row.attempts),
  };
}

/** Durable intake of appservice transactions: stored first, acknowledged second, handled third. */
export function inboxRepository(db: Database) {
  return {
    /**
     * Stores the transaction's events that are not stored yet. Events are unique, transaction ids
     * are not: a homeserver that starts over numbers its transactions from 1 again, and an event is
     * dropped only because its own id is known, never because its transaction's id is.
     */
    async recordTransaction(
      txnId: string,
      events: Record<string, unknown>[],
      now: number,
    ): Promise<TransactionOutcome> {
      // As few round trips as can be: the homeserver waits for them before it sends anything else.
      return db.transaction(async (trx) => {
        const recorded = await trx("as_transactions")
          .insert({ txn_id: txnId, received_at: now })
          .onConflict("txn_id")
          .ignore()
          .returning("txn_id");
        const rows = events
          .filter((e) => typeof e.event_id === "string" && typeof e.room_id === "string")
          // Their clear form arrives through the crypto device, stored under the same event id.
          .filter((e) => e.type !== ENCRYPTED)
          .map((e) => ({
            event_id: e.event_id,
            room_id: e.room_id,
            event: JSON.stringify(e),
            received_at: now,
          }));
        let added = 0;
        // Rows of one insert get their sequence numbers in the order listed, so arrival order holds.
        for (let start = 0; start < rows.length; start += INSERT_BATCH) {
          const inserted = await trx("inbox")
            .insert(rows.slice(start, start + INSERT_BATCH))
            .onConflict("event_id")
            .ignore()
            .returning("seq");
          added += inserted.length;
        }
        if (recorded.length > 0) return "stored";
        return added > 0 ? "reused" : "duplicate";
      });
    },

    /** A decrypted event; ignored if an event with its id is stored already. */
    async recordDecrypted(event: Record<string, unknown>, now: number): Promise<void> {
      await db("inbox")
        .insert({
          event_id: event.event_id,
          room_id: event.room_id,
          event: JSON.stringify(event),
          received_at: now,
        })
        .onConflict("event_id")
        .ignore();
    },

    async pending(limit: number): Promise<InboxEntry[]> {
      const rows = await db("inbox").whereNull("processed_at").orderBy("seq").limit(limit);
      return rows.map(toEntry);
    },

    /**
     * Reserves up to `limit` events for this instance until `now + leaseMs`, oldest first and only
     * the oldest unhandled event of each room, so a room's events are handled in order even when
     * several instances drain the inbox.
     */
    async claim(now: number, limit: number, leaseMs: number): Promise<InboxEntry[]> {
      const rows = await claimRows(db, {
        table: "inbox",
        key: "seq",
        orderedBy: ["seq"],
        until: now + leaseMs,
        find: (from) =>
          from("inbox as i")
            .select("i.*")
            .whereNull("i.processed_at")
            .where((q) => q.whereNull("i.claimed_until").orWhere("i.claimed_until", "<=", now))
            .whereNotExists((q) =>
              q
                .select(from.raw("1"))
                .from("inbox as e")
                .whereRaw("e.room_id = i.room_id")
                .whereNull("e.processed_at")
                .whereRaw("e.seq < i.seq"),
            )
            .orderBy("i.seq")
            .limit(limit),
      });
      return rows.map(toEntry);
    },

    async markProcessed(seq: number, now: number): Promise<void> {
      await db("inbox").where({ seq }).update({ processed_at: now, claimed_until: null });
    },

    /**
     * Keeps the event (and its room) waiting until `retryAt` without counting an attempt: the
     * homeserver was away, which says nothing about the event.
     */
    async postpone(seq: number, retryAt: number): Promise<void> {
      await db("inbox").where({ seq }).update({ claimed_until: retryAt });
    },

    /** Counts a failed attempt; the event stays reserved until `retryAt`, and its room waits with it. */
    async recordAttempt(seq: number, retryAt: number): Promise<void> {
      await db("inbox").where({ seq }).update({ claimed_until: retryAt }).increment("attempts", 1);
    },
  };
}

export type InboxRepository = ReturnType<typeof inboxRepository>;

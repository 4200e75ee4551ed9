import type { Database } from "./database.js";

export interface OutboxEntry {
  id: number;
  roomId: string;
  txnId: string;
  type: string;
  content: Record<string, unknown>;
}

export type OutboxResult = { eventId: string } | { error: string } | undefined;

/**
 * Encrypted events that instances without the bot's device hand to the one holding it. One entry
 * per room and transaction id: an instance retrying a send finds its first attempt, never a second.
 */
export function cryptoOutboxRepository(db: Database) {
  return {
    async enqueue(entry: Omit<OutboxEntry, "id">, now: number): Promise<void> {
      await db("crypto_outbox")
        .insert({
          room_id: entry.roomId,
          txn_id: entry.txnId,
          type: entry.type,
          content: JSON.stringify(entry.content),
          created_at: now,
        })
        .onConflict(["room_id", "txn_id"])
        .ignore();
    },

    async result(roomId: string, txnId: string): Promise<OutboxResult> {
      const row = await db("crypto_outbox").where({ room_id: roomId, txn_id: txnId }).first();
      if (row?.event_id) return { eventId: String(row.event_id) };
      if (row?.error) return { error: String(row.error) };
      return undefined;
    },

    /** Entries still to send, oldest first, so each room's events go out in the order handed in. */
    async pending(limit: number): Promise<OutboxEntry[]> {
      const rows = await db("crypto_outbox")
        .whereNull("event_id")
        .whereNull("error")
        .orderBy("id")
        .limit(limit);
      return rows.map((row) => ({
        id: Number(row.id),
        roomId: String(row.room_id),
        txnId: String(row.txn_id),
        type: String(row.type),
        content: JSON.parse(String(row.content)) as Record<string, unknown>,
      }));
    },

    async sent(id: number, eventId: string): Promise<void> {
      await db("crypto_outbox").where({ id }).update({ event_id: eventId });
    },

    async failed(id: number, error: string): Promise<void> {
      await db("crypto_outbox").where({ id }).update({ error });
    },

    /** Drops entries handed in before `before`, sent or not: their senders stopped waiting long ago. */
    async prune(before: number): Promise<void> {
      await db("crypto_outbox").where("created_at", "<", before).delete();
    },
  };
}

export type CryptoOutboxRepository = ReturnType<typeof cryptoOutboxRepository>;

import type { Database } from "./database.js";

/**
 * Leases on singleton roles. Taking or renewing a lease is one conditional upsert: the row changes
 * only when this holder already has it or it has expired, so two instances racing for an expired
 * lease cannot both win, on SQLite or on PostgreSQL.
 */
export function leasesRepository(db: Database) {
  return {
    /** Takes or renews `name` for `holder` until `now + ttlMs`; true when `holder` holds it now. */
    async acquire(name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
      const expiresAt = now + ttlMs;
      await db("leader_leases")
        .insert({ name, holder, expires_at: expiresAt })
        .onConflict("name")
        .merge({ holder, expires_at: expiresAt })
        .where((q) => q.where("leader_leases.holder", holder).orWhere("leader_leases.expires_at", "<", now));
      const row = await db("leader_leases").where({ name }).first();
      return row?.holder === holder && Number(row.expires_at) === expiresAt;
    },

    /** Gives the lease up at once (clean shutdown), so another instance need not wait for expiry. */
    async release(name: string, holder: string): Promise<void> {
      await db("leader_leases").where({ name, holder }).delete();
    },

    async holder(name: string, now: number): Promise<string | undefined> {
      const row = await db("leader_leases").where({ name }).where("expires_at", ">=", now).first();
      return row ? String(row.holder) : undefined;
    },
  };
}

export type LeasesRepository = ReturnType<typeof leasesRepository>;

import type { Database } from "./database.js";

export interface RunningInstance {
  holder: string;
  /** The newest migration the instance's code knows: it cannot work with any later one that breaks older code. */
  newestMigration: string;
  seenAt: number;
}

/**
 * The Plenum processes working on this database. Each announces itself at start-up and again at
 * intervals, and leaves at a clean shutdown; one that died simply stops being seen.
 */
export function instancesRepository(db: Database) {
  return {
    async announce(holder: string, newestMigration: string, now: number): Promise<void> {
      await db("instances")
        .insert({ holder, newest_migration: newestMigration, started_at: now, seen_at: now })
        .onConflict("holder")
        .merge({ seen_at: now });
    },

    async leave(holder: string): Promise<void> {
      await db("instances").where({ holder }).delete();
    },

    /** Instances seen at or after `since`. */
    async seenSince(since: number): Promise<RunningInstance[]> {
      const rows = await db("instances").where("seen_at", ">=", since).orderBy("holder");
      return rows.map((row) => ({
        holder: String(row.holder),
        newestMigration: String(row.newest_migration),
        seenAt: Number(row.seen_at),
      }));
    },

    /** Forgets instances not seen since `before` (they died without leaving). */
    async forgetUnseenSince(before: number): Promise<void> {
      await db("instances").where("seen_at", "<", before).delete();
    },
  };
}

export type InstancesRepository = ReturnType<typeof instancesRepository>;

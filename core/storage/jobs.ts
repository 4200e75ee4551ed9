import { claimRows } from "./claims.js";
import type { RepositoryOptions } from "./corrupt-rows.js";
import type { Database } from "./database.js";

export interface Job {
  id: number;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  dueAt: number;
  attempts: number;
}

export interface NewJob {
  kind: string;
  /** Unique per kind: scheduling the same key twice keeps one job. */
  key: string;
  payload: Record<string, unknown>;
  dueAt: number;
}

function toJob(row: Record<string, unknown>): Job {
  return {
    id: Number(row.id),
    kind: String(row.kind),
    key: String(row.key),
    payload: JSON.parse(String(row.payload)),
    dueAt: Number(row.due_at),
    attempts: Number(row.attempts),
  };
}

/** Durable scheduled work. Queries go through the (done_at, due_at) index; nothing scans all jobs. */
export function jobsRepository(db: Database, options: RepositoryOptions = {}) {
  return {
    async schedule(job: NewJob): Promise<void> {
      await db("jobs")
        .insert({ kind: job.kind, key: job.key, payload: JSON.stringify(job.payload), due_at: job.dueAt })
        .onConflict(["kind", "key"])
        .ignore();
    },

    async cancel(kind: string, key: string): Promise<void> {
      await db("jobs").where({ kind, key }).whereNull("done_at").delete();
    },

    /** Drops every open job whose key starts with the prefix (all reminders of one meeting, say). */
    async cancelByKeyPrefix(prefix: string): Promise<void> {
      const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
      await db("jobs")
        .whereNull("done_at")
        .whereRaw("key LIKE ? ESCAPE '\\'", [`${escaped}%`])
        .delete();
    },

    /**
     * When a job can next be claimed: the earliest due time, or, when everything due is held by a
     * claim, the moment the earliest such claim lapses (so a new leader waits instead of spinning).
     * Both lookups stay on the (done_at, due_at) index: the second reads only jobs already due.
     */
    async nextDueAt(now: number): Promise<number | undefined> {
      const row = await db("jobs").whereNull("done_at").min({ due: "due_at" }).first();
      if (row?.due === null || row?.due === undefined) return undefined;
      const due = Number(row.due);
      if (due > now) return due;
      const next = await db("jobs")
        .whereNull("done_at")
        .where("due_at", "<=", now)
        .select(
          db.raw("min(CASE WHEN claimed_until >= ? THEN claimed_until + 1 ELSE ? END) AS next", [now, now]),
        )
        .first();
      return Number(next?.next ?? due);
    },

    /** Claims due jobs for `leaseMs`; a claim that is not completed in time becomes due again. */
    async claimDue(now: number, limit: number, leaseMs: number): Promise<Job[]> {
      const rows = await claimRows(db, {
        table: "jobs",
        key: "id",
        until: now + leaseMs,
        countAttempt: true,
        orderedBy: ["due_at", "id"],
        find: (from) =>
          from("jobs")
            .whereNull("done_at")
            .where("due_at", "<=", now)
            .where((q) => q.whereNull("claimed_until").orWhere("claimed_until", "<", now))
            .orderBy([{ column: "due_at" }, { column: "id" }])
            .limit(limit),
      });
      const jobs: Job[] = [];
      for (const row of rows) {
        try {
          jobs.push(toJob(row));
        } catch (error) {
          // Done with a note, so the unreadable job neither stops the batch nor comes back.
          options.onCorruptRow?.({ table: "jobs", key: { id: row.id }, error });
          await db("jobs")
            .where({ id: row.id })
            .update({ done_at: now, claimed_until: null, last_error: "unreadable; skipped" });
        }
      }
      return jobs;
    },

    /**
     * Gives up claims without running the jobs (a scheduler stopping mid-batch). Only claims still
     * as this scheduler made them (`claimedUntil`) are given up, never one another instance has
     * taken since.
     */
    async release(ids: number[], claimedUntil: number): Promise<void> {
      await db("jobs")
        .whereIn("id", ids)
        .whereNull("done_at")
        .where({ claimed_until: claimedUntil })
        .update({ claimed_until: null });
    },

    async complete(id: number, now: number, note?: string): Promise<void> {
      await db("jobs")
        .where({ id })
        .update({ done_at: now, claimed_until: null, last_error: note ?? null });
    },

    async retryLater(id: number, dueAt: number, error: string): Promise<void> {
      await db("jobs").where({ id }).update({ due_at: dueAt, claimed_until: null, last_error: error });
    },

    async byKey(kind: string, key: string): Promise<(Job & { doneAt: number | null }) | undefined> {
      const row = await db("jobs").where({ kind, key }).first();
      return row ? { ...toJob(row), doneAt: row.done_at === null ? null : Number(row.done_at) } : undefined;
    },
  };
}

export type JobsRepository = ReturnType<typeof jobsRepository>;

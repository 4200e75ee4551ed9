import type { Database } from "./database.js";

export interface Backlog {
  /** Events stored but not yet handled. */
  pendingEvents: number;
  /** When the oldest of them was received (Plenum's clock), if any. */
  oldestEventReceivedAt?: number;
  /** Jobs due by `now` and not done. */
  dueJobs: number;
  /** The due time of the oldest of them, if any. */
  oldestDueAt?: number;
}

/**
 * The work waiting in the shared database, for metrics: the same for every instance, so alerts take
 * the maximum over instances. Each question stays on its table's pending index.
 */
export function backlogRepository(db: Database) {
  return {
    async read(now: number): Promise<Backlog> {
      const [events, jobs] = await Promise.all([
        db("inbox").whereNull("processed_at").count({ n: "*" }).min({ oldest: "received_at" }).first(),
        db("jobs")
          .whereNull("done_at")
          .where("due_at", "<=", now)
          .count({ n: "*" })
          .min({ oldest: "due_at" })
          .first(),
      ]);
      const number = (value: unknown) => (value === null || value === undefined ? undefined : Number(value));
      return {
        pendingEvents: Number(events?.n ?? 0),
        oldestEventReceivedAt: number(events?.oldest),
        dueJobs: Number(jobs?.n ?? 0),
        oldestDueAt: number(jobs?.oldest),
      };
    },
  };
}

export type BacklogRepository = ReturnType<typeof backlogRepository>;

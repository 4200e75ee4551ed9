import type { Logger } from "../logging/logger.js";
import type { Job, JobsRepository } from "../storage/jobs.js";
import type { Clock } from "../time/clock.js";

export type JobHandler = (job: Job) => Promise<void>;

export interface SchedulerOptions {
  jobs: JobsRepository;
  clock: Clock;
  logger: Logger;
  handlers: Record<string, JobHandler>;
  /** Longest sleep between ticks, so jobs written by another process are noticed. */
  maxSleepMs?: number;
  /** How long a claimed job stays reserved for this process before others may take it. */
  leaseMs?: number;
}

/**
 * Runs durable jobs when they are due. Each tick asks the database only for jobs already due (an
 * index lookup) and for the next due time, so an idle tick costs the same with ten or a million
 * future jobs. A job is claimed before it runs and completed after, so a restart re-runs at most
 * the job that was in hand, and handlers make that harmless with idempotent sends.
 */
export function createScheduler(options: SchedulerOptions) {
  const { jobs, clock, logger } = options;
  const maxSleepMs = options.maxSleepMs ?? 30_000;
  const leaseMs = options.leaseMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;
  /** Set by stop(): the tick in hand finishes its current job and claims no more. */
  let halting = false;

  async function runJob(job: Job): Promise<void> {
    const log = logger.child({ job_id: job.id, kind: job.kind, key: job.key });
    const handler = options.handlers[job.kind];
    if (!handler) {
      log.error("no handler for job kind; job closed");
      await jobs.complete(job.id, clock.now(), "no handler for this kind");
      return;
    }
    try {
      await handler(job);
      await jobs.complete(job.id, clock.now());
    } catch (error) {
      const delay = Math.min(15 * 60_000, 5_000 * 2 ** Math.min(job.attempts, 8));
      log.warn({ err: error, attempts: job.attempts, retry_in_ms: delay }, "job failed; will retry");
      await jobs.retryLater(job.id, clock.now() + delay, String((error as Error)?.message ?? error));
    }
  }

  /** Runs everything due now; returns how many jobs ran. */
  async function tick(): Promise<number> {
    let count = 0;
    for (;;) {
      if (halting) return count;
      const claimedAt = clock.now();
      const due = await jobs.claimDue(claimedAt, 100, leaseMs);
      for (const [index, job] of due.entries()) {
        if (halting) {
          // Handed back at once, so whoever leads next need not wait for the claims to lapse.
          await jobs.release(
            due.slice(index).map((j) => j.id),
            claimedAt + leaseMs,
          );
          return count;
        }
        await runJob(job);
        count += 1;
      }
      if (due.length < 100) return count;
    }
  }

  async function loop(): Promise<void> {
    if (stopped) return;
    try {
      running = tick();
      await running;
    } catch (error) {
      logger.error({ err: error }, "scheduler tick failed");
    } finally {
      running = undefined;
    }
    if (stopped) return;
    const next = await jobs.nextDueAt(clock.now()).catch(() => undefined);
    if (stopped) return;
    const sleep = next === undefined ? maxSleepMs : Math.max(0, Math.min(maxSleepMs, next - clock.now()));
    timer = setTimeout(() => void loop(), sleep);
  }

  return {
    tick,
    start(): void {
      if (!stopped) return;
      stopped = false;
      halting = false;
      void loop();
    },
    /** Call after scheduling a job that may be due sooner than the current sleep. */
    wake(): void {
      if (stopped || running) return;
      if (timer) clearTimeout(timer);
      void loop();
    },
    async stop(): Promise<void> {
      stopped = true;
      halting = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;

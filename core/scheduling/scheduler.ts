import type { Logger } from "../logging/logger.js";
import type { Job, JobsRepository } from "../storage/jobs.js";
import type { Clock } from "../time/clock.js";
import { createLaneQueue } from "./lanes.js";

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
  /** How many meetings' (rooms') jobs run at the same time. */
  maxLanes?: number;
  /** Told, as each job starts, how long after its due time it started (metrics). */
  observeLag?(lateMs: number): void;
}

/** How many jobs one claim takes, and how many claimed jobs may wait for their lane. */
const BATCH = 100;
/**
 * How often the loop looks again while due jobs wait unclaimed because the lanes' buffer is full;
 * lanes that finish claim more themselves, so this only matters while every lane hangs.
 */
const FULL_BUFFER_POLL_MS = 1_000;

/**
 * Jobs of one meeting (or, without one, of one room) run one after the other in due order, since
 * they act on the same room; any other job runs on its own.
 */
export function jobLane(job: Job): string {
  const { meetingId, roomId } = job.payload;
  if (typeof meetingId === "string") return `meeting:${meetingId}`;
  if (typeof roomId === "string") return `room:${roomId}`;
  return `job:${job.id}`;
}

interface Claimed {
  job: Job;
  /** The claim's end as written, so only this claim is handed back. */
  until: number;
}

/**
 * Runs durable jobs when they are due. Each tick asks the database only for jobs already due (an
 * index lookup) and for the next due time, so an idle tick costs the same with ten or a million
 * future jobs. A job is claimed before it runs and completed after, so a restart re-runs at most
 * the jobs that were in hand, and handlers make that harmless with idempotent sends. Claimed jobs
 * run in lanes by meeting (see jobLane): a meeting whose sends hang (the homeserver slow for its
 * room) holds back only its own later jobs, and jobs falling due meanwhile are claimed and run.
 */
export function createScheduler(options: SchedulerOptions) {
  const { jobs, clock, logger } = options;
  const maxSleepMs = options.maxSleepMs ?? 30_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const lanes = createLaneQueue<Claimed>({ maxLanes: options.maxLanes ?? 16, run: runClaimed });
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let looping = false;
  let loopAgain = false;
  let stopped = true;
  /** Set by stop(): jobs in hand finish, jobs not started are handed back, nothing more is claimed. */
  let halting = false;
  let claiming: Promise<void> | undefined;
  let claimAgain = false;
  /** The last claim filled its batch, so more jobs may be due already. */
  let moreDue = false;
  let releasing: Promise<void> = Promise.resolve();
  /**
   * Claimed jobs not yet finished, by id. A job can wait in its lane past its lease (behind a
   * meeting's job that hangs); claiming it again then only renews the claim, never queues it twice.
   */
  const inHand = new Map<number, Claimed>();
  /**
   * Jobs finished while a claim was on its way to the database: the claim may have found such a
   * job still open (its lease had lapsed) and must not queue it again.
   */
  const finishedDuringClaim = new Set<number>();
  let finished = 0;

  async function runJob(job: Job): Promise<void> {
    const log = logger.child({ job_id: job.id, kind: job.kind, key: job.key });
    const handler = options.handlers[job.kind];
    options.observeLag?.(Math.max(0, clock.now() - job.dueAt));
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
      wakeBy(clock.now() + delay);
    }
  }

  async function runClaimed({ job }: Claimed): Promise<void> {
    try {
      await runJob(job);
    } catch (error) {
      logger.error(
        { err: error, job_id: job.id },
        "job could not be closed; it runs again once its claim lapses",
      );
    } finally {
      inHand.delete(job.id);
      if (claiming) finishedDuringClaim.add(job.id);
    }
    finished += 1;
    if (moreDue && lanes.waitingCount() < BATCH / 2) {
      claim().catch((error) => logger.error({ err: error }, "claiming due jobs failed"));
    }
  }

  /** Claims what is due, as much as may wait beside the jobs in hand, and hands it to the lanes. */
  function claim(): Promise<void> {
    if (claiming) {
      claimAgain = true;
      return claiming;
    }
    claiming = (async () => {
      do {
        claimAgain = false;
        const limit = BATCH - lanes.waitingCount();
        if (halting || limit <= 0) return;
        const claimedAt = clock.now();
        finishedDuringClaim.clear();
        const due = await jobs.claimDue(claimedAt, limit, leaseMs);
        moreDue = due.length === limit;
        const until = claimedAt + leaseMs;
        const fresh: Claimed[] = [];
        for (const job of due) {
          const held = inHand.get(job.id);
          if (held) held.until = until;
          else if (!finishedDuringClaim.has(job.id)) fresh.push({ job, until });
        }
        for (const [index, item] of fresh.entries()) {
          // A job that starts at once may stop the scheduler (a test's, or leadership lost).
          if (halting) {
            handBack(fresh.slice(index));
            return;
          }
          inHand.set(item.job.id, item);
          lanes.add(jobLane(item.job), item);
        }
        if (moreDue) claimAgain = true;
      } while (claimAgain);
    })().finally(() => {
      claiming = undefined;
    });
    return claiming;
  }

  /** Handed back at once, so whoever leads next need not wait for the claims to lapse. */
  function handBack(claimed: Claimed[]): void {
    const byUntil = new Map<number, number[]>();
    for (const { job, until } of claimed) {
      inHand.delete(job.id);
      byUntil.set(until, [...(byUntil.get(until) ?? []), job.id]);
    }
    const previous = releasing;
    releasing = (async () => {
      await previous;
      for (const [until, ids] of byUntil) await jobs.release(ids, until);
    })().catch((error) => logger.error({ err: error }, "handing back claimed jobs failed"));
  }

  /** Runs everything due now and waits for it; returns how many jobs ran. */
  async function tick(): Promise<number> {
    const before = finished;
    await claim();
    do {
      await claiming;
      await lanes.idle();
    } while (claiming);
    await releasing;
    return finished - before;
  }

  async function loop(): Promise<void> {
    if (stopped) return;
    if (looping) {
      loopAgain = true;
      return;
    }
    looping = true;
    if (timer) clearTimeout(timer);
    let next: number | undefined;
    try {
      do {
        loopAgain = false;
        await claim().catch((error) => logger.error({ err: error }, "scheduler tick failed"));
        if (stopped) return;
        next = await jobs.nextDueAt(clock.now()).catch(() => undefined);
      } while (loopAgain && !stopped);
    } finally {
      looping = false;
    }
    if (stopped) return;
    let sleep = next === undefined ? maxSleepMs : Math.max(0, Math.min(maxSleepMs, next - clock.now()));
    // Due jobs left unclaimed because the buffer is full: not a reason to ask the database at once.
    if (sleep === 0 && lanes.waitingCount() > 0) sleep = Math.min(maxSleepMs, FULL_BUFFER_POLL_MS);
    sleepUntil(clock.now() + sleep, sleep);
  }

  function sleepUntil(at: number, sleep: number): void {
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timerAt = Infinity;
      void loop();
    }, sleep);
  }

  /** A job retried at `at`: the loop must not sleep past it. */
  function wakeBy(at: number): void {
    if (stopped) return;
    if (looping) loopAgain = true;
    else if (at < timerAt) sleepUntil(at, Math.max(0, at - clock.now()));
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
      void loop();
    },
    /** Jobs in hand finish; claimed jobs that have not started are handed back. */
    async stop(): Promise<void> {
      stopped = true;
      halting = true;
      if (timer) clearTimeout(timer);
      timerAt = Infinity;
      handBack(lanes.takeWaiting());
      await claiming?.catch(() => undefined);
      await lanes.idle();
      await releasing;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;

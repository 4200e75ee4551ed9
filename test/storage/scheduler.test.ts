import { createLogger } from "../../core/logging/logger.js";
import { createScheduler } from "../../core/scheduling/scheduler.js";
import { jobsRepository, type Job, type JobsRepository } from "../../core/storage/jobs.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";
import { ManualClock } from "../support/clock.js";

/** A promise the test settles when it chooses. */
function settable(): { promise: Promise<void>; settle(): void } {
  let settle!: () => void;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
}

const silent = createLogger({ level: "silent", secrets: [], destination: { write: () => undefined } });

describe.each(databaseKinds())("scheduler on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let jobs: JobsRepository;
  let clock: ManualClock;
  let ran: Job[];

  function scheduler(handler: (job: Job) => Promise<void> = async (job) => void ran.push(job)) {
    return createScheduler({ jobs, clock, logger: silent, handlers: { reminder: handler } });
  }

  /** Jobs m<i> of one meeting, due just before now in the order of i, scheduled in the given order. */
  async function meetingJobs(order: number[]): Promise<void> {
    for (const i of order)
      await jobs.schedule({
        kind: "reminder",
        key: `m${i}`,
        payload: { meetingId: "m" },
        dueAt: 999_990 + i,
      });
  }

  beforeEach(async () => {
    jobs = jobsRepository(db());
    clock = new ManualClock(1_000_000);
    ran = [];
  });

  test("a job runs once it is due and not before", async () => {
    await jobs.schedule({ kind: "reminder", key: "m1", payload: { n: 1 }, dueAt: 1_060_000 });
    expect(await scheduler().tick()).toBe(0);
    clock.advance(60_000);
    expect(await scheduler().tick()).toBe(1);
    expect(ran.map((j) => j.payload)).toEqual([{ n: 1 }]);
  });

  test("a completed job never runs again, even from a second scheduler", async () => {
    await jobs.schedule({ kind: "reminder", key: "m1", payload: {}, dueAt: 1_000_000 });
    await scheduler().tick();
    await scheduler().tick();
    expect(ran).toHaveLength(1);
  });

  test("an unreadable job is reported and set aside, and the jobs beside it still run", async () => {
    const reported: unknown[] = [];
    jobs = jobsRepository(db(), { onCorruptRow: (row) => reported.push(row.key) });
    await jobs.schedule({ kind: "reminder", key: "bad", payload: {}, dueAt: 1_000_000 });
    await jobs.schedule({ kind: "reminder", key: "good", payload: { n: 2 }, dueAt: 1_000_000 });
    await db()("jobs").where({ key: "bad" }).update({ payload: "{not json" });
    await scheduler().tick();
    await scheduler().tick();
    expect(ran.map((j) => j.key)).toEqual(["good"]);
    expect(reported).toHaveLength(1);
    expect(await db()("jobs").where({ key: "bad" }).first()).toMatchObject({
      last_error: "unreadable; skipped",
    });
  });

  test("scheduling the same key twice keeps one job", async () => {
    await jobs.schedule({ kind: "reminder", key: "m1", payload: { v: 1 }, dueAt: 1_000_000 });
    await jobs.schedule({ kind: "reminder", key: "m1", payload: { v: 2 }, dueAt: 1_000_000 });
    await scheduler().tick();
    expect(ran.map((j) => j.payload)).toEqual([{ v: 1 }]);
  });

  test("a failing job is retried later and not lost", async () => {
    await jobs.schedule({ kind: "reminder", key: "m1", payload: {}, dueAt: 1_000_000 });
    let fail = true;
    const flaky = scheduler(async (job) => {
      if (fail) throw new Error("homeserver down");
      ran.push(job);
    });
    await flaky.tick();
    expect(ran).toHaveLength(0);
    fail = false;
    clock.advance(10 * 60_000);
    await flaky.tick();
    expect(ran).toHaveLength(1);
  });

  test("the next due time is the earliest open job", async () => {
    await jobs.schedule({ kind: "reminder", key: "late", payload: {}, dueAt: 3_000_000 });
    await jobs.schedule({ kind: "reminder", key: "early", payload: {}, dueAt: 2_000_000 });
    expect(await jobs.nextDueAt(clock.now())).toBe(2_000_000);
    await jobs.cancel("reminder", "early");
    expect(await jobs.nextDueAt(clock.now())).toBe(3_000_000);
  });

  test("while every due job is claimed elsewhere, the next due time is when the first claim lapses", async () => {
    await jobs.schedule({ kind: "reminder", key: "m1", payload: {}, dueAt: 1_000_000 });
    await jobs.claimDue(clock.now(), 10, 60_000);
    expect(await jobs.nextDueAt(clock.now())).toBe(1_060_001);
    await jobs.schedule({ kind: "reminder", key: "m2", payload: {}, dueAt: 1_000_000 });
    expect(await jobs.nextDueAt(clock.now())).toBe(1_000_000);
  });

  test("a claimed job that was never completed becomes due again after its lease", async () => {
    await jobs.schedule({ kind: "reminder", key: "m1", payload: {}, dueAt: 1_000_000 });
    expect(await jobs.claimDue(clock.now(), 10, 60_000)).toHaveLength(1);
    expect(await jobs.claimDue(clock.now(), 10, 60_000)).toHaveLength(0);
    clock.advance(61_000);
    expect(await jobs.claimDue(clock.now(), 10, 60_000)).toHaveLength(1);
  });

  test("two schedulers draining 1,000 due jobs together run each exactly once", async () => {
    for (let i = 0; i < 1000; i++)
      await jobs.schedule({ kind: "reminder", key: `m${i}`, payload: { i }, dueAt: 1_000_000 });
    const handler = async (job: Job) => {
      await new Promise((done) => setImmediate(done));
      ran.push(job);
    };
    const [a, b] = await Promise.all([scheduler(handler).tick(), scheduler(handler).tick()]);
    expect(a + b).toBe(1000);
    expect(new Set(ran.map((job) => job.key)).size).toBe(1000);
  });

  test("a scheduler stopped mid-lane hands back the jobs it claimed but did not run", async () => {
    await meetingJobs([0, 1, 2]);
    let stopping: Promise<void> | undefined;
    const first = scheduler(async (job) => {
      ran.push(job);
      stopping = first.stop();
    });
    expect(await first.tick()).toBe(1);
    await stopping;
    expect(await scheduler().tick()).toBe(2);
    expect(ran.map((job) => job.key)).toEqual(["m0", "m1", "m2"]);
  });

  test("jobs of one meeting run one after the other, in due order", async () => {
    await meetingJobs([2, 0, 1]);
    let inHand = 0;
    let mostInHand = 0;
    await scheduler(async (job) => {
      inHand += 1;
      mostInHand = Math.max(mostInHand, inHand);
      await new Promise((done) => setImmediate(done));
      ran.push(job);
      inHand -= 1;
    }).tick();
    expect(ran.map((job) => job.key)).toEqual(["m0", "m1", "m2"]);
    expect(mostInHand).toBe(1);
  });

  test("a job whose handler hangs does not hold back another room's job due at the same time", async () => {
    await jobs.schedule({ kind: "reminder", key: "slow", payload: { meetingId: "slow" }, dueAt: 999_999 });
    await jobs.schedule({
      kind: "reminder",
      key: "other",
      payload: { meetingId: "other" },
      dueAt: 1_000_000,
    });
    const hang = settable();
    const otherRan = settable();
    const ticking = scheduler(async (job) => {
      if (job.key === "slow") await hang.promise;
      else otherRan.settle();
      ran.push(job);
    }).tick();
    await otherRan.promise;
    expect(ran.map((job) => job.key)).toEqual(["other"]);
    hang.settle();
    expect(await ticking).toBe(2);
  });

  test("a job waiting in its lane past its lease is claimed again but not run twice", async () => {
    await meetingJobs([0, 1]);
    const firstStarted = settable();
    const hang = settable();
    const reclaimed = settable();
    let claims = 0;
    const counting: JobsRepository = {
      ...jobs,
      claimDue: async (...args) => {
        const due = await jobs.claimDue(...args);
        if (++claims === 2) reclaimed.settle();
        return due;
      },
    };
    const running = createScheduler({
      jobs: counting,
      clock,
      logger: silent,
      leaseMs: 60_000,
      handlers: {
        reminder: async (job) => {
          ran.push(job);
          firstStarted.settle();
          if (job.key === "m0") await hang.promise;
        },
      },
    });
    running.start();
    await firstStarted.promise;
    clock.advance(61_000);
    running.wake();
    await reclaimed.promise;
    hang.settle();
    await running.tick();
    await running.stop();
    expect(ran.map((job) => job.key)).toEqual(["m0", "m1"]);
  });

  test("a job falling due while another room's job hangs runs without waiting for it", async () => {
    await jobs.schedule({ kind: "reminder", key: "slow", payload: { meetingId: "slow" }, dueAt: 1_000_000 });
    const slowStarted = settable();
    const hang = settable();
    const otherRan = settable();
    const running = scheduler(async (job) => {
      if (job.key === "slow") {
        slowStarted.settle();
        await hang.promise;
      } else otherRan.settle();
      ran.push(job);
    });
    running.start();
    await slowStarted.promise;
    await jobs.schedule({
      kind: "reminder",
      key: "other",
      payload: { meetingId: "other" },
      dueAt: 1_060_000,
    });
    clock.advance(60_000);
    running.wake();
    await otherRan.promise;
    expect(ran.map((job) => job.key)).toEqual(["other"]);
    hang.settle();
    await running.stop();
    expect(ran.map((job) => job.key)).toEqual(["other", "slow"]);
  });
});

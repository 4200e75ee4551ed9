import { createLogger } from "../../core/logging/logger.js";
import { createScheduler } from "../../core/scheduling/scheduler.js";
import type { Job, JobsRepository } from "../../core/storage/jobs.js";
import { ManualClock } from "../support/clock.js";

/** A promise the test settles when it chooses. */
function settable<T>(): { promise: Promise<T>; settle(value: T): void } {
  let settle!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

const job: Job = { id: 1, kind: "reminder", key: "m1", payload: { meetingId: "m1" }, dueAt: 0, attempts: 1 };

describe("scheduler claims", () => {
  test("a job finished while a claim was on its way is not run again when that claim returns it", async () => {
    const claims: ReturnType<typeof settable<Job[]>>[] = [];
    const completed: number[] = [];
    const jobs = {
      claimDue: () => {
        const claim = settable<Job[]>();
        claims.push(claim);
        return claim.promise;
      },
      complete: async (id: number) => void completed.push(id),
      retryLater: async () => undefined,
      release: async () => undefined,
      nextDueAt: async () => undefined,
    } as unknown as JobsRepository;
    const handlerDone = settable<void>();
    let runs = 0;
    const scheduler = createScheduler({
      jobs,
      clock: new ManualClock(0),
      logger: createLogger({ level: "silent", secrets: [], destination: { write: () => undefined } }),
      handlers: {
        reminder: async () => {
          runs += 1;
          await handlerDone.promise;
        },
      },
    });
    const first = scheduler.tick();
    claims[0]!.settle([job]);
    await new Promise((done) => setImmediate(done));
    expect(runs).toBe(1);

    // The job's lease lapsed while it ran: a second claim finds it still open in the database...
    const second = scheduler.tick();
    expect(claims).toHaveLength(2);
    // ...and it finishes before that claim's answer arrives.
    handlerDone.settle();
    while (completed.length === 0) await new Promise((done) => setImmediate(done));
    claims[1]!.settle([job]);
    await Promise.all([first, second]);

    expect(runs).toBe(1);
    expect(completed).toEqual([1]);
  });
});

import {
  claimIdempotencyKey,
  idempotencyJobHandlers,
  IDEMPOTENCY_KEY_RETENTION_MS,
} from "../../core/http/idempotency-keys.js";
import { createLogger } from "../../core/logging/logger.js";
import { createScheduler } from "../../core/scheduling/scheduler.js";
import { jobsRepository } from "../../core/storage/jobs.js";
import {
  serviceRequestsRepository,
  type ServiceRequestsRepository,
} from "../../core/storage/service-requests.js";
import { ManualClock } from "../support/clock.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const NOW = Date.parse("2026-12-06T12:00:00Z");
const ABANDONED_MS = 10 * 60_000;

describe.each(databaseKinds())("service request keys on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let requests: ServiceRequestsRepository;
  const attempt = (fingerprint = "f1", now = NOW, serviceId = "ox", key = "k1") =>
    requests.claim({ serviceId, key, fingerprint, now, abandonedAfterMs: ABANDONED_MS });

  beforeEach(() => {
    requests = serviceRequestsRepository(db());
  });

  test("the first request under a key claims it, and a repeat then finds the meeting it made", async () => {
    const first = await attempt();
    expect(first.kind).toBe("claimed");
    if (first.kind !== "claimed") return;
    await requests.complete("ox", "k1", first.claim, "ABC123");
    expect(await attempt("f2")).toEqual({ kind: "done", fingerprint: "f1", meetingId: "ABC123" });
  });

  test("a request under a key another request is working on finds it pending", async () => {
    await attempt();
    expect(await attempt("f1", NOW + 1000)).toEqual({ kind: "pending", fingerprint: "f1" });
  });

  test("a claim abandoned by a crashed process is taken over after a while", async () => {
    await attempt();
    expect((await attempt("f2", NOW + ABANDONED_MS + 1)).kind).toBe("claimed");
  });

  test("a released claim lets the same key be tried again", async () => {
    const first = await attempt();
    if (first.kind !== "claimed") throw new Error("expected a claim");
    await requests.release("ox", "k1", first.claim);
    expect((await attempt()).kind).toBe("claimed");
  });

  test("each service has keys of its own", async () => {
    await attempt();
    expect((await attempt("f1", NOW, "exchange")).kind).toBe("claimed");
  });

  describe("retention", () => {
    let clock: ManualClock;
    const claimAsTheApiDoes = (fingerprint = "f1") =>
      claimIdempotencyKey(
        { serviceRequests: requests, jobs: jobsRepository(db()), clock },
        { serviceId: "ox", key: "k1", fingerprint, abandonedAfterMs: ABANDONED_MS },
      );
    const runDueJobs = () =>
      createScheduler({
        jobs: jobsRepository(db()),
        clock,
        logger: createLogger({ level: "silent", secrets: [], destination: { write: () => undefined } }),
        handlers: idempotencyJobHandlers({ serviceRequests: requests }),
      }).tick();

    beforeEach(() => {
      clock = new ManualClock(NOW);
    });

    test("a key answers with its meeting until its retention is over, and is then deleted", async () => {
      const first = await claimAsTheApiDoes();
      if (first.kind !== "claimed") throw new Error("expected a claim");
      await requests.complete("ox", "k1", first.claim, "ABC123");
      clock.set(NOW + IDEMPOTENCY_KEY_RETENTION_MS - 1);
      await runDueJobs();
      expect(await claimAsTheApiDoes()).toMatchObject({ kind: "done", meetingId: "ABC123" });
      clock.set(NOW + IDEMPOTENCY_KEY_RETENTION_MS);
      await runDueJobs();
      expect(await db()("service_requests").where({ service_id: "ox" })).toEqual([]);
      expect((await claimAsTheApiDoes()).kind).toBe("claimed");
    });

    test("a key taken over after a crash is kept for the whole retention after the takeover", async () => {
      await claimAsTheApiDoes();
      clock.set(NOW + ABANDONED_MS + 1);
      const takeover = await claimAsTheApiDoes("f2");
      if (takeover.kind !== "claimed") throw new Error("expected the takeover to claim");
      await requests.complete("ox", "k1", takeover.claim, "DEF456");
      clock.set(NOW + IDEMPOTENCY_KEY_RETENTION_MS);
      await runDueJobs();
      expect(await claimAsTheApiDoes("f2")).toMatchObject({ kind: "done", meetingId: "DEF456" });
      clock.set(NOW + ABANDONED_MS + 1 + IDEMPOTENCY_KEY_RETENTION_MS);
      await runDueJobs();
      expect(await db()("service_requests").where({ service_id: "ox" })).toEqual([]);
    });
  });
});

import { Registry } from "prom-client";
import { createLogger } from "../../core/logging/logger.js";
import { createMetrics } from "../../core/metrics/registry.js";
import { registerStateGauges, type StateSources } from "../../core/metrics/state-gauges.js";
import { createScheduler } from "../../core/scheduling/scheduler.js";
import { backlogRepository } from "../../core/storage/backlog.js";
import { inboxRepository } from "../../core/storage/inbox.js";
import { jobsRepository } from "../../core/storage/jobs.js";
import { ManualClock } from "../support/clock.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const silent = createLogger({ level: "silent", secrets: [], destination: { write: () => undefined } });
const T0 = 1_000_000_000;

/** The gauge's current value as a scrape reads it; undefined when it exports no value. */
async function scrape(registry: Registry, name: string): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`${name} is not registered`);
  return (await metric.get()).values[0]?.value;
}

describe.each(databaseKinds())("operational metrics on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let clock: ManualClock;
  let registry: Registry;

  function gauges(overrides: Partial<StateSources> = {}): void {
    registerStateGauges(registry, {
      backlog: backlogRepository(db()),
      pingHomeserver: async () => undefined,
      sendsOnHold: () => 0,
      clock,
      ...overrides,
    });
  }

  beforeEach(() => {
    clock = new ManualClock(T0);
    registry = new Registry();
  });

  test("the inbox's depth and how long its oldest unhandled event has waited are exported", async () => {
    const inbox = inboxRepository(db());
    await inbox.recordTransaction(
      "t1",
      ["$a", "$b", "$c"].map((id) => ({ event_id: id, room_id: "!r:example.org", type: "m.room.message" })),
      T0,
    );
    const [first] = await inbox.claim(T0, 1, 60_000);
    await inbox.markProcessed(first!.seq, T0);
    clock.advance(30_000);
    gauges();
    expect(await scrape(registry, "plenum_inbox_pending_events")).toBe(2);
    expect(await scrape(registry, "plenum_inbox_oldest_pending_seconds")).toBe(30);
  });

  test("due jobs and how far past due the oldest is are exported; jobs not yet due are not counted", async () => {
    const jobs = jobsRepository(db());
    await jobs.schedule({ kind: "reminder", key: "late", payload: {}, dueAt: T0 - 90_000 });
    await jobs.schedule({ kind: "reminder", key: "now", payload: {}, dueAt: T0 });
    await jobs.schedule({ kind: "reminder", key: "later", payload: {}, dueAt: T0 + 60_000 });
    gauges();
    expect(await scrape(registry, "plenum_scheduler_due_jobs")).toBe(2);
    expect(await scrape(registry, "plenum_scheduler_oldest_due_seconds")).toBe(90);
  });

  test("an empty backlog is exported as zeros", async () => {
    gauges();
    expect(await scrape(registry, "plenum_inbox_pending_events")).toBe(0);
    expect(await scrape(registry, "plenum_inbox_oldest_pending_seconds")).toBe(0);
    expect(await scrape(registry, "plenum_scheduler_oldest_due_seconds")).toBe(0);
    expect(await scrape(registry, "plenum_database_reachable")).toBe(1);
  });

  test("an unreachable database is exported as such, and the backlog it cannot tell as unknown", async () => {
    gauges({ backlog: { read: () => Promise.reject(new Error("connection refused")) } });
    expect(await scrape(registry, "plenum_database_reachable")).toBe(0);
    expect(await scrape(registry, "plenum_inbox_pending_events")).toBeNaN();
  });

  test("the homeserver's answer, the leadership and the encryption device are exported", async () => {
    gauges({
      pingHomeserver: () => Promise.reject(new Error("connection refused")),
      sendsOnHold: () => 3,
      leading: () => true,
      encryption: () => "held_elsewhere",
    });
    expect(await scrape(registry, "plenum_homeserver_reachable")).toBe(0);
    expect(await scrape(registry, "plenum_homeserver_sends_on_hold")).toBe(3);
    expect(await scrape(registry, "plenum_scheduler_leader")).toBe(1);
    expect(await scrape(registry, "plenum_encryption_enabled")).toBe(1);
    expect(await scrape(registry, "plenum_encryption_device_held")).toBe(0);
  });

  test("how late each job started after its due time is observed", async () => {
    const jobs = jobsRepository(db());
    await jobs.schedule({ kind: "reminder", key: "a", payload: {}, dueAt: T0 - 2_000 });
    await jobs.schedule({ kind: "reminder", key: "b", payload: {}, dueAt: T0 - 40_000 });
    const metrics = createMetrics();
    await createScheduler({
      jobs,
      clock,
      logger: silent,
      handlers: { reminder: async () => undefined },
      observeLag: (lateMs) => metrics.schedulerLagSeconds.observe(lateMs / 1000),
    }).tick();
    const { values } = await metrics.schedulerLagSeconds.get();
    const value = (name: string, le?: number) =>
      values.find((v) => v.metricName === name && (le === undefined || v.labels.le === le))?.value;
    expect(value("plenum_scheduler_lag_seconds_count")).toBe(2);
    expect(value("plenum_scheduler_lag_seconds_sum")).toBe(42);
    expect(value("plenum_scheduler_lag_seconds_bucket", 2.5)).toBe(1);
  });
});

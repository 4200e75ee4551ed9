import { createLogger } from "../../core/logging/logger.js";
import { createLeadership } from "../../core/scaling/leadership.js";
import { leasesRepository, type LeasesRepository } from "../../core/storage/leases.js";
import { ManualClock } from "../support/clock.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const silent = createLogger({ level: "silent", secrets: [], destination: { write: () => undefined } });
const LEASE_MS = 15_000;

describe.each(databaseKinds())("leader lease on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let leases: LeasesRepository;
  let clock: ManualClock;

  beforeEach(() => {
    leases = leasesRepository(db());
    clock = new ManualClock(1_000_000);
  });

  function instance(holder: string, store: LeasesRepository = leases) {
    const events: string[] = [];
    const leadership = createLeadership({
      leases: store,
      name: "scheduler",
      holder,
      clock,
      logger: silent,
      leaseMs: LEASE_MS,
      onLead: () => void events.push("lead"),
      onFollow: async () => void events.push("follow"),
    });
    return { leadership, events };
  }

  test("a free lease goes to the first instance and stays with it while it renews", async () => {
    expect(await leases.acquire("scheduler", "a", clock.now(), LEASE_MS)).toBe(true);
    clock.advance(LEASE_MS - 1);
    expect(await leases.acquire("scheduler", "b", clock.now(), LEASE_MS)).toBe(false);
    expect(await leases.acquire("scheduler", "a", clock.now(), LEASE_MS)).toBe(true);
    clock.advance(LEASE_MS - 1);
    expect(await leases.holder("scheduler", clock.now())).toBe("a");
  });

  test("two instances racing for a free lease never both win", async () => {
    const won = await Promise.all(
      ["a", "b", "c", "d"].map((holder) => leases.acquire("scheduler", holder, clock.now(), LEASE_MS)),
    );
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  test("an expired lease goes to the next instance that asks", async () => {
    await leases.acquire("scheduler", "a", clock.now(), LEASE_MS);
    clock.advance(LEASE_MS + 1);
    expect(await leases.acquire("scheduler", "b", clock.now(), LEASE_MS)).toBe(true);
    expect(await leases.acquire("scheduler", "a", clock.now(), LEASE_MS)).toBe(false);
  });

  test("a released lease is free at once", async () => {
    await leases.acquire("scheduler", "a", clock.now(), LEASE_MS);
    await leases.release("scheduler", "a");
    expect(await leases.acquire("scheduler", "b", clock.now(), LEASE_MS)).toBe(true);
  });

  test("when the leader stops renewing, another instance leads once the lease has expired", async () => {
    const a = instance("a");
    const b = instance("b");
    expect(await a.leadership.check()).toBe(true);
    expect(await b.leadership.check()).toBe(false);
    clock.advance(LEASE_MS);
    expect(await b.leadership.check()).toBe(false);
    clock.advance(1);
    expect(await b.leadership.check()).toBe(true);
    expect(await a.leadership.check()).toBe(false);
    expect(a.events).toEqual(["lead", "follow"]);
    expect(b.events).toEqual(["lead"]);
  });

  test("a leader that cannot reach the database steps down before its lease can expire", async () => {
    let reachable = true;
    const flaky: LeasesRepository = {
      ...leases,
      acquire: async (...args) => {
        if (!reachable) throw new Error("connection refused");
        return leases.acquire(...args);
      },
    };
    const a = instance("a", flaky);
    await a.leadership.check();
    reachable = false;
    clock.advance(LEASE_MS / 3);
    expect(await a.leadership.check()).toBe(true);
    clock.advance(LEASE_MS / 3);
    expect(await a.leadership.check()).toBe(false);
    expect(a.events).toEqual(["lead", "follow"]);
    expect(await leases.holder("scheduler", clock.now())).toBe("a");
  });

  test("a leader that stops hands the lease over at once", async () => {
    const a = instance("a");
    const b = instance("b");
    await a.leadership.check();
    await a.leadership.stop();
    expect(await b.leadership.check()).toBe(true);
    expect(a.events).toEqual(["lead", "follow"]);
  });
});

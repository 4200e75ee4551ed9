import express from "express";
import { Registry } from "prom-client";
import { readinessRouter } from "../../bridge/http/readiness.js";
import { listen } from "../../core/http/listen.js";
import type { MatrixGateway } from "../../core/matrix/gateway.js";
import { registerStateGauges } from "../../core/metrics/state-gauges.js";
import { validRawConfig } from "../support/config.js";
import { buildConfig } from "../../core/config/load.js";
import { createLogger } from "../../core/logging/logger.js";
import type { CryptoDevice } from "../../core/matrix/crypto-device.js";
import { createCryptoHost, type CryptoHost } from "../../core/matrix/crypto-host.js";
import { cryptoOutboxRepository } from "../../core/storage/crypto-outbox.js";
import { DEVICE_LEASE } from "../../core/storage/crypto-device.js";
import { leasesRepository } from "../../core/storage/leases.js";
import { systemClock } from "../../core/time/clock.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const silent = createLogger({ level: "silent", secrets: [], destination: { write: () => undefined } });
const ROOM = "!team:example.org";

/** The held-device gauge as Prometheus would scrape it from an instance whose host this is. */
async function heldGauge(host: CryptoHost): Promise<number | undefined> {
  const registry = new Registry();
  registerStateGauges(registry, {
    backlog: { read: async () => ({ pendingEvents: 0, dueJobs: 0 }) },
    pingHomeserver: async () => undefined,
    sendsOnHold: () => 0,
    clock: systemClock,
    encryption: () => host.state(),
  });
  return (await registry.getSingleMetric("plenum_encryption_device_held")!.get()).values[0]?.value;
}

describe.each(databaseKinds())("instances sharing the bot's device on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  const hosts: CryptoHost[] = [];
  /** Which instances have the device open right now, and every send each device made. */
  const open = new Set<string>();
  const sent: { by: string; txnId: string }[] = [];
  /** Makes the store of each instance's open device fail a write, as a lost lease or a broken database does. */
  const failStoreWrite = new Map<string, (error: unknown) => void>();

  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    open.clear();
    sent.length = 0;
    failStoreWrite.clear();
  });

  function device(holder: string): CryptoDevice {
    return {
      encrypts: async () => true,
      send: async (_room, _type, _content, txnId) => {
        sent.push({ by: holder, txnId });
        return `$${txnId}`;
      },
      deliverTo: () => undefined,
      stop: async () => void open.delete(holder),
    };
  }

  function host(holder: string): CryptoHost {
    const created = createCryptoHost({
      config: buildConfig(validRawConfig()).config,
      holder,
      competes: true,
      leases: leasesRepository(db()),
      outbox: cryptoOutboxRepository(db()),
      logger: silent,
      leaseMs: 300,
      sendWaitMs: 10_000,
      // Reopening a lost device waits longer than any test here.
      reopenDelayMs: 60_000,
      open: async (_signal, onLost) => {
        if (open.size > 0) throw new Error(`${holder} opened the device while ${[...open]} had it open`);
        open.add(holder);
        failStoreWrite.set(holder, onLost);
        return device(holder);
      },
    });
    hosts.push(created);
    return created;
  }

  test("of two instances one opens the device; the other hands its encrypted send over and gets the event id", async () => {
    const a = host("a");
    const b = host("b");
    await a.start();
    await b.start();
    expect([...open]).toEqual(["a"]);
    expect(await b.send(ROOM, "m.room.message", { body: "hi" }, "txn-b")).toBe("$txn-b");
    expect(sent).toEqual([{ by: "a", txnId: "txn-b" }]);
  });

  test("when the holder stops, the other instance opens the device, never both at once", async () => {
    const a = host("a");
    const b = host("b");
    await a.start();
    await b.start();
    await a.stop();
    // The waiting instance tries for the lease every third of it.
    const deadline = Date.now() + 10_000;
    while (!open.has("b") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect([...open]).toEqual(["b"]);
    expect(await leasesRepository(db()).holder(DEVICE_LEASE, Date.now())).toBe("b");
    expect(await b.send(ROOM, "m.room.message", { body: "hi" }, "txn")).toBe("$txn");
    expect(sent).toEqual([{ by: "b", txnId: "txn" }]);
  });

  test("the instance holding the device reports it held, the other held elsewhere, and only the holder's gauge reads 1", async () => {
    const a = host("a");
    const b = host("b");
    await a.start();
    await b.start();
    expect([a.state(), b.state()]).toEqual(["held", "held_elsewhere"]);
    expect([await heldGauge(a), await heldGauge(b)]).toEqual([1, 0]);
  });

  test("when the held device's store can no longer be written, readiness fails naming encryption and the held gauge reads 0", async () => {
    const a = host("a");
    await a.start();
    failStoreWrite.get("a")!(new Error("the store write failed"));
    const deadline = Date.now() + 10_000;
    while (open.has("a") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(a.state()).toBe("lost");
    expect(await heldGauge(a)).toBe(0);
    const app = express();
    app.use(
      readinessRouter({
        db: db(),
        gateway: { ping: async () => undefined } as unknown as MatrixGateway,
        encryption: () => a.state(),
      }),
    );
    const server = await listen(app, "127.0.0.1", 0);
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ failed: ["encryption"], checks: { encryption: "lost" } });
    } finally {
      await server.close();
    }
  });
});

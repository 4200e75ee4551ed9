import { validRawConfig } from "../support/config.js";
import { buildConfig } from "../../core/config/load.js";
import { createLogger } from "../../core/logging/logger.js";
import type { CryptoDevice } from "../../core/matrix/crypto-device.js";
import { createCryptoHost, type CryptoHost } from "../../core/matrix/crypto-host.js";
import { cryptoOutboxRepository } from "../../core/storage/crypto-outbox.js";
import { DEVICE_LEASE } from "../../core/storage/crypto-device.js";
import { leasesRepository } from "../../core/storage/leases.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const silent = createLogger({ level: "silent", secrets: [], destination: { write: () => undefined } });
const ROOM = "!team:example.org";

describe.each(databaseKinds())("instances sharing the bot's device on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  const hosts: CryptoHost[] = [];
  /** Which instances have the device open right now, and every send each device made. */
  const open = new Set<string>();
  const sent: { by: string; txnId: string }[] = [];

  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    open.clear();
    sent.length = 0;
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
      open: async () => {
        if (open.size > 0) throw new Error(`${holder} opened the device while ${[...open]} had it open`);
        open.add(holder);
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
});

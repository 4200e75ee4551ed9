import { createLogger } from "../../core/logging/logger.js";
import { createPresence } from "../../core/scaling/presence.js";
import { instancesRepository } from "../../core/storage/instances.js";
import { ManualClock } from "../support/clock.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const silent = createLogger({ level: "silent", secrets: [], destination: { write: () => undefined } });

describe.each(databaseKinds())("running instances on %s", (kind) => {
  const db = freshDatabasePerTest(kind);

  test("a started instance is listed with the newest migration its code knows, and a stopped one is not", async () => {
    const clock = new ManualClock(1_000_000);
    const instances = instancesRepository(db());
    const presence = createPresence({
      instances,
      holder: "host/1/abcdef",
      newestMigration: "20990101000000_x",
      clock,
      logger: silent,
      aliveMs: 15_000,
    });
    await presence.start();
    expect(await instances.seenSince(clock.now())).toEqual([
      { holder: "host/1/abcdef", newestMigration: "20990101000000_x", seenAt: 1_000_000 },
    ]);
    await presence.stop();
    expect(await instances.seenSince(0)).toEqual([]);
  });

  test("instances that died without leaving are forgotten a day later", async () => {
    const instances = instancesRepository(db());
    await instances.announce("dead/1/aaaaaa", "20990101000000_x", 1_000);
    await instances.announce("alive/2/bbbbbb", "20990101000000_x", 90_000_000);
    await instances.forgetUnseenSince(90_000_000 - 24 * 60 * 60_000);
    expect((await instances.seenSince(0)).map((i) => i.holder)).toEqual(["alive/2/bbbbbb"]);
  });
});

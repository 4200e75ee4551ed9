import express from "express";
import type { Knex } from "knex";
import { readinessRouter, type ReadinessRouterOptions } from "../../bridge/http/readiness.js";
import { listen } from "../../core/http/listen.js";
import type { MatrixGateway } from "../../core/matrix/gateway.js";
import { migrateToLatest, openDatabase, type Database } from "../../core/storage/database.js";
import { migrations, type Migration } from "../../migrations/index.js";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/databases.js";

const answering = { ping: async () => undefined } as unknown as MatrixGateway;
const silentHomeserver = {
  ping: () => new Promise<void>(() => undefined),
} as unknown as MatrixGateway;

/** A migration only a later Plenum knows. */
function later(name: string, runsBesideOlder: boolean): Migration {
  return {
    name,
    runsBesideOlder,
    up: async (knex: Knex) => void (await knex.raw("select 1")),
    down: async () => undefined,
  };
}

async function probe(path: string, options: ReadinessRouterOptions) {
  const app = express();
  app.use(readinessRouter({ timeoutMs: 500, ...options }));
  const server = await listen(app, "127.0.0.1", 0);
  try {
    const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } finally {
    await server.close();
  }
}

describe.each(databaseKinds())("liveness and readiness on %s", (kind) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeEach(async () => {
    testDb = await createTestDatabase(kind);
    db = openDatabase(testDb.url);
    await migrateToLatest(db);
  });

  afterEach(async () => {
    await db.destroy();
    await testDb.drop();
  });

  test("a migrated database, an answering homeserver and the encryption device held here make the instance ready, naming each check", async () => {
    expect(await probe("/readyz", { db, gateway: answering, encryption: () => "held" })).toEqual({
      status: 200,
      body: {
        status: "ready",
        checks: { database: "ok", migrations: "ok", homeserver: "ok", encryption: "held" },
      },
    });
  });

  test("the encryption device held by another instance keeps this one ready, saying so", async () => {
    const { status, body } = await probe("/readyz", {
      db,
      gateway: answering,
      encryption: () => "held_elsewhere",
    });
    expect(status).toBe(200);
    expect(body.checks).toMatchObject({ encryption: "held_elsewhere" });
  });

  test("encryption switched off in the config keeps the instance ready", async () => {
    const { status, body } = await probe("/readyz", { db, gateway: answering, encryption: () => "off" });
    expect(status).toBe(200);
    expect(body.checks).toMatchObject({ encryption: "off" });
  });

  test("an encryption device that did not start makes the instance not ready, naming encryption", async () => {
    const { status, body } = await probe("/readyz", { db, gateway: answering, encryption: () => "failed" });
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: "not_ready", failed: ["encryption"] });
  });

  test("a homeserver that does not answer makes the instance not ready, naming the homeserver", async () => {
    const { status, body } = await probe("/readyz", { db, gateway: silentHomeserver });
    expect(status).toBe(503);
    expect(body).toMatchObject({ failed: ["homeserver"], checks: { homeserver: "unreachable" } });
  });

  test("a migration this code knows but the database lacks makes the instance not ready, naming it", async () => {
    const { status, body } = await probe("/readyz", {
      db,
      gateway: answering,
      migrations: [...migrations, later("29990101000000_not_yet_applied", true)],
    });
    expect(status).toBe(503);
    expect(body).toMatchObject({
      failed: ["migrations"],
      checks: { migrations: "pending" },
      pending_migrations: ["29990101000000_not_yet_applied"],
    });
  });

  test("a newer Plenum's migration that older code cannot run against makes the instance not ready", async () => {
    await migrateToLatest(db, { migrations: [...migrations, later("29990101000000_breaks_older", false)] });
    const { status, body } = await probe("/readyz", { db, gateway: answering });
    expect(status).toBe(503);
    expect(body).toMatchObject({
      failed: ["migrations"],
      checks: { migrations: "newer" },
      newer_migrations: ["29990101000000_breaks_older"],
    });
  });

  test("a newer Plenum's migration recorded as safe for older code keeps the instance ready", async () => {
    await migrateToLatest(db, { migrations: [...migrations, later("29990101000000_adds_a_table", true)] });
    expect((await probe("/readyz", { db, gateway: answering })).status).toBe(200);
  });

  test("an unreachable database makes the instance not ready, naming the database, while it stays alive", async () => {
    const gone = openDatabase(testDb.url);
    await gone.destroy();
    const ready = await probe("/readyz", { db: gone, gateway: answering });
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ failed: ["database"], checks: { database: "unreachable" } });
    expect(await probe("/livez", { db: gone, gateway: silentHomeserver })).toEqual({
      status: 200,
      body: { status: "alive" },
    });
  });
});

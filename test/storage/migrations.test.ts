import type { Knex } from "knex";
import {
  DatabaseNewerThanCodeError,
  migrateToLatest,
  OlderInstancesRunningError,
  openDatabase,
  type Database,
} from "../../core/storage/database.js";
import { instancesRepository } from "../../core/storage/instances.js";
import { newestMigration } from "../../core/storage/schema.js";
import { migrations, type Migration } from "../../migrations/index.js";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/databases.js";

/** A migration of a later Plenum: it adds a table, and may or may not leave the database to older code. */
function later(name: string, runsBesideOlder: boolean): Migration {
  return {
    name,
    runsBesideOlder,
    up: async (knex: Knex) => void (await knex.schema.createTable(`t_${name}`, (t) => t.integer("x"))),
    down: async () => undefined,
  };
}

const ALIVE_MS = 15_000;
const NOW = 1_000_000_000;

describe.each(databaseKinds())("migrations on %s", (kind) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeEach(async () => {
    testDb = await createTestDatabase(kind);
    db = openDatabase(testDb.url);
  });

  afterEach(async () => {
    await db.destroy();
    await testDb.drop();
  });

  test("an empty database is migrated to the latest schema", async () => {
    const applied = await migrateToLatest(db);
    expect(applied).toEqual(migrations.map((m) => m.name));
    for (const table of ["as_transactions", "inbox", "room_state", "left_rooms", "jobs"]) {
      expect(await db.schema.hasTable(table)).toBe(true);
    }
  });

  test("migrating twice applies nothing the second time", async () => {
    await migrateToLatest(db);
    expect(await migrateToLatest(db)).toEqual([]);
  });

  test("a database migrated by a newer Plenum is refused with a message naming the unknown migration", async () => {
    await migrateToLatest(db);
    await db("knex_migrations").insert({
      name: "29990101000000_from_the_future",
      batch: 99,
      migration_time: new Date(),
    });
    const attempt = migrateToLatest(db);
    await expect(attempt).rejects.toBeInstanceOf(DatabaseNewerThanCodeError);
    await expect(migrateToLatest(db)).rejects.toThrow(/29990101000000_from_the_future/);
  });

  test("every migration is named after its date and listed in order", () => {
    const names = migrations.map((m) => m.name);
    expect(names.every((name) => /^\d{14}_[a-z0-9_]+$/.test(name))).toBe(true);
    expect([...names].sort()).toEqual(names);
  });

  test("a newer Plenum's migration recorded as safe for older code lets this version run against the database, applying nothing", async () => {
    await migrateToLatest(db, { migrations: [...migrations, later("29990101000000_adds_a_table", true)] });
    expect(await migrateToLatest(db)).toEqual([]);
  });

  test("a newer Plenum's migration that older code cannot run against is refused by this version, naming it", async () => {
    await migrateToLatest(db, { migrations: [...migrations, later("29990101000000_breaks_older", false)] });
    await expect(migrateToLatest(db)).rejects.toThrow(/29990101000000_breaks_older/);
  });

  describe("beside running instances of the version before", () => {
    beforeEach(async () => {
      await migrateToLatest(db);
      await instancesRepository(db).announce("old-host/1/aaaaaa", newestMigration(migrations), NOW);
    });

    test("a migration older code cannot run against is refused, naming the running instance, and changes nothing", async () => {
      const attempt = migrateToLatest(db, {
        migrations: [...migrations, later("29990101000000_breaks_older", false)],
        now: NOW + 1_000,
        aliveWithinMs: ALIVE_MS,
      });
      await expect(attempt).rejects.toBeInstanceOf(OlderInstancesRunningError);
      await expect(attempt).rejects.toThrow(/old-host\/1\/aaaaaa .*Stop them/);
      expect(await db.schema.hasTable("t_29990101000000_breaks_older")).toBe(false);
      expect(await db("knex_migrations").where({ name: "29990101000000_breaks_older" })).toHaveLength(0);
    });

    test("a migration older code can run beside is applied while they run", async () => {
      const applied = await migrateToLatest(db, {
        migrations: [...migrations, later("29990101000000_adds_a_table", true)],
        now: NOW + 1_000,
        aliveWithinMs: ALIVE_MS,
      });
      expect(applied).toEqual(["29990101000000_adds_a_table"]);
    });

    test("a migration older code cannot run against is applied once the older instance has left", async () => {
      await instancesRepository(db).leave("old-host/1/aaaaaa");
      const applied = await migrateToLatest(db, {
        migrations: [...migrations, later("29990101000000_breaks_older", false)],
        now: NOW + 1_000,
        aliveWithinMs: ALIVE_MS,
      });
      expect(applied).toEqual(["29990101000000_breaks_older"]);
    });

    test("an older instance not seen within the lease counts as gone (it died without leaving)", async () => {
      const applied = await migrateToLatest(db, {
        migrations: [...migrations, later("29990101000000_breaks_older", false)],
        now: NOW + ALIVE_MS + 1,
        aliveWithinMs: ALIVE_MS,
      });
      expect(applied).toEqual(["29990101000000_breaks_older"]);
    });

    test("instances that already know the migration do not hold it back", async () => {
      await instancesRepository(db).leave("old-host/1/aaaaaa");
      await instancesRepository(db).announce("new-host/2/bbbbbb", "29990101000000_breaks_older", NOW);
      const applied = await migrateToLatest(db, {
        migrations: [...migrations, later("29990101000000_breaks_older", false)],
        now: NOW + 1_000,
        aliveWithinMs: ALIVE_MS,
      });
      expect(applied).toEqual(["29990101000000_breaks_older"]);
    });
  });
});

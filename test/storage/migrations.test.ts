import {
  DatabaseNewerThanCodeError,
  migrateToLatest,
  openDatabase,
  type Database,
} from "../../core/storage/database.js";
import { migrations } from "../../migrations/index.js";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../support/databases.js";

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
});

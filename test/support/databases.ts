import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { migrateToLatest, openDatabase, type Database } from "../../core/storage/database.js";

export interface TestDatabase {
  name: "sqlite" | "postgres";
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty SQLite file. */
export function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), "plenum-db-"));
  return {
    name: "sqlite",
    url: `sqlite://${join(dir, "plenum.sqlite")}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh, empty PostgreSQL database on the server named by PLENUM_TEST_POSTGRES_URL. */
export async function postgresDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `plenum_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name: "postgres",
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * The databases the storage suite runs on. PostgreSQL joins when PLENUM_TEST_POSTGRES_URL is set (by
 * the user, or by postgres-setup.mjs for the run's own server); in CI it must be, so a missing server
 * fails the run instead of silently testing less.
 */
export function databaseKinds(): ("sqlite" | "postgres")[] {
  const postgres = process.env.PLENUM_TEST_POSTGRES_URL;
  if (!postgres && process.env.CI)
    throw new Error(
      "CI runs the storage suite on PostgreSQL: install the postgresql package (npm test does, as root) or set PLENUM_TEST_POSTGRES_URL",
    );
  return postgres ? ["sqlite", "postgres"] : ["sqlite"];
}

export async function createTestDatabase(kind: "sqlite" | "postgres"): Promise<TestDatabase> {
  return kind === "sqlite" ? sqliteDatabase() : postgresDatabase(process.env.PLENUM_TEST_POSTGRES_URL!);
}

/**
 * Gives every test of the surrounding suite its own fresh, migrated database of the given kind and
 * returns a function for the current test's knex handle.
 */
export function freshDatabasePerTest(kind: "sqlite" | "postgres"): () => Database {
  let testDb: TestDatabase | undefined;
  let db: Database | undefined;
  beforeEach(async () => {
    testDb = await createTestDatabase(kind);
    db = openDatabase(testDb.url);
    await migrateToLatest(db);
  });
  afterEach(async () => {
    await db?.destroy();
    await testDb?.drop();
  });
  return () => {
    if (!db) throw new Error("the database exists only inside a test");
    return db;
  };
}

/** A suite that needs PostgreSQL (several instances on one database, database drills). */
export function describeOnPostgres(name: string, suite: () => void): void {
  (databaseKinds().includes("postgres") ? describe : describe.skip)(name, suite);
}

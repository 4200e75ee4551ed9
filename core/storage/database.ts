import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import knexFactory, { type Knex } from "knex";
import { migrations, type Migration } from "../../migrations/index.js";
import { instancesRepository, type RunningInstance } from "./instances.js";
import { recordCompatibility, schemaStatus } from "./schema.js";

export type Database = Knex;
export type DatabaseKind = "sqlite" | "postgres";

export class DatabaseNewerThanCodeError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `The database was migrated by a newer Plenum (migrations this version does not know: ${unknown.join(", ")}). ` +
        "Run the newer Plenum version or restore a backup; this version will not touch it.",
    );
    this.name = "DatabaseNewerThanCodeError";
  }
}

/** A migration that older code cannot run against, while instances running such code are alive. */
export class OlderInstancesRunningError extends Error {
  constructor(
    readonly migration: string,
    readonly instances: RunningInstance[],
  ) {
    super(
      `Migration ${migration} changes the database in a way the Plenum instances still running cannot work with: ` +
        instances.map((i) => `${i.holder} (knows migrations up to ${i.newestMigration})`).join(", ") +
        ". Stop them, then start this version again; the database was not changed.",
    );
    this.name = "OlderInstancesRunningError";
  }
}

export function databaseKind(url: string): DatabaseKind {
  return url.startsWith("sqlite:") ? "sqlite" : "postgres";
}

/** `sqlite://./data/x.sqlite` → `./data/x.sqlite`; `sqlite:///var/x.sqlite` → `/var/x.sqlite`. */
export function sqliteFilename(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, "");
}

/** Failed queries' messages keep their placeholders: bound values (tokens looked up) never reach a log. */
const ERRORS_WITHOUT_VALUES = { compileSqlOnError: false } as const;

export function openDatabase(url: string): Database {
  if (databaseKind(url) === "sqlite") {
    const filename = sqliteFilename(url);
    if (filename !== ":memory:") mkdirSync(dirname(filename), { recursive: true });
    return knexFactory({
      client: "better-sqlite3",
      connection: { filename },
      useNullAsDefault: true,
      ...ERRORS_WITHOUT_VALUES,
      // One connection: better-sqlite3 is synchronous, and one writer avoids SQLITE_BUSY.
      pool: {
        min: 1,
        max: 1,
        afterCreate(connection: { pragma(sql: string): unknown }, done: (error: Error | null) => void) {
          connection.pragma("journal_mode = WAL");
          connection.pragma("foreign_keys = ON");
          connection.pragma("busy_timeout = 5000");
          done(null);
        },
      },
    });
  }
  return knexFactory({ client: "pg", connection: url, pool: { min: 0, max: 10 }, ...ERRORS_WITHOUT_VALUES });
}

function migrationSource(list: readonly Migration[]): Knex.MigrationSource<Migration> {
  return {
    getMigrations: async () => [...list],
    getMigrationName: (migration) => migration.name,
    getMigration: async (migration) => migration,
  };
}

export interface MigrateOptions {
  /** The migrations this code knows; all of them by default (tests pass others). */
  migrations?: readonly Migration[];
  now?: number;
  /** How recently an instance must have been seen to count as running (scaling.leader_lease). */
  aliveWithinMs?: number;
}

/**
 * Applies pending migrations. Refuses a database that a newer Plenum has migrated in a way this
 * version cannot work with, and a migration older code cannot run against while instances running
 * such code are alive (each says so with a message; the database stays as it was).
 */
export async function migrateToLatest(db: Database, options: MigrateOptions = {}): Promise<string[]> {
  const known = options.migrations ?? migrations;
  const status = await schemaStatus(db, known);
  if (status.newerIncompatible.length > 0) throw new DatabaseNewerThanCodeError(status.newerIncompatible);
  // Newer migrations that older code runs beside: this version uses the database as it is. Knowing
  // none of them, it cannot also have pending ones, short of a database from a different line.
  if (status.newer.length > 0) {
    if (status.pending.length > 0) throw new DatabaseNewerThanCodeError(status.newer);
    return [];
  }
  const breaking = status.pending.find((m) => !m.runsBesideOlder);
  if (breaking && (await db.schema.hasTable("instances"))) {
    const now = options.now ?? Date.now();
    const alive = await instancesRepository(db).seenSince(now - (options.aliveWithinMs ?? 15_000));
    const older = alive.filter((i) => i.newestMigration < breaking.name);
    if (older.length > 0) throw new OlderInstancesRunningError(breaking.name, older);
  }
  const [, applied] = (await db.migrate.latest({ migrationSource: migrationSource(known) })) as [
    number,
    string[],
  ];
  await recordCompatibility(
    db,
    known.filter((m) => applied.includes(m.name)),
  );
  return applied;
}

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import knexFactory, { type Knex } from "knex";
import { migrations } from "../../migrations/index.js";

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

const migrationSource: Knex.MigrationSource<(typeof migrations)[number]> = {
  getMigrations: async () => migrations,
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

/** Applies pending migrations; refuses a database that a newer Plenum has migrated. */
export async function migrateToLatest(db: Database): Promise<string[]> {
  await refuseNewerDatabase(db);
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

async function refuseNewerDatabase(db: Database): Promise<void> {
  if (!(await db.schema.hasTable("knex_migrations"))) return;
  const rows: { name: string }[] = await db("knex_migrations").select("name");
  const known = new Set(migrations.map((m) => m.name));
  const unknown = rows.map((r) => r.name).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new DatabaseNewerThanCodeError(unknown);
}

import type { Migration } from "../../migrations/index.js";
import type { Database } from "./database.js";

/** Where a database stands against the migrations a Plenum version knows. */
export interface SchemaStatus {
  /** Known migrations the database still lacks. */
  pending: Migration[];
  /** Migrations applied by a newer Plenum, which this version does not know. */
  newer: string[];
  /** Of those, the ones not recorded as leaving the database usable by older versions. */
  newerIncompatible: string[];
}

/** Reads which migrations the database has, and which of the unknown ones older code may run beside. */
export async function schemaStatus(db: Database, known: readonly Migration[]): Promise<SchemaStatus> {
  const applied = (await db.schema.hasTable("knex_migrations"))
    ? ((await db("knex_migrations").select("name")) as { name: string }[]).map((row) => row.name)
    : [];
  const appliedSet = new Set(applied);
  const knownNames = new Set(known.map((m) => m.name));
  const newer = applied.filter((name) => !knownNames.has(name));
  let besideOlder = new Set<string>();
  if (newer.length > 0 && (await db.schema.hasTable("migration_compatibility"))) {
    const rows = await db("migration_compatibility")
      .whereIn("name", newer)
      .where({ runs_beside_older: true });
    besideOlder = new Set(rows.map((row) => String(row.name)));
  }
  return {
    pending: known.filter((m) => !appliedSet.has(m.name)),
    newer,
    newerIncompatible: newer.filter((name) => !besideOlder.has(name)),
  };
}

/** Notes, for the Plenum versions that do not know them, whether the migrations just applied break them. */
export async function recordCompatibility(db: Database, applied: readonly Migration[]): Promise<void> {
  if (applied.length === 0 || !(await db.schema.hasTable("migration_compatibility"))) return;
  await db("migration_compatibility")
    .insert(applied.map((m) => ({ name: m.name, runs_beside_older: m.runsBesideOlder === true })))
    .onConflict("name")
    .merge();
}

/** The newest migration a list knows; names start with their date, so they sort in order. */
export function newestMigration(known: readonly Migration[]): string {
  return known.map((m) => m.name).reduce((a, b) => (b > a ? b : a), "");
}

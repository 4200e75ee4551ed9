import type { Knex } from "knex";

export const name = "20261204180000_upgrade_safety";

/** Adds tables only: an older Plenum running beside the version that applies it is unaffected. */
export const runsBesideOlder = true;

export async function up(knex: Knex): Promise<void> {
  // Whether each migration applied from now on leaves the database usable by the Plenum versions
  // before it: an older instance may then keep running, or start, against the newer database.
  await knex.schema.createTable("migration_compatibility", (t) => {
    t.string("name", 255).primary();
    t.boolean("runs_beside_older").notNullable();
  });
  // The Plenum processes working on this database and the newest migration each one's code knows,
  // so that a migration older code cannot run against waits until those processes have stopped.
  await knex.schema.createTable("instances", (t) => {
    t.string("holder", 255).primary();
    t.string("newest_migration", 255).notNullable();
    t.bigInteger("started_at").notNullable();
    t.bigInteger("seen_at").notNullable();
  });
}

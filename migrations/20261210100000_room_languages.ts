import type { Knex } from "knex";

export const name = "20261210100000_room_languages";
// A new table older versions never read.
export const runsBesideOlder = true;

export async function up(knex: Knex): Promise<void> {
  // The language of what everyone in a room reads, set by its moderators (`!meet roomlang`).
  await knex.schema.createTable("room_languages", (t) => {
    t.string("room_id", 255).primary();
    t.string("locale", 8).notNullable();
    t.string("set_by", 255).notNullable();
    t.bigInteger("updated_at").notNullable();
  });
}

import type { Knex } from "knex";

export const name = "20261206090000_occurrence_overrides";

export async function up(knex: Knex): Promise<void> {
  // Single dates of a series moved elsewhere (`!meet move <id> <date> to <when>`), as JSON.
  await knex.schema.alterTable("meetings", (t) => {
    t.text("overrides").notNullable().defaultTo("[]");
  });
}

import type { Knex } from "knex";

export const name = "20261123140000_policy";

export async function up(knex: Knex): Promise<void> {
  // Policy values admins have set; a key without a row has the value the config seeds.
  await knex.schema.createTable("policy_settings", (t) => {
    t.string("key", 64).primary();
    t.text("value").notNullable();
    t.string("changed_by", 255).notNullable();
    t.bigInteger("changed_at").notNullable();
  });
  // A meeting room's own narrower settings, set by its editors.
  await knex.schema.createTable("room_policy", (t) => {
    t.string("room_id", 255).notNullable();
    t.string("key", 64).notNullable();
    t.text("value").notNullable();
    t.string("changed_by", 255).notNullable();
    t.bigInteger("changed_at").notNullable();
    t.primary(["room_id", "key"]);
  });
}

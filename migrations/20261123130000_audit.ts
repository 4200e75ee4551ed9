import type { Knex } from "knex";

export const name = "20261123130000_audit";

export async function up(knex: Knex): Promise<void> {
  // Who did what, where, when and why: admin actions and every enforcement action.
  await knex.schema.createTable("audit_log", (t) => {
    t.increments("id").primary();
    t.bigInteger("at").notNullable();
    t.string("actor", 255).notNullable();
    t.string("action", 64).notNullable();
    t.string("room_id", 255).nullable();
    t.string("target", 255).nullable();
    t.text("reason").notNullable();
    t.index(["at"], "audit_by_time");
  });
}

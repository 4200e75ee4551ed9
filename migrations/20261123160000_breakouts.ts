import type { Knex } from "knex";

export const name = "20261123160000_breakouts";

export async function up(knex: Knex): Promise<void> {
  // Breakout rooms of a meeting: the access rules and the call of the meeting apply in them too.
  await knex.schema.createTable("breakouts", (t) => {
    t.string("room_id", 255).primary();
    t.string("meeting_id", 16).notNullable().references("meetings.id").onDelete("CASCADE");
    t.string("parent_room_id", 255).notNullable();
    t.string("name", 255).notNullable();
    t.text("members").notNullable();
    t.bigInteger("created_at").notNullable();
    t.bigInteger("ended_at").nullable();
    t.index(["meeting_id", "ended_at"]);
  });
}

import type { Knex } from "knex";

export const name = "20261213090000_room_inviters";
// A new table older versions never read.
export const runsBesideOlder = true;

export async function up(knex: Knex): Promise<void> {
  // Who invited the bot into each room it accepted an invite to, so the rooms of servers the invite
  // policy later refuses can be left: the bot's join event names only the bot.
  await knex.schema.createTable("room_inviters", (t) => {
    t.string("room_id", 255).primary();
    t.string("inviter", 255).notNullable();
    t.bigInteger("accepted_at").notNullable();
  });
}

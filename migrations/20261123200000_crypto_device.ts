import type { Knex } from "knex";

export const name = "20261123200000_crypto_device";

export async function up(knex: Knex): Promise<void> {
  // The bot's crypto device of the previous run: its keys lived in memory only, so it is deleted
  // at the next start-up and users see one bot device, not a growing list.
  await knex.schema.createTable("crypto_device", (t) => {
    t.string("user_id", 255).primary();
    t.string("device_id", 255).notNullable();
    t.bigInteger("created_at").notNullable();
  });
  // Rooms already told that a message could not be decrypted: the notice is posted once per room.
  await knex.schema.createTable("undecryptable_notices", (t) => {
    t.string("room_id", 255).primary();
    t.string("event_id", 255).notNullable();
    t.bigInteger("noticed_at").notNullable();
  });
}

import type { Knex } from "knex";

export const name = "20261201090000_homeserver_order";

export async function up(knex: Knex): Promise<void> {
  // Plenum's copy of room state follows the homeserver's order, never a sender's clock: each row
  // records the position in the appservice stream (the inbox's seq) of what set it. Rows copied so
  // far get 0, so the next event from the stream replaces them.
  await knex.schema.alterTable("room_state", (t) => {
    t.bigInteger("stream_position").notNullable().defaultTo(0);
  });
  await knex.schema.alterTable("room_state", (t) => {
    t.dropColumn("origin_server_ts");
  });
  // Rooms the bot has left, was kicked or banned from: their state is forgotten, and start-up does
  // not ask the homeserver for them again (it would answer 403 every time).
  await knex.schema.createTable("left_rooms", (t) => {
    t.string("room_id", 255).primary();
    t.string("membership", 16).notNullable();
    t.bigInteger("left_at").notNullable();
  });
  // A room's messages are handled in the inbox's order (arrival), one at a time; a watermark of the
  // senders' timestamps let one message stamped in the future silence the room.
  await knex.schema.dropTable("room_watermarks");
}

import type { Knex } from "knex";

export const name = "20261123110000_room_state";

export async function up(knex: Knex): Promise<void> {
  // Plenum's own view of the state that access decisions need (membership, power levels, the create
  // event), kept current from the appservice stream, so a call-token request never has to download
  // room state and never trusts a cached "yes".
  await knex.schema.createTable("room_state", (t) => {
    t.string("room_id", 255).notNullable();
    t.string("type", 255).notNullable();
    t.string("state_key", 255).notNullable();
    t.text("content").notNullable();
    t.string("event_id", 255).notNullable();
    t.string("sender", 255).notNullable();
    t.bigInteger("origin_server_ts").notNullable();
    t.primary(["room_id", "type", "state_key"]);
  });
  // Stable dial-in PINs (Jigasi's conference mapper), unique in both directions.
  await knex.schema.createTable("meeting_pins", (t) => {
    t.string("meeting_id", 16).primary().references("meetings.id").onDelete("CASCADE");
    t.string("pin", 16).notNullable().unique();
  });
}

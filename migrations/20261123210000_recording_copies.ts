import type { Knex } from "knex";

export const name = "20261123210000_recording_copies";

export async function up(knex: Knex): Promise<void> {
  // Events that carry a recording outside its meeting room (a public session's audience room), so
  // that retention and early deletion redact those too.
  await knex.schema.createTable("recording_copies", (t) => {
    t.string("recording_id", 32).notNullable();
    t.string("room_id", 255).notNullable();
    t.string("event_id", 255).notNullable();
    t.primary(["recording_id", "event_id"]);
  });
}

import type { Knex } from "knex";

export const name = "20261211090000_meeting_welcomes";
// A new table older versions never read.
export const runsBesideOlder = true;

export async function up(knex: Knex): Promise<void> {
  // The event id of each meeting's pinned welcome message, so every change edits it in place.
  await knex.schema.createTable("meeting_welcomes", (t) => {
    t.string("meeting_id", 16).primary().references("meetings.id").onDelete("CASCADE");
    t.string("event_id", 255).notNullable();
  });
}

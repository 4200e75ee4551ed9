import type { Knex } from "knex";

export const name = "20261123155000_speaker_lists";

export async function up(knex: Knex): Promise<void> {
  // A meeting room's list of speakers and the id of the pinned message that shows it.
  await knex.schema.createTable("speaker_lists", (t) => {
    t.string("room_id", 255).primary();
    t.string("meeting_id", 16).notNullable().references("meetings.id").onDelete("CASCADE");
    t.text("list").notNullable();
    t.string("message_id", 255).nullable();
    t.bigInteger("updated_at").notNullable();
  });
  // Who had the floor and when: the speaker list's part of the meeting's record.
  await knex.schema.createTable("speaker_turns", (t) => {
    t.increments("id").primary();
    t.string("meeting_id", 16).notNullable().references("meetings.id").onDelete("CASCADE");
    t.string("room_id", 255).notNullable();
    t.string("user_id", 255).notNullable();
    t.string("topic", 255).nullable();
    t.bigInteger("started_at").notNullable();
    t.index(["room_id", "started_at"]);
  });
}

import type { Knex } from "knex";

export const name = "20261123180000_public_sessions";

export async function up(knex: Knex): Promise<void> {
  // A meeting marked public, its read-only audience room and the pinned status message there.
  await knex.schema.createTable("public_sessions", (t) => {
    t.string("meeting_id", 16).primary().references("meetings.id").onDelete("CASCADE");
    t.string("audience_room_id", 255).notNullable().unique();
    t.text("stream_url").nullable();
    t.string("status_message_id", 255).nullable();
    t.boolean("public").notNullable();
    t.bigInteger("changed_at").notNullable();
  });
}

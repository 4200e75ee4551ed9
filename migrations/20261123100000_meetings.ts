import type { Knex } from "knex";

export const name = "20261123100000_meetings";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("meetings", (t) => {
    t.string("id", 16).primary();
    t.string("title", 200).notNullable();
    t.text("description").nullable();
    t.string("organizer", 255).notNullable();
    t.string("origin_room_id", 255).notNullable();
    t.string("room_id", 255).nullable().unique();
    t.string("timezone", 64).notNullable();
    // The first occurrence as typed (ISO with offset) and as an instant, for ordering and queries.
    t.string("start", 40).notNullable();
    t.bigInteger("start_at").notNullable();
    t.integer("duration_minutes").notNullable();
    t.text("rrule").nullable();
    t.text("exdates").notNullable().defaultTo("[]");
    t.string("jitsi_domain", 255).notNullable();
    t.string("conference_name", 255).notNullable();
    t.string("status", 16).notNullable();
    t.integer("sequence").notNullable().defaultTo(0);
    t.bigInteger("created_at").notNullable();
    t.bigInteger("updated_at").notNullable();
    t.index(["origin_room_id", "start_at"], "meetings_by_origin");
    t.index(["organizer"], "meetings_by_organizer");
  });
  await knex.schema.createTable("meeting_participants", (t) => {
    t.string("meeting_id", 16).notNullable().references("meetings.id").onDelete("CASCADE");
    t.string("user_id", 255).notNullable();
    t.bigInteger("added_at").notNullable();
    t.primary(["meeting_id", "user_id"]);
    t.index(["user_id"], "participants_by_user");
  });
  await knex.schema.createTable("user_preferences", (t) => {
    t.string("user_id", 255).primary();
    t.string("locale", 8).nullable();
    t.string("timezone", 64).nullable();
    t.bigInteger("updated_at").notNullable();
  });
  // The bot's direct chat with each user, for private answers such as calendar links.
  await knex.schema.createTable("direct_chats", (t) => {
    t.string("user_id", 255).primary();
    t.string("room_id", 255).notNullable();
  });
  // The token itself is kept (not a hash) so `!meet calendar` can show the same feed URL again.
  await knex.schema.createTable("calendar_tokens", (t) => {
    t.string("token", 64).primary();
    t.string("user_id", 255).notNullable().unique();
    t.bigInteger("created_at").notNullable();
  });
}

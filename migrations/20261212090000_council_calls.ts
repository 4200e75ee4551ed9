import type { Knex } from "knex";

export const name = "20261212090000_council_calls";
// New tables older versions never read.
export const runsBesideOlder = true;

export async function up(knex: Knex): Promise<void> {
  // A meeting room's podium (`!meet podium`); mirrored to the room's `org.plenum.podium` state.
  await knex.schema.createTable("podiums", (t) => {
    t.string("room_id", 255).primary();
    t.string("meeting_id", 16).notNullable().references("meetings.id").onDelete("CASCADE");
    t.boolean("enabled").notNullable();
    t.text("members").notNullable();
    t.string("updated_by", 255).notNullable();
    t.bigInteger("updated_at").notNullable();
  });
  // A meeting's whisper groups (`!meet whisper-group`): who may whisper to and hear each.
  await knex.schema.createTable("whisper_groups", (t) => {
    t.string("meeting_id", 16).notNullable().references("meetings.id").onDelete("CASCADE");
    t.string("group_id", 64).notNullable();
    t.string("name", 255).notNullable();
    t.text("members").notNullable();
    t.string("updated_by", 255).notNullable();
    t.bigInteger("updated_at").notNullable();
    t.primary(["meeting_id", "group_id"]);
  });
  // Each user's Jitsi participant id in a room's conference, as their call widget reported it.
  await knex.schema.createTable("call_presence", (t) => {
    t.string("room_id", 255).notNullable();
    t.string("user_id", 255).notNullable();
    t.string("participant_id", 64).notNullable();
    t.bigInteger("updated_at").notNullable();
    t.primary(["room_id", "user_id"]);
  });
}

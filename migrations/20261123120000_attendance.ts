import type { Knex } from "knex";

export const name = "20261123120000_attendance";

export async function up(knex: Knex): Promise<void> {
  // One row per main-room Jitsi call, from Prosody's event-sync webhooks. Breakout rooms live inside
  // their main room's call, so they get no row of their own. The unique key makes a retried
  // "room created" webhook a no-op.
  await knex.schema.createTable("calls", (t) => {
    t.increments("id").primary();
    t.string("room_id", 255).notNullable();
    t.bigInteger("started_at").notNullable();
    t.bigInteger("ended_at").nullable();
    t.integer("max_participants").notNullable().defaultTo(0);
    t.unique(["room_id", "started_at"]);
  });
  // Who was in a call, when; hidden occupants (recorders) are never stored. Keyed like Prosody keys
  // occupants, so a retried "occupant joined" webhook stores one row.
  await knex.schema.createTable("attendance", (t) => {
    t.increments("id").primary();
    t.string("meeting_id", 16).nullable().references("meetings.id").onDelete("SET NULL");
    t.string("room_id", 255).notNullable();
    t.string("conference", 255).notNullable();
    t.string("breakout_room_id", 255).nullable();
    t.string("occupant_jid", 1024).notNullable();
    t.string("user_id", 255).nullable();
    t.string("name", 255).nullable();
    t.boolean("is_guest").notNullable();
    t.bigInteger("joined_at").notNullable();
    t.bigInteger("left_at").nullable();
    t.unique(["room_id", "occupant_jid", "joined_at"]);
    t.index(["room_id", "joined_at"]);
  });
}

import type { Knex } from "knex";

export const name = "20261210090000_email_invitations";
// A new table older versions never read.
export const runsBesideOlder = true;

export async function up(knex: Knex): Promise<void> {
  // E-mail addresses invited to a meeting: personal data, kept with the meeting (deleted with it) and
  // purged email.retention_days after its last date. An uninvited address stays until its
  // cancellation has gone out (removed_at set), then its row goes.
  await knex.schema.createTable("email_invitations", (t) => {
    t.increments("id").primary();
    t.string("meeting_id", 16).notNullable().references("meetings.id").onDelete("CASCADE");
    t.string("address", 254).notNullable();
    t.string("invited_by", 255).notNullable();
    t.bigInteger("invited_at").notNullable();
    t.bigInteger("removed_at").nullable();
    t.unique(["meeting_id", "address"]);
  });
  // What the invited addresses were last told of each meeting, so a change sends only what changed
  // (a cancelled date as that date's cancellation); and when the addresses are due to be purged.
  await knex.schema.createTable("email_meeting_states", (t) => {
    t.string("meeting_id", 16).primary().references("meetings.id").onDelete("CASCADE");
    t.text("told").notNullable();
    t.bigInteger("purge_at").nullable();
  });
}

import type { Knex } from "knex";

export const name = "20261123090000_foundation";

export async function up(knex: Knex): Promise<void> {
  // Transactions the homeserver pushed, so a retried txnId is acknowledged without a second effect.
  await knex.schema.createTable("as_transactions", (t) => {
    t.string("txn_id", 255).primary();
    t.bigInteger("received_at").notNullable();
  });
  // Events are stored before the transaction is acknowledged and handled afterwards, in order.
  await knex.schema.createTable("inbox", (t) => {
    t.increments("seq").primary();
    t.string("event_id", 255).notNullable().unique();
    t.string("room_id", 255).notNullable();
    t.text("event").notNullable();
    t.bigInteger("received_at").notNullable();
    t.bigInteger("processed_at").nullable();
    t.integer("attempts").notNullable().defaultTo(0);
    t.index(["processed_at", "seq"], "inbox_pending");
  });
  // The newest event time handled per room: older events that arrive later are history, not commands.
  await knex.schema.createTable("room_watermarks", (t) => {
    t.string("room_id", 255).primary();
    t.bigInteger("last_ts").notNullable();
  });
  // Durable scheduled work; the scheduler asks only for what is due next through due_at.
  await knex.schema.createTable("jobs", (t) => {
    t.increments("id").primary();
    t.string("kind", 64).notNullable();
    t.string("key", 255).notNullable();
    t.text("payload").notNullable();
    t.bigInteger("due_at").notNullable();
    t.bigInteger("claimed_until").nullable();
    t.bigInteger("done_at").nullable();
    t.integer("attempts").notNullable().defaultTo(0);
    t.text("last_error").nullable();
    t.unique(["kind", "key"]);
    t.index(["done_at", "due_at"], "jobs_due");
  });
}

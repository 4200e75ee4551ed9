import type { Knex } from "knex";

export const name = "20261206100000_service_requests";
// A new table older versions never read.
export const runsBesideOlder = true;

export async function up(knex: Knex): Promise<void> {
  // A service's Idempotency-Keys: the same key again answers with the meeting it made (issue 24).
  await knex.schema.createTable("service_requests", (t) => {
    t.string("service_id", 64).notNullable();
    t.string("idempotency_key", 255).notNullable();
    /** SHA-256 of the request body, to tell a repeat from another request under the same key. */
    t.string("fingerprint", 64).notNullable();
    /** Who is working on the request; a claim left by a crash is taken over after a while. */
    t.string("claim", 32).notNullable();
    t.bigInteger("claimed_at").notNullable();
    t.string("meeting_id").nullable();
    t.primary(["service_id", "idempotency_key"]);
  });
}

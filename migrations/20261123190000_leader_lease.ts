import type { Knex } from "knex";

export const name = "20261123190000_leader_lease";

export async function up(knex: Knex): Promise<void> {
  // One row per singleton role; an instance leads while its lease has not expired and renews it.
  await knex.schema.createTable("leader_leases", (t) => {
    t.string("name", 64).primary();
    t.string("holder", 255).notNullable();
    t.bigInteger("expires_at").notNullable();
  });
  // An instance reserves an event before handling it, so two instances never handle the same one;
  // a reservation that is not completed in time (the instance died) lapses and another takes over.
  await knex.schema.alterTable("inbox", (t) => {
    t.bigInteger("claimed_until").nullable();
  });
}

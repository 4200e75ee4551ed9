import type { Knex } from "knex";

export const name = "20261123170000_guest_links";

export async function up(knex: Knex): Promise<void> {
  // A meeting's guest links carry its generation; revoking bumps it and voids them all.
  await knex.schema.createTable("guest_link_generations", (t) => {
    t.string("meeting_id", 16).primary().references("meetings.id").onDelete("CASCADE");
    t.integer("generation").notNullable();
    t.string("changed_by", 255).notNullable();
    t.bigInteger("changed_at").notNullable();
  });
}

import type { Knex } from "knex";

export const name = "20261204120000_calendar_token_expiry";

export async function up(knex: Knex): Promise<void> {
  // Feed links may expire (http.calendar_feed_days); null for links made without an expiry.
  await knex.schema.alterTable("calendar_tokens", (t) => {
    t.bigInteger("expires_at").nullable();
  });
}

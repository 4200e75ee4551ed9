import type { Knex } from "knex";

export const name = "20261205090000_crypto_store";

export async function up(knex: Knex): Promise<void> {
  // The bot's device now lasts: the row names it and says how its store's key is derived (salt and
  // a key check, nothing secret). A row without it is a device of the in-memory era, retired at start.
  await knex.schema.alterTable("crypto_device", (t) => {
    t.text("store_header").nullable();
  });
  // The device's state (Rust crypto records, sync position, login), each value sealed with the
  // store key under a keyed hash of its name.
  await knex.schema.createTable("crypto_store", (t) => {
    t.string("id", 64).primary();
    t.binary("payload").notNullable();
  });
  // Devices retired by `npm run crypto-device -- new`; the next device tells their rooms.
  await knex.schema.createTable("crypto_devices_replaced", (t) => {
    t.string("device_id", 255).primary();
    t.bigInteger("replaced_at").notNullable();
    t.bigInteger("announced_at").nullable();
  });
  // Encrypted sends of instances that do not hold the device, sent by the one that does.
  await knex.schema.createTable("crypto_outbox", (t) => {
    t.increments("id").primary();
    t.string("room_id", 255).notNullable();
    t.string("txn_id", 255).notNullable();
    t.string("type", 255).notNullable();
    t.text("content").notNullable();
    t.bigInteger("created_at").notNullable();
    t.string("event_id", 255).nullable();
    t.text("error").nullable();
    t.unique(["room_id", "txn_id"]);
  });
}

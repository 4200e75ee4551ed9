import type { Knex } from "knex";

export const name = "20261123150000_recordings";

export async function up(knex: Knex): Promise<void> {
  // Call recordings published into meeting rooms. `upload_key` (sha256 of the file) makes a repeated
  // upload of the same recording find its first row instead of posting again. A row is written only
  // once the file is stored and the events are in the room; `deleted_at` marks one removed by
  // retention or by an admin, kept so the deletion stays traceable.
  await knex.schema.createTable("recordings", (t) => {
    t.string("id", 16).primary();
    t.string("upload_key", 128).notNullable().unique();
    t.string("room_id", 255).notNullable();
    t.string("meeting_id", 16).nullable().references("meetings.id").onDelete("SET NULL");
    t.string("session_id", 255).nullable();
    t.string("file_name", 255).notNullable();
    t.string("mimetype", 128).notNullable();
    t.bigInteger("size").notNullable();
    t.bigInteger("duration_ms").nullable();
    // "media": mxc URIs in the homeserver's media repository; "local": a file in recordings_dir.
    t.string("storage", 16).notNullable();
    t.string("media_uri", 1024).nullable();
    t.string("thumbnail_uri", 1024).nullable();
    t.string("local_path", 1024).nullable();
    t.string("video_event_id", 255).notNullable();
    t.string("notice_event_id", 255).nullable();
    t.bigInteger("created_at").notNullable();
    t.bigInteger("expires_at").notNullable();
    t.bigInteger("deleted_at").nullable();
    t.string("deleted_by", 255).nullable();
    t.index(["room_id", "created_at"]);
  });
}

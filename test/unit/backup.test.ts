import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { backUp, BackupError, restore } from "../../core/backup/backup.js";
import { installationState, type StatePart } from "../../core/backup/state.js";
import { buildConfig } from "../../core/config/load.js";
import { randomTempName } from "../../core/recordings/publish.js";
import { migrateToLatest, openDatabase } from "../../core/storage/database.js";
import { jobsRepository } from "../../core/storage/jobs.js";
import { migrations } from "../../migrations/index.js";
import { validRawConfig } from "../support/config.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "plenum-backup-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The state parts of an installation whose database and recordings live under `root`. */
function installation(root: string, database = `sqlite://${join(root, "plenum.sqlite")}`): StatePart[] {
  const raw = validRawConfig();
  raw.database = { url: database };
  raw.jitsi = { ...raw.jitsi, recordings_dir: join(root, "recordings") };
  return installationState(buildConfig(raw).config);
}

async function migratedDatabase(path: string) {
  const db = openDatabase(`sqlite://${path}`);
  await migrateToLatest(db);
  return db;
}

function count(file: string, table: string): number {
  const db = new Sqlite(file, { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("backups of an SQLite installation", () => {
  test("a backup taken while Plenum writes is a consistent database holding every row written before it began", async () => {
    const parts = installation(join(dir, "live"));
    const db = await migratedDatabase(join(dir, "live", "plenum.sqlite"));
    const jobs = jobsRepository(db);
    for (let i = 0; i < 500; i++)
      await jobs.schedule({ kind: "reminder", key: `before-${i}`, payload: {}, dueAt: i });
    const writing = (async () => {
      for (let i = 0; i < 300; i++)
        await jobs.schedule({ kind: "reminder", key: `during-${i}`, payload: {}, dueAt: i });
    })();
    const manifest = await backUp(parts, join(dir, "backup"), new Date("2026-11-23T09:00:00Z"));
    await writing;
    await db.destroy();
    const copy = join(dir, "backup", "database.sqlite");
    const check = new Sqlite(copy, { readonly: true });
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.close();
    expect(count(copy, "jobs")).toBeGreaterThanOrEqual(500);
    expect(count(copy, "jobs")).toBeLessThanOrEqual(800);
    expect(manifest).toEqual({
      format: 1,
      created_at: "2026-11-23T09:00:00.000Z",
      migrations: migrations.map((m) => m.name),
      parts: [
        { name: "database", kind: "sqlite", file: "database.sqlite" },
        { name: "recordings", kind: "directory", file: "recordings" },
      ],
    });
  });

  test("recordings are copied, without uploads still arriving", async () => {
    const parts = installation(join(dir, "live"));
    await (await migratedDatabase(join(dir, "live", "plenum.sqlite"))).destroy();
    mkdirSync(join(dir, "live", "recordings"));
    writeFileSync(join(dir, "live", "recordings", "kept.mp4"), "video");
    writeFileSync(join(dir, "live", "recordings", randomTempName()), "half");
    await backUp(parts, join(dir, "backup"), new Date());
    expect(readdirSync(join(dir, "backup", "recordings"))).toEqual(["kept.mp4"]);
  });

  test("a restore into a fresh installation puts the database and the recordings where its config says", async () => {
    await (await migratedDatabase(join(dir, "live", "plenum.sqlite"))).destroy();
    mkdirSync(join(dir, "live", "recordings"));
    writeFileSync(join(dir, "live", "recordings", "kept.mp4"), "video");
    await backUp(installation(join(dir, "live")), join(dir, "backup"), new Date());
    await restore(installation(join(dir, "fresh")), join(dir, "backup"));
    expect(count(join(dir, "fresh", "plenum.sqlite"), "knex_migrations")).toBe(migrations.length);
    expect(readFileSync(join(dir, "fresh", "recordings", "kept.mp4"), "utf8")).toBe("video");
  });

  test("a restore over an installation that has a database is refused, naming it, and copies nothing", async () => {
    await (await migratedDatabase(join(dir, "live", "plenum.sqlite"))).destroy();
    await backUp(installation(join(dir, "live")), join(dir, "backup"), new Date());
    const attempt = restore(installation(join(dir, "live")), join(dir, "backup"));
    await expect(attempt).rejects.toBeInstanceOf(BackupError);
    await expect(attempt).rejects.toThrow(`${join(dir, "live", "plenum.sqlite")}`);
  });

  test("a backup whose database has no place in a PostgreSQL installation is refused with a message", async () => {
    await (await migratedDatabase(join(dir, "live", "plenum.sqlite"))).destroy();
    await backUp(installation(join(dir, "live")), join(dir, "backup"), new Date());
    const postgres = installation(join(dir, "fresh"), "postgres://plenum:secret@db.example.org/plenum");
    await expect(restore(postgres, join(dir, "backup"))).rejects.toThrow(
      "The backup holds the database (sqlite), which this configuration has no place for (database.url is not sqlite://…).",
    );
  });

  test("a backup into a directory that holds files is refused", async () => {
    await (await migratedDatabase(join(dir, "live", "plenum.sqlite"))).destroy();
    mkdirSync(join(dir, "backup"));
    writeFileSync(join(dir, "backup", "other"), "x");
    await expect(backUp(installation(join(dir, "live")), join(dir, "backup"), new Date())).rejects.toThrow(
      "exists and is not empty",
    );
  });
});

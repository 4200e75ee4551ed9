import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { END, REMINDER, START } from "../../core/meetings/reminders.js";
import { migrateToLatest, openDatabase, type Database } from "../../core/storage/database.js";
import { quantile, type Figure } from "../figures.js";

const FUTURE_MEETINGS = 100_000;
const run = promisify(execFile);

const probe = fileURLToPath(new URL("../scheduler-probe.js", import.meta.url));

interface Ticks {
  times: number[];
  rssBefore: number;
  rssAfter: number;
}

async function idleTicks(url: string, rounds: number): Promise<Ticks> {
  const { stdout } = await run(process.execPath, [probe, url, String(rounds)]);
  return JSON.parse(stdout) as Ticks;
}

/** `count` future meetings, each with the jobs scheduling writes: a reminder, its start and its end. */
async function fill(db: Database, count: number): Promise<void> {
  const firstStart = Date.now() + 86_400_000;
  for (let offset = 0; offset < count; offset += 1000) {
    const numbers = Array.from({ length: Math.min(1000, count - offset) }, (_, i) => offset + i);
    const startAt = (n: number) => firstStart + n * 60_000;
    await db.batchInsert(
      "meetings",
      numbers.map((n) => ({
        id: `bench-${n}`,
        title: `Bench ${n}`,
        organizer: "@bench:localhost",
        origin_room_id: "!bench:localhost",
        timezone: "Europe/Berlin",
        start: new Date(startAt(n)).toISOString(),
        start_at: startAt(n),
        duration_minutes: 30,
        jitsi_domain: "meet.example.org",
        conference_name: `bench${n}`,
        status: "scheduled",
        created_at: Date.now(),
        updated_at: Date.now(),
      })),
      250,
    );
    await db.batchInsert(
      "jobs",
      numbers.flatMap((n) =>
        [
          [REMINDER, startAt(n) - 15 * 60_000],
          [START, startAt(n)],
          [END, startAt(n) + 30 * 60_000],
        ].map(([kind, dueAt]) => ({ kind, key: `bench|${n}`, payload: "{}", due_at: dueAt })),
      ),
      250,
    );
  }
}

/**
 * An idle scheduler tick with 100,000 future meetings (and their 300,000 jobs) against the same tick
 * on empty tables; RSS must stay under 200 MB.
 */
export async function schedulerTick(
  databases: { name: string; url: string }[],
  rounds: number,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const { name, url } of databases) {
    const db = openDatabase(url);
    await migrateToLatest(db);
    const empty = await idleTicks(url, rounds);
    await fill(db, FUTURE_MEETINGS);
    const full = await idleTicks(url, rounds);
    await db("jobs").where("key", "like", "bench|%").delete();
    await db("meetings").where("id", "like", "bench-%").delete();
    await db.destroy();
    const p = quantile(full.times, 0.5);
    const f = quantile(empty.times, 0.5);
    const mb = (bytes: number) => Math.round(bytes / 1e6);
    figures.push({
      name: `scheduler ${name}`,
      metric: "idle tick, 100k meetings vs none",
      plenum: p,
      floor: f,
      unit: "ms",
      ratio: p / f,
      target: "< 5 ms, flat; RSS < 200 MB",
      met: p < 5 && p / f < 1.5 && full.rssAfter < 200e6,
      note: `scheduler process RSS ${mb(empty.rssBefore)} → ${mb(empty.rssAfter)} MB on empty tables, ${mb(full.rssBefore)} → ${mb(full.rssAfter)} MB with 100k meetings`,
    });
  }
  return figures;
}

export function scratchSqlite(): { name: string; url: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "plenum-bench-db-"));
  return {
    name: "SQLite",
    url: `sqlite://${join(dir, "jobs.sqlite")}`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../core/logging/logger.js";
import { createScheduler } from "../../core/scheduling/scheduler.js";
import { migrateToLatest, openDatabase, type Database } from "../../core/storage/database.js";
import { jobsRepository } from "../../core/storage/jobs.js";
import { quantile, timed, type Figure } from "../figures.js";

const FUTURE_JOBS = 100_000;

async function idleTicks(db: Database, rounds: number): Promise<number[]> {
  const scheduler = createScheduler({
    jobs: jobsRepository(db),
    clock: { now: () => Date.now() },
    logger: createLogger({ level: "silent", secrets: [], destination: { write: () => undefined } }),
    handlers: {},
  });
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) times.push(await timed(() => scheduler.tick()));
  return times;
}

async function fill(db: Database, count: number): Promise<void> {
  const dueAt = Date.now() + 86_400_000;
  for (let offset = 0; offset < count; offset += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - offset) }, (_, i) => ({
      kind: "meeting.reminder",
      key: `bench|${offset + i}`,
      payload: "{}",
      due_at: dueAt + (offset + i) * 1000,
    }));
    await db.batchInsert("jobs", rows, 250);
  }
}

/** An idle scheduler tick with 100,000 future reminders against the same tick on an empty table. */
export async function schedulerTick(
  databases: { name: string; url: string }[],
  rounds: number,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const { name, url } of databases) {
    const db = openDatabase(url);
    await migrateToLatest(db);
    const empty = await idleTicks(db, rounds);
    const rssBefore = process.memoryUsage().rss;
    await fill(db, FUTURE_JOBS);
    const full = await idleTicks(db, rounds);
    const rssAfter = process.memoryUsage().rss;
    await db("jobs").where("key", "like", "bench|%").delete();
    await db.destroy();
    const p = quantile(full, 0.5);
    const f = quantile(empty, 0.5);
    figures.push({
      name: `scheduler ${name}`,
      metric: "idle tick, 100k jobs vs none",
      plenum: p,
      floor: f,
      unit: "ms",
      ratio: p / f,
      target: "< 5 ms, flat",
      met: p < 5 && p / f < 1.5,
      note: `RSS ${Math.round(rssBefore / 1e6)} → ${Math.round(rssAfter / 1e6)} MB`,
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

import { createLogger } from "../core/logging/logger.js";
import { createScheduler } from "../core/scheduling/scheduler.js";
import { openDatabase } from "../core/storage/database.js";
import { jobsRepository } from "../core/storage/jobs.js";
import { timed } from "./figures.js";

// Runs idle scheduler ticks in a process of its own, so its RSS is the scheduler's and not the
// bench's (which holds the rows it inserted). Usage: scheduler-probe.js <database url> <rounds>
const [url, rounds] = process.argv.slice(2);
const db = openDatabase(url!);
const scheduler = createScheduler({
  jobs: jobsRepository(db),
  clock: { now: () => Date.now() },
  logger: createLogger({ level: "silent", secrets: [], destination: { write: () => undefined } }),
  handlers: {},
});
// Warm-up: the first ticks open connections and prepare statements.
for (let i = 0; i < 5; i++) await scheduler.tick();
const rssBefore = process.memoryUsage().rss;
const times: number[] = [];
for (let i = 0; i < Number(rounds); i++) times.push(await timed(() => scheduler.tick()));
const rssAfter = process.memoryUsage().rss;
await db.destroy();
process.stdout.write(JSON.stringify({ times, rssBefore, rssAfter }));

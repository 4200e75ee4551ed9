import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ratioChart } from "./chart.js";
import { startProfiling } from "./profile.js";
import type { Figure } from "./figures.js";
import { callTokens } from "./scenarios/call-tokens.js";
import { commandReply } from "./scenarios/command-reply.js";
import { largeMeeting } from "./scenarios/large-meeting.js";
import { meetingCreation } from "./scenarios/meeting-creation.js";
import { reminderBurst } from "./scenarios/reminder-burst.js";
import { schedulerTick, scratchSqlite } from "./scenarios/scheduler.js";
import { transactions } from "./scenarios/transactions.js";
import { startBenchEnv, type BenchEnv } from "./setup.js";
import { PostgresCluster } from "../scripts/postgres-cluster.mjs";

// `npm run bench`: every figure is Plenum against a floor measured in the same run, so a busy or
// slow machine moves both. PLENUM_BENCH_QUICK=1 runs fewer rounds, for a smoke check.
const quick = process.env.PLENUM_BENCH_QUICK === "1";
// PLENUM_BENCH_ONLY=command-reply,call-tokens runs only the named scenarios, for work on one figure.
const only = process.env.PLENUM_BENCH_ONLY?.split(",").map((name) => name.trim());
const wanted = (name: string) => !only || only.includes(name);
// PLENUM_BENCH_PROFILE=1 also profiles Plenum's part of the figures (bench/profile.ts).
if (process.env.PLENUM_BENCH_PROFILE === "1") startProfiling();
const resultsDir = join(process.cwd(), "bench", "results");

function table(figures: Figure[]): string {
  const rows = figures.map(
    (f) =>
      `| ${f.name} | ${f.metric} | ${f.plenum.toFixed(1)} ${f.unit} | ${f.floor.toFixed(1)} ${f.unit} | ${f.ratio.toFixed(2)}× | ${f.target} | ${f.met ? "yes" : "**no**"} |`,
  );
  // A figure's rows (p50, p95…) share one note.
  const notes = [...new Set(figures.filter((f) => f.note).map((f) => `- ${f.name}: ${f.note}`))];
  return [
    "| figure | metric | Plenum | floor | ratio | target | met |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    ...(notes.length > 0 ? ["", ...notes] : []),
  ].join("\n");
}

/**
 * PostgreSQL for the scheduler figure and for Plenum itself: the database PLENUM_BENCH_POSTGRES_URL
 * names, else a throwaway server of the bench's own when PostgreSQL is installed, else none.
 */
async function benchPostgres(): Promise<{ url?: string; remove(): Promise<void> }> {
  const given = process.env.PLENUM_BENCH_POSTGRES_URL;
  if (given) return { url: given, remove: async () => undefined };
  if (!PostgresCluster.available()) {
    process.stderr.write("PostgreSQL is not installed: SQLite figures only\n");
    return { remove: async () => undefined };
  }
  const cluster = await PostgresCluster.create({ durable: true });
  return { url: cluster.url, remove: () => cluster.remove() };
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const postgres = await benchPostgres();
  try {
    await measure(figures, postgres.url);
  } finally {
    await postgres.remove();
  }
  if (only) {
    // A partial run must not replace the full table bench/README.md shows.
    process.stdout.write(`${table(figures)}\n`);
    return;
  }
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString();
  writeFileSync(
    join(resultsDir, "latest.json"),
    `${JSON.stringify({ at: stamp, quick, figures }, null, 2)}\n`,
  );
  writeFileSync(join(resultsDir, "latest.png"), ratioChart(figures));
  writeFileSync(
    join(resultsDir, "latest.md"),
    `Measured ${stamp}${quick ? " (quick run)" : ""}.\n\n${table(figures)}\n`,
  );
  process.stdout.write(`${table(figures)}\n\nWritten to ${resultsDir}/latest.{json,md,png}\n`);
}

async function measure(figures: Figure[], postgresUrl: string | undefined): Promise<void> {
  const sqlite = scratchSqlite();
  const databases = [sqlite, ...(postgresUrl ? [{ name: "PostgreSQL", url: postgresUrl }] : [])];
  if (wanted("scheduler")) figures.push(...(await schedulerTick(databases, quick ? 20 : 200)));
  sqlite.remove();
  const onOneHomeserver = {
    "command-reply": (env: BenchEnv) => commandReply(env, quick ? 40 : 200),
    "meeting-creation": (env: BenchEnv) => meetingCreation(env, quick ? 3 : 10),
    "call-tokens": (env: BenchEnv) => callTokens(env, quick ? 64 : 400),
    transactions: (env: BenchEnv) => transactions(env, quick ? 3 : 5),
    "reminder-burst": (env: BenchEnv) => reminderBurst(env, quick ? 200 : 1000),
  };
  const scenarios = Object.entries(onOneHomeserver).filter(([name]) => wanted(name));
  if (scenarios.length > 0) {
    const env = await startBenchEnv(postgresUrl ? { postgresUrl } : {});
    try {
      for (const [, scenario] of scenarios) figures.push(...(await scenario(env)));
    } finally {
      await env.stop();
    }
  }
  // Fresh homeservers each time, so on a fresh SQLite file too: the shared PostgreSQL database
  // already holds the first homeserver's rooms and devices.
  if (wanted("large-meeting"))
    figures.push(...(await largeMeeting(quick ? 60 : 250, quick ? 15_000 : 60_000)));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);

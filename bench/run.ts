import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ratioChart } from "./chart.js";
import type { Figure } from "./figures.js";
import { callTokens } from "./scenarios/call-tokens.js";
import { commandReply } from "./scenarios/command-reply.js";
import { largeMeeting } from "./scenarios/large-meeting.js";
import { meetingCreation } from "./scenarios/meeting-creation.js";
import { reminderBurst } from "./scenarios/reminder-burst.js";
import { schedulerTick, scratchSqlite } from "./scenarios/scheduler.js";
import { transactions } from "./scenarios/transactions.js";
import { startBenchEnv } from "./setup.js";

// `npm run bench`: every figure is Plenum against a floor measured in the same run, so a busy or
// slow machine moves both. PLENUM_BENCH_QUICK=1 runs fewer rounds, for a smoke check.
const quick = process.env.PLENUM_BENCH_QUICK === "1";
const postgresUrl = process.env.PLENUM_BENCH_POSTGRES_URL;
const resultsDir = join(process.cwd(), "bench", "results");

function table(figures: Figure[]): string {
  const rows = figures.map(
    (f) =>
      `| ${f.name} | ${f.metric} | ${f.plenum.toFixed(1)} ${f.unit} | ${f.floor.toFixed(1)} ${f.unit} | ${f.ratio.toFixed(2)}× | ${f.target} | ${f.met ? "yes" : "**no**"} |`,
  );
  const notes = figures.filter((f) => f.note).map((f) => `- ${f.name}: ${f.note}`);
  return [
    "| figure | metric | Plenum | floor | ratio | target | met |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    ...(notes.length > 0 ? ["", ...notes] : []),
  ].join("\n");
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const sqlite = scratchSqlite();
  const databases = [
    sqlite,
    ...(process.env.PLENUM_BENCH_POSTGRES_URL
      ? [{ name: "PostgreSQL", url: process.env.PLENUM_BENCH_POSTGRES_URL }]
      : []),
  ];
  figures.push(...(await schedulerTick(databases, quick ? 20 : 200)));
  sqlite.remove();
  const env = await startBenchEnv(postgresUrl ? { postgresUrl } : {});
  try {
    figures.push(...(await commandReply(env, quick ? 40 : 200)));
    figures.push(...(await meetingCreation(env, quick ? 3 : 10)));
    figures.push(...(await callTokens(env, quick ? 64 : 400)));
    figures.push(...(await transactions(env, quick ? 3 : 10)));
    figures.push(...(await reminderBurst(env, quick ? 200 : 1000)));
  } finally {
    await env.stop();
  }
  // Fresh homeservers each time, so on a fresh SQLite file too: the shared PostgreSQL database
  // already holds the first homeserver's rooms and devices.
  figures.push(...(await largeMeeting(quick ? 60 : 250, quick ? 15_000 : 60_000)));
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

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);

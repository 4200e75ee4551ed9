import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

/**
 * `PLENUM_BENCH_PROFILE=1`: the Plenum part of the token, verification, command and creation figures
 * runs under V8's sampling profiler (the inspector's, as `node --cpu-prof` uses), in the bench's own
 * process where Plenum runs; the clients' load runs in a worker thread and is not sampled. Each run
 * leaves `bench/results/profiles/<name>.cpuprofile` (open it in Chromium's DevTools) and a summary
 * `bench/results/profile-<name>.md`: where the CPU went, by module and by function, self time.
 */
let on = false;

/** Switched on by bench/run.ts from `PLENUM_BENCH_PROFILE`. */
export function startProfiling(): void {
  on = true;
}

export function profiling(): boolean {
  return on;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Which part of the stack a frame belongs to, by its script's location. */
const GROUPS: [RegExp, string][] = [
  [/^\((idle)\)$/, "idle (waiting for I/O)"],
  [/^\((garbage collector)\)$/, "garbage collection"],
  [/^\((program)\)$/, "V8 and native code"],
  [/^native /, "native functions (no script: sockets, timers, ...)"],
  [
    /node_modules\/(express|body-parser|raw-body|router|finalhandler|send|serve-static|on-finished|type-is|content-type|iconv-lite|qs|path-to-regexp|depd|statuses|http-errors|accepts|negotiator|mime|mime-types|vary|etag|fresh|cookie|proxy-addr|forwarded|ipaddr\.js|encodeurl|escape-html|parseurl|merge-descriptors|utils-merge|methods|media-typer|unpipe|destroy|ee-first)\//,
    "HTTP framework (express)",
  ],
  [
    /node_modules\/(pino|pino-std-serializers|sonic-boom|thread-stream|fast-redact|quick-format-unescaped|atomic-sleep|on-exit-leak-free|safe-stable-stringify)\//,
    "logging (pino)",
  ],
  [/node_modules\/(zod|ajv)\//, "validation"],
  [
    /node_modules\/(pg|pg-protocol|pg-pool|pg-types|pg-connection-string|postgres-\w+|knex|better-sqlite3|tarn)\//,
    "database driver (knex, pg, sqlite)",
  ],
  [
    /node_modules\/(undici)\/|node:internal\/deps\/undici|internal\/deps\/undici/,
    "HTTP client (fetch/undici)",
  ],
  [/node_modules\/(jose)\/|node:internal\/crypto|internal\/crypto/, "crypto (jose, node:crypto)"],
  [/node_modules\/(prom-client|tdigest|bintrees)\//, "metrics (prom-client)"],
  [/node_modules\/(matrix-bot-sdk)\//, "matrix-bot-sdk (the echo bot floor)"],
  [/node_modules\/(matrix-js-sdk|@matrix-org)\//, "matrix-js-sdk (the bot's encryption device)"],
  [
    /node:internal\/webstreams|internal\/webstreams|node:internal\/abort_controller|internal\/abort_controller|node:internal\/event_target|internal\/event_target/,
    "web streams and AbortSignal (fetch)",
  ],
  [
    /node:_http|_http_|node:http|node:internal\/http|internal\/http|node:net|^net$|node:internal\/stream_base|internal\/stream_base|node:stream|internal\/streams/,
    "Node's HTTP and sockets",
  ],
  [/\/dist\/bench\//, "bench orchestration"],
  [/\/dist\/(core|bridge|bots|app)\/([a-z-]+)\//, "Plenum: $1/$2"],
  [/node_modules\/((?:@[^/]+\/)?[^/]+)\//, "other package: $1"],
  [/^node:|^internal\/|^$/, "other Node internals"],
];

function groupOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  const where = url !== "" ? url : functionName.startsWith("(") ? functionName : `native ${functionName}`;
  for (const [pattern, name] of GROUPS) {
    const match = pattern.exec(where);
    if (match) return name.replace(/\$(\d)/g, (_, i: string) => match[Number(i)] ?? "");
  }
  return "other";
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/(node_modules|dist)\//, "").replace(/^file:\/\//, "");
  return `${functionName || "(anonymous)"} ${file ? `${file}:${lineNumber + 1}` : ""}`.trim();
}

/**
 * Self time per node (ms), from the samples and the time between them, up to `until` (µs on the
 * profile's clock): the profiler's own start and stop are not Plenum's work.
 */
function selfTimes(profile: CpuProfile, until: number): Map<number, number> {
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    // The first delta is the profiler's own start, before anything was sampled.
    if (i > 0 && at <= until) self.set(id, (self.get(id) ?? 0) + delta / 1000);
  });
  return self;
}

/** The markdown summary of one profile: busy time by module, then the top functions by self time. */
export function summarizeProfile(
  name: string,
  profile: CpuProfile,
  note: string,
  until = profile.endTime,
): string {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = selfTimes(profile, until);
  const byGroup = new Map<string, number>();
  const byFunction = new Map<string, { ms: number; group: string }>();
  let total = 0;
  for (const [id, ms] of self) {
    const node = nodes.get(id)!;
    const group = groupOf(node);
    total += ms;
    byGroup.set(group, (byGroup.get(group) ?? 0) + ms);
    if (group.startsWith("idle")) continue;
    const key = label(node);
    const entry = byFunction.get(key) ?? { ms: 0, group };
    entry.ms += ms;
    byFunction.set(key, entry);
  }
  const idle = byGroup.get("idle (waiting for I/O)") ?? 0;
  const busy = total - idle;
  const pct = (ms: number, of: number) => `${((100 * ms) / of).toFixed(1)} %`;
  const groups = [...byGroup.entries()]
    .filter(([group]) => !group.startsWith("idle"))
    .sort((a, b) => b[1] - a[1]);
  const functions = [...byFunction.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20);
  return [
    `# Where Plenum's CPU goes: ${name}`,
    "",
    `${note} Sampled ${(total / 1000).toFixed(1)} s of Plenum's main thread: busy ${(busy / 1000).toFixed(1)} s (${pct(busy, total)}), idle ${(idle / 1000).toFixed(1)} s.`,
    "",
    "| module | self time | share of busy |",
    "|---|---|---|",
    ...groups.map(([group, ms]) => `| ${group} | ${ms.toFixed(0)} ms | ${pct(ms, busy)} |`),
    "",
    "Top functions by self time:",
    "",
    "| function | module | self time | share of busy |",
    "|---|---|---|---|",
    ...functions.map(
      ([fn, { ms, group }]) =>
        `| \`${fn.replace(/\|/g, "\\|")}\` | ${group} | ${ms.toFixed(0)} ms | ${pct(ms, busy)} |`,
    ),
    "",
  ].join("\n");
}

/** Runs `work` under the sampling profiler when profiling is on; else just runs it. */
export async function profiled<T>(name: string, note: string, work: () => Promise<T>): Promise<T> {
  if (!on) return work();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  // V8 stamps samples with the monotonic clock in µs, as process.hrtime reads it.
  let ended = Infinity;
  try {
    return await work();
  } finally {
    ended = Number(process.hrtime.bigint() / 1000n);
    const { profile } = (await session.post("Profiler.stop")) as { profile: CpuProfile };
    session.disconnect();
    const dir = join(process.cwd(), "bench", "results");
    mkdirSync(join(dir, "profiles"), { recursive: true });
    writeFileSync(join(dir, "profiles", `${name}.cpuprofile`), JSON.stringify(profile));
    writeFileSync(join(dir, `profile-${name}.md`), summarizeProfile(name, profile, note, ended));
  }
}

/** The q-quantile (0..1) of the samples, nearest-rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Runs `task(i)` for i < total with at most `concurrency` in flight; returns each latency in ms. */
export async function underLoad(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < total; index = next++) latencies.push(await timed(() => task(index)));
    }),
  );
  return { latencies, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** One line of the results table: a figure of Plenum against its floor in the same run. */
export interface Figure {
  name: string;
  metric: string;
  plenum: number;
  floor: number;
  unit: string;
  /** plenum / floor (or floor / plenum for throughput, where higher is better). */
  ratio: number;
  target: string;
  met: boolean;
  note?: string;
}

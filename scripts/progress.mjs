// Progress lines for the developer scripts: each step says what it does as it starts and how long it
// took when it ends. Plain JavaScript, like synapse-process.mjs, so the launcher can use it before the
// TypeScript is built.

/**
 * Runs `work` between a line saying what starts and a line saying how it ended and how long it took.
 * @template T
 * @param {string} label what the step does, e.g. "starting Synapse"
 * @param {() => Promise<T>} work
 * @param {{ write(text: string): unknown }} [out]
 * @returns {Promise<T>}
 */
export async function step(label, work, out = process.stdout) {
  const started = performance.now();
  const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  out.write(`→ ${label}…\n`);
  try {
    const result = await work();
    out.write(`✓ ${label} (${took()})\n`);
    return result;
  } catch (error) {
    out.write(`✗ ${label} failed after ${took()}\n`);
    throw error;
  }
}

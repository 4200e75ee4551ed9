/** What the sync loop hands the crypto backend on every /sync response. */
interface KeyCountsCallback {
  processKeyCounts(oneTimeKeysCounts?: Record<string, number>, unusedFallbackKeys?: string[]): Promise<void>;
}

function sameCounts(
  before: { counts?: Record<string, number>; fallback?: string[] } | undefined,
  counts?: Record<string, number>,
  fallback?: string[],
): boolean {
  if (!before) return false;
  const key = (c?: Record<string, number>, f?: string[]) =>
    JSON.stringify([c ? Object.entries(c).sort() : null, f ? [...f].sort() : null]);
  return key(before.counts, before.fallback) === key(counts, fallback);
}

/**
 * Hands the Rust crypto its one-time and fallback key counts only when they changed. The homeserver
 * repeats them in every /sync response, and each hand-over commits the Olm account, which the crypto
 * re-reads from its pickle, deriving the public key of every one-time key it holds (about 50 x25519
 * operations in wasm): most of the device's CPU while meetings were being made, for counts it
 * already had.
 */
export function skipRepeatedKeyCounts(backend: KeyCountsCallback): void {
  const original = backend.processKeyCounts.bind(backend);
  let last: { counts?: Record<string, number>; fallback?: string[] } | undefined;
  backend.processKeyCounts = async (counts, fallback) => {
    if (sameCounts(last, counts, fallback)) return;
    await original(counts, fallback);
    last = { ...(counts ? { counts: { ...counts } } : {}), ...(fallback ? { fallback: [...fallback] } : {}) };
  };
}

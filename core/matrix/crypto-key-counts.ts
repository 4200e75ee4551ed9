/** What the sync loop hands the crypto backend on every /sync response. */
interface KeyCountsCallback {
  processKeyCounts(oneTimeKeysCounts?: Record<string, number>, unusedFallbackKeys?: string[]): Promise<void>;
}

/** The counts as one comparable string, independent of key order. */
function countsKey(counts?: Record<string, number>, fallback?: string[]): string {
  return JSON.stringify([
    counts ? Object.entries(counts).sort() : null,
    fallback ? [...fallback].sort() : null,
  ]);
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
  let last: string | undefined;
  backend.processKeyCounts = async (counts, fallback) => {
    const key = countsKey(counts, fallback);
    if (key === last) return;
    await original(counts, fallback);
    last = key;
  };
}

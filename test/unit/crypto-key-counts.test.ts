import { skipRepeatedKeyCounts } from "../../core/matrix/crypto-key-counts.js";

function countingBackend() {
  const calls: unknown[][] = [];
  const backend = {
    processKeyCounts: async (counts?: Record<string, number>, fallback?: string[]) => {
      calls.push([counts, fallback]);
    },
  };
  skipRepeatedKeyCounts(backend);
  return { backend, calls };
}

describe("the key counts the homeserver repeats in every sync", () => {
  test("reach the crypto once while they stay the same", async () => {
    const { backend, calls } = countingBackend();
    for (let i = 0; i < 3; i++)
      await backend.processKeyCounts({ signed_curve25519: 50 }, ["signed_curve25519"]);
    expect(calls).toHaveLength(1);
  });

  test("reach the crypto again when a one-time key was claimed", async () => {
    const { backend, calls } = countingBackend();
    await backend.processKeyCounts({ signed_curve25519: 50 }, ["signed_curve25519"]);
    await backend.processKeyCounts({ signed_curve25519: 49 }, ["signed_curve25519"]);
    expect(calls).toEqual([
      [{ signed_curve25519: 50 }, ["signed_curve25519"]],
      [{ signed_curve25519: 49 }, ["signed_curve25519"]],
    ]);
  });

  test("reach the crypto again when the fallback key was used", async () => {
    const { backend, calls } = countingBackend();
    await backend.processKeyCounts({ signed_curve25519: 50 }, ["signed_curve25519"]);
    await backend.processKeyCounts({ signed_curve25519: 50 }, []);
    expect(calls).toHaveLength(2);
  });

  test("are handed over again after a hand-over failed", async () => {
    let fail = true;
    const calls: unknown[] = [];
    const backend = {
      processKeyCounts: async (counts?: Record<string, number>) => {
        calls.push(counts);
        if (fail) throw new Error("store busy");
      },
    };
    skipRepeatedKeyCounts(backend);
    await expect(backend.processKeyCounts({ signed_curve25519: 50 })).rejects.toThrow("store busy");
    fail = false;
    await backend.processKeyCounts({ signed_curve25519: 50 });
    expect(calls).toHaveLength(2);
  });
});

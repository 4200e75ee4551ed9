import {
  CryptoStoreKeyError,
  newStoreKeys,
  openCryptoStore,
  storeKeys,
  unseal,
  type SealedRow,
  type SealedWrite,
} from "../../core/matrix/crypto-store.js";

const SECRET = "correct horse battery staple, thirty-two characters or more";

/** Rows as a database would hold them. */
function memoryRows() {
  const rows = new Map<string, Buffer>();
  return {
    rows,
    sealed: {
      rows: async (): Promise<SealedRow[]> => [...rows].map(([id, payload]) => ({ id, payload })),
      write: async (change: SealedWrite) => {
        for (const id of change.remove) rows.delete(id);
        for (const row of change.put) rows.set(row.id, row.payload);
      },
    },
  };
}

describe("the bot device's sealed store", () => {
  test("values written are read back by a store opened later with the same key", async () => {
    const disk = memoryRows();
    const { header, keys } = await newStoreKeys(SECRET);
    const store = await openCryptoStore(keys, disk.sealed);
    await store.write([
      ["session", { deviceId: "PLENUMDEV", accessToken: "syt_secret" }],
      ["gone", 1],
    ]);
    await store.write([["gone", undefined]]);
    const again = await openCryptoStore(await storeKeys(SECRET, header), disk.sealed);
    expect(again.get("session")).toEqual({ deviceId: "PLENUMDEV", accessToken: "syt_secret" });
    expect(again.names("")).toEqual(["session"]);
  });

  test("the rows show neither names nor values, and another key does not open them", async () => {
    const disk = memoryRows();
    const { header, keys } = await newStoreKeys(SECRET);
    const store = await openCryptoStore(keys, disk.sealed);
    await store.write([["session", { accessToken: "syt_secret_token" }]]);
    const [[id, payload]] = [...disk.rows] as [[string, Buffer]];
    expect(id).not.toContain("session");
    expect(payload.toString("latin1")).not.toContain("syt_secret_token");
    expect(payload.toString("latin1")).not.toContain("session");
    await expect(storeKeys("another key that is also long enough, but wrong", header)).rejects.toBeInstanceOf(
      CryptoStoreKeyError,
    );
  });

  test("a row moved under another id does not open", async () => {
    const disk = memoryRows();
    const { keys } = await newStoreKeys(SECRET);
    const store = await openCryptoStore(keys, disk.sealed);
    await store.write([
      ["a", "value of a"],
      ["b", "value of b"],
    ]);
    const [[idA, payloadA], [idB]] = [...disk.rows] as [[string, Buffer], [string, Buffer]];
    expect(() => unseal(keys, { id: idB, payload: payloadA })).toThrow();
    expect(unseal(keys, { id: idA, payload: payloadA }).value).toBe("value of a");
  });
});

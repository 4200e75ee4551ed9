import * as wasm from "@matrix-org/matrix-sdk-crypto-wasm";
import {
  closeDurableIndexedDb,
  keyFromText,
  keyText,
  openDurableIndexedDb,
  type DatabaseSchema,
  type DurableIndexedDb,
  type IndexedDbCommit,
  type StoredRecord,
} from "../../core/matrix/durable-indexeddb.js";

/** What a backend would hold: the schemas and records the commits left behind. */
class Disk {
  schemas = new Map<string, DatabaseSchema>();
  records = new Map<string, StoredRecord>();
  commits: IndexedDbCommit[] = [];

  apply(commit: IndexedDbCommit): void {
    this.commits.push(commit);
    const id = (store: string, key: string) => JSON.stringify([commit.database, store, key]);
    if (commit.schema) {
      this.schemas.set(commit.database, commit.schema);
      for (const [key, record] of this.records)
        if (record.database === commit.database) this.records.delete(key);
    }
    for (const { store, key, value } of commit.records) {
      if (value === undefined) this.records.delete(id(store, key));
      else this.records.set(id(store, key), { database: commit.database, store, key, value });
    }
  }

  contents() {
    return { schemas: [...this.schemas.values()], records: [...this.records.values()] };
  }
}

function done(request: { onsuccess: unknown; onerror: unknown; result: unknown; error: unknown }) {
  return new Promise<unknown>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function openWith(
  disk: Disk,
  persist?: (commit: IndexedDbCommit) => Promise<void>,
  onBroken: (error: unknown) => void = () => undefined,
) {
  return openDurableIndexedDb({
    ...disk.contents(),
    persist: persist ?? (async (commit) => disk.apply(commit)),
    onBroken,
  });
}

/** A database "notes" with one out-of-line store, opened on the given IndexedDB. */
async function notes(idb: DurableIndexedDb) {
  const open = idb.factory.open("notes", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("items");
  return (await done(open)) as IDBDatabaseLike;
}

interface IDBDatabaseLike {
  transaction(
    stores: string,
    mode: string,
  ): {
    objectStore(name: string): {
      put(value: unknown, key: unknown): unknown;
      delete(key: unknown): unknown;
      get(key: unknown): { onsuccess: unknown; onerror: unknown; result: unknown; error: unknown };
    };
    oncomplete: (() => void) | null;
  };
  close(): void;
}

describe("IndexedDB written through to durable storage", () => {
  test("keys keep one canonical text each, and read back as equal keys", () => {
    const keys: unknown[] = ["a", 1, -Infinity, new Date(5), [1, "x", [2]], new Uint8Array([1, 2]).buffer];
    for (const key of keys) expect(keyFromText(keyText(key))).toEqual(key);
    expect(keyText(new Uint8Array([1, 2]))).toBe(keyText(new Uint8Array([1, 2]).buffer));
  });

  test("a transaction reports complete only after its changes are durable", async () => {
    const disk = new Disk();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let gated = false;
    const idb = await openWith(disk, async (commit) => {
      if (gated) await gate;
      disk.apply(commit);
    });
    const db = await notes(idb);
    gated = true;
    const transaction = db.transaction("items", "readwrite");
    transaction.objectStore("items").put({ text: "hello" }, "first");
    let completed = false;
    transaction.oncomplete = () => (completed = true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(completed).toBe(false);
    expect(disk.records.size).toBe(0);
    release();
    await idb.settled();
    expect(completed).toBe(true);
    expect([...disk.records.values()].map((r) => r.value)).toEqual([{ text: "hello" }]);
    db.close();
    closeDurableIndexedDb(idb);
  });

  test("a reopened IndexedDB holds what was written and deleted before", async () => {
    const disk = new Disk();
    const first = await openWith(disk);
    const db = await notes(first);
    const write = db.transaction("items", "readwrite");
    write.objectStore("items").put("kept", "a");
    write.objectStore("items").put("dropped", "b");
    await new Promise<void>((resolve) => (write.oncomplete = resolve));
    const remove = db.transaction("items", "readwrite");
    remove.objectStore("items").delete("b");
    await new Promise<void>((resolve) => (remove.oncomplete = resolve));
    db.close();
    closeDurableIndexedDb(first);

    const second = await openWith(disk);
    const again = await notes(second);
    const read = again.transaction("items", "readonly").objectStore("items");
    expect(await done(read.get("a"))).toBe("kept");
    expect(await done(read.get("b"))).toBeUndefined();
    again.close();
    closeDurableIndexedDb(second);
  });

  test("a commit that cannot be made durable never completes, and the store says it is broken", async () => {
    const disk = new Disk();
    let fail = false;
    let broke: (error: unknown) => void = () => undefined;
    const broken = new Promise<unknown>((resolve) => (broke = resolve));
    const idb = await openWith(
      disk,
      async (commit) => {
        if (fail) throw new Error("database gone");
        disk.apply(commit);
      },
      (error: unknown) => broke(error),
    );
    const db = await notes(idb);
    fail = true;
    const transaction = db.transaction("items", "readwrite");
    transaction.objectStore("items").put("lost", "x");
    let completed = false;
    transaction.oncomplete = () => (completed = true);
    expect(await broken).toEqual(new Error("database gone"));
    await idb.settled();
    expect(completed).toBe(false);
    db.close();
    closeDurableIndexedDb(idb);
  });

  test("the Rust crypto reopened from what was persisted is the same device with the same keys", async () => {
    await wasm.initAsync();
    const disk = new Disk();
    const user = new wasm.UserId("@plenum:example.org");
    const device = new wasm.DeviceId("PLENUMDEV");

    const first = await openWith(disk);
    (globalThis as Record<string, unknown>).indexedDB = first.factory;
    (globalThis as Record<string, unknown>).IDBKeyRange = first.keyRange;
    const store = await wasm.StoreHandle.open("plenum-test");
    const machine = await wasm.OlmMachine.initFromStore(user, device, store);
    const keys = machine.identityKeys.curve25519.toBase64();
    machine.close();
    store.free();
    await first.settled();
    closeDurableIndexedDb(first);

    const second = await openWith(disk);
    (globalThis as Record<string, unknown>).indexedDB = second.factory;
    const reopened = await wasm.StoreHandle.open("plenum-test");
    const again = await wasm.OlmMachine.initFromStore(user, device, reopened);
    expect(again.identityKeys.curve25519.toBase64()).toBe(keys);
    again.close();
    reopened.free();
    closeDurableIndexedDb(second);
  });
});

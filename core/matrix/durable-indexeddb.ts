import { IDBFactory, IDBKeyRange, IDBTransaction } from "fake-indexeddb";

/**
 * IndexedDB for the Rust crypto in Node: fake-indexeddb (in memory) made durable by writing every
 * committed read-write or upgrade transaction through to `persist` before the transaction reports
 * `complete`. The crypto awaits `complete` before it acts on what it stored (sends a message a
 * ratcheted Olm session encrypted, acknowledges to-device messages with the next sync), so whatever
 * the homeserver may have seen is on disk first: a crash loses at most work nobody saw.
 *
 * fake-indexeddb has no persistence hook; two small ones are added to its classes. Both act only
 * on databases of a factory made here and leave every other use of the library alone.
 */

/** An IndexedDB key as canonical text: equal keys give equal text. */
export function keyText(key: unknown): string {
  return JSON.stringify(tagged(key));
}

export function keyFromText(text: string): unknown {
  return untagged(JSON.parse(text));
}

function tagged(key: unknown): unknown {
  if (typeof key === "number") return Number.isFinite(key) ? key : { inf: key > 0 ? 1 : -1 };
  if (typeof key === "string") return key;
  if (key instanceof Date) return { date: key.getTime() };
  if (Array.isArray(key)) return key.map(tagged);
  if (key instanceof ArrayBuffer) return { bin: Buffer.from(key).toString("base64") };
  if (ArrayBuffer.isView(key))
    return { bin: Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("base64") };
  throw new TypeError(`not an IndexedDB key: ${typeof key}`);
}

function untagged(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untagged);
  if (typeof value !== "object" || value === null) return value;
  const tag = value as { inf?: number; date?: number; bin?: string };
  if (tag.inf !== undefined) return tag.inf > 0 ? Infinity : -Infinity;
  if (tag.date !== undefined) return new Date(tag.date);
  const bytes = Buffer.from(tag.bin ?? "", "base64");
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

export interface IndexSchema {
  name: string;
  keyPath: string | string[];
  unique: boolean;
  multiEntry: boolean;
}

export interface StoreSchema {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: IndexSchema[];
}

export interface DatabaseSchema {
  name: string;
  version: number;
  stores: StoreSchema[];
}

export interface StoredRecord {
  database: string;
  store: string;
  /** The key as {@link keyText}. */
  key: string;
  value: unknown;
}

/**
 * What one transaction changed. An upgrade carries the database's whole schema and every record
 * (it may have created, dropped or rebuilt stores): it replaces the database. Otherwise `records`
 * are the changed ones, `value` undefined for a deleted record.
 */
export interface IndexedDbCommit {
  database: string;
  schema?: DatabaseSchema;
  records: { store: string; key: string; value?: unknown }[];
}

export interface DurableIndexedDbOptions {
  schemas: DatabaseSchema[];
  records: StoredRecord[];
  /** Makes a commit durable; resolves once it is. Calls come one at a time, in commit order. */
  persist(commit: IndexedDbCommit): Promise<void>;
  /**
   * A commit could not be made durable: this IndexedDB never reports another transaction complete
   * (the crypto waits forever rather than act on state that is lost at the next start).
   */
  onBroken(error: unknown): void;
}

/** fake-indexeddb's factory; its types are the DOM's, which this project does not load. */
export type IndexedDbFactory = InstanceType<typeof IDBFactory>;

export interface DurableIndexedDb {
  /** To install as `globalThis.indexedDB` (the Rust crypto looks it up there). */
  factory: IndexedDbFactory;
  keyRange: typeof IDBKeyRange;
  /** Resolves once every commit so far is durable (or the store broke). */
  settled(): Promise<void>;
}

// The parts of fake-indexeddb's internals the hooks touch.
interface RawRecord {
  key: unknown;
  value: unknown;
}
interface RawRecords {
  get(key: unknown): RawRecord | undefined;
  values(range?: unknown): Iterable<RawRecord>;
}
interface RawIndex {
  name: string;
  keyPath: string | string[];
  unique: boolean;
  multiEntry: boolean;
}
interface RawStore {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  rawIndexes: Map<string, RawIndex>;
  records: RawRecords;
  rawDatabase: RawDatabase;
}
interface RawDatabase {
  name: string;
  version: number;
  rawObjectStores: Map<string, RawStore>;
}
interface RawTransaction {
  mode: string;
  objectStoreNames: ArrayLike<string>;
  db: { _rawDatabase: RawDatabase };
}
type Dispatch = (this: RawTransaction, event: { type: string }) => boolean;

interface Tracker {
  owner: Durable;
  /** Keys changed since the last commit, by store, then by key text. */
  dirty: Map<string, Map<string, unknown>>;
}

interface Durable {
  factory: IndexedDbFactory;
  /** Restoring writes nothing back; open writes through; closed completes nothing any more. */
  state: "restoring" | "open" | "closed";
  broken: boolean;
  queue: Promise<void>;
  options: DurableIndexedDbOptions;
}

const durables = new Set<Durable>();
const trackers = new WeakMap<RawDatabase, Tracker>();

function trackerOf(raw: RawDatabase): Tracker | undefined {
  const known = trackers.get(raw);
  if (known) return known;
  for (const owner of durables) {
    const databases = (owner.factory as unknown as { _databases: Map<string, RawDatabase> })._databases;
    if (databases.get(raw.name) === raw) {
      const tracker: Tracker = { owner, dirty: new Map() };
      trackers.set(raw, tracker);
      return tracker;
    }
  }
  return undefined;
}

function markDirty(store: RawStore, key: unknown): void {
  const tracker = trackers.get(store.rawDatabase);
  if (tracker?.owner.state !== "open" || key === undefined) return;
  let keys = tracker.dirty.get(store.name);
  if (!keys) tracker.dirty.set(store.name, (keys = new Map()));
  keys.set(keyText(key), key);
}

function schemaOf(raw: RawDatabase): DatabaseSchema {
  return {
    name: raw.name,
    version: raw.version,
    stores: [...raw.rawObjectStores.values()].map((store) => ({
      name: store.name,
      keyPath: store.keyPath,
      autoIncrement: store.autoIncrement,
      indexes: [...store.rawIndexes.values()].map((index) => ({
        name: index.name,
        keyPath: index.keyPath,
        unique: index.unique,
        multiEntry: index.multiEntry,
      })),
    })),
  };
}

/** What the finished transaction changed, read now: later transactions may change it again. */
function commitOf(transaction: RawTransaction, tracker: Tracker): IndexedDbCommit {
  const raw = transaction.db._rawDatabase;
  if (transaction.mode === "versionchange") {
    tracker.dirty.clear();
    const records = [...raw.rawObjectStores.values()].flatMap((store) =>
      [...store.records.values()].map((record) => ({
        store: store.name,
        key: keyText(record.key),
        value: record.value,
      })),
    );
    return { database: raw.name, schema: schemaOf(raw), records };
  }
  const records: IndexedDbCommit["records"] = [];
  for (const name of Array.from(transaction.objectStoreNames)) {
    const keys = tracker.dirty.get(name);
    const store = raw.rawObjectStores.get(name);
    if (!keys || !store) continue;
    for (const [text, key] of keys)
      records.push({ store: name, key: text, value: store.records.get(key)?.value });
    tracker.dirty.delete(name);
  }
  return { database: raw.name, records };
}

let hooksInstalled: Promise<void> | undefined;

/** fake-indexeddb's record store class is internal; it is reached through a store of a scratch database. */
async function rawStorePrototype(): Promise<Record<string, (...args: unknown[]) => unknown>> {
  const scratch = new IDBFactory();
  const open = scratch.open("plenum-scratch", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("scratch");
  const db = await new Promise<{ _rawDatabase: RawDatabase; close(): void }>((resolve, reject) => {
    open.onsuccess = () => resolve(open.result as never);
    open.onerror = () => reject(open.error);
  });
  const store = db._rawDatabase.rawObjectStores.get("scratch")!;
  db.close();
  return Object.getPrototypeOf(store);
}

function installHooks(): Promise<void> {
  hooksInstalled ??= (async () => {
    const storeProto = await rawStorePrototype();
    const storeRecord = storeProto.storeRecord!;
    const deleteRecord = storeProto.deleteRecord!;
    const clear = storeProto.clear!;
    storeProto.storeRecord = function (this: RawStore, ...args: unknown[]) {
      const record = args[0] as RawRecord;
      try {
        return storeRecord.apply(this, args);
      } finally {
        markDirty(this, record.key);
      }
    };
    storeProto.deleteRecord = function (this: RawStore, ...args: unknown[]) {
      const query = args[0];
      if (query instanceof IDBKeyRange)
        for (const record of this.records.values(query)) markDirty(this, record.key);
      else markDirty(this, query);
      return deleteRecord.apply(this, args);
    };
    storeProto.clear = function (this: RawStore, ...args: unknown[]) {
      for (const record of this.records.values()) markDirty(this, record.key);
      return clear.apply(this, args);
    };

    const transactionProto = IDBTransaction.prototype as unknown as { dispatchEvent: Dispatch };
    const dispatch = transactionProto.dispatchEvent;
    transactionProto.dispatchEvent = function (this: RawTransaction, event) {
      const tracker = event.type === "complete" ? trackerOf(this.db._rawDatabase) : undefined;
      if (!tracker || tracker.owner.state === "restoring" || this.mode === "readonly")
        return dispatch.call(this, event);
      const owner = tracker.owner;
      // A closed store's changes are not kept: the crypto must not act on them.
      if (owner.state === "closed") return true;
      const commit = commitOf(this, tracker);
      // Commits become durable one after the other, in the order they completed.
      owner.queue = owner.queue.then(async () => {
        if (owner.broken || owner.state === "closed") return;
        try {
          await owner.options.persist(commit);
        } catch (error) {
          owner.broken = true;
          owner.options.onBroken(error);
          return;
        }
        if (owner.state === "open") dispatch.call(this, event);
      });
      return true;
    };
  })();
  return hooksInstalled;
}

// The few IndexedDB calls restoring makes, typed here (the DOM types are not loaded).
interface RestoreStore {
  keyPath: unknown;
  put(value: unknown, key?: unknown): void;
  createIndex(
    name: string,
    keyPath: string | string[],
    options: { unique: boolean; multiEntry: boolean },
  ): void;
}
interface RestoreTransaction {
  objectStore(name: string): RestoreStore;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  error: unknown;
}
interface RestoreDatabase {
  createObjectStore(name: string, options: { keyPath: unknown; autoIncrement: boolean }): RestoreStore;
  transaction(stores: string[], mode: "readwrite"): RestoreTransaction;
  close(): void;
}
interface OpenRequest {
  result: RestoreDatabase;
  error: unknown;
  onupgradeneeded: (() => void) | null;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}

/** Loads the stored schemas and records into a fresh in-memory factory. */
async function restore(factory: IndexedDbFactory, options: DurableIndexedDbOptions): Promise<void> {
  for (const schema of options.schemas) {
    const open = factory.open(schema.name, schema.version) as OpenRequest;
    open.onupgradeneeded = () => {
      const db = open.result;
      for (const store of schema.stores) {
        const created = db.createObjectStore(store.name, {
          keyPath: store.keyPath,
          autoIncrement: store.autoIncrement,
        });
        for (const index of store.indexes)
          created.createIndex(index.name, index.keyPath, {
            unique: index.unique,
            multiEntry: index.multiEntry,
          });
      }
    };
    const db = await new Promise<RestoreDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const records = options.records.filter((record) => record.database === schema.name);
    if (records.length > 0) {
      const transaction = db.transaction(
        schema.stores.map((store) => store.name),
        "readwrite",
      );
      for (const record of records) {
        const store = transaction.objectStore(record.store);
        if (store.keyPath === null) store.put(record.value, keyFromText(record.key));
        else store.put(record.value);
      }
      await new Promise<void>((resolve, reject) => {
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
        transaction.onabort = () => reject(transaction.error);
      });
    }
    db.close();
  }
}

/** A fresh IndexedDB holding what was stored, writing every later commit through `persist`. */
export async function openDurableIndexedDb(options: DurableIndexedDbOptions): Promise<DurableIndexedDb> {
  await installHooks();
  const factory = new IDBFactory();
  const durable: Durable = { factory, state: "restoring", broken: false, queue: Promise.resolve(), options };
  durables.add(durable);
  try {
    await restore(factory, options);
  } catch (error) {
    durables.delete(durable);
    throw error;
  }
  durable.state = "open";
  return {
    factory,
    keyRange: IDBKeyRange,
    settled: () => durable.queue,
  };
}

/** Stops writing through: no transaction completes any more, so the factory is of no further use. */
export function closeDurableIndexedDb(db: DurableIndexedDb): void {
  for (const durable of durables) {
    if (durable.factory !== db.factory) continue;
    durable.state = "closed";
    durables.delete(durable);
  }
}

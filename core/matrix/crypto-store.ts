import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from "node:crypto";
import { deserialize, serialize } from "node:v8";

/**
 * The bot device's state at rest: named values (the Rust crypto's IndexedDB records, the sync
 * position, the device's login), each sealed with AES-256-GCM under a key derived from
 * `appservice.crypto_store_key`. Row ids are keyed hashes of the names, so the database shows
 * neither what is stored nor under which name; a row moved to another id fails to open.
 */

/** How the key was derived, kept beside the store (nothing in it is secret). */
export interface StoreHeader {
  kdf: "scrypt";
  salt: string;
  n: number;
  r: number;
  p: number;
  /** Proves a key right or wrong before any row is read. */
  check: string;
}

export interface SealedRow {
  id: string;
  payload: Buffer;
}

export interface StoreKeys {
  seal: Buffer;
  name: Buffer;
}

export class CryptoStoreKeyError extends Error {
  constructor() {
    super(
      "appservice.crypto_store_key does not open the bot's crypto store (it was made with another key). " +
        "Give the key it was made with; if that key is lost, see docs/encrypted-rooms.md (a new device).",
    );
    this.name = "CryptoStoreKeyError";
  }
}

const SCRYPT = { n: 2 ** 15, r: 8, p: 1 };
const CHECK_LABEL = "plenum crypto store key check";
const IV_BYTES = 12;
const TAG_BYTES = 16;

function derive(secret: string, header: Omit<StoreHeader, "check">): Promise<StoreKeys> {
  return new Promise((resolve, reject) =>
    scrypt(
      secret,
      Buffer.from(header.salt, "base64"),
      64,
      { N: header.n, r: header.r, p: header.p, maxmem: 256 * header.n * header.r },
      (error, bytes) =>
        error ? reject(error) : resolve({ seal: bytes.subarray(0, 32), name: bytes.subarray(32) }),
    ),
  );
}

function checkOf(keys: StoreKeys): string {
  return createHmac("sha256", keys.name).update(CHECK_LABEL).digest("base64");
}

/** A new header (fresh salt) and the keys it derives from `secret`. */
export async function newStoreKeys(secret: string): Promise<{ header: StoreHeader; keys: StoreKeys }> {
  const params = { kdf: "scrypt" as const, salt: randomBytes(16).toString("base64"), ...SCRYPT };
  const keys = await derive(secret, params);
  return { header: { ...params, check: checkOf(keys) }, keys };
}

/** The keys `secret` derives under `header`; a wrong secret is refused here. */
export async function storeKeys(secret: string, header: StoreHeader): Promise<StoreKeys> {
  const keys = await derive(secret, header);
  const expected = Buffer.from(header.check, "base64");
  const actual = Buffer.from(checkOf(keys), "base64");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual))
    throw new CryptoStoreKeyError();
  return keys;
}

export function rowId(keys: StoreKeys, name: string): string {
  return createHmac("sha256", keys.name).update(name).digest("hex");
}

export function seal(keys: StoreKeys, name: string, value: unknown): SealedRow {
  const id = rowId(keys, name);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keys.seal, iv);
  cipher.setAAD(Buffer.from(id));
  const body = Buffer.concat([cipher.update(serialize({ name, value })), cipher.final()]);
  return { id, payload: Buffer.concat([iv, cipher.getAuthTag(), body]) };
}

export function unseal(keys: StoreKeys, row: SealedRow): { name: string; value: unknown } {
  const iv = row.payload.subarray(0, IV_BYTES);
  const tag = row.payload.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", keys.seal, iv);
  decipher.setAAD(Buffer.from(row.id));
  decipher.setAuthTag(tag);
  const plain = Buffer.concat([
    decipher.update(row.payload.subarray(IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]);
  return deserialize(plain) as { name: string; value: unknown };
}

export interface SealedWrite {
  put: SealedRow[];
  remove: string[];
}

/** Where sealed rows live; `write` is atomic and refused once this process no longer holds the device. */
export interface SealedRows {
  rows(): Promise<SealedRow[]>;
  write(change: SealedWrite): Promise<void>;
}

/** The store opened with its keys: values by name, every write sealed and made durable at once. */
export interface CryptoStore {
  get(name: string): unknown;
  /** The stored names that start with `prefix`. */
  names(prefix: string): string[];
  /** Stores the values (undefined deletes) in one atomic write. */
  write(changes: Iterable<[name: string, value: unknown]>): Promise<void>;
}

export async function openCryptoStore(keys: StoreKeys, rows: SealedRows): Promise<CryptoStore> {
  const values = new Map<string, unknown>();
  for (const row of await rows.rows()) {
    const { name, value } = unseal(keys, row);
    values.set(name, value);
  }
  return {
    get: (name) => values.get(name),
    names: (prefix) => [...values.keys()].filter((name) => name.startsWith(prefix)),
    async write(changes) {
      const put: SealedRow[] = [];
      const remove: string[] = [];
      const applied: [string, unknown][] = [];
      for (const [name, value] of changes) {
        applied.push([name, value]);
        if (value === undefined) remove.push(rowId(keys, name));
        else put.push(seal(keys, name, value));
      }
      await rows.write({ put, remove });
      for (const [name, value] of applied) {
        if (value === undefined) values.delete(name);
        else values.set(name, value);
      }
    },
  };
}

import { randomBytes } from "node:crypto";
import {
  ClientEvent,
  createClient,
  EventTimeline,
  Filter,
  RoomEvent,
  SyncState,
  type MatrixClient,
} from "matrix-js-sdk";
import { LoggerLevel, Tracing } from "@matrix-org/matrix-sdk-crypto-wasm";
import type { Config } from "../config/schema.js";
import { translate } from "../i18n/translate.js";
import { routeConsoleDuring, type Logger } from "../logging/logger.js";
import type { CryptoDeviceRepository } from "../storage/crypto-device.js";
import type { Clock } from "../time/clock.js";
import { createDelivery, type CryptoHandlers } from "./crypto-delivery.js";
import {
  newStoreKeys,
  openCryptoStore,
  storeKeys,
  type CryptoStore,
  type StoreHeader,
} from "./crypto-store.js";
import { skipRepeatedKeyCounts } from "./crypto-key-counts.js";
import { DurableSyncStore, type ISavedSync } from "./crypto-sync-store.js";
import {
  closeDurableIndexedDb,
  openDurableIndexedDb,
  type DatabaseSchema,
  type IndexedDbCommit,
  type StoredRecord,
} from "./durable-indexeddb.js";
import { MatrixRequestError } from "./errors.js";
import { botUserId } from "./registration.js";

export type { CryptoHandlers, UndecryptableEvent } from "./crypto-delivery.js";

/**
 * The bot's own end-to-end encryption device: a matrix-js-sdk client with the Rust crypto (wasm)
 * that syncs as the bot, decrypts what arrives in encrypted rooms and encrypts what Plenum sends
 * into them. Appservices get no to-device messages from a stock Synapse, so the device cannot live
 * on appservice transactions (see docs/encrypted-rooms.md). It is one device for the life of the
 * installation: its keys, sessions and sync position live in a sealed store in Plenum's database.
 */
export interface CryptoDevice {
  /** Whether the room has `m.room.encryption`, so that events sent into it must be encrypted. */
  encrypts(roomId: string): Promise<boolean>;
  send(roomId: string, type: string, content: Record<string, unknown>, txnId: string): Promise<string>;
  /**
   * Hands encrypted events to the handlers: those synced since the device last stopped (sent
   * while Plenum was down), then live ones, each room in order. A new device's first sync (its
   * backlog, encrypted for others) is never delivered.
   */
  deliverTo(handlers: CryptoHandlers): void;
  stop(): Promise<void>;
}

export interface CryptoDeviceOptions {
  config: Config;
  devices: CryptoDeviceRepository;
  /** This instance's name in the device lease; every write of the store checks it still holds it. */
  holder: string;
  clock: Clock;
  logger: Logger;
  // Waits below use the real time, not `clock`: they bound network round trips, not domain time.
  /** How long a failed decryption waits for its room key before the bot asks for it. */
  keyGraceMs?: number;
  /** How long it then waits for the key before the event counts as undecryptable. */
  keyRequestWaitMs?: number;
  /** How long a send waits for the device's sync to show the room. */
  roomWaitMs?: number;
  /** Least time between two saves of the sync position. */
  saveEveryMs?: number;
  /** Abandons opening (start-up gave up waiting): requests end and the sync stops. */
  signal?: AbortSignal;
  /** The store could not be written (the database is gone or the lease passed on): stop using the device. */
  onLost?(error: unknown): void;
}

const ENCRYPTION_STATE = "m.room.encryption";
/** The store's names: the device's login, its sync position, and the Rust crypto's IndexedDB. */
const SESSION = "session";
const SYNC = "sync";
const IDB_SCHEMA = "idb-schema\u0000";
const IDB_RECORD = "idb\u0000";

interface Session {
  deviceId: string;
  accessToken: string;
}

async function homeserverRequest(
  config: Config,
  method: string,
  path: string,
  body?: Record<string, unknown>,
  signal?: AbortSignal,
  token = config.appservice.as_token,
): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(path, config.homeserver.url), {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
    ...(signal ? { signal } : {}),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    throw new MatrixRequestError(
      response.status,
      typeof json.errcode === "string" ? json.errcode : "M_UNKNOWN",
      typeof json.error === "string" ? json.error : `${method} ${path} failed`,
    );
  }
  return json;
}

/** Deletes one of the bot's devices; Synapse lets the appservice skip interactive auth here. */
export async function deleteBotDevice(config: Config, deviceId: string, signal?: AbortSignal): Promise<void> {
  const userId = botUserId(config);
  try {
    await homeserverRequest(
      config,
      "DELETE",
      `/_matrix/client/v3/devices/${encodeURIComponent(deviceId)}?user_id=${encodeURIComponent(userId)}`,
      {},
      signal,
    );
  } catch (error) {
    if (!(error instanceof MatrixRequestError && error.status === 404)) throw error;
  }
}

/** Synapse refuses /sync to the appservice's sender user; a registration from before encryption has the bot as sender. */
async function ensureCanSync(config: Config, accessToken: string, signal?: AbortSignal): Promise<void> {
  const url = new URL("/_matrix/client/v3/sync", config.homeserver.url);
  url.searchParams.set("timeout", "0");
  url.searchParams.set("filter", JSON.stringify({ room: { rooms: [] }, presence: { types: [] } }));
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${accessToken}` },
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) {
    throw new Error(
      `The bot's crypto device cannot sync (HTTP ${response.status}). Is the bot the appservice's sender? ` +
        `Regenerate the registration (sender_localpart ${config.appservice.bot_localpart}_appservice), or set appservice.encryption: false.`,
    );
  }
}

/**
 * What the device's sync asks for: what encryption needs (to-device messages and device lists come
 * regardless), nothing else. Plenum reads every room through its appservice stream; a sync of
 * everything made the device parse each unencrypted command and reply a second time, which cost
 * more CPU per command than handling the command itself (bench/README.md).
 */
export const CRYPTO_SYNC_FILTER = {
  presence: { types: [] },
  account_data: { types: [] },
  room: {
    // Membership, the encryption setting, history visibility (whom room keys are shared with) and
    // the room version; encrypted events are the only ones the device decrypts and hands on.
    state: {
      types: ["m.room.create", "m.room.member", "m.room.encryption", "m.room.history_visibility"],
    },
    timeline: {
      types: [
        "m.room.create",
        "m.room.member",
        "m.room.encryption",
        "m.room.history_visibility",
        "m.room.encrypted",
      ],
    },
    ephemeral: { types: [] },
    account_data: { types: [] },
  },
};

/** Starts the client's sync and resolves once its first sync is through. */
async function firstSync(client: MatrixClient): Promise<void> {
  const prepared = new Promise<void>((resolve) => {
    const onSync = (state: SyncState) => {
      if (state !== SyncState.Prepared && state !== SyncState.Syncing) return;
      client.off(ClientEvent.Sync, onSync);
      resolve();
    };
    client.on(ClientEvent.Sync, onSync);
  });
  const filter = new Filter(client.getUserId());
  filter.setDefinition(CRYPTO_SYNC_FILTER);
  await client.startClient({ initialSyncLimit: 1, lazyLoadMembers: false, filter });
  await prepared;
}

/**
 * The device's store, and its login: opened with the configured key, or made for a new device
 * (its id chosen here and stored first, so a crash before the login never leaves a device behind).
 */
async function openSession(
  options: CryptoDeviceOptions,
  logger: Logger,
): Promise<{ store: CryptoStore; session: Session; created: boolean }> {
  const { config, devices, holder, clock, signal } = options;
  const userId = botUserId(config);
  const secret = config.appservice.crypto_store_key;
  if (!secret) throw new Error("appservice.crypto_store_key is required while appservice.encryption is on");
  const rows = { rows: () => devices.storeRows(), write: devices.write.bind(null, holder) };
  let record = await devices.device(userId);
  if (record && !record.storeHeader) {
    // A device of the in-memory era: its keys are gone, so it could only confuse users.
    await deleteBotDevice(config, record.deviceId, signal);
    logger.info({ device_id: record.deviceId }, "device without a store retired");
    record = undefined;
  }
  let store: CryptoStore;
  let deviceId: string;
  const created = !record;
  if (record) {
    deviceId = record.deviceId;
    store = await openCryptoStore(
      await storeKeys(secret, JSON.parse(record.storeHeader!) as StoreHeader),
      rows,
    );
  } else {
    deviceId = `PLENUM${randomBytes(5).toString("hex").toUpperCase()}`;
    const { header, keys } = await newStoreKeys(secret);
    await devices.write(holder, {
      put: [],
      remove: [],
      device: { userId, deviceId, storeHeader: JSON.stringify(header), now: clock.now() },
    });
    store = await openCryptoStore(keys, rows);
  }
  let session = store.get(SESSION) as Session | undefined;
  if (session && (await tokenWorks(config, session.accessToken, signal))) return { store, session, created };
  // Logging in with the stored device id keeps the device (and the keys the homeserver has for it).
  const login = await homeserverRequest(
    config,
    "POST",
    "/_matrix/client/v3/login",
    {
      type: "m.login.application_service",
      identifier: { type: "m.id.user", user: config.appservice.bot_localpart },
      device_id: deviceId,
      initial_device_display_name: "Plenum",
    },
    signal,
  );
  if (
    session &&
    !created &&
    !(await deviceKeysPublished(config, deviceId, String(login.access_token), signal))
  ) {
    throw new Error(
      `The bot's device ${deviceId} is gone from the homeserver with its keys. Make a new device: ` +
        "npm run crypto-device -- new (see docs/encrypted-rooms.md).",
    );
  }
  session = { deviceId, accessToken: String(login.access_token) };
  await store.write([[SESSION, session]]);
  return { store, session, created };
}

async function tokenWorks(config: Config, token: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await homeserverRequest(config, "GET", "/_matrix/client/v3/account/whoami", undefined, signal, token);
    return true;
  } catch (error) {
    if (error instanceof MatrixRequestError && error.status === 401) return false;
    throw error;
  }
}

async function deviceKeysPublished(
  config: Config,
  deviceId: string,
  token: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const userId = botUserId(config);
  const answer = await homeserverRequest(
    config,
    "POST",
    "/_matrix/client/v3/keys/query",
    { device_keys: { [userId]: [deviceId] } },
    signal,
    token,
  );
  const keys = answer.device_keys as Record<string, Record<string, unknown>> | undefined;
  return keys?.[userId]?.[deviceId] !== undefined;
}

/** The Rust crypto's IndexedDB as stored: schemas and records under their names. */
function storedIndexedDb(store: CryptoStore): { schemas: DatabaseSchema[]; records: StoredRecord[] } {
  return {
    schemas: store.names(IDB_SCHEMA).map((name) => store.get(name) as DatabaseSchema),
    records: store.names(IDB_RECORD).map((name) => {
      const [, database, storeName, key] = name.split("\u0000") as [string, string, string, string];
      return { database, store: storeName, key, value: store.get(name) };
    }),
  };
}

/** The store writes one IndexedDB commit makes; an upgrade replaces its database's records. */
function indexedDbWrites(store: CryptoStore, commit: IndexedDbCommit): [string, unknown][] {
  const writes = new Map<string, unknown>();
  if (commit.schema) {
    for (const name of store.names(`${IDB_RECORD}${commit.database}\u0000`)) writes.set(name, undefined);
    writes.set(`${IDB_SCHEMA}${commit.database}`, commit.schema);
  }
  for (const record of commit.records)
    writes.set(`${IDB_RECORD}${commit.database}\u0000${record.store}\u0000${record.key}`, record.value);
  return [...writes];
}

/**
 * Uploads of cross-signing keys go with the appservice's token: Synapse takes the first upload from
 * the device without interactive auth, and a replacement (after a new device) only from the
 * appservice. Every other request keeps the device's token.
 */
function appserviceForSigningKeys(config: Config, stopped: () => boolean): typeof fetch {
  return (input, init) => {
    // After the client stopped, the SDK still starts a request now and then (its stop aborted the
    // signal it passes) and leaves the AbortError to no one: in a process that goes on (a waiting
    // instance, a start-up that failed) that rejection would end it. Such a request never settles.
    if (stopped()) return new Promise<Response>(() => undefined);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.endsWith("/keys/device_signing/upload")) return fetch(input, init);
    url.searchParams.set("user_id", botUserId(config));
    const headers = {
      ...(init?.headers as Record<string, string>),
      Authorization: `Bearer ${config.appservice.as_token}`,
    };
    return fetch(url, { ...init, headers });
  };
}

/** Opens the bot's device from its store (or makes it), bootstraps cross-signing and syncs on. */
export async function openCryptoDevice(options: CryptoDeviceOptions): Promise<CryptoDevice> {
  const { config, devices, clock, signal } = options;
  const logger = options.logger.child({ module: "crypto-device" });
  const userId = botUserId(config);
  const { store, session, created } = await openSession(options, logger);
  const { deviceId, accessToken } = session;
  await ensureCanSync(config, accessToken, signal);

  let lostAlready = false;
  // While opening, a store that breaks fails the opening (the crypto would otherwise wait forever).
  let failOpening: (error: unknown) => void = () => undefined;
  const openingFailed = new Promise<never>((_resolve, reject) => (failOpening = reject));
  openingFailed.catch(() => undefined);
  // Abandoning (start-up gave up waiting) ends the opening wherever it is; the client stops with it.
  const abandon = () => failOpening(new Error("opening the crypto device was abandoned"));
  signal?.throwIfAborted();
  signal?.addEventListener("abort", abandon, { once: true });
  let opened = false;
  function lost(error: unknown): void {
    if (lostAlready) return;
    lostAlready = true;
    logger.error(
      { err: error, device_id: deviceId },
      "the device's store cannot be written; the device stops",
    );
    if (opened) options.onLost?.(error);
    else failOpening(error);
  }

  const idb = await openDurableIndexedDb({
    ...storedIndexedDb(store),
    persist: (commit) => store.write(indexedDbWrites(store, commit)),
    onBroken: lost,
  });
  // The Rust crypto opens its IndexedDB through the global, as in a browser.
  Object.assign(globalThis, { indexedDB: idb.factory, IDBKeyRange: idb.keyRange });

  const saved = store.get(SYNC) as ISavedSync | undefined;
  // Filled in once the client exists; the store asks it only when the sync runs.
  let settled = () => true;
  let clientStopped = false;
  const syncStore = new DurableSyncStore({
    ...(saved ? { saved } : {}),
    save: (position) => store.write([[SYNC, position]]).catch(lost),
    settled: () => settled(),
    saveEveryMs: options.saveEveryMs ?? 30_000,
  });
  // The SDK logs through its global logger, which start-up routes into Plenum's JSON logs.
  const client: MatrixClient = createClient({
    baseUrl: config.homeserver.url,
    userId,
    deviceId,
    accessToken,
    store: syncStore,
    fetchFn: appserviceForSigningKeys(config, () => clientStopped),
  });
  const delivery = createDelivery({
    client,
    userId,
    logger,
    keyGraceMs: options.keyGraceMs ?? 5_000,
    keyRequestWaitMs: options.keyRequestWaitMs ?? 10_000,
  });
  settled = () => delivery.settled;

  function stopClient(): void {
    if (clientStopped) return;
    clientStopped = true;
    try {
      client.stopClient();
    } catch (error) {
      // The Rust crypto refuses to close while one of its calls is still under way; it is dropped
      // instead (the store below completes nothing more for it), and the client's sync is stopped
      // by a second call, which leaves the crypto alone.
      logger.debug({ err: error }, "the Rust crypto was busy when the device stopped");
      client.stopClient();
    }
  }

  async function stopAll(): Promise<void> {
    delivery.stop();
    stopClient();
    // What is still being written finishes first; a store that broke has nothing more to finish.
    if (!lostAlready) await idb.settled();
    closeDurableIndexedDb(idb);
  }

  async function setUp(): Promise<void> {
    // The SDK turns on the Rust crypto's own tracing, which writes plain text to the console and
    // would break the JSON log stream: routed while the SDK sets up, then off; the SDK's own logger,
    // routed too, carries what operators need.
    await routeConsoleDuring(logger, () => client.initRustCrypto({ useIndexedDB: true }));
    new Tracing(LoggerLevel.Error).turnOff();
    skipRepeatedKeyCounts(client.getCrypto() as unknown as Parameters<typeof skipRepeatedKeyCounts>[0]);
    // Kept in the store once made: a later start finds the keys and changes nothing.
    await client.getCrypto()!.bootstrapCrossSigning({
      authUploadDeviceSigningKeys: async (makeRequest) => void (await makeRequest(null)),
    });
    logger.info(
      { device_id: deviceId, new_device: created, resumed: Boolean(saved) },
      "crypto device opened",
    );

    // Without a saved position the first sync is the new device's backlog, encrypted for others.
    let delivering = Boolean(saved);
    client.on(RoomEvent.Timeline, (event, _room, toStartOfTimeline, _removed, data) => {
      if (delivering && !toStartOfTimeline && data.liveEvent) delivery.event(event);
    });
    client.on(RoomEvent.TimelineReset, (room, timelineSet) => {
      if (!delivering || !room || timelineSet !== room.getUnfilteredTimelineSet()) return;
      delivery.gap(
        room.roomId,
        room.getLiveTimeline().getPaginationToken(EventTimeline.BACKWARDS),
        syncStore.since,
      );
    });
    await firstSync(client);
    delivering = true;
    logger.info({ device_id: deviceId }, "crypto device syncing");
  }

  try {
    await Promise.race([setUp(), openingFailed]);
    opened = true;
  } catch (error) {
    await stopAll();
    throw error;
  } finally {
    signal?.removeEventListener("abort", abandon);
  }
  void announceReplacement().catch((error: unknown) =>
    logger.error({ err: error }, "telling the rooms about the new device failed; the next start tries again"),
  );

  /** After `npm run crypto-device -- new`: the encrypted rooms learn that older messages were lost. */
  async function announceReplacement(): Promise<void> {
    const replaced = await devices.unannouncedReplacements();
    if (replaced.length === 0) return;
    const rooms = client
      .getRooms()
      .filter((room) => room.getMyMembership() === "join" && room.hasEncryptionStateEvent());
    for (const room of rooms) {
      await client.sendEvent(
        room.roomId,
        "m.room.message" as never,
        { msgtype: "m.notice", body: translate(config.i18n.locale, "crypto.new_device", {}) } as never,
        `plenum.new-device.${deviceId}`,
      );
    }
    await devices.markAnnounced(replaced, clock.now());
    logger.info(
      { device_id: deviceId, replaced, rooms: rooms.length },
      "encrypted rooms told about the new device",
    );
  }

  const encryptedRooms = new Set<string>();
  const roomWaitMs = options.roomWaitMs ?? 30_000;

  // The SDK encrypts for the members its sync knows, so it must have seen the room and its encryption.
  async function syncedEncryptedRoom(roomId: string): Promise<void> {
    const deadline = performance.now() + roomWaitMs;
    for (;;) {
      const room = client.getRoom(roomId);
      if (room?.getMyMembership() === "join" && room.hasEncryptionStateEvent()) return;
      if (performance.now() > deadline)
        throw new Error(`the crypto device's sync never showed encrypted room ${roomId}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  return {
    async encrypts(roomId) {
      if (encryptedRooms.has(roomId)) return true;
      const room = client.getRoom(roomId);
      const encrypted =
        room?.getMyMembership() === "join"
          ? room.hasEncryptionStateEvent()
          : await roomIsEncrypted(config, roomId);
      // Encryption, once on, cannot be turned off in a room.
      if (encrypted) encryptedRooms.add(roomId);
      return encrypted;
    },
    async send(roomId, type, content, txnId) {
      await syncedEncryptedRoom(roomId);
      const response = await client.sendEvent(roomId, type as never, content as never, txnId);
      return response.event_id;
    },
    deliverTo(handlers) {
      delivery.deliverTo(handlers);
    },
    async stop() {
      stopClient();
      await syncStore.save(true);
      await stopAll();
    },
  };
}

/** Asks the homeserver (as the appservice) whether the room has `m.room.encryption`. */
export async function roomIsEncrypted(config: Config, roomId: string): Promise<boolean> {
  try {
    await homeserverRequest(
      config,
      "GET",
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${ENCRYPTION_STATE}/?user_id=${encodeURIComponent(botUserId(config))}`,
    );
    return true;
  } catch (error) {
    if (error instanceof MatrixRequestError && error.status === 404) return false;
    throw error;
  }
}

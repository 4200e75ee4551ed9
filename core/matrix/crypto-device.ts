import {
  ClientEvent,
  createClient,
  MatrixEventEvent,
  RoomEvent,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
} from "matrix-js-sdk";
import { LoggerLevel, Tracing } from "@matrix-org/matrix-sdk-crypto-wasm";
import type { Config } from "../config/schema.js";
import { routeConsoleDuring, type Logger } from "../logging/logger.js";
import type { CryptoDeviceRepository } from "../storage/crypto-device.js";
import type { Clock } from "../time/clock.js";
import { MatrixRequestError } from "./errors.js";
import { botUserId } from "./registration.js";

export interface UndecryptableEvent {
  roomId: string;
  eventId: string;
  sender: string;
}

export interface CryptoHandlers {
  /** A decrypted event, shaped like the clear event an appservice transaction would carry. */
  decrypted(event: Record<string, unknown>): Promise<void>;
  /** An event that stayed undecryptable after the grace period for late room keys. */
  undecryptable(event: UndecryptableEvent): Promise<void>;
}

/**
 * The bot's own end-to-end encryption device: a matrix-js-sdk client with the Rust crypto (wasm)
 * that syncs as the bot, decrypts what arrives in encrypted rooms and encrypts what Plenum sends
 * into them. Appservices get no to-device messages from a stock Synapse, so the device cannot live
 * on appservice transactions (see docs/encrypted-rooms.md).
 */
export interface CryptoDevice {
  readonly deviceId: string;
  /** Whether the room has `m.room.encryption`, so that events sent into it must be encrypted. */
  encrypts(roomId: string): Promise<boolean>;
  send(roomId: string, type: string, content: Record<string, unknown>, txnId: string): Promise<string>;
  /**
   * Hands live encrypted events to the handlers from now on, first those that arrived since the
   * device opened. Events of the first sync (the backlog) are never delivered.
   */
  deliverTo(handlers: CryptoHandlers): void;
  stop(): Promise<void>;
}

export interface CryptoDeviceOptions {
  config: Config;
  devices: CryptoDeviceRepository;
  clock: Clock;
  logger: Logger;
  // Waits below use the real time, not `clock`: they bound network round trips, not domain time.
  /** How long a failed decryption waits for its room key to arrive before it counts as undecryptable. */
  keyGraceMs?: number;
  /** How long a send waits for the device's sync to show the room. */
  roomWaitMs?: number;
  /** Abandons opening (start-up gave up waiting): requests end and the sync stops. */
  signal?: AbortSignal;
}

const ENCRYPTION_STATE = "m.room.encryption";

async function homeserverRequest(
  config: Config,
  method: string,
  path: string,
  body?: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(path, config.homeserver.url), {
    method,
    headers: { authorization: `Bearer ${config.appservice.as_token}`, "content-type": "application/json" },
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

/** The clear event with the wire event's identity; relations may sit outside the ciphertext. */
function clearEvent(event: MatrixEvent): Record<string, unknown> {
  const effective = event.getEffectiveEvent() as unknown as Record<string, unknown>;
  const content = { ...(effective.content as Record<string, unknown>) };
  const wireRelation = event.getWireContent()["m.relates_to"];
  if (content["m.relates_to"] === undefined && wireRelation !== undefined)
    content["m.relates_to"] = wireRelation;
  return { ...effective, content };
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

/** Starts the client's sync and resolves once its first sync (the backlog) is through. */
async function firstSync(client: MatrixClient, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const prepared = new Promise<void>((resolve, reject) => {
    const onSync = (state: SyncState) => {
      if (state !== SyncState.Prepared && state !== SyncState.Syncing) return;
      client.off(ClientEvent.Sync, onSync);
      resolve();
    };
    client.on(ClientEvent.Sync, onSync);
    signal?.addEventListener(
      "abort",
      () => {
        client.off(ClientEvent.Sync, onSync);
        client.stopClient();
        reject(new Error("opening the crypto device was abandoned"));
      },
      { once: true },
    );
  });
  await client.startClient({ initialSyncLimit: 1, lazyLoadMembers: false });
  await prepared;
}

/**
 * Logs in a fresh device for the bot (appservice login) and deletes the previous run's device:
 * without a persistent crypto store in Node, its keys are gone, so it could only confuse users.
 */
export async function openCryptoDevice(options: CryptoDeviceOptions): Promise<CryptoDevice> {
  const { config, devices, clock, signal } = options;
  const logger = options.logger.child({ module: "crypto-device" });
  const userId = botUserId(config);
  const previous = await devices.previousDevice(userId);
  if (previous) {
    try {
      await homeserverRequest(
        config,
        "DELETE",
        `/_matrix/client/v3/devices/${encodeURIComponent(previous)}?user_id=${encodeURIComponent(userId)}`,
        {},
        signal,
      );
      logger.info({ device_id: previous }, "previous crypto device deleted");
    } catch (error) {
      if (!(error instanceof MatrixRequestError && error.status === 404)) throw error;
    }
  }
  const login = await homeserverRequest(
    config,
    "POST",
    "/_matrix/client/v3/login",
    {
      type: "m.login.application_service",
      identifier: { type: "m.id.user", user: config.appservice.bot_localpart },
      initial_device_display_name: "Plenum",
    },
    signal,
  );
  const deviceId = String(login.device_id);
  const accessToken = String(login.access_token);
  // Remembered before anything else can fail, so the next start-up retires this device too.
  await devices.rememberDevice(userId, deviceId, clock.now());
  await ensureCanSync(config, accessToken, signal);
  // The SDK logs through its global logger, which start-up routes into Plenum's JSON logs.
  const client: MatrixClient = createClient({
    baseUrl: config.homeserver.url,
    userId,
    deviceId,
    accessToken,
  });
  // The SDK turns on the Rust crypto's own tracing, which writes plain text to the console and
  // would break the JSON log stream: routed while the SDK sets up, then off; the SDK's own logger,
  // routed too, carries what operators need.
  await routeConsoleDuring(logger, () => client.initRustCrypto({ useIndexedDB: false }));
  new Tracing(LoggerLevel.Error).turnOff();
  logger.info({ device_id: deviceId }, "crypto device logged in");
  const encryptedRooms = new Set<string>();
  const keyGraceMs = options.keyGraceMs ?? 5_000;
  const roomWaitMs = options.roomWaitMs ?? 30_000;
  const pendingTimers = new Set<NodeJS.Timeout>();
  let stopped = false;

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        resolve();
      }, ms);
      pendingTimers.add(timer);
    });
  }

  async function settled(event: MatrixEvent): Promise<void> {
    await client.decryptEventIfNeeded(event);
    // A room key sent alongside the message may arrive a moment later; the SDK then retries.
    const deadline = performance.now() + keyGraceMs;
    while (event.isDecryptionFailure() && !stopped && performance.now() < deadline) {
      let decrypted: () => void = () => undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          decrypted = resolve;
          event.once(MatrixEventEvent.Decrypted, decrypted);
        }),
        delay(250),
      ]);
      // One listener per wait, not one more every 250 ms.
      event.off(MatrixEventEvent.Decrypted, decrypted);
    }
  }

  async function onEncrypted(event: MatrixEvent, to: CryptoHandlers): Promise<void> {
    const log = logger.child({ room_id: event.getRoomId(), event_id: event.getId() });
    try {
      await settled(event);
      if (stopped) return;
      if (event.isDecryptionFailure()) {
        log.warn({ reason: event.decryptionFailureReason }, "event could not be decrypted");
        await to.undecryptable({
          roomId: event.getRoomId()!,
          eventId: event.getId()!,
          sender: event.getSender()!,
        });
        return;
      }
      await to.decrypted(clearEvent(event));
    } catch (error) {
      log.error({ err: error }, "handling an encrypted event failed");
    }
  }

  // The SDK encrypts for the members its sync knows, so it must have seen the room and its encryption.
  async function syncedEncryptedRoom(roomId: string): Promise<void> {
    const deadline = performance.now() + roomWaitMs;
    for (;;) {
      const room = client.getRoom(roomId);
      if (room?.getMyMembership() === "join" && room.hasEncryptionStateEvent()) return;
      if (performance.now() > deadline)
        throw new Error(`the crypto device's sync never showed encrypted room ${roomId}`);
      await delay(100);
    }
  }

  let handlers: CryptoHandlers | undefined;
  // Live events that arrive before the handlers are known (start-up is still composing the bots).
  const waiting: MatrixEvent[] = [];
  let backlogDone = false;
  client.on(RoomEvent.Timeline, (event, _room, toStartOfTimeline, _removed, data) => {
    if (!backlogDone || toStartOfTimeline || !data.liveEvent || !event.isEncrypted()) return;
    // The bot's own messages need no reading, and from a retired device they cannot be read.
    if (event.getSender() === userId) return;
    if (handlers) void onEncrypted(event, handlers);
    else waiting.push(event);
  });
  await firstSync(client, signal);
  backlogDone = true;
  logger.info({ device_id: deviceId }, "crypto device syncing");

  return {
    deviceId,
    async encrypts(roomId) {
      if (encryptedRooms.has(roomId)) return true;
      const room = client.getRoom(roomId);
      let encrypted: boolean;
      if (room?.getMyMembership() === "join") {
        encrypted = room.hasEncryptionStateEvent();
      } else {
        // The device's sync may lag behind a room the appservice just created or joined.
        try {
          await homeserverRequest(
            config,
            "GET",
            `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${ENCRYPTION_STATE}/?user_id=${encodeURIComponent(userId)}`,
          );
          encrypted = true;
        } catch (error) {
          if (error instanceof MatrixRequestError && error.status === 404) return false;
          throw error;
        }
      }
      // Encryption, once on, cannot be turned off in a room.
      if (encrypted) encryptedRooms.add(roomId);
      return encrypted;
    },
    async send(roomId, type, content, txnId) {
      await syncedEncryptedRoom(roomId);
      const response = await client.sendEvent(roomId, type as never, content as never, txnId);
      return response.event_id;
    },
    deliverTo(live) {
      handlers = live;
      for (const event of waiting.splice(0)) void onEncrypted(event, live);
    },
    async stop() {
      stopped = true;
      for (const timer of pendingTimers) clearTimeout(timer);
      client.stopClient();
    },
  };
}

import { Appservice, MemoryStorageProvider, type MatrixClient } from "matrix-bot-sdk";
import type { Config } from "../config/schema.js";
import { MatrixRequestError, translateMatrixError } from "./errors.js";
import { appserviceRegistration, botUserId } from "./registration.js";

/**
 * What Plenum needs from the homeserver, as the bot user. Domain code depends on this interface,
 * not on matrix-bot-sdk, so SDK errors are translated here and nowhere else.
 */
export interface MatrixGateway {
  readonly botUserId: string;
  ensureBotRegistered(): Promise<void>;
  joinRoom(roomIdOrAlias: string): Promise<string>;
  /** Idempotent: the homeserver returns the first event id again for a repeated txnId. */
  sendEvent(roomId: string, type: string, content: Record<string, unknown>, txnId: string): Promise<string>;
  /** Resolves if the homeserver answers its client API. */
  ping(): Promise<void>;
  /** One createRoom call; returns the new room id. */
  createRoom(body: Record<string, unknown>): Promise<string>;
  sendState(
    roomId: string,
    type: string,
    stateKey: string,
    content: Record<string, unknown>,
  ): Promise<string>;
  /** The content of a state event, or undefined if the room has none. */
  getState(roomId: string, type: string, stateKey: string): Promise<Record<string, unknown> | undefined>;
  invite(roomId: string, userId: string, reason?: string): Promise<void>;
  kick(roomId: string, userId: string, reason: string): Promise<void>;
  joinedMembers(roomId: string): Promise<string[]>;
  resolveAlias(alias: string): Promise<string>;
  /** Whether the homeserver knows the user (a profile lookup answers). */
  userExists(userId: string): Promise<boolean>;
  /** The room's full current state (after joining a room, to seed Plenum's copy). */
  roomStateEvents(roomId: string): Promise<Record<string, unknown>[]>;
  /** The homeserver's `m.room_versions` capability; asked once per process. */
  roomVersions(): Promise<{ default: string; available: Record<string, string> }>;
}

export function matrixBotSdkGateway(config: Config): MatrixGateway {
  // The SDK's Appservice gives Plenum intents (bot and, later, virtual users) and their clients;
  // its own HTTP listener is not started, because Plenum stores transactions before acknowledging.
  const appservice = new Appservice({
    homeserverName: config.homeserver.domain,
    homeserverUrl: config.homeserver.url,
    bindAddress: config.appservice.bind,
    port: config.appservice.port,
    registration: appserviceRegistration(config),
    storage: new MemoryStorageProvider(),
  });
  // The bot is a user of the appservice's namespace, not its sender (see `senderLocalpart`).
  const botIntent = appservice.getIntentForUserId(botUserId(config));
  const client: MatrixClient = botIntent.underlyingClient;
  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      throw translateMatrixError(error);
    }
  };
  let roomVersions: Promise<{ default: string; available: Record<string, string> }> | undefined;
  return {
    botUserId: botUserId(config),
    ensureBotRegistered: () => call(() => botIntent.ensureRegistered()),
    joinRoom: (roomIdOrAlias) => call(() => client.joinRoom(roomIdOrAlias)),
    sendEvent: (roomId, type, content, txnId) =>
      call(async () => {
        const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(type)}/${encodeURIComponent(txnId)}`;
        const response = (await client.doRequest("PUT", path, null, content)) as { event_id: string };
        return response.event_id;
      }),
    ping: () => call(async () => void (await client.doRequest("GET", "/_matrix/client/versions"))),
    createRoom: (body) => call(() => client.createRoom(body)),
    sendState: (roomId, type, stateKey, content) =>
      call(() => client.sendStateEvent(roomId, type, stateKey, content)),
    getState: (roomId, type, stateKey) =>
      call(async () => {
        try {
          return (await client.getRoomStateEvent(roomId, type, stateKey)) as Record<string, unknown>;
        } catch (error) {
          const translated = translateMatrixError(error);
          if (translated instanceof MatrixRequestError && translated.errcode === "M_NOT_FOUND")
            return undefined;
          throw error;
        }
      }),
    invite: (roomId, userId, reason) =>
      call(async () => {
        const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`;
        await client.doRequest(
          "POST",
          path,
          null,
          reason ? { user_id: userId, reason } : { user_id: userId },
        );
      }),
    kick: (roomId, userId, reason) => call(() => client.kickUser(userId, roomId, reason)),
    joinedMembers: (roomId) => call(() => client.getJoinedRoomMembers(roomId)),
    resolveAlias: (alias) => call(() => client.resolveRoom(alias)),
    roomStateEvents: (roomId) =>
      call(async () => (await client.getRoomState(roomId)) as Record<string, unknown>[]),
    roomVersions: () => {
      roomVersions ??= call(async () => {
        const response = (await client.doRequest("GET", "/_matrix/client/v3/capabilities")) as {
          capabilities: { "m.room_versions": { default: string; available: Record<string, string> } };
        };
        return response.capabilities["m.room_versions"];
      }).catch((error) => {
        roomVersions = undefined;
        throw error;
      });
      return roomVersions;
    },
    userExists: (userId) =>
      call(async () => {
        try {
          await client.getUserProfile(userId);
          return true;
        } catch (error) {
          const translated = translateMatrixError(error);
          if (translated instanceof MatrixRequestError && translated.status === 404) return false;
          throw error;
        }
      }),
  };
}

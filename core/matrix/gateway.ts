import { openAsBlob } from "node:fs";
import { Appservice, MemoryStorageProvider, type MatrixClient } from "matrix-bot-sdk";
import type { Config } from "../config/schema.js";
import type {
  BotIdentity,
  Directory,
  EventRedactor,
  HomeserverLink,
  MediaStore,
  MembershipReader,
  MessageSender,
  RoomCreator,
  RoomInviter,
  RoomJoiner,
  RoomKicker,
  RoomLeaver,
  RoomStateReader,
  RoomStateWriter,
  RoomVersionsCapability,
} from "./capabilities.js";
import { MatrixRequestError, translateMatrixError } from "./errors.js";
import { appserviceRegistration, botUserId } from "./registration.js";
import { requestOutcome, type HomeserverOutcome } from "./request-outcome.js";
import { mayHaveTakenEffect, withRetries, type RetryEnvironment } from "./retry.js";

/**
 * What Plenum needs from the homeserver, as the bot user: every capability of capabilities.ts.
 * Domain code depends on those interfaces, not on matrix-bot-sdk, so SDK errors are translated here
 * and nowhere else.
 */
export interface MatrixGateway
  extends
    BotIdentity,
    HomeserverLink,
    RoomCreator,
    RoomStateReader,
    RoomStateWriter,
    MessageSender,
    EventRedactor,
    RoomInviter,
    RoomKicker,
    RoomJoiner,
    RoomLeaver,
    MembershipReader,
    Directory,
    MediaStore {}

/** The server name and media id of an `mxc://` URI; undefined for anything else. */
export function parseMxcUri(uri: string): { serverName: string; mediaId: string } | undefined {
  const match = /^mxc:\/\/([^/]+)\/([A-Za-z0-9_-]+)$/.exec(uri);
  return match ? { serverName: match[1]!, mediaId: match[2]! } : undefined;
}

/**
 * Marks every event Plenum sends with its transaction id, so that a send whose answer was lost can
 * be found in the room before it is tried again.
 */
export const SENT_TXN_FIELD = "org.plenum.txn_id";

/** How many of the bot's latest events of the type are searched for a send whose answer was lost. */
const SENT_LOOKUP_LIMIT = 50;
/** A bound on the memory of lost answers; it holds only what failed during an outage. */
const LOST_ANSWERS_KEPT = 10_000;

export interface GatewayOptions {
  /** Tests replace the waits and the jitter; the log hears about every retry. */
  retry?: Partial<RetryEnvironment>;
  /** Told how every request to the homeserver ended (metrics count them). */
  onRequest?(outcome: HomeserverOutcome): void;
}

export function matrixBotSdkGateway(config: Config, options: GatewayOptions = {}): MatrixGateway {
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
      const result = await request();
      options.onRequest?.("ok");
      return result;
    } catch (error) {
      options.onRequest?.(requestOutcome(error));
      throw translateMatrixError(error);
    }
  };
  let onHold = 0;
  const retryEnvironment: RetryEnvironment = {
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    now: Date.now,
    ...options.retry,
  };
  const retryPolicy = {
    maxElapsedMs: config.homeserver.send_retry_seconds * 1000,
    baseDelayMs: 500,
    maxDelayMs: 10_000,
  };
  /** Idempotent sends only: see withRetries. */
  const send = async <T>(request: () => Promise<T>): Promise<T> => {
    let waiting = false;
    try {
      return await withRetries(() => call(request), retryPolicy, {
        ...retryEnvironment,
        onRetry: (info) => {
          if (!waiting) onHold++;
          waiting = true;
          retryEnvironment.onRetry?.(info);
        },
      });
    } finally {
      if (waiting) onHold--;
    }
  };
  /** The answer, or undefined where the homeserver says there is no such thing (M_NOT_FOUND). */
  const orNotFound = <T>(request: () => Promise<T>): Promise<T | undefined> =>
    call(async () => {
      try {
        return await request();
      } catch (error) {
        const translated = translateMatrixError(error);
        if (translated instanceof MatrixRequestError && translated.errcode === "M_NOT_FOUND")
          return undefined;
        throw error;
      }
    });
  let roomVersions: Promise<RoomVersionsCapability> | undefined;
  const homeserverUrl = config.homeserver.url.replace(/\/$/, "");
  /** Media requests go through fetch: the SDK would read whole files into memory. */
  async function mediaRequest(
    method: string,
    path: string,
    token: string,
    init: { body?: Blob; contentType?: string } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (init.contentType) headers["content-type"] = init.contentType;
    const response = await fetch(`${homeserverUrl}${path}`, {
      method,
      headers,
      body: init.body ?? null,
    }).catch((error: unknown) => {
      options.onRequest?.("unreachable");
      throw error;
    });
    options.onRequest?.(response.ok ? "ok" : requestOutcome({ statusCode: response.status }));
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: response.status, body };
  }
  function failed(status: number, body: Record<string, unknown>): MatrixRequestError {
    return new MatrixRequestError(status, String(body.errcode ?? "M_UNKNOWN"), String(body.error ?? ""));
  }
  /** The bot's event of this type and transaction id among its latest ones in the room, if any. */
  /** Sends whose answer was lost and that have not succeeded since, by room and transaction id. */
  const lostAnswers = new Set<string>();
  async function findSent(roomId: string, type: string, txnId: string): Promise<string | undefined> {
    const filter = JSON.stringify({ senders: [botUserId(config)], types: [type] });
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`;
    const query = { dir: "b", limit: SENT_LOOKUP_LIMIT, filter };
    const page = (await client.doRequest("GET", path, query)) as { chunk?: Record<string, unknown>[] };
    const found = page.chunk?.find(
      (event) => (event.content as Record<string, unknown> | undefined)?.[SENT_TXN_FIELD] === txnId,
    );
    return typeof found?.event_id === "string" ? found.event_id : undefined;
  }
  return {
    botUserId: botUserId(config),
    ensureBotRegistered: () => call(() => botIntent.ensureRegistered()),
    joinRoom: (roomIdOrAlias) => call(() => client.joinRoom(roomIdOrAlias)),
    sendEvent: (roomId, type, content, txnId) => {
      // Remembered past this call: a job or command given up on after its retries sends again later.
      const sending = `${roomId}\n${txnId}`;
      let answerLost = lostAnswers.has(sending);
      return send(async () => {
        if (answerLost) {
          const earlier = await findSent(roomId, type, txnId);
          if (earlier) {
            lostAnswers.delete(sending);
            return earlier;
          }
        }
        const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(type)}/${encodeURIComponent(txnId)}`;
        try {
          const body = { ...content, [SENT_TXN_FIELD]: txnId };
          const response = (await client.doRequest("PUT", path, null, body)) as { event_id: string };
          lostAnswers.delete(sending);
          return response.event_id;
        } catch (error) {
          if (mayHaveTakenEffect(error)) {
            answerLost = true;
            if (lostAnswers.size >= LOST_ANSWERS_KEPT) lostAnswers.clear();
            lostAnswers.add(sending);
          }
          throw error;
        }
      });
    },
    ping: () => call(async () => void (await client.doRequest("GET", "/_matrix/client/versions"))),
    sendsOnHold: () => onHold,
    createRoom: (body) => call(() => client.createRoom(body)),
    sendState: (roomId, type, stateKey, content) =>
      send(() => client.sendStateEvent(roomId, type, stateKey, content)),
    getState: (roomId, type, stateKey) =>
      orNotFound(
        async () => (await client.getRoomStateEvent(roomId, type, stateKey)) as Record<string, unknown>,
      ),
    getStateEvent: (roomId, type, stateKey) =>
      orNotFound(async () => {
        // Synapse's `format=event` answers with the whole event, so Plenum learns which event it is.
        const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`;
        return (await client.doRequest("GET", path, { format: "event" })) as Record<string, unknown>;
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
    leaveAndForget: (roomId, reason) =>
      call(async () => {
        await client.leaveRoom(roomId, reason);
        await client.doRequest("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/forget`);
      }),
    joinedMembers: (roomId) => call(() => client.getJoinedRoomMembers(roomId)),
    joinedRooms: () => call(() => client.getJoinedRooms()),
    resolveAlias: (alias) => call(() => client.resolveRoom(alias)),
    roomStateEvents: (roomId) =>
      call(async () => (await client.getRoomState(roomId)) as Record<string, unknown>[]),
    roomVersions: () => {
      roomVersions ??= call(async () => {
        const response = (await client.doRequest("GET", "/_matrix/client/v3/capabilities")) as {
          capabilities: { "m.room_versions": RoomVersionsCapability };
        };
        return response.capabilities["m.room_versions"];
      }).catch((error) => {
        roomVersions = undefined;
        throw error;
      });
      return roomVersions;
    },
    mediaUploadLimit: async () => {
      // The authenticated endpoint (Matrix 1.11) first; older homeservers only have the legacy one.
      for (const path of ["/_matrix/client/v1/media/config", "/_matrix/media/v3/config"]) {
        const { status, body } = await mediaRequest("GET", path, config.appservice.as_token);
        if (status === 200) {
          const limit = body["m.upload.size"];
          return typeof limit === "number" && limit > 0 ? limit : undefined;
        }
        if (status !== 404 && status !== 400) throw failed(status, body);
      }
      return undefined;
    },
    uploadMedia: async (file) => {
      const body = file.path
        ? await openAsBlob(file.path, { type: file.contentType })
        : new Blob([file.data ?? Buffer.alloc(0)], { type: file.contentType });
      const path = `/_matrix/media/v3/upload?filename=${encodeURIComponent(file.fileName)}`;
      const response = await mediaRequest("POST", path, config.appservice.as_token, {
        body,
        contentType: file.contentType,
      });
      if (response.status !== 200 || typeof response.body.content_uri !== "string")
        throw failed(response.status, response.body);
      return response.body.content_uri;
    },
    redactEvent: (roomId, eventId, reason, txnId) =>
      send(async () => {
        const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/redact/${encodeURIComponent(eventId)}/${encodeURIComponent(txnId)}`;
        await client.doRequest("PUT", path, null, { reason });
      }),
    deleteMedia: async (mxcUri) => {
      const token = config.homeserver.admin_token;
      const parsed = parseMxcUri(mxcUri);
      if (!token || !parsed) return false;
      const path = `/_synapse/admin/v1/media/${encodeURIComponent(parsed.serverName)}/${encodeURIComponent(parsed.mediaId)}`;
      const { status, body } = await mediaRequest("DELETE", path, token);
      // Already gone counts as deleted: retention may run again after a crash.
      if (status === 200 || status === 404) return true;
      throw failed(status, body);
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

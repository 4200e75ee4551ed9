import { Appservice, MemoryStorageProvider, type MatrixClient } from "matrix-bot-sdk";
import type { Config } from "../config/schema.js";
import { translateMatrixError } from "./errors.js";
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
  const client: MatrixClient = appservice.botIntent.underlyingClient;
  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      throw translateMatrixError(error);
    }
  };
  return {
    botUserId: botUserId(config),
    ensureBotRegistered: () => call(() => appservice.botIntent.ensureRegistered()),
    joinRoom: (roomIdOrAlias) => call(() => client.joinRoom(roomIdOrAlias)),
    sendEvent: (roomId, type, content, txnId) =>
      call(async () => {
        const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(type)}/${encodeURIComponent(txnId)}`;
        const response = (await client.doRequest("PUT", path, null, content)) as { event_id: string };
        return response.event_id;
      }),
    ping: () => call(async () => void (await client.doRequest("GET", "/_matrix/client/versions"))),
  };
}

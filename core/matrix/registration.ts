import { ownUsersOf } from "../access/own-users.js";
import type { Config } from "../config/schema.js";

/** The URL Synapse pushes transactions to; a wildcard bind address is reached over loopback. */
export function appserviceUrl(config: Config): string {
  if (config.appservice.url) return config.appservice.url;
  const host = ["0.0.0.0", "::", "[::]"].includes(config.appservice.bind)
    ? "127.0.0.1"
    : config.appservice.bind;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.appservice.port}`;
}

export function botUserId(config: Config): string {
  return `@${config.appservice.bot_localpart}:${config.homeserver.domain}`;
}

/**
 * The appservice's own sender user, distinct from the bot: Synapse refuses /sync to the sender
 * (handlers/sync.py), and the bot's crypto device must sync to receive its room keys.
 */
export function senderLocalpart(config: Config): string {
  return `${config.appservice.bot_localpart}_appservice`;
}

/** The appservice registration Synapse loads from `app_service_config_files`. */
export function appserviceRegistration(config: Config) {
  return {
    id: config.appservice.id,
    url: appserviceUrl(config),
    as_token: config.appservice.as_token,
    hs_token: config.appservice.hs_token,
    sender_localpart: senderLocalpart(config),
    namespaces: {
      users: [{ exclusive: true, regex: ownUsersOf(config).registrationRegex }],
      aliases: [],
      rooms: [],
    },
    rate_limited: false,
  };
}

export type AppserviceRegistration = ReturnType<typeof appserviceRegistration>;

import { join } from "node:path";
import type { AppserviceSlot, HomeserverInfo } from "./global-setup.js";

/** A complete, valid raw configuration for tests to vary. */
export function validRawConfig(): Record<string, Record<string, unknown>> {
  return {
    homeserver: { url: "http://127.0.0.1:8008", domain: "example.org" },
    appservice: {
      as_token: "as-token-0123456789abcdef",
      hs_token: "hs-token-0123456789abcdef",
      crypto_store_key: "crypto-store-key-0123456789abcdef0123",
    },
    http: { public_url: "https://plenum.example.org" },
    database: { url: "sqlite://:memory:" },
    jitsi: { domain: "meet.example.org" },
  };
}

/**
 * Plenum's raw configuration in the e2e tests: on `homeserver` as the appservice `slot`, with its
 * database in `dataDir` and its HTTP server on `httpPort`.
 */
export function e2eRawConfig(
  homeserver: HomeserverInfo,
  slot: AppserviceSlot,
  dataDir: string,
  httpPort: number,
  locale: "de" | "en" = "en",
): Record<string, Record<string, unknown>> {
  return {
    homeserver: { url: homeserver.url, domain: homeserver.serverName },
    appservice: {
      id: slot.id,
      port: slot.port,
      as_token: slot.asToken,
      hs_token: slot.hsToken,
      bot_localpart: slot.localpart,
      // Off unless a test turns it on: the crypto device costs each test file a login and a wasm start.
      encryption: false,
    },
    http: { port: httpPort, public_url: "http://127.0.0.1" },
    database: { url: `sqlite://${join(dataDir, "plenum.sqlite")}` },
    jitsi: { domain: "meet.example.org" },
    i18n: { locale },
    logging: { level: "debug" },
  };
}

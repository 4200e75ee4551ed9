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

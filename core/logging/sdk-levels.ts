/** The levels Plenum logs third-party lines at. */
export type SdkLevel = "trace" | "debug" | "info" | "warn" | "error";

interface Relevelled {
  /** The SDK's module or logger name (matrix-bot-sdk's first argument, matrix-js-sdk's logger name). */
  module: RegExp;
  text: RegExp;
  level: SdkLevel;
}

/**
 * Lines the Matrix SDKs write at a level that misstates them, each with its real level, so that an
 * operator's alert on error lines fires only for errors. Only ever lowered, never raised.
 */
const RELEVELLED: readonly Relevelled[] = [
  // matrix-bot-sdk logs every unsuccessful request as an error before throwing it; the gateway
  // translates the error once and its caller decides, and logs, what it means (a 404 for state that
  // is not there, a 403 for a room the bot left, an outage that is retried).
  { module: /^(MatrixHttpClient|MatrixClientLite)$/, text: /^\(REQ-\d+\)/, level: "debug" },
  // The bot exists from the first start on; every later start asks to register it again.
  { module: /^Appservice$/, text: /^Error registering user: User ID is in use/, level: "debug" },
  // The encryption device's client fills in push rules the homeserver's defaults lack; nothing is wrong.
  { module: /^matrix$/, text: /^Adding default global (override|underride) push rule/, level: "debug" },
  // The encryption device keeps its cross-signing keys in its own store and sets up no secret storage
  // (core/matrix/crypto-device.ts); the SDK notes at every start that it has none to export them to.
  {
    module: /^matrix$/,
    text: /^(resetCrossSigning|bootstrapCrossSigning): .*secret storage is not yet set up/i,
    level: "debug",
  },
  // The encryption device's client sees call-session state of rooms before its sync holds them.
  {
    module: /MatrixRTCSessionManager/,
    text: /^Got room state event for unknown room/,
    level: "debug",
  },
];

const RANK: Record<SdkLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

/** The level a third-party line is logged at: its own, or lower where the table says so. */
export function sdkLineLevel(module: string, text: string, level: SdkLevel): SdkLevel {
  const known = RELEVELLED.find((entry) => entry.module.test(module) && entry.text.test(text));
  return known && RANK[known.level] < RANK[level] ? known.level : level;
}

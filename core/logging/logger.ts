import { pino, type Logger as PinoLogger } from "pino";
import { LogService, type ILogger } from "matrix-bot-sdk";
import loglevel from "loglevel";
import { sdkLineLevel, type SdkLevel } from "./sdk-levels.js";

export type Logger = PinoLogger;

export interface LoggerOptions {
  level: string;
  /** Values (tokens, passwords) replaced by "[redacted]" wherever they appear in a log line. */
  secrets: readonly string[];
  /** Where lines go; standard output unless a test captures them. */
  destination?: { write(line: string): void };
}

const REDACTED = "[redacted]";

/**
 * Structured JSON logs. Secrets are scrubbed from the finished line, not only from known fields,
 * because libraries (the Matrix SDK, HTTP errors) put tokens into free text such as URLs.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets.filter((s) => s.length >= 6).map((s) => JSON.stringify(s).slice(1, -1));
  const sink = options.destination ?? process.stdout;
  const accessToken = /(access_token=)[^&"\s]+/g;
  const bearer = /(Bearer )[A-Za-z0-9._~+/=-]+/g;
  const scrubbing = {
    write(line: string) {
      let clean = line.replace(accessToken, `$1${REDACTED}`).replace(bearer, `$1${REDACTED}`);
      for (const secret of secrets) clean = clean.split(secret).join(REDACTED);
      sink.write(clean);
    },
  };
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: loggedError },
    },
    scrubbing,
  );
}

/**
 * What a log line keeps of an error: its kind, message, code and stack. Not its other properties,
 * which libraries fill with what a request carried: body-parser's `body` (a JSON body with an OpenID
 * token), knex's `bindings` (a calendar feed token looked up), an HTTP client's request options.
 */
export function loggedError(error: unknown): unknown {
  if (typeof error !== "object" || error === null) return error;
  const { name, message, code, stack } = error as Record<string, unknown>;
  return {
    type: typeof name === "string" ? name : "Error",
    message: String(message ?? ""),
    ...(code !== undefined ? { code: String(code) } : {}),
    ...(typeof stack === "string" ? { stack } : {}),
  };
}

function partText(part: unknown): string {
  if (part instanceof Error) return part.message;
  if (typeof part === "string") return part;
  try {
    return JSON.stringify(part) ?? String(part);
  } catch {
    // SDK objects (events, rooms) can be circular.
    return String(part);
  }
}

const toText = (parts: unknown[]) => parts.map(partText).join(" ");

/** Writes one third-party line at its real level (see sdk-levels.ts). */
function writeSdkLine(sdk: Logger, module: string, level: SdkLevel, parts: unknown[]): void {
  const text = toText(parts);
  sdk[sdkLineLevel(module, text, level)]({ sdkModule: module }, text);
}

/** Routes matrix-bot-sdk's own logging into the same structured logger, at each line's real level. */
export function routeMatrixSdkLogs(logger: Logger): void {
  const sdk = logger.child({ module: "matrix-bot-sdk" });
  const write =
    (level: SdkLevel) =>
    (module: string, ...parts: unknown[]) =>
      writeSdkLine(sdk, module, level, parts);
  const adapter: ILogger = {
    trace: write("trace"),
    debug: write("debug"),
    info: write("debug"),
    warn: write("warn"),
    error: write("error"),
  };
  LogService.setLogger(adapter);
}

/**
 * Routes matrix-js-sdk's logging (the encryption device's client) into the same structured logger.
 * Its loggers are loglevel loggers that write plain text to the console at debug level, which
 * would break the JSON log stream; loggers it made at import time are rebuilt, later ones inherit.
 */
export function routeMatrixJsSdkLogs(logger: Logger): void {
  const sdk = logger.child({ module: "matrix-js-sdk" });
  // The SDK's info is chatty (every sync, every key upload): one level down, as for matrix-bot-sdk.
  const levels = { trace: "trace", debug: "trace", info: "debug", warn: "warn", error: "error" } as const;
  const factory: loglevel.MethodFactory = (method, _level, name) => {
    const level = levels[method as keyof typeof levels] ?? "debug";
    return (...parts: unknown[]) => writeSdkLine(sdk, String(name ?? ""), level, parts);
  };
  loglevel.methodFactory = factory;
  for (const [name, sdkLogger] of Object.entries(loglevel.getLoggers())) {
    if (!name.startsWith("matrix")) continue;
    sdkLogger.methodFactory = factory;
    sdkLogger.rebuild();
  }
}

/**
 * Runs `work` with the console's methods writing into the structured logger, and restores them.
 * matrix-js-sdk switches the Rust crypto's tracing on at debug level inside `initRustCrypto`, and
 * that tracing prints plain text through `console` before anyone can switch it off again.
 */
export async function routeConsoleDuring<T>(logger: Logger, work: () => Promise<T>): Promise<T> {
  const routed = logger.child({ module: "console" });
  const levels = {
    log: "debug",
    trace: "trace",
    debug: "trace",
    info: "debug",
    warn: "warn",
    error: "error",
  } as const;
  const methods = Object.keys(levels) as (keyof typeof levels)[];
  const originals = methods.map((method) => [method, console[method]] as const);
  for (const method of methods) {
    console[method] = (...parts: unknown[]) => routed[levels[method]](toText(parts));
  }
  try {
    return await work();
  } finally {
    for (const [method, original] of originals) console[method] = original;
  }
}

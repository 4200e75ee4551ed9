import type { Response } from "express";
import { isDatabaseUnavailable } from "../storage/unavailable.js";

/**
 * The error codes Plenum's HTTP endpoints answer with, in the Matrix client-server API's standard
 * error body (`{"errcode": "M_…", "error": "…"}`). They are public contract: Element's widgets,
 * Prosody, Jibri's finalize script, the homeserver and other clients read them. `M_BAD_PARAM` and
 * `M_UNSUPPORTED_MEDIA_TYPE` are not in the Matrix specification; the recording upload has always
 * answered with them.
 */
export enum ErrCode {
  BadJson = "M_BAD_JSON",
  NotJson = "M_NOT_JSON",
  InvalidParam = "M_INVALID_PARAM",
  MissingParam = "M_MISSING_PARAM",
  BadParam = "M_BAD_PARAM",
  Unauthorized = "M_UNAUTHORIZED",
  UnknownToken = "M_UNKNOWN_TOKEN",
  Forbidden = "M_FORBIDDEN",
  NotFound = "M_NOT_FOUND",
  Unrecognized = "M_UNRECOGNIZED",
  TooLarge = "M_TOO_LARGE",
  UnsupportedMediaType = "M_UNSUPPORTED_MEDIA_TYPE",
  LimitExceeded = "M_LIMIT_EXCEEDED",
  Unknown = "M_UNKNOWN",
}

/** The status a code answers with unless the endpoint's contract names another. */
export const ERRCODE_STATUS: Readonly<Record<ErrCode, number>> = {
  [ErrCode.BadJson]: 400,
  [ErrCode.NotJson]: 400,
  [ErrCode.InvalidParam]: 400,
  [ErrCode.MissingParam]: 400,
  [ErrCode.BadParam]: 400,
  [ErrCode.Unauthorized]: 401,
  [ErrCode.UnknownToken]: 401,
  [ErrCode.Forbidden]: 403,
  [ErrCode.NotFound]: 404,
  [ErrCode.Unrecognized]: 404,
  [ErrCode.TooLarge]: 413,
  [ErrCode.UnsupportedMediaType]: 415,
  [ErrCode.LimitExceeded]: 429,
  [ErrCode.Unknown]: 500,
};

export interface HttpErrorOptions {
  /** When the endpoint's contract answers this code with another status than the usual one. */
  status?: number;
  /** Fields the endpoint adds beside `errcode` and `error` (`reason`, `retry_after_ms`, `problems`). */
  fields?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * An HTTP answer that is an error: a route throws it (the app's last handler answers it) or sends it
 * with `sendError`. The message is what the caller reads, so it never carries a cause or a secret.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly errcode: ErrCode,
    message: string,
    options: HttpErrorOptions = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.status = options.status ?? ERRCODE_STATUS[errcode];
    this.fields = options.fields ?? {};
    this.headers = options.headers ?? {};
  }

  get body(): { errcode: ErrCode; error: string } & Record<string, unknown> {
    return { errcode: this.errcode, error: this.message, ...this.fields };
  }
}

export function sendError(response: Response, error: HttpError): void {
  response.status(error.status).set(error.headers).json(error.body);
}

/** What kind of failure an error was, for the log: the answer alone must not tell the cause. */
export type FailureKind = "refused" | "malformed" | "unavailable" | "internal";

/** The sentences for failures no route decided; the widget API passes translated ones. */
export interface FallbackTexts {
  unavailable: string;
  internal: string;
}

const ENGLISH: FallbackTexts = {
  unavailable: "Temporarily unavailable; retry later",
  internal: "Internal error",
};

/** body-parser's failures by type; any other 4xx it or the router reports is M_BAD_JSON. */
const CLIENT_FAULTS: Record<string, { errcode: ErrCode; error: string }> = {
  "entity.parse.failed": { errcode: ErrCode.NotJson, error: "Body is not JSON" },
  "entity.too.large": { errcode: ErrCode.TooLarge, error: "Body too large" },
};

/**
 * Every error as the answer it gets, the one mapping for all routes: a route's own refusal as it
 * decided; a body the sender got wrong (malformed JSON, too large, a charset body-parser does not
 * read) its 4xx; an unreachable database (restarting, failing over) 503 with Retry-After, so load
 * balancers and clients retry; anything else 500. None of them tells the caller the cause.
 */
export function errorAnswer(
  error: unknown,
  texts: FallbackTexts = ENGLISH,
): { kind: FailureKind; answer: HttpError; faultType?: string } {
  if (error instanceof HttpError) return { kind: "refused", answer: error };
  const fault = clientFault(error);
  if (fault) {
    const { errcode, error: text } = CLIENT_FAULTS[fault.type] ?? {
      errcode: ErrCode.BadJson,
      error: "Malformed request",
    };
    const answer = new HttpError(errcode, text, { status: fault.status });
    return { kind: "malformed", answer, faultType: fault.type };
  }
  if (isDatabaseUnavailable(error))
    return {
      kind: "unavailable",
      answer: new HttpError(ErrCode.Unknown, texts.unavailable, {
        status: 503,
        headers: { "Retry-After": "5" },
      }),
    };
  return { kind: "internal", answer: new HttpError(ErrCode.Unknown, texts.internal) };
}

/** A failure the sender caused, as body-parser and the router report it (http-errors with a 4xx status). */
function clientFault(error: unknown): { status: number; type: string } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { status, type } = error as { status?: unknown; type?: unknown };
  if (typeof status !== "number" || status < 400 || status > 499) return undefined;
  return { status, type: typeof type === "string" ? type : "client_error" };
}

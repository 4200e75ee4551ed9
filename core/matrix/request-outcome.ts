import { MatrixRequestError, translateMatrixError } from "./errors.js";

export type HomeserverOutcome = "ok" | "client_error" | "rate_limited" | "server_error" | "unreachable";

/** How a homeserver request ended, for metrics: an HTTP status class, or no answer at all. */
export function requestOutcome(error?: unknown): HomeserverOutcome {
  if (error === undefined) return "ok";
  const translated = translateMatrixError(error);
  const status =
    translated instanceof MatrixRequestError
      ? translated.status
      : (translated as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status !== "number") return "unreachable";
  if (status === 429) return "rate_limited";
  return status >= 500 ? "server_error" : "client_error";
}

import type { ErrorRequestHandler, Request } from "express";
import type { Logger } from "../../core/logging/logger.js";
import { isDatabaseUnavailable } from "../../core/storage/unavailable.js";

/**
 * The route a request matched as declared (`/guest/:token`), never its concrete path: paths carry
 * secrets (calendar feed tokens, guest links), and a log line is read by more people than a link.
 */
export function routePattern(request: Request): string {
  const route = (request.route as { path?: unknown } | undefined)?.path;
  return typeof route === "string" ? `${request.baseUrl}${route}` : "(no route)";
}

/** A failure the sender caused, as body-parser and the router report it (http-errors with a 4xx status). */
function clientFault(error: unknown): { status: number; type: string } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { status, type } = error as { status?: unknown; type?: unknown };
  if (typeof status !== "number" || status < 400 || status > 499) return undefined;
  return { status, type: typeof type === "string" ? type : "client_error" };
}

const clientAnswers: Record<string, { errcode: string; error: string }> = {
  "entity.parse.failed": { errcode: "M_NOT_JSON", error: "Body is not JSON" },
  "entity.too.large": { errcode: "M_TOO_LARGE", error: "Body too large" },
};

/**
 * The last handler of the public app. A body the sender got wrong (malformed JSON, too large, a
 * charset body-parser does not read) is their 4xx, logged at info without the body; an unreachable
 * database (restarting, failing over) is a clean 503 with Retry-After, so load balancers and clients
 * retry; anything else is a logged 500. None leaks the cause to the caller, and no log line holds
 * the request's path or body (both may carry tokens): only its route pattern.
 */
export function unexpectedErrors(logger: Logger): ErrorRequestHandler {
  return (error, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const where = { method: request.method, route: routePattern(request) };
    const fault = clientFault(error);
    if (fault) {
      logger.info({ ...where, status: fault.status, type: fault.type }, "malformed request refused");
      response
        .status(fault.status)
        .json(clientAnswers[fault.type] ?? { errcode: "M_BAD_JSON", error: "Malformed request" });
      return;
    }
    if (isDatabaseUnavailable(error)) {
      logger.warn({ ...where, err: error }, "database unavailable; answered 503");
      response
        .status(503)
        .set("Retry-After", "5")
        .json({ errcode: "M_UNKNOWN", error: "Temporarily unavailable; retry later" });
      return;
    }
    logger.error({ ...where, err: error }, "request failed");
    response.status(500).json({ errcode: "M_UNKNOWN", error: "Internal error" });
  };
}

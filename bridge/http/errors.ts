import type { ErrorRequestHandler } from "express";
import type { Logger } from "../../core/logging/logger.js";
import { isDatabaseUnavailable } from "../../core/storage/unavailable.js";

/**
 * The last handler of the public app: an unreachable database (restarting, failing over) is a
 * clean 503 with Retry-After, so load balancers and clients retry; anything else is a logged 500.
 * Neither leaks the cause to the caller.
 */
export function unexpectedErrors(logger: Logger): ErrorRequestHandler {
  return (error, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const log = { err: error, method: request.method, path: request.path };
    if (isDatabaseUnavailable(error)) {
      logger.warn(log, "database unavailable; answered 503");
      response
        .status(503)
        .set("Retry-After", "5")
        .json({ errcode: "M_UNKNOWN", error: "Temporarily unavailable; retry later" });
      return;
    }
    logger.error(log, "request failed");
    response.status(500).json({ errcode: "M_UNKNOWN", error: "Internal error" });
  };
}

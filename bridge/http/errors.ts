import type { ErrorRequestHandler, Request } from "express";
import { errorAnswer, sendError } from "../../core/http/errors.js";
import type { Logger } from "../../core/logging/logger.js";

/**
 * The route a request matched as declared (`/guest/:token`), never its concrete path: paths carry
 * secrets (calendar feed tokens, guest links), and a log line is read by more people than a link.
 */
export function routePattern(request: Request): string {
  const route = (request.route as { path?: unknown } | undefined)?.path;
  return typeof route === "string" ? `${request.baseUrl}${route}` : "(no route)";
}

/**
 * The last handler of the public app: every error a route throws or passes on is answered by the
 * one mapping (`errorAnswer`, core/http/errors.ts). A route's own refusal and a body the sender got
 * wrong are logged at info, an unreachable database at warn, anything else at error. No log line
 * holds the request's path or body (both may carry tokens): only its route pattern.
 */
export function errorResponses(logger: Logger): ErrorRequestHandler {
  return (error, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const where = { method: request.method, route: routePattern(request) };
    const { kind, answer, faultType } = errorAnswer(error);
    const what = { ...where, status: answer.status };
    if (kind === "refused") logger.info({ ...what, errcode: answer.errcode }, "request refused");
    else if (kind === "malformed") logger.info({ ...what, type: faultType }, "malformed request refused");
    else if (kind === "unavailable")
      logger.warn({ ...where, err: error }, "database unavailable; answered 503");
    else logger.error({ ...where, err: error }, "request failed");
    sendError(response, answer);
  };
}

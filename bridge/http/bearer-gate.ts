import type { NextFunction, Request, RequestHandler, Response } from "express";
import { bearerMatches } from "../../core/http/bearer.js";
import { ErrCode, HttpError, sendError } from "../../core/http/errors.js";

/**
 * Middleware admitting only requests that carry `token` as bearer, checked before any body is read.
 * Without a configured token the endpoint is off (404): fail closed, never open.
 */
export function bearerGate(token: string | undefined): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const authorization = request.header("authorization");
    if (!token) sendError(response, new HttpError(ErrCode.Unrecognized, "Not enabled"));
    else if (!authorization)
      sendError(response, new HttpError(ErrCode.Unauthorized, "Bearer token required"));
    else if (!bearerMatches(authorization, token))
      sendError(response, new HttpError(ErrCode.Forbidden, "Wrong token"));
    else next();
  };
}

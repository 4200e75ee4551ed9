import type { NextFunction, Request, RequestHandler, Response } from "express";
import { bearerMatches } from "../../core/http/bearer.js";

/**
 * Middleware admitting only requests that carry `token` as bearer, checked before any body is read.
 * Without a configured token the endpoint is off (404): fail closed, never open.
 */
export function bearerGate(token: string | undefined): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const authorization = request.header("authorization");
    if (!token) response.status(404).json({ errcode: "M_UNRECOGNIZED", error: "Not enabled" });
    else if (!authorization)
      response.status(401).json({ errcode: "M_UNAUTHORIZED", error: "Bearer token required" });
    else if (!bearerMatches(authorization, token))
      response.status(403).json({ errcode: "M_FORBIDDEN", error: "Wrong token" });
    else next();
  };
}

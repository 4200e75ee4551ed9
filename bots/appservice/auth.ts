import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { ErrCode, HttpError, sendError } from "../../core/http/errors.js";

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * Trust boundary: only the homeserver knows hs_token. It is accepted from the Authorization header
 * only (a token in the query string ends up in access logs) and compared in constant time.
 * A request without the header gets 401 M_UNAUTHORIZED, a wrong token 403 M_FORBIDDEN, as the
 * application service API specifies; neither changes anything.
 */
export function requireHomeserverToken(hsToken: string) {
  const expected = digest(hsToken);
  return (request: Request, response: Response, next: NextFunction) => {
    const header = request.header("authorization");
    const match = header ? /^Bearer (.+)$/.exec(header) : null;
    if (!match) {
      sendError(response, new HttpError(ErrCode.Unauthorized, "Missing Authorization: Bearer header"));
      return;
    }
    if (!timingSafeEqual(digest(match[1]!), expected)) {
      sendError(response, new HttpError(ErrCode.Forbidden, "Invalid homeserver token"));
      return;
    }
    next();
  };
}

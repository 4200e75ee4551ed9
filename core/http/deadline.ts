import type { RequestHandler } from "express";
import { ErrCode, HttpError, sendError } from "./errors.js";

/**
 * Node limits the time to receive a whole request per server, not per route, and the public
 * server's limit must let a recording upload take an hour. Every route mounted after this one gets
 * `ms` instead: a request whose body has not arrived in full by then is answered 408 and its
 * connection closed, so a slow sender cannot hold a connection and a body parser for an hour.
 */
export function bodyDeadline(ms: number): RequestHandler {
  return (request, response, next) => {
    const timer = setTimeout(() => {
      if (request.complete || response.headersSent) return;
      const late = "The request took too long to arrive";
      sendError(
        response,
        new HttpError(ErrCode.Unknown, late, { status: 408, headers: { connection: "close" } }),
      );
      request.socket.destroySoon();
    }, ms);
    response.once("close", () => clearTimeout(timer));
    next();
  };
}

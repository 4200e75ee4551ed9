import type { Request, RequestHandler } from "express";
import { ErrCode, type HttpErrorOptions } from "../../core/http/errors.js";
import type { MessageKey, MessageParams } from "../../core/i18n/translate.js";
import type { Actor } from "../../core/meetings/requests.js";

/** A refusal decided in the widget API rather than in the domain code; answered in the caller's language, like a UserError. */
export class ApiFailure extends Error {
  constructor(
    readonly errcode: ErrCode,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
    readonly answer: HttpErrorOptions = {},
  ) {
    super(key);
  }
}

export const badRequest = (detail: string) => new ApiFailure(ErrCode.BadJson, "api.bad_request", { detail });

/** One widget API request, its caller already authenticated from their session. */
export interface Call {
  request: Request;
  body: Record<string, unknown>;
  userId: string;
  actor(): Promise<Actor>;
}

/**
 * Wraps a widget API handler: authenticates the session, answers its result as JSON, and every
 * refusal (ApiFailure, UserError) in the caller's language (meetings-api.ts).
 */
export type Route = (
  handler: (call: Call) => Promise<unknown>,
  options?: { status?: number; authenticated?: boolean },
) => RequestHandler;

import { createHash } from "node:crypto";
import express, { type RequestHandler, type Response, type Router } from "express";
import {
  ipKeyGenerator,
  rateLimit,
  type AugmentedRequest,
  type RateLimitExceededEventHandler,
} from "express-rate-limit";
import { guestAccess, type GuestRefusal } from "../../core/access/guest-access.js";
import type { Config } from "../../core/config/schema.js";
import { ErrCode, HttpError, sendError } from "../../core/http/errors.js";
import { translate, type MessageKey } from "../../core/i18n/translate.js";
import type { Logger } from "../../core/logging/logger.js";
import { guestLinkKey } from "../../core/council/guest-link.js";
import type { PolicyService } from "../../core/policy/policy.js";
import type { EmailInvitationsRepository } from "../../core/storage/email-invitations.js";
import type { GuestLinksRepository } from "../../core/storage/guest-links.js";
import type { MeetingsRepository } from "../../core/storage/meetings.js";
import { escapeHtml } from "../../core/text/html.js";
import type { Clock } from "../../core/time/clock.js";
import type { TokenIssuer } from "../jitsi/token-issuer.js";

export interface GuestRouterOptions {
  config: Config;
  meetings: MeetingsRepository;
  guestLinks: GuestLinksRepository;
  /** Personal guest links (e-mailed to an invited address) stop working when that invitation is withdrawn. */
  emailInvitations: Pick<EmailInvitationsRepository, "byId">;
  policy: PolicyService;
  clock: Clock;
  /** Undefined when no signing key is configured: then the guest page is off. */
  tokens: TokenIssuer | undefined;
  logger: Logger;
}

const MAX_NAME_LENGTH = 64;

/**
 * Token requests per guest link and client address per minute: plenty for a guest who retypes their
 * name or reloads, little for a script minting tokens or hammering a leaked link.
 */
export const GUEST_TOKEN_LIMIT = { limit: 10, windowMs: 60_000 };
/**
 * Token requests per client address per minute, whatever the link: several guests behind one office
 * address fit, a script trying made-up links does not. It also bounds how many per-link counts one
 * address can make the server keep.
 */
export const GUEST_ADDRESS_LIMIT = { limit: 60, windowMs: 60_000 };

/**
 * The page's one inline script, allowed by its hash in the Content-Security-Policy: nothing else
 * runs, so a meeting title that slipped past escaping still could not execute. The form posts to this
 * same URL; the answer becomes the Jitsi URL with the token.
 */
const GUEST_SCRIPT =
  `document.getElementById("guest").addEventListener("submit",async(e)=>{e.preventDefault();` +
  `const r=await fetch(location.pathname,{method:"POST",headers:{"content-type":"application/json"},` +
  `body:JSON.stringify({name:new FormData(e.target).get("name")})});const b=await r.json();` +
  `if(r.ok)location.href=b.url;else alert(b.error);});`;

export const GUEST_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src 'sha256-${createHash("sha256").update(GUEST_SCRIPT).digest("base64")}'`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** On every guest route: no framing (clickjacking the join button), no sniffing, no caching, no referrer. */
const guestHeaders: RequestHandler = (_request, response, next) => {
  response.set({
    "Content-Security-Policy": GUEST_CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
  });
  next();
};

const refusalStatus: Record<GuestRefusal, number> = {
  malformed: 404,
  "bad-signature": 404,
  expired: 410,
  revoked: 410,
  disabled: 403,
  meeting_over: 410,
};

/**
 * The guest page and the guest token endpoint. Trust boundary: the signed link in the path is the
 * only credential. It admits its holder to one meeting's conference as a guest: never moderator,
 * never past the lobby (no `lobby_bypass`), with the display name they typed marked as a guest's.
 * A forged or unknown link gets the same 404 as an unknown path; both routes are off (404) when no
 * Jitsi signing key is configured. Links and tokens are never logged.
 */
export function guestRouter(options: GuestRouterOptions): Router {
  const { config, clock, tokens } = options;
  const log = options.logger.child({ module: "guest" });
  const router = express.Router();
  const linkKey = guestLinkKey(config.appservice.hs_token);
  const t = (k: MessageKey, params?: Record<string, string>) => translate(config.i18n.locale, k, params);

  const check = (token: string) => guestAccess({ ...options, key: linkKey, now: clock.now() }, token);

  // Counted before the link is checked, so forged links are slowed down as much as real ones. The
  // counts live in this process's memory and are never evicted early, so a flood of made-up links
  // cannot empty them; the per-address limit bounds how many one address can create.
  const tooMany: RateLimitExceededEventHandler = (request, response) => {
    const resetAt = (request as AugmentedRequest).rateLimit?.resetTime?.getTime() ?? Date.now();
    const waitMs = Math.max(1000, resetAt - Date.now());
    const seconds = Math.ceil(waitMs / 1000);
    log.warn("guest token requests rate limited");
    sendError(
      response,
      new HttpError(ErrCode.LimitExceeded, t("guest.rate_limited", { seconds: String(seconds) }), {
        fields: { retry_after_ms: waitMs },
        headers: { "Retry-After": String(seconds) },
      }),
    );
  };
  // The library's checks (once each) flag what a client may have caused, such as an X-Forwarded-For
  // header with no trusted proxy configured: worth a warning for the operator, not an error.
  const checks = (err: unknown) => log.warn({ err }, "rate limiter check");
  const limits = {
    handler: tooMany,
    standardHeaders: false,
    legacyHeaders: false,
    logger: { warn: checks, error: checks },
  } as const;
  const perAddress = rateLimit({ ...GUEST_ADDRESS_LIMIT, ...limits });
  const perLink = rateLimit({
    ...GUEST_TOKEN_LIMIT,
    ...limits,
    keyGenerator: (request) => `${String(request.params.token)}\n${ipKeyGenerator(request.ip ?? "")}`,
  });

  function page(response: Response, status: number, body: string): void {
    response
      .status(status)
      .type("html")
      .send(
        `<!doctype html><html lang="${config.i18n.locale}"><head><meta charset="utf-8">` +
          `<meta name="viewport" content="width=device-width, initial-scale=1">` +
          `<title>${escapeHtml(t("guest.page_title"))}</title></head><body>${body}</body></html>`,
      );
  }

  router.use("/guest", guestHeaders);

  router.get("/guest/:token", async (request, response) => {
    if (!tokens) return sendError(response, new HttpError(ErrCode.NotFound, "Not found"));
    const access = await check(request.params.token);
    if (!access.ok)
      return page(
        response,
        refusalStatus[access.reason],
        `<p>${escapeHtml(t(`guest.refused.${access.reason}`))}</p>`,
      );
    page(
      response,
      200,
      `<h1>${escapeHtml(access.meeting.title)}</h1><p>${escapeHtml(t("guest.page_intro"))}</p>` +
        `<form id="guest"><label>${escapeHtml(t("guest.name_label"))} ` +
        `<input name="name" required maxlength="${MAX_NAME_LENGTH}" autocomplete="name"></label> ` +
        `<button>${escapeHtml(t("guest.join_button"))}</button></form>` +
        `<script>${GUEST_SCRIPT}</script>`,
    );
  });

  router.post(
    "/guest/:token",
    perAddress,
    perLink,
    express.json({ limit: "4kb" }),
    async (request, response) => {
      if (!tokens) return sendError(response, new HttpError(ErrCode.NotFound, "Not found"));
      const access = await check(String(request.params.token));
      if (!access.ok) {
        log.info({ reason: access.reason }, "guest link refused");
        const { reason } = access;
        return sendError(
          response,
          new HttpError(ErrCode.Forbidden, t(`guest.refused.${reason}`), {
            status: refusalStatus[reason],
            fields: { reason },
          }),
        );
      }
      const raw = (request.body as Record<string, unknown> | undefined)?.name;
      const name = typeof raw === "string" ? raw.trim() : "";
      // A name is shown to everyone in the call: printable, one line, not too long.
      if (name === "" || name.length > MAX_NAME_LENGTH || /[\p{Cc}\p{Cf}]/u.test(name))
        return sendError(
          response,
          new HttpError(ErrCode.InvalidParam, t("guest.bad_name", { max: String(MAX_NAME_LENGTH) })),
        );
      const { meeting } = access;
      const issued = await tokens.guest({ conferenceName: meeting.conferenceName, name });
      log.info({ meeting_id: meeting.id, room_id: meeting.roomId }, "guest token issued");
      response.set("Cache-Control", "no-store").json({
        ...issued,
        url: `https://${issued.domain}/${encodeURIComponent(issued.room)}?jwt=${issued.token}`,
      });
    },
  );

  return router;
}

import { randomBytes } from "node:crypto";
import express, { type Response, type Router } from "express";
import { guestAccess, type GuestRefusal } from "../../core/access/guest-access.js";
import type { Config } from "../../core/config/schema.js";
import { fixedWindowLimiter } from "../../core/http/rate-limit.js";
import { translate, type MessageKey } from "../../core/i18n/translate.js";
import type { Logger } from "../../core/logging/logger.js";
import { guestLinkKey } from "../../core/council/guest-link.js";
import type { PolicyService } from "../../core/policy/policy.js";
import type { GuestLinksRepository } from "../../core/storage/guest-links.js";
import type { MeetingsRepository } from "../../core/storage/meetings.js";
import { escapeHtml } from "../../core/text/html.js";
import type { Clock } from "../../core/time/clock.js";
import { signJwt } from "../jitsi/jwt.js";
import { DEFAULT_FEATURE_POLICY, jitsiTokenClaims, parseLifetime } from "../jitsi/token-claims.js";
import { signingKey } from "./jitsi.js";

export interface GuestRouterOptions {
  config: Config;
  meetings: MeetingsRepository;
  guestLinks: GuestLinksRepository;
  policy: PolicyService;
  clock: Clock;
  logger: Logger;
}

const MAX_NAME_LENGTH = 64;

/**
 * Token requests per guest link and client address per minute: plenty for a guest who retypes their
 * name or reloads, little for a script minting tokens or hammering a leaked link.
 */
export const GUEST_TOKEN_LIMIT = { limit: 10, windowMs: 60_000 };

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
  const { config, clock } = options;
  const log = options.logger.child({ module: "guest" });
  const router = express.Router();
  const key = signingKey(config);
  const linkKey = guestLinkKey(config.appservice.hs_token);
  const lifetimeSeconds = parseLifetime(config.jitsi.token_lifetime);
  const t = (k: MessageKey, params?: Record<string, string>) => translate(config.i18n.locale, k, params);

  const limiter = fixedWindowLimiter(GUEST_TOKEN_LIMIT);
  const check = (token: string) => guestAccess({ ...options, key: linkKey, now: clock.now() }, token);

  function page(response: Response, status: number, body: string): void {
    response
      .status(status)
      .type("html")
      .set("Cache-Control", "no-store")
      .set("Referrer-Policy", "no-referrer")
      .send(
        `<!doctype html><html lang="${config.i18n.locale}"><head><meta charset="utf-8">` +
          `<meta name="viewport" content="width=device-width, initial-scale=1">` +
          `<title>${escapeHtml(t("guest.page_title"))}</title></head><body>${body}</body></html>`,
      );
  }

  router.get("/guest/:token", async (request, response) => {
    if (!key) return void response.status(404).json({ errcode: "M_NOT_FOUND", error: "Not found" });
    const access = await check(request.params.token);
    if (!access.ok)
      return page(
        response,
        refusalStatus[access.reason],
        `<p>${escapeHtml(t(`guest.refused.${access.reason}`))}</p>`,
      );
    // The form posts to this same URL; the script turns the answer into the Jitsi URL with the token.
    page(
      response,
      200,
      `<h1>${escapeHtml(access.meeting.title)}</h1><p>${escapeHtml(t("guest.page_intro"))}</p>` +
        `<form id="guest"><label>${escapeHtml(t("guest.name_label"))} ` +
        `<input name="name" required maxlength="${MAX_NAME_LENGTH}" autocomplete="name"></label> ` +
        `<button>${escapeHtml(t("guest.join_button"))}</button></form>` +
        `<script>document.getElementById("guest").addEventListener("submit",async(e)=>{e.preventDefault();` +
        `const r=await fetch(location.pathname,{method:"POST",headers:{"content-type":"application/json"},` +
        `body:JSON.stringify({name:new FormData(e.target).get("name")})});const b=await r.json();` +
        `if(r.ok)location.href=b.url;else alert(b.error);});</script>`,
    );
  });

  router.post("/guest/:token", express.json({ limit: "4kb" }), async (request, response) => {
    if (!key) return void response.status(404).json({ errcode: "M_NOT_FOUND", error: "Not found" });
    // Counted before the link is checked, so forged links are slowed down as much as real ones.
    const waitMs = limiter.hit(`${request.params.token}\n${request.ip ?? ""}`, clock.now());
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      log.warn("guest token requests rate limited");
      return void response
        .status(429)
        .set("Retry-After", String(seconds))
        .json({
          errcode: "M_LIMIT_EXCEEDED",
          retry_after_ms: waitMs,
          error: t("guest.rate_limited", { seconds: String(seconds) }),
        });
    }
    const access = await check(request.params.token);
    if (!access.ok) {
      log.info({ reason: access.reason }, "guest link refused");
      return void response
        .status(refusalStatus[access.reason])
        .json({ errcode: "M_FORBIDDEN", reason: access.reason, error: t(`guest.refused.${access.reason}`) });
    }
    const raw = (request.body as Record<string, unknown> | undefined)?.name;
    const name = typeof raw === "string" ? raw.trim() : "";
    // A name is shown to everyone in the call: printable, one line, not too long.
    if (name === "" || name.length > MAX_NAME_LENGTH || /[\p{Cc}\p{Cf}]/u.test(name))
      return void response
        .status(400)
        .json({ errcode: "M_INVALID_PARAM", error: t("guest.bad_name", { max: String(MAX_NAME_LENGTH) }) });
    const { meeting } = access;
    const claims = jitsiTokenClaims({
      appId: config.jitsi.app_id,
      jitsiDomain: config.jitsi.domain,
      conferenceName: meeting.conferenceName,
      user: { id: `guest-${randomBytes(8).toString("hex")}`, name },
      moderator: false,
      guest: true,
      features: DEFAULT_FEATURE_POLICY,
      now: new Date(clock.now()),
      lifetimeSeconds,
    });
    log.info({ meeting_id: meeting.id, room_id: meeting.roomId }, "guest token issued");
    const token = signJwt(claims, key);
    response.set("Cache-Control", "no-store").json({
      token,
      expires_in: lifetimeSeconds,
      domain: config.jitsi.domain,
      room: claims.room,
      url: `https://${config.jitsi.domain}/${encodeURIComponent(claims.room)}?jwt=${token}`,
    });
  });

  return router;
}

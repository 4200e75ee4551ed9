import { createHmac, timingSafeEqual } from "node:crypto";
import type { ConfigSlice } from "../config/slice.js";

/**
 * Links that carry their own authorization: a path, an expiry, optionally the holder they were made
 * for, and an HMAC over all of them. Whoever holds the link may use it until it expires, so links go
 * only to the people entitled to what they open (the rooms a recording was posted in, a meeting's
 * editor in their direct chat) and expire within hours. A link made for a holder names them, so the
 * endpoint can check that the holder is still entitled each time it is used. The key is derived from
 * the appservice token, which already must stay secret; rotating that token invalidates every link.
 */
export interface LinkSigner {
  /** The path with `expires` (epoch seconds), `for` (the holder, if given) and `sig` query parameters. */
  sign(path: string, expiresAt: number, holder?: string): string;
  /**
   * Whether `sig` is right for the path, expiry and holder (`for`, absent for links made without one)
   * and the expiry lies after `now`.
   */
  verify(path: string, query: Record<string, unknown>, now: number): boolean;
}

export function linkSigner(secret: string): LinkSigner {
  const key = createHmac("sha256", secret).update("plenum signed links v1").digest();
  const mac = (path: string, expires: number, holder: string | undefined) =>
    createHmac("sha256", key)
      .update(holder === undefined ? `${expires}\n${path}` : `${expires}\n${path}\n${holder}`)
      .digest("base64url");
  return {
    sign(path, expiresAt, holder) {
      const expires = Math.floor(expiresAt / 1000);
      const bound = holder === undefined ? "" : `&for=${encodeURIComponent(holder)}`;
      return `${path}?expires=${expires}${bound}&sig=${mac(path, expires, holder)}`;
    },
    verify(path, { expires, sig, for: holder }, now) {
      if (typeof expires !== "string" || typeof sig !== "string" || !/^\d{1,12}$/.test(expires)) return false;
      if (holder !== undefined && typeof holder !== "string") return false;
      const seconds = Number(expires);
      if (seconds * 1000 <= now) return false;
      const expected = Buffer.from(mac(path, seconds, holder));
      const given = Buffer.from(sig);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

export function configuredLinkSigner(config: ConfigSlice<{ appservice: "as_token" }>): LinkSigner {
  return linkSigner(config.appservice.as_token);
}

/** An absolute URL on the public HTTP server. */
export function publicUrl(config: ConfigSlice<{ http: "public_url" }>, pathAndQuery: string): string {
  return `${config.http.public_url.replace(/\/$/, "")}${pathAndQuery}`;
}

import { createHmac, timingSafeEqual } from "node:crypto";
import type { Config } from "../config/schema.js";

/**
 * Links that carry their own authorization: a path, an expiry and an HMAC over both. Whoever holds
 * the link may use it until it expires, so links go only to the people entitled to what they open
 * (a meeting's editors, a meeting room) and expire. The key is derived from the appservice token,
 * which already must stay secret; rotating that token invalidates every link.
 */
export interface LinkSigner {
  /** The path with `expires` (epoch seconds) and `sig` query parameters. */
  sign(path: string, expiresAt: number): string;
  /** Whether `sig` is right for the path and expiry and the expiry lies after `now`. */
  verify(path: string, expires: unknown, sig: unknown, now: number): boolean;
}

export function linkSigner(secret: string): LinkSigner {
  const key = createHmac("sha256", secret).update("plenum signed links v1").digest();
  const mac = (path: string, expires: number) =>
    createHmac("sha256", key).update(`${expires}\n${path}`).digest("base64url");
  return {
    sign(path, expiresAt) {
      const expires = Math.floor(expiresAt / 1000);
      return `${path}?expires=${expires}&sig=${mac(path, expires)}`;
    },
    verify(path, expires, sig, now) {
      if (typeof expires !== "string" || typeof sig !== "string" || !/^\d{1,12}$/.test(expires)) return false;
      const seconds = Number(expires);
      if (seconds * 1000 <= now) return false;
      const expected = Buffer.from(mac(path, seconds));
      const given = Buffer.from(sig);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

export function configuredLinkSigner(config: Config): LinkSigner {
  return linkSigner(config.appservice.as_token);
}

/** An absolute URL on the public HTTP server. */
export function publicUrl(config: Config, pathAndQuery: string): string {
  return `${config.http.public_url.replace(/\/$/, "")}${pathAndQuery}`;
}

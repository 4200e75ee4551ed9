import { createHmac, timingSafeEqual } from "node:crypto";
import type { Clock } from "../time/clock.js";

export interface SessionTokens {
  /** A token naming `userId`, valid for `lifetimeSeconds`. */
  issue(userId: string): { token: string; expiresIn: number };
  /** The user the token names, or undefined when it is malformed, forged or expired. */
  verify(token: string): string | undefined;
}

export interface SessionTokenOptions {
  /** Secret the signing key is derived from; a different purpose string keeps keys apart. */
  secret: string;
  clock: Clock;
  lifetimeSeconds?: number;
}

const encode = (value: string) => Buffer.from(value).toString("base64url");

/**
 * Widget sessions: short-lived, HMAC-signed, stateless. A session is obtained only by exchanging an
 * OpenID token the homeserver confirmed, so it carries nothing but the user id and an expiry; the
 * widget fetches a new one when it expires. Nothing is stored, so a restart does not log anyone out.
 */
export function sessionTokens(options: SessionTokenOptions): SessionTokens {
  const lifetimeSeconds = options.lifetimeSeconds ?? 900;
  const key = createHmac("sha256", options.secret).update("org.plenum.widget-session.v1").digest();
  const sign = (body: string) => createHmac("sha256", key).update(body).digest();

  return {
    issue(userId) {
      const expires = Math.floor(options.clock.now() / 1000) + lifetimeSeconds;
      const body = encode(JSON.stringify({ sub: userId, exp: expires }));
      return { token: `${body}.${sign(body).toString("base64url")}`, expiresIn: lifetimeSeconds };
    },
    verify(token) {
      const [body = "", signature = "", ...extra] = token.split(".");
      if (extra.length > 0 || !body || !signature) return undefined;
      const given = Buffer.from(signature, "base64url");
      const expected = sign(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const claims = JSON.parse(Buffer.from(body, "base64url").toString()) as {
        sub?: unknown;
        exp?: unknown;
      };
      if (typeof claims.sub !== "string" || typeof claims.exp !== "number") return undefined;
      return claims.exp * 1000 > options.clock.now() ? claims.sub : undefined;
    },
  };
}

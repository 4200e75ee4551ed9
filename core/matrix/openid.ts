import { createHash } from "node:crypto";
import type { Clock } from "../time/clock.js";

export type OpenIdFailure = "invalid_token" | "wrong_server" | "unreachable";

export class OpenIdError extends Error {
  constructor(readonly code: OpenIdFailure) {
    super(code);
    this.name = "OpenIdError";
  }
}

export interface OpenIdVerifierOptions {
  homeserverUrl: string;
  serverName: string;
  clock: Clock;
  /** How long a successful lookup is trusted; kept short because the token's own lifetime is unknown here. */
  cacheMs?: number;
  fetch?: typeof fetch;
}

/**
 * Trust boundary: an OpenID token proves who a widget's user is only after the homeserver that issued
 * it confirms it. Plenum asks only its own homeserver (whose URL it is configured with), so no server
 * discovery, no private-address checks and no redirects are involved; a token said to come from any
 * other server is refused ("wrong_server") rather than looked up, which fails closed.
 */
export function openIdVerifier(options: OpenIdVerifierOptions) {
  const cacheMs = options.cacheMs ?? 60_000;
  const doFetch = options.fetch ?? fetch;
  const cache = new Map<string, { userId: string; until: number }>();
  const key = (token: string) => createHash("sha256").update(token).digest("hex");

  return async function verify(token: string, serverName: string): Promise<string> {
    if (serverName !== options.serverName) throw new OpenIdError("wrong_server");
    if (typeof token !== "string" || token.length === 0 || token.length > 1024)
      throw new OpenIdError("invalid_token");
    const now = options.clock.now();
    const cached = cache.get(key(token));
    if (cached && cached.until > now) return cached.userId;
    let response: Response;
    try {
      response = await doFetch(
        `${options.homeserverUrl}/_matrix/federation/v1/openid/userinfo?access_token=${encodeURIComponent(token)}`,
        { redirect: "error", signal: AbortSignal.timeout(5_000) },
      );
    } catch {
      throw new OpenIdError("unreachable");
    }
    if (response.status === 401 || response.status === 403) throw new OpenIdError("invalid_token");
    if (!response.ok) throw new OpenIdError("unreachable");
    const body = (await response.json().catch(() => ({}))) as { sub?: unknown };
    if (typeof body.sub !== "string" || !body.sub.startsWith("@")) throw new OpenIdError("invalid_token");
    if (body.sub.slice(body.sub.indexOf(":") + 1) !== serverName) throw new OpenIdError("wrong_server");
    if (cache.size > 10_000) cache.clear();
    cache.set(key(token), { userId: body.sub, until: now + cacheMs });
    return body.sub;
  };
}

export type OpenIdVerify = ReturnType<typeof openIdVerifier>;

import { createHash } from "node:crypto";
import type { Clock } from "../time/clock.js";
import { FederationRefusal, type FederationClient } from "./federation-client.js";
import { homeserverGet } from "./homeserver-get.js";
import { isUserId, userServerName } from "./ids.js";

export type OpenIdFailure = "invalid_token" | "wrong_server" | "homeserver_refused" | "unreachable";

export class OpenIdError extends Error {
  constructor(readonly code: OpenIdFailure) {
    super(code);
    this.name = "OpenIdError";
  }
}

export interface OpenIdVerifierOptions {
  /** Homeservers reached at a configured base URL (Plenum's own and the operator's local ones). */
  homeservers: Readonly<Record<string, string>>;
  /** Whether users of a server could be admitted at all; tokens from other servers are never looked up. */
  acceptsServer: (serverName: string) => Promise<boolean>;
  /** Reaches every other server by federation discovery. */
  federation: FederationClient;
  clock: Clock;
  /** How long a successful lookup is trusted; kept short because the token's own lifetime is unknown here. */
  cacheMs?: number;
  /** Asks a configured homeserver (tests may answer instead); a kept-alive node:http GET by default. */
  get?: typeof homeserverGet;
}

const USERINFO = "/_matrix/federation/v1/openid/userinfo";

/**
 * Trust boundary: an OpenID token proves who a widget's user is only after the homeserver that issued
 * it confirms it, and only for users of that very server. Servers the operator configured are asked at
 * their configured URL; any other server is asked only if the policy could admit its users at all, is
 * found by federation discovery, and must not resolve to an internal address (see federation-client).
 * Redirects are never followed with a token.
 */
export function openIdVerifier(options: OpenIdVerifierOptions) {
  const cacheMs = options.cacheMs ?? 60_000;
  const get = options.get ?? homeserverGet;
  const cache = new Map<string, { userId: string; until: number }>();
  const key = (token: string, serverName: string) =>
    createHash("sha256").update(`${serverName}\n${token}`).digest("hex");

  async function userinfo(token: string, serverName: string): Promise<{ status: number; body: unknown }> {
    const query = `${USERINFO}?access_token=${encodeURIComponent(token)}`;
    const configured = options.homeservers[serverName];
    try {
      if (configured !== undefined) return await get(`${configured.replace(/\/+$/, "")}${query}`, 5_000);
      if (!(await options.acceptsServer(serverName))) throw new OpenIdError("wrong_server");
      const response = await options.federation.get(serverName, query);
      return { status: response.status, body: response.body };
    } catch (error) {
      if (error instanceof OpenIdError) throw error;
      if (error instanceof FederationRefusal)
        throw new OpenIdError(error.reason === "internal_address" ? "homeserver_refused" : "wrong_server");
      throw new OpenIdError("unreachable");
    }
  }

  return async function verify(token: string, serverName: string): Promise<string> {
    if (typeof token !== "string" || token.length === 0 || token.length > 1024)
      throw new OpenIdError("invalid_token");
    if (typeof serverName !== "string" || serverName.length === 0 || serverName.length > 255)
      throw new OpenIdError("wrong_server");
    const now = options.clock.now();
    const cached = cache.get(key(token, serverName));
    if (cached && cached.until > now) return cached.userId;
    const { status, body } = await userinfo(token, serverName);
    if (status === 401 || status === 403) throw new OpenIdError("invalid_token");
    if (status !== 200) throw new OpenIdError("unreachable");
    const sub = (body as { sub?: unknown } | undefined)?.sub;
    if (typeof sub !== "string" || !isUserId(sub)) throw new OpenIdError("invalid_token");
    if (userServerName(sub) !== serverName) throw new OpenIdError("wrong_server");
    if (cache.size > 10_000) cache.clear();
    cache.set(key(token, serverName), { userId: sub, until: now + cacheMs });
    return sub;
  };
}

export type OpenIdVerify = ReturnType<typeof openIdVerifier>;

/**
 * The Jitsi tokens Plenum issues — a room member's (moderator or not), a public session's visitor's
 * and a guest's — and the key they are signed with: `jitsi.app_secret` (HS256) or
 * `jitsi.app_private_key_file` (RS256), read and imported once at start-up, so a request only builds
 * claims and signs. Signing is node:crypto's, synchronous (JWS compact serialization, RFC 7515 §7.1):
 * jose signs through WebCrypto, whose promise and thread hop cost every call token more CPU than the
 * signature itself (bench/results/profile-call-token.md). The claims are token-claims.ts's.
 *
 * Trust boundary: the caller has decided, from Matrix membership and power levels, the policy or a
 * signed guest link, which role the holder gets; the issuer writes exactly that role down for one
 * conference and the configured lifetime. The key comes from Plenum's own configuration. Tokens are
 * never logged.
 */
import {
  createHmac,
  createPrivateKey,
  createSecretKey,
  randomBytes,
  sign,
  type KeyObject,
} from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Config } from "../../core/config/schema.js";
import type { Clock } from "../../core/time/clock.js";
import {
  DEFAULT_FEATURE_POLICY,
  jitsiTokenClaims,
  parseLifetime,
  type JitsiTokenClaims,
} from "./token-claims.js";

export interface SigningKey {
  alg: "HS256" | "RS256";
  key: KeyObject;
}

/** RFC 7518 §3.3: RS256 keys of at least 2048 bits; saying so at start-up beats a failing token request. */
const MIN_RSA_BITS = 2048;

export async function hs256Key(secret: string | Uint8Array): Promise<SigningKey> {
  const bytes = typeof secret === "string" ? Buffer.from(secret, "utf8") : secret;
  return { alg: "HS256", key: createSecretKey(bytes) };
}

/** An RS256 key from a PEM private key (PKCS#8 or PKCS#1, both of which Node reads). */
export async function rs256Key(privateKeyPem: string | Buffer): Promise<SigningKey> {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== "rsa") throw new Error("RS256 needs an RSA private key");
  const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS)
    throw new Error(`RS256 needs an RSA key of at least ${MIN_RSA_BITS} bits; this one has ${bits}`);
  return { alg: "RS256", key: privateKey };
}

/** The configured key, or undefined when no key is configured and Plenum issues no tokens. */
export async function loadSigningKey(
  jitsi: Pick<Config["jitsi"], "app_secret" | "app_private_key_file">,
): Promise<SigningKey | undefined> {
  if (jitsi.app_private_key_file) return rs256Key(await readFile(jitsi.app_private_key_file));
  return jitsi.app_secret ? hs256Key(jitsi.app_secret) : undefined;
}

/**
 * A compact JWS of the claims, byte for byte as given: no claim added or reordered. Prosody rejects
 * tokens whose header lacks `"typ": "JWT"`.
 */
export async function signJitsiToken(
  claims: Record<string, unknown>,
  { alg, key }: SigningKey,
): Promise<string> {
  const input = `${base64url(JSON.stringify({ alg, typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`;
  const signature =
    alg === "HS256"
      ? createHmac("sha256", key).update(input).digest()
      : sign("sha256", Buffer.from(input), key);
  return `${input}.${signature.toString("base64url")}`;
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

/** A signed token and what a client needs besides it to join: the answer of both token endpoints. */
export interface IssuedToken {
  token: string;
  expires_in: number;
  domain: string;
  /** The conference as Prosody names it (lower-cased). */
  room: string;
}

/** Someone with a Matrix account: the user's id and display name. */
export interface TokenHolder {
  conferenceName: string;
  userId: string;
  name: string;
}

export interface TokenIssuer {
  /** A member of the meeting's room; members skip the lobby, moderators get the owner's rights. */
  member(holder: TokenHolder & { moderator: boolean }): Promise<IssuedToken>;
  /** A member of a public session's audience: a viewer (Jitsi's visitors mode), never a moderator. */
  visitor(holder: TokenHolder): Promise<IssuedToken>;
  /** Someone without an account, admitted by a guest link: a fresh id, marked guest, knocks. */
  guest(holder: { conferenceName: string; name: string }): Promise<IssuedToken>;
}

export interface TokenIssuerOptions {
  key: SigningKey;
  jitsi: Pick<Config["jitsi"], "app_id" | "domain" | "token_lifetime">;
  clock: Clock;
}

export function tokenIssuer({ key, jitsi, clock }: TokenIssuerOptions): TokenIssuer {
  const lifetimeSeconds = parseLifetime(jitsi.token_lifetime);

  async function issue(
    conferenceName: string,
    user: { id: string; name: string },
    role: { moderator?: boolean; lobbyBypass?: boolean; guest?: boolean; visitor?: boolean },
  ): Promise<IssuedToken> {
    const claims: JitsiTokenClaims = jitsiTokenClaims({
      appId: jitsi.app_id,
      jitsiDomain: jitsi.domain,
      conferenceName,
      user,
      moderator: role.moderator ?? false,
      ...(role.lobbyBypass ? { lobbyBypass: true } : {}),
      ...(role.guest ? { guest: true } : {}),
      ...(role.visitor ? { visitor: true } : {}),
      features: DEFAULT_FEATURE_POLICY,
      now: new Date(clock.now()),
      lifetimeSeconds,
    });
    return {
      token: await signJitsiToken(claims, key),
      expires_in: lifetimeSeconds,
      domain: jitsi.domain,
      room: claims.room,
    };
  }

  return {
    member: ({ conferenceName, userId, name, moderator }) =>
      issue(conferenceName, { id: userId, name }, { moderator, lobbyBypass: true }),
    visitor: ({ conferenceName, userId, name }) =>
      issue(conferenceName, { id: userId, name }, { visitor: true }),
    guest: ({ conferenceName, name }) =>
      issue(conferenceName, { id: `guest-${randomBytes(8).toString("hex")}`, name }, { guest: true }),
  };
}

/** The issuer for the configuration, created once at start-up; undefined when tokens are off. */
export async function jitsiTokenIssuer(
  jitsi: TokenIssuerOptions["jitsi"] & Pick<Config["jitsi"], "app_secret" | "app_private_key_file">,
  clock: Clock,
): Promise<TokenIssuer | undefined> {
  const key = await loadSigningKey(jitsi);
  return key && tokenIssuer({ key, jitsi, clock });
}

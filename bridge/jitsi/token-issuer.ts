/**
 * The Jitsi tokens Plenum issues — a room member's (moderator or not), a public session's visitor's,
 * a guest's, and a whisper group member's and a listener's (never moderators) — and the key they are
 * signed with: `jitsi.app_secret` (HS256) or `jitsi.app_private_key_file` (RS256), read and imported
 * once at start-up, so a request only builds claims and signs. Signing is node:crypto's, synchronous (JWS compact serialization, RFC 7515 §7.1):
 * jose signs through WebCrypto, whose promise and thread hop cost every call token more CPU than the
 * signature itself (bench/results/profile-call-token.md). The claims are token-claims.ts's.
 *
 * Trust boundary: the caller has decided, from Matrix membership and power levels, the policy or a
 * signed guest link, which role the holder gets; the issuer writes exactly that role down for one
 * conference and the configured lifetime. The key comes from Plenum's own configuration. Tokens are
 * never logged.
 */
import { createPrivateKey, randomBytes, type webcrypto } from "node:crypto";
import { readFile } from "node:fs/promises";
import { SignJWT, importJWK } from "jose";
import type { Config } from "../../core/config/schema.js";
import type { Clock } from "../../core/time/clock.js";
import {
  AUDIO_ONLY_FEATURE_POLICY,
  DEFAULT_FEATURE_POLICY,
  jitsiTokenClaims,
  parseLifetime,
  type FeaturePolicy,
  type JitsiTokenClaims,
} from "./token-claims.js";

export interface SigningKey {
  alg: "HS256" | "RS256";
  key: webcrypto.CryptoKey;
}

/** jose refuses smaller RSA keys for RS256 (RFC 7518 §3.3); saying so at start-up beats a failing token request. */
const MIN_RSA_BITS = 2048;

export async function hs256Key(secret: string | Uint8Array): Promise<SigningKey> {
  const bytes = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  const hmac = { name: "HMAC", hash: "SHA-256" };
  return { alg: "HS256", key: await crypto.subtle.importKey("raw", bytes, hmac, false, ["sign"]) };
}

/**
 * An RS256 key from a PEM private key. Node reads it (PKCS#8 or PKCS#1, as Plenum always has; jose's
 * importPKCS8 would take only the former) and jose imports it from its JWK form.
 */
export async function rs256Key(privateKeyPem: string | Buffer): Promise<SigningKey> {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== "rsa") throw new Error("RS256 needs an RSA private key");
  const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS)
    throw new Error(`RS256 needs an RSA key of at least ${MIN_RSA_BITS} bits; this one has ${bits}`);
  const key = await importJWK(privateKey.export({ format: "jwk" }), "RS256");
  return { alg: "RS256", key: key as webcrypto.CryptoKey };
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
export function signJitsiToken(claims: Record<string, unknown>, { alg, key }: SigningKey): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: "JWT" }).sign(key);
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
  /** A whisper group's member, for its audio-only conference: never a moderator. */
  whisper(holder: TokenHolder): Promise<IssuedToken>;
  /**
   * A member listening to another room's conference (a breakout's main room, or a chair into a
   * breakout): never a moderator; the call widget joins without a microphone track.
   */
  listener(holder: TokenHolder): Promise<IssuedToken>;
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
    features: Readonly<FeaturePolicy> = DEFAULT_FEATURE_POLICY,
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
      features,
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
    whisper: ({ conferenceName, userId, name }) =>
      issue(conferenceName, { id: userId, name }, { lobbyBypass: true }, AUDIO_ONLY_FEATURE_POLICY),
    listener: ({ conferenceName, userId, name }) =>
      issue(conferenceName, { id: userId, name }, { lobbyBypass: true }, AUDIO_ONLY_FEATURE_POLICY),
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

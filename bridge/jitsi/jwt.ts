/**
 * Compact JWS (RFC 7515) with HS256 and RS256, as Prosody's token authentication reads it.
 *
 * Trust boundary: signing keys come from Plenum's own configuration and are trusted; every token handed
 * to `verifyJwt` is untrusted input, and nothing in it may be believed until the result is `ok`. The
 * algorithm is fixed by the key, never by the token's header, so a token cannot talk its way into
 * `none` or into HMAC keyed with an RSA public key.
 */
import {
  type KeyObject,
  createHmac,
  createPrivateKey,
  createPublicKey,
  sign as signWithKey,
  timingSafeEqual,
  verify as verifyWithKey,
} from "node:crypto";

export type JwtKey =
  { alg: "HS256"; secret: Buffer } | { alg: "RS256"; privateKey: KeyObject; publicKey: KeyObject };

export type JwtPayload = Record<string, unknown>;

export type JwtFailure =
  "malformed" | "unsupported-algorithm" | "bad-signature" | "expired" | "not-yet-valid";

export type JwtVerification = { ok: true; payload: JwtPayload } | { ok: false; reason: JwtFailure };

const SEGMENT = /^[A-Za-z0-9_-]+$/;

export function hs256Key(secret: string | Buffer): JwtKey {
  return { alg: "HS256", secret: Buffer.from(secret) };
}

/** An RS256 key from a PEM private key; tokens are verified with the public half derived from it. */
export function rs256Key(privateKeyPem: string | Buffer): JwtKey {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== "rsa") throw new Error("RS256 needs an RSA private key");
  return { alg: "RS256", privateKey, publicKey: createPublicKey(privateKey) };
}

export function signJwt(payload: JwtPayload, key: JwtKey): string {
  // Prosody rejects tokens whose header lacks "typ": "JWT".
  const header = { alg: key.alg, typ: "JWT" };
  const signingInput = `${encodeJson(header)}.${encodeJson(payload)}`;
  return `${signingInput}.${signature(signingInput, key).toString("base64url")}`;
}

/**
 * Checks signature, then `nbf` and `exp` the way Prosody's luajwtjitsi does: expired from the second
 * `exp` names, valid from the second `nbf` names, both Unix seconds and, when present, numbers.
 */
export function verifyJwt(token: string, key: JwtKey, options: { now: Date }): JwtVerification {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) return failure("malformed");
  const [encodedHeader = "", encodedPayload = "", encodedSignature = ""] = parts;
  const header = decodeJson(encodedHeader);
  const payload = decodeJson(encodedPayload);
  if (!header || !payload) return failure("malformed");
  if (header["alg"] !== key.alg) return failure("unsupported-algorithm");

  const signingInput = `${encodedHeader}.${encodedPayload}`;
  if (!signatureMatches(signingInput, Buffer.from(encodedSignature, "base64url"), key)) {
    return failure("bad-signature");
  }

  const { exp, nbf, iat } = payload;
  if ([exp, nbf, iat].some((claim) => claim !== undefined && typeof claim !== "number")) {
    return failure("malformed");
  }
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  if (typeof exp === "number" && nowSeconds >= exp) return failure("expired");
  if (typeof nbf === "number" && nowSeconds < nbf) return failure("not-yet-valid");
  return { ok: true, payload };
}

function failure(reason: JwtFailure): JwtVerification {
  return { ok: false, reason };
}

function signature(signingInput: string, key: JwtKey): Buffer {
  return key.alg === "HS256"
    ? createHmac("sha256", key.secret).update(signingInput).digest()
    : signWithKey("sha256", Buffer.from(signingInput), key.privateKey);
}

function signatureMatches(signingInput: string, given: Buffer, key: JwtKey): boolean {
  if (key.alg === "RS256") {
    try {
      return verifyWithKey("sha256", Buffer.from(signingInput), key.publicKey, given);
    } catch {
      return false;
    }
  }
  const expected = signature(signingInput, key);
  // The length of an HMAC-SHA256 is public; only the bytes must be compared in constant time.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function decodeJson(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

import { generateKeyPairSync, verify } from "node:crypto";
import { hs256Key, type JwtPayload, rs256Key, signJwt, verifyJwt } from "../../bridge/jitsi/jwt.js";
import { fixtureJson } from "../support/fixtures.js";

function fixture(name: string): JwtPayload {
  return fixtureJson<JwtPayload>(`jitsi/jwt/${name}`);
}

const claims = fixture("claims-mod_auth_token.json");
const issuedAt = new Date(1773320670 * 1000);
const secret = hs256Key("change-me-jitsi-app-secret");

const { privateKey: rsaPem, publicKey: rsaPublicPem } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const rsa = rs256Key(rsaPem);

function segments(token: string): [string, string, string] {
  const [header = "", payload = "", signature = ""] = token.split(".");
  return [header, payload, signature];
}

function decode(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

describe("signJwt and verifyJwt with HS256", () => {
  test("a signed token verifies and gives back its payload", () => {
    expect(verifyJwt(signJwt(claims, secret), secret, { now: issuedAt })).toEqual({
      ok: true,
      payload: claims,
    });
  });

  test("the header says HS256 and JWT, as Prosody requires", () => {
    const [header] = segments(signJwt(claims, secret));
    expect(decode(header)).toEqual({ alg: "HS256", typ: "JWT" });
  });

  test("segments are unpadded base64url", () => {
    expect(signJwt(claims, secret)).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  test("verifies the HS256 example of RFC 7515, appendix A.1", () => {
    const token =
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9" +
      ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ" +
      ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const key = hs256Key(
      Buffer.from(
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
        "base64url",
      ),
    );
    expect(verifyJwt(token, key, { now: new Date(1300819379 * 1000) })).toEqual({
      ok: true,
      payload: { iss: "joe", exp: 1300819380, "http://example.com/is_root": true },
    });
  });

  test("a token without exp and nbf, like Element's, does not expire", () => {
    const element = fixture("claims-element-openidtoken.json");
    const key = hs256Key("notused");
    expect(verifyJwt(signJwt(element, key), key, { now: new Date("2100-01-01T00:00:00Z") })).toEqual({
      ok: true,
      payload: element,
    });
  });

  test("a token signed with another secret has a bad signature", () => {
    const token = signJwt(claims, hs256Key("another-secret-of-some-length"));
    expect(verifyJwt(token, secret, { now: issuedAt })).toEqual({ ok: false, reason: "bad-signature" });
  });

  test("a token whose payload was changed has a bad signature", () => {
    const [header, , signature] = segments(signJwt(claims, secret));
    const forged = encode({ ...claims, room: "*" });
    expect(verifyJwt(`${header}.${forged}.${signature}`, secret, { now: issuedAt })).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });

  test("a token whose signature was changed has a bad signature", () => {
    const [header, payload, signature] = segments(signJwt(claims, secret));
    const flipped = `${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    expect(verifyJwt(`${header}.${payload}.${flipped}`, secret, { now: issuedAt })).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });

  test("a truncated signature is a bad signature, not an error", () => {
    const [header, payload, signature] = segments(signJwt(claims, secret));
    expect(verifyJwt(`${header}.${payload}.${signature.slice(0, 10)}`, secret, { now: issuedAt })).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });
});

describe("signJwt and verifyJwt with RS256", () => {
  test("a signed token verifies with the public key derived from the private one", () => {
    expect(verifyJwt(signJwt(claims, rsa), rsa, { now: issuedAt })).toEqual({ ok: true, payload: claims });
  });

  test("the header says RS256 and JWT", () => {
    const [header] = segments(signJwt(claims, rsa));
    expect(decode(header)).toEqual({ alg: "RS256", typ: "JWT" });
  });

  test("the signature is a standard RSASSA-PKCS1-v1_5 SHA-256 signature over header.payload", () => {
    const [header, payload, signature] = segments(signJwt(claims, rsa));
    const signed = Buffer.from(`${header}.${payload}`);
    expect(verify("sha256", signed, rsaPublicPem, Buffer.from(signature, "base64url"))).toBe(true);
  });

  test("a token signed with another RSA key has a bad signature", () => {
    const other = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const token = signJwt(claims, rs256Key(other.privateKey));
    expect(verifyJwt(token, rsa, { now: issuedAt })).toEqual({ ok: false, reason: "bad-signature" });
  });

  test("a token whose payload was changed has a bad signature", () => {
    const [header, , signature] = segments(signJwt(claims, rsa));
    const forged = encode({ ...claims, iss: "someone-else" });
    expect(verifyJwt(`${header}.${forged}.${signature}`, rsa, { now: issuedAt })).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });

  test("rs256Key refuses a key that is not RSA", () => {
    const ec = generateKeyPairSync("ec", {
      namedCurve: "P-256",
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    expect(() => rs256Key(ec.privateKey)).toThrow("RSA");
  });

  test("rs256Key refuses text that is no PEM key", () => {
    expect(() => rs256Key("not a key")).toThrow();
  });
});

describe("verifyJwt refuses tokens that choose their own algorithm", () => {
  test("an HS256 token presented where RS256 is expected", () => {
    const token = signJwt(claims, secret);
    expect(verifyJwt(token, rsa, { now: issuedAt })).toEqual({ ok: false, reason: "unsupported-algorithm" });
  });

  test("an HS256 token keyed with the RSA public key, the classic confusion attack", () => {
    const token = signJwt(claims, hs256Key(rsaPublicPem));
    expect(verifyJwt(token, rsa, { now: issuedAt })).toEqual({ ok: false, reason: "unsupported-algorithm" });
  });

  test("an RS256 token presented where HS256 is expected", () => {
    const token = signJwt(claims, rsa);
    expect(verifyJwt(token, secret, { now: issuedAt })).toEqual({
      ok: false,
      reason: "unsupported-algorithm",
    });
  });

  test("an unsigned token with alg none", () => {
    const token = `${encode({ alg: "none", typ: "JWT" })}.${encode(claims)}.AAAA`;
    expect(verifyJwt(token, secret, { now: issuedAt })).toEqual({
      ok: false,
      reason: "unsupported-algorithm",
    });
  });
});

describe("verifyJwt checks the token's time window", () => {
  const window = { ...claims, nbf: 1000, exp: 2000 };
  const token = signJwt(window, secret);
  const at = (seconds: number) => ({ now: new Date(seconds * 1000) });

  test("is valid from the second nbf names", () => {
    expect(verifyJwt(token, secret, at(1000))).toEqual({ ok: true, payload: window });
  });

  test("is not yet valid before nbf", () => {
    expect(verifyJwt(token, secret, at(999))).toEqual({ ok: false, reason: "not-yet-valid" });
  });

  test("is valid in the last second before exp", () => {
    expect(verifyJwt(token, secret, { now: new Date(2000 * 1000 - 1) })).toEqual({
      ok: true,
      payload: window,
    });
  });

  test("is expired from the second exp names", () => {
    expect(verifyJwt(token, secret, at(2000))).toEqual({ ok: false, reason: "expired" });
  });

  test.each([
    ["exp", { exp: "2000" }],
    ["nbf", { nbf: null }],
    ["iat", { iat: "1000" }],
  ])("a signed token whose %s is not a number is malformed", (_claim, override) => {
    const odd = signJwt({ ...claims, ...override }, secret);
    expect(verifyJwt(odd, secret, { now: issuedAt })).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("verifyJwt calls garbage malformed", () => {
  const signed = signJwt(claims, secret);
  const [header, payload, signature] = segments(signed);

  test.each([
    ["an empty string", ""],
    ["one segment", "abc"],
    ["two segments", `${header}.${payload}`],
    ["four segments", `${signed}.${signature}`],
    ["an empty signature", `${header}.${payload}.`],
    ["characters outside base64url", `${header}.${payload}+/.${signature}`],
    ["padding", `${header}=.${payload}.${signature}`],
    ["a header that is not JSON", `${Buffer.from("{alg").toString("base64url")}.${payload}.${signature}`],
    ["a payload that is a list", `${header}.${encode([1, 2])}.${signature}`],
    ["a payload that is a string", `${header}.${encode("claims")}.${signature}`],
    ["a header that is null", `${encode(null)}.${payload}.${signature}`],
  ])("%s", (_case, token) => {
    expect(verifyJwt(token, secret, { now: issuedAt })).toEqual({ ok: false, reason: "malformed" });
  });
});

import { generateKeyPairSync, verify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hs256Key, loadSigningKey, rs256Key, signJitsiToken } from "../../bridge/jitsi/token-issuer.js";
import { fixtureJson } from "../support/fixtures.js";
import { verifiedClaims } from "../support/jitsi-token.js";

const claims = fixtureJson("jitsi/jwt/claims-mod_auth_token.json");
const issuedAt = new Date(1773320670 * 1000);
const SECRET = "change-me-jitsi-app-secret";

function rsaPem(modulusLength = 2048, type: "pkcs8" | "pkcs1" = "pkcs8") {
  return generateKeyPairSync("rsa", {
    modulusLength,
    privateKeyEncoding: { type, format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
}
const rsa = rsaPem();

function segments(token: string): [string, string, string] {
  const [header = "", payload = "", signature = ""] = token.split(".");
  return [header, payload, signature];
}

function decode(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
}

describe("signing a Jitsi token with HS256", () => {
  test("the fixture's claims give exactly the token Plenum's former signer made (its HMAC checked with openssl)", async () => {
    const [header, payload, signature] = segments(await signJitsiToken(claims, await hs256Key(SECRET)));
    expect(header).toBe("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
    expect(Buffer.from(payload, "base64url").toString("utf8")).toBe(JSON.stringify(claims));
    expect(signature).toBe("R1RIKUC2QF2ONZKHDTKMk39CJe-29WPUw-c9UwTZwj0");
  });

  test("the header says HS256 and JWT, as Prosody requires", async () => {
    const [header] = segments(await signJitsiToken(claims, await hs256Key(SECRET)));
    expect(decode(header)).toEqual({ alg: "HS256", typ: "JWT" });
  });

  test("segments are unpadded base64url", async () => {
    expect(await signJitsiToken(claims, await hs256Key(SECRET))).toMatch(
      /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
    );
  });

  test("verifies with the shared secret as Prosody checks it, and gives back the claims", async () => {
    const token = await signJitsiToken(claims, await hs256Key(SECRET));
    await expect(verifiedClaims(token, SECRET, issuedAt)).resolves.toEqual(claims);
  });

  test("does not verify with another secret", async () => {
    const token = await signJitsiToken(claims, await hs256Key("another-secret-of-some-length"));
    await expect(verifiedClaims(token, SECRET, issuedAt)).rejects.toThrow("signature verification failed");
  });

  test("adds no claim: a payload without exp and nbf, like Element's, stays without them", async () => {
    const element = fixtureJson("jitsi/jwt/claims-element-openidtoken.json");
    const token = await signJitsiToken(element, await hs256Key("notused"));
    expect(decode(segments(token)[1])).toEqual(element);
    await expect(verifiedClaims(token, "notused", new Date("2100-01-01T00:00:00Z"))).resolves.toEqual(
      element,
    );
  });
});

describe("signing a Jitsi token with RS256", () => {
  test("the header says RS256 and JWT", async () => {
    const [header] = segments(await signJitsiToken(claims, await rs256Key(rsa.privateKey)));
    expect(decode(header)).toEqual({ alg: "RS256", typ: "JWT" });
  });

  test("the signature is a standard RSASSA-PKCS1-v1_5 SHA-256 signature over header.payload", async () => {
    const [header, payload, signature] = segments(
      await signJitsiToken(claims, await rs256Key(rsa.privateKey)),
    );
    const signed = Buffer.from(`${header}.${payload}`);
    expect(verify("sha256", signed, rsa.publicKey, Buffer.from(signature, "base64url"))).toBe(true);
  });

  test("a PKCS#1 key file (BEGIN RSA PRIVATE KEY) signs as a PKCS#8 one does", async () => {
    const pkcs1 = rsaPem(2048, "pkcs1");
    expect(pkcs1.privateKey).toContain("BEGIN RSA PRIVATE KEY");
    const [header, payload, signature] = segments(
      await signJitsiToken(claims, await rs256Key(pkcs1.privateKey)),
    );
    const signed = Buffer.from(`${header}.${payload}`);
    expect(verify("sha256", signed, pkcs1.publicKey, Buffer.from(signature, "base64url"))).toBe(true);
  });

  test("a key that is not RSA is refused", async () => {
    const ec = generateKeyPairSync("ec", {
      namedCurve: "P-256",
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    await expect(rs256Key(ec.privateKey)).rejects.toThrow("RSA");
  });

  test("an RSA key shorter than 2048 bits is refused when it is loaded, not at the first token", async () => {
    await expect(rs256Key(rsaPem(1024).privateKey)).rejects.toThrow("at least 2048 bits; this one has 1024");
  });

  test("text that is no PEM key is refused", async () => {
    await expect(rs256Key("not a key")).rejects.toThrow();
  });
});

describe("the configured signing key", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "plenum-jwt-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("app_private_key_file means RS256, even when app_secret is set too", async () => {
    const file = join(dir, "rs256.pem");
    writeFileSync(file, rsa.privateKey);
    const key = await loadSigningKey({ app_private_key_file: file, app_secret: SECRET });
    expect(key?.alg).toBe("RS256");
  });

  test("app_secret alone means HS256", async () => {
    const key = await loadSigningKey({ app_secret: SECRET });
    const token = await signJitsiToken(claims, key!);
    await expect(verifiedClaims(token, SECRET, issuedAt)).resolves.toEqual(claims);
  });

  test("without either there is no key, and so no tokens", async () => {
    await expect(loadSigningKey({})).resolves.toBeUndefined();
  });
});

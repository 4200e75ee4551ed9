import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairSync } from "node:crypto";
import {
  hs256Key,
  jitsiTokenIssuer,
  tokenIssuer,
  type TokenIssuer,
} from "../../bridge/jitsi/token-issuer.js";
import { ManualClock } from "../support/clock.js";
import { verifiedClaims } from "../support/jitsi-token.js";

const SECRET = "jitsi-app-secret-for-tests-0123";
const NOW = Date.UTC(2026, 2, 12, 13, 4, 30);
const CONFERENCE = "EFAWEQ3EIVTEO2CJNJFWYTLOJ5YDUZLYMFWXA3DFFZXXEZY";
const jitsi = { app_id: "plenum", domain: "meet.example.org", token_lifetime: "5m" };
const alice = { conferenceName: CONFERENCE, userId: "@alice:example.org", name: "Alice Example" };

describe("the Jitsi token issuer", () => {
  let issuer: TokenIssuer;
  const claimsOf = async (issued: Promise<{ token: string }>) =>
    verifiedClaims((await issued).token, SECRET, new Date(NOW));

  beforeAll(async () => {
    issuer = tokenIssuer({ key: await hs256Key(SECRET), jitsi, clock: new ManualClock(NOW) });
  });

  test("answers with the token, its lifetime, the Jitsi domain and the conference as Prosody names it", async () => {
    const issued = await issuer.member({ ...alice, moderator: false });
    expect(issued).toEqual({
      token: expect.any(String),
      expires_in: 300,
      domain: "meet.example.org",
      room: CONFERENCE.toLowerCase(),
    });
  });

  test("signs at the injected clock's time, for the configured lifetime", async () => {
    const claims = await claimsOf(issuer.member({ ...alice, moderator: false }));
    const seconds = NOW / 1000;
    expect([claims.nbf, claims.iat, claims.exp]).toEqual([seconds - 10, seconds, seconds + 300]);
    expect([claims.aud, claims.iss, claims.sub]).toEqual(["jitsi", "plenum", "meet.example.org"]);
  });

  test("a member's token names the user, skips the lobby and is no moderator's", async () => {
    const claims = await claimsOf(issuer.member({ ...alice, moderator: false }));
    expect(claims.context.user).toEqual({
      id: "@alice:example.org",
      name: "Alice Example",
      affiliation: "member",
      moderator: "false",
      lobby_bypass: true,
    });
  });

  test("a whisper group member's token is no moderator's and allows no screen sharing or recording", async () => {
    const claims = await claimsOf(
      issuer.whisper({ ...alice, conferenceName: `${CONFERENCE}-whisper-chair` }),
    );
    expect(claims.room).toBe(`${CONFERENCE.toLowerCase()}-whisper-chair`);
    expect(claims.context.user).toMatchObject({ affiliation: "member", moderator: "false" });
    expect(claims.context.features).toMatchObject({ "screen-sharing": "false", recording: "false" });
  });

  test("a listener's token is no moderator's", async () => {
    const claims = await claimsOf(issuer.listener(alice));
    expect(claims.context.user).toMatchObject({ affiliation: "member", moderator: "false" });
  });

  test("a moderator's token gives the owner's rights", async () => {
    const claims = await claimsOf(issuer.member({ ...alice, moderator: true }));
    expect(claims.context.user).toMatchObject({
      affiliation: "owner",
      moderator: "true",
      lobby_bypass: true,
    });
    expect(claims.context.features.recording).toBe("true");
  });

  test("a visitor's token says role visitor, is no moderator's and knocks like anyone's", async () => {
    const claims = await claimsOf(issuer.visitor(alice));
    expect(claims.context.user).toEqual({
      id: "@alice:example.org",
      name: "Alice Example",
      affiliation: "member",
      moderator: "false",
      role: "visitor",
    });
  });

  test("a guest's token has a fresh guest id each time, the guest mark, and no lobby bypass", async () => {
    const first = await claimsOf(issuer.guest({ conferenceName: CONFERENCE, name: "Erika Muster" }));
    const second = await claimsOf(issuer.guest({ conferenceName: CONFERENCE, name: "Erika Muster" }));
    expect(first.context.user).toEqual({
      id: expect.stringMatching(/^guest-[0-9a-f]{16}$/),
      name: "Erika Muster",
      affiliation: "member",
      moderator: "false",
      guest: "true",
    });
    expect(second.context.user.id).not.toBe(first.context.user.id);
    expect(first.context.features.recording).toBe("false");
  });
});

describe("the issuer made at start-up", () => {
  test("is undefined when no signing key is configured", async () => {
    await expect(jitsiTokenIssuer(jitsi, new ManualClock(NOW))).resolves.toBeUndefined();
  });

  test("has read its key file once: tokens are still signed after the file is gone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plenum-issuer-"));
    const file = join(dir, "rs256.pem");
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    writeFileSync(file, privateKey);
    const issuer = await jitsiTokenIssuer({ ...jitsi, app_private_key_file: file }, new ManualClock(NOW));
    rmSync(dir, { recursive: true, force: true });
    await expect(issuer!.member({ ...alice, moderator: false })).resolves.toMatchObject({
      token: expect.stringMatching(/^eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9\./),
    });
  });
});

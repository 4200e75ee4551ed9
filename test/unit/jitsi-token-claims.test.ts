import {
  DEFAULT_FEATURE_POLICY,
  type JitsiTokenInput,
  jitsiTokenClaims,
  parseLifetime,
} from "../../bridge/jitsi/token-claims.js";
import { hs256Key, signJitsiToken } from "../../bridge/jitsi/token-issuer.js";
import { fixtureJson } from "../support/fixtures.js";
import { verifiedClaims } from "../support/jitsi-token.js";

const fixture = fixtureJson("jitsi/jwt/claims-mod_auth_token.json");

const ELEMENT_NAME = "EFAWEQ3EIVTEO2CJNJFWYTLOJ5YDUZLYMFWXA3DFFZXXEZY";
const ISSUED_AT = 1773320670;

// Alice's token in the fixture: four hours, moderator, Plenum's default features.
const alice: JitsiTokenInput = {
  appId: "plenum",
  jitsiDomain: "meet.example.org",
  conferenceName: ELEMENT_NAME,
  user: {
    id: "@alice:example.org",
    name: "Alice Example",
    avatar: "https://matrix.example.org/_matrix/media/v3/download/example.org/qWkRzJbTnLpVxYcHdGfMsAeU",
    email: "alice@example.org",
  },
  moderator: true,
  features: DEFAULT_FEATURE_POLICY,
  now: new Date(ISSUED_AT * 1000),
  lifetimeSeconds: 4 * 3600,
};

const bob: JitsiTokenInput = {
  ...alice,
  user: { id: "@bob:example.org", name: "Bob Beispiel" },
  moderator: false,
};

describe("jitsiTokenClaims", () => {
  test("gives exactly the claims of the mod_auth_token fixture for Alice", () => {
    expect(jitsiTokenClaims(alice)).toStrictEqual(fixture);
  });

  test("names the conference as Prosody sees it: Element's upper-case name lower-cased", () => {
    expect(jitsiTokenClaims(alice).room).toBe(ELEMENT_NAME.toLowerCase());
  });

  test("is issued by the app id for the Jitsi domain and audience jitsi", () => {
    const claims = jitsiTokenClaims({ ...alice, appId: "rathaus", jitsiDomain: "video.example.de" });
    expect([claims.iss, claims.sub, claims.aud]).toEqual(["rathaus", "video.example.de", "jitsi"]);
  });

  test("expires one lifetime after it is issued and is valid from ten seconds before", () => {
    const claims = jitsiTokenClaims({ ...alice, lifetimeSeconds: 300 });
    expect([claims.nbf, claims.iat, claims.exp]).toEqual([ISSUED_AT - 10, ISSUED_AT, ISSUED_AT + 300]);
  });

  test("counts whole seconds, dropping the milliseconds of now", () => {
    const claims = jitsiTokenClaims({ ...alice, now: new Date(ISSUED_AT * 1000 + 999) });
    expect(claims.iat).toBe(ISSUED_AT);
  });

  test("makes a participant a member, not a moderator, as a string", () => {
    expect(jitsiTokenClaims(bob).context.user).toStrictEqual({
      id: "@bob:example.org",
      name: "Bob Beispiel",
      affiliation: "member",
      moderator: "false",
    });
  });

  test("leaves avatar and e-mail out when the user has none", () => {
    const user = jitsiTokenClaims(bob).context.user;
    expect(Object.keys(user)).not.toContain("avatar");
    expect(Object.keys(user)).not.toContain("email");
  });

  test("with the default policy, a participant may share the screen and dial in but not record", () => {
    expect(jitsiTokenClaims(bob).context.features).toStrictEqual({
      livestreaming: "false",
      recording: "false",
      transcription: "false",
      "screen-sharing": "true",
      "inbound-call": "true",
      "outbound-call": "false",
      "sip-inbound-call": "false",
      "sip-outbound-call": "false",
    });
  });

  test("grants moderators-only features to moderators alone", () => {
    const features = { recording: "moderators", livestreaming: "moderators" } as const;
    expect(jitsiTokenClaims({ ...alice, features }).context.features).toStrictEqual({
      recording: "true",
      livestreaming: "true",
    });
    expect(jitsiTokenClaims({ ...bob, features }).context.features).toStrictEqual({
      recording: "false",
      livestreaming: "false",
    });
  });

  test("never grants a feature the policy gives nobody, not even to moderators", () => {
    const claims = jitsiTokenClaims({ ...alice, features: { "outbound-call": "nobody" } });
    expect(claims.context.features).toStrictEqual({ "outbound-call": "false" });
  });

  test("lists exactly the features the policy names", () => {
    const claims = jitsiTokenClaims({ ...alice, features: { "send-groupchat": "everyone" } });
    expect(claims.context.features).toStrictEqual({ "send-groupchat": "true" });
  });

  test.each([
    ["the wildcard", "*"],
    ["an empty name", ""],
    ["a JID", `${ELEMENT_NAME}@conference.meet.example.org`],
    ["a path", `tenant/${ELEMENT_NAME}`],
    ["white space", "two words"],
  ])("refuses %s as conference name", (_case, conferenceName) => {
    expect(() => jitsiTokenClaims({ ...alice, conferenceName })).toThrow("conference name");
  });

  test.each([0, -60, 1.5, Number.NaN])("refuses a lifetime of %p seconds", (lifetimeSeconds) => {
    expect(() => jitsiTokenClaims({ ...alice, lifetimeSeconds })).toThrow("lifetime");
  });

  test("marks an audience member's token with role visitor, as Jitsi's visitors mode reads it", () => {
    const user = jitsiTokenClaims({ ...bob, visitor: true }).context.user;
    expect(user).toMatchObject({ role: "visitor", affiliation: "member", moderator: "false" });
    expect(user).not.toHaveProperty("lobby_bypass");
    expect(jitsiTokenClaims(bob).context.user).not.toHaveProperty("role");
  });

  test("refuses a visitor's token that would make a moderator or bypass the lobby", () => {
    expect(() => jitsiTokenClaims({ ...alice, visitor: true })).toThrow(/visitor/);
    expect(() => jitsiTokenClaims({ ...bob, visitor: true, lobbyBypass: true })).toThrow(/visitor/);
  });

  test("signed, it opens the conference until it expires and not after", async () => {
    const secret = "change-me-jitsi-app-secret";
    const claims = jitsiTokenClaims({ ...alice, lifetimeSeconds: parseLifetime("5m") });
    const token = await signJitsiToken(claims, await hs256Key(secret));
    await expect(verifiedClaims(token, secret, new Date((ISSUED_AT + 299) * 1000))).resolves.toEqual(claims);
    await expect(verifiedClaims(token, secret, new Date((ISSUED_AT + 300) * 1000))).rejects.toThrow('"exp"');
  });
});

describe("parseLifetime", () => {
  test.each([
    ["90s", 90],
    ["5m", 300],
    ["1h", 3600],
    ["48h", 172800],
  ])("reads %p as %p seconds", (text, seconds) => {
    expect(parseLifetime(text)).toBe(seconds);
  });

  test.each(["0s", "0m", "5", "5d", "", "-5m", " 5m", "5 m", "1.5h", "m"])("refuses %p", (text) => {
    expect(() => parseLifetime(text)).toThrow(RangeError);
  });
});

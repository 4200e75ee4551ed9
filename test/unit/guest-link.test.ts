import { errorOf } from "../support/user-error.js";
import {
  guestLinkKey,
  parseGuestLinkValidity,
  signGuestLink,
  verifyGuestLink,
} from "../../core/council/guest-link.js";
import { jitsiTokenClaims } from "../../bridge/jitsi/token-claims.js";

const key = guestLinkKey("hs-token-for-tests");
const NOW = Date.parse("2026-11-23T09:00:00Z");
const claims = { meetingId: "K7Q-4MX", generation: 2, expiresAt: NOW + 3600_000 };

describe("guest links", () => {
  test("a signed link verifies and gives back what was signed", () => {
    expect(verifyGuestLink(signGuestLink(claims, key), key, NOW)).toEqual({ ok: true, claims });
  });

  test("a personal link gives back the invitation it was signed for", () => {
    const personal = { ...claims, invitation: { id: 17, invitedAt: NOW - 60_000 } };
    expect(verifyGuestLink(signGuestLink(personal, key), key, NOW)).toEqual({ ok: true, claims: personal });
  });

  test("a personal link with its invitation cut off is refused", () => {
    const personal = signGuestLink({ ...claims, invitation: { id: 17, invitedAt: NOW } }, key);
    const [payload, signature] = personal.split(".");
    const general = Buffer.from(payload!, "base64url").toString().split(".").slice(0, 3).join(".");
    expect(verifyGuestLink(`${Buffer.from(general).toString("base64url")}.${signature}`, key, NOW)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });

  test("a link is refused once it has expired", () => {
    expect(verifyGuestLink(signGuestLink(claims, key), key, claims.expiresAt)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  test("a link signed with another key is refused", () => {
    expect(verifyGuestLink(signGuestLink(claims, guestLinkKey("other")), key, NOW)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });

  test("a link whose meeting or expiry was changed is refused", () => {
    const [, signature] = signGuestLink(claims, key).split(".");
    const forged = Buffer.from(`K7Q-4MX.2.${Math.floor(NOW / 1000) + 999_999}`).toString("base64url");
    expect(verifyGuestLink(`${forged}.${signature}`, key, NOW).ok).toBe(false);
  });

  test.each(["", "abc", "a.b.c", "x".repeat(500)])("“%s” is malformed", (token) => {
    expect(verifyGuestLink(token, key, NOW)).toEqual({ ok: false, reason: "malformed" });
  });

  test("the link key is derived, not the configured secret itself", () => {
    expect(key.equals(Buffer.from("hs-token-for-tests"))).toBe(false);
  });
});

describe("guest link validity", () => {
  test.each([
    ["30m", 30 * 60_000],
    ["12h", 12 * 3600_000],
    ["7d", 7 * 86_400_000],
    ["7t", 7 * 86_400_000],
  ])("reads %s", (text, ms) => {
    expect(parseGuestLinkValidity(text)).toBe(ms);
  });

  test.each([
    ["soon", "guest.validity_unparseable"],
    ["1m", "guest.validity_out_of_range"],
    ["31d", "guest.validity_out_of_range"],
  ])("refuses %s", (text, reason) => {
    expect(errorOf(() => parseGuestLinkValidity(text)).key).toBe(reason);
  });
});

describe("lobby claims", () => {
  const base = {
    appId: "plenum",
    jitsiDomain: "meet.example.org",
    conferenceName: "ABC",
    moderator: false,
    features: {},
    now: new Date(NOW),
    lifetimeSeconds: 300,
  };

  test("a room member's token bypasses the lobby with a boolean context.user.lobby_bypass", () => {
    const { context } = jitsiTokenClaims({ ...base, user: { id: "@a:x", name: "A" }, lobbyBypass: true });
    expect(context.user.lobby_bypass).toBe(true);
    expect(context.user).not.toHaveProperty("guest");
  });

  test("a guest's token carries the typed name and the guest mark, and no lobby bypass", () => {
    const { context } = jitsiTokenClaims({
      ...base,
      user: { id: "guest-1", name: "Erika Muster" },
      guest: true,
    });
    expect(context.user).toEqual({
      id: "guest-1",
      name: "Erika Muster",
      affiliation: "member",
      moderator: "false",
      guest: "true",
    });
  });
});

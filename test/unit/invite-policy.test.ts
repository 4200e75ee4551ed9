import {
  INVITE_WINDOW_MS,
  inviteRefusal,
  inviterRefusal,
  type InviteInput,
} from "../../core/access/invite-policy.js";
import { fixedWindowLimiter } from "../../core/http/rate-limit.js";

const policy = { allowed_servers: ["example.org", "city.example"], partner_servers: ["partner.example"] };

function invite(inviter: string, overrides: Partial<InviteInput> = {}): InviteInput {
  return {
    inviter,
    ownDomain: "example.org",
    policy,
    inviterBlocked: false,
    limiter: fixedWindowLimiter({ limit: 2, windowMs: INVITE_WINDOW_MS }),
    now: 0,
    ...overrides,
  };
}

describe("which invites the bot accepts", () => {
  test.each(["@alice:example.org", "@bob:city.example", "@carol:partner.example", "@dave:Partner.Example"])(
    "one from %s, of a server the policy admits, is accepted",
    (inviter) => {
      expect(inviteRefusal(invite(inviter))).toBeUndefined();
    },
  );

  test("one from a server neither allowed nor a partner is refused for its server", () => {
    expect(inviteRefusal(invite("@mallory:elsewhere.example"))).toBe("server");
  });

  test("one from a user the blocked policy names is refused as blocked, even from the own domain", () => {
    expect(inviteRefusal(invite("@alice:example.org", { inviterBlocked: true }))).toBe("blocked");
  });

  test("one whose sender is no user id is refused for its server", () => {
    expect(inviteRefusal(invite("@plenum:example.org\u200b"))).toBe("server");
    expect(inviteRefusal(invite("alice"))).toBe("server");
  });

  test("one from a remote user named like the bot is judged like any other remote invite", () => {
    expect(inviteRefusal(invite("@plenum:elsewhere.example"))).toBe("server");
    expect(inviteRefusal(invite("@plenum_x:partner.example"))).toBeUndefined();
  });

  test("another server's invites beyond the limit within the hour are refused for their rate", () => {
    const limiter = fixedWindowLimiter({ limit: 2, windowMs: INVITE_WINDOW_MS });
    const at = (inviter: string, now: number) => inviteRefusal(invite(inviter, { limiter, now }));
    expect(at("@a:partner.example", 0)).toBeUndefined();
    expect(at("@b:partner.example", 1_000)).toBeUndefined();
    expect(at("@c:partner.example", 2_000)).toBe("rate");
    expect(at("@d:city.example", 2_000)).toBeUndefined();
    expect(at("@e:partner.example", INVITE_WINDOW_MS)).toBeUndefined();
  });

  test("invites from the own domain are not counted", () => {
    const limiter = fixedWindowLimiter({ limit: 1, windowMs: INVITE_WINDOW_MS });
    for (let i = 0; i < 5; i++)
      expect(inviteRefusal(invite(`@user${i}:example.org`, { limiter }))).toBeUndefined();
  });

  test("refused invites of servers the policy does not admit are not counted against anyone", () => {
    const limiter = fixedWindowLimiter({ limit: 1, windowMs: INVITE_WINDOW_MS, maxKeys: 1 });
    for (let i = 0; i < 5; i++) inviteRefusal(invite(`@m:flood${i}.example`, { limiter }));
    expect(inviteRefusal(invite("@carol:partner.example", { limiter }))).toBeUndefined();
  });
});

describe("which inviters of rooms the bot is in the policy now refuses", () => {
  test("an inviter of a server still admitted is not refused, however many invites came from it", () => {
    const limiter = fixedWindowLimiter({ limit: 1, windowMs: INVITE_WINDOW_MS });
    for (let i = 0; i < 3; i++) inviteRefusal(invite("@carol:partner.example", { limiter }));
    expect(inviterRefusal(invite("@carol:partner.example", { limiter }))).toBeUndefined();
  });

  test("an inviter of a server the policy no longer admits is refused for its server", () => {
    const withdrawn = { ...policy, partner_servers: [] };
    expect(inviterRefusal(invite("@carol:partner.example", { policy: withdrawn }))).toBe("server");
  });

  test("an inviter the blocked policy now names is refused as blocked", () => {
    expect(inviterRefusal(invite("@bob:city.example", { inviterBlocked: true }))).toBe("blocked");
  });
});

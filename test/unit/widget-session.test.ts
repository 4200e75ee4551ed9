import { sessionTokens } from "../../core/widgets/session.js";
import { ManualClock } from "../support/clock.js";

describe("widget session tokens", () => {
  const clock = new ManualClock(Date.parse("2026-12-01T09:00:00Z"));
  const sessions = sessionTokens({ secret: "hs-token-0123456789abcdef", clock, lifetimeSeconds: 900 });

  test("a fresh token names the user it was issued for", () => {
    const { token, expiresIn } = sessions.issue("@alice:example.org");
    expect(sessions.verify(token)).toBe("@alice:example.org");
    expect(expiresIn).toBe(900);
  });

  test("a token is refused once its lifetime is over", () => {
    const { token } = sessions.issue("@alice:example.org");
    clock.advance(900_000);
    expect(sessions.verify(token)).toBeUndefined();
  });

  test("a token whose user id was changed is refused", () => {
    const { token } = sessions.issue("@alice:example.org");
    const [body, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(body!, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: "@admin:example.org" })).toString(
      "base64url",
    );
    expect(sessions.verify(`${forged}.${signature}`)).toBeUndefined();
  });

  test("a token signed with another secret is refused", () => {
    const other = sessionTokens({ secret: "another-secret-0123456789", clock });
    expect(sessions.verify(other.issue("@alice:example.org").token)).toBeUndefined();
  });

  test.each(["", "garbage", "a.b.c", "..."])("malformed token %p is refused", (token) => {
    expect(sessions.verify(token)).toBeUndefined();
  });
});

import { linkSigner } from "../../core/http/signed-links.js";

const signer = linkSigner("as-token-0123456789abcdef");
const NOW = Date.parse("2026-11-23T12:00:00Z");
const PATH = "/api/v1/meetings/K7Q-4MX/attendance.csv";

function query(link: string): Record<string, string> {
  return Object.fromEntries(new URL(link, "https://plenum.example.org").searchParams);
}

describe("signed links", () => {
  test("a link verifies for its own path until it expires", () => {
    const params = query(signer.sign(PATH, NOW + 60_000));
    expect(signer.verify(PATH, params, NOW)).toBe(true);
    expect(signer.verify(PATH, params, NOW + 60_000)).toBe(false);
  });

  test("another path, a moved expiry, another key or a missing signature do not verify", () => {
    const params = query(signer.sign(PATH, NOW + 60_000));
    expect(signer.verify("/api/v1/meetings/AAA-AAA/attendance.csv", params, NOW)).toBe(false);
    expect(signer.verify(PATH, { ...params, expires: String(Number(params.expires) + 3600) }, NOW)).toBe(
      false,
    );
    expect(linkSigner("another-token-0123456789").verify(PATH, params, NOW)).toBe(false);
    expect(signer.verify(PATH, { ...params, sig: undefined }, NOW)).toBe(false);
    expect(signer.verify(PATH, { ...params, expires: ["1", "2"] }, NOW)).toBe(false);
  });

  test("a link made for a holder verifies only with that holder named", () => {
    const params = query(signer.sign(PATH, NOW + 60_000, "@alice:example.org"));
    expect(params.for).toBe("@alice:example.org");
    expect(signer.verify(PATH, params, NOW)).toBe(true);
    expect(signer.verify(PATH, { ...params, for: "@mallory:example.org" }, NOW)).toBe(false);
    expect(signer.verify(PATH, { ...params, for: undefined }, NOW)).toBe(false);
    const unbound = query(signer.sign(PATH, NOW + 60_000));
    expect(signer.verify(PATH, { ...unbound, for: "@alice:example.org" }, NOW)).toBe(false);
  });
});

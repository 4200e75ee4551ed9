import { linkSigner } from "../../core/http/signed-links.js";

const signer = linkSigner("as-token-0123456789abcdef");
const NOW = Date.parse("2026-11-23T12:00:00Z");
const PATH = "/api/v1/meetings/K7Q-4MX/attendance.csv";

function query(link: string): URLSearchParams {
  return new URL(link, "https://plenum.example.org").searchParams;
}

describe("signed links", () => {
  test("a link verifies for its own path until it expires", () => {
    const params = query(signer.sign(PATH, NOW + 60_000));
    expect(signer.verify(PATH, params.get("expires"), params.get("sig"), NOW)).toBe(true);
    expect(signer.verify(PATH, params.get("expires"), params.get("sig"), NOW + 60_000)).toBe(false);
  });

  test("another path, a moved expiry, another key or a missing signature do not verify", () => {
    const params = query(signer.sign(PATH, NOW + 60_000));
    const [expires, sig] = [params.get("expires"), params.get("sig")];
    expect(signer.verify("/api/v1/meetings/AAA-AAA/attendance.csv", expires, sig, NOW)).toBe(false);
    expect(signer.verify(PATH, String(Number(expires) + 3600), sig, NOW)).toBe(false);
    expect(linkSigner("another-token-0123456789").verify(PATH, expires, sig, NOW)).toBe(false);
    expect(signer.verify(PATH, expires, undefined, NOW)).toBe(false);
    expect(signer.verify(PATH, ["1", "2"], sig, NOW)).toBe(false);
  });
});

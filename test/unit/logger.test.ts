import { createLogger } from "../../core/logging/logger.js";

function capture(secrets: string[]) {
  const lines: string[] = [];
  const logger = createLogger({
    level: "info",
    secrets,
    destination: { write: (line) => void lines.push(line) },
  });
  return { logger, lines };
}

describe("structured logs", () => {
  test("each line is one JSON object with the given fields", () => {
    const { logger, lines } = capture([]);
    logger.info({ room_id: "!r:x", event_id: "$e" }, "handled");
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 30,
      room_id: "!r:x",
      event_id: "$e",
      msg: "handled",
    });
  });

  test("a configured secret is replaced wherever it appears", () => {
    const { logger, lines } = capture(["hs-token-0123456789abcdef"]);
    logger.error(
      { err: new Error("bad token hs-token-0123456789abcdef") },
      "failed with hs-token-0123456789abcdef",
    );
    expect(lines.join("")).not.toContain("hs-token-0123456789abcdef");
    expect(lines.join("")).toContain("[redacted]");
  });

  test("access tokens in URLs and bearer headers are replaced even when not configured", () => {
    const { logger, lines } = capture([]);
    logger.warn({ url: "https://hs/_matrix?access_token=syt_abc123" }, "Authorization: Bearer syt_xyz789");
    expect(lines.join("")).not.toMatch(/syt_abc123|syt_xyz789/);
  });
});

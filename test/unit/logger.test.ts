import { jest } from "@jest/globals";
import { LogService } from "matrix-bot-sdk";
import { logger as jsSdkLogger } from "matrix-js-sdk/lib/logger.js";
import {
  createLogger,
  routeConsoleDuring,
  routeMatrixJsSdkLogs,
  routeMatrixSdkLogs,
} from "../../core/logging/logger.js";

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

  test("matrix-js-sdk's loggers, made before or after routing, write JSON lines and nothing to the console", () => {
    const consoleMethods = (["log", "trace", "debug", "info", "warn", "error"] as const).map((method) =>
      jest.spyOn(console, method).mockImplementation(() => undefined),
    );
    try {
      const early = jsSdkLogger.getChild("[early]");
      const { logger, lines } = capture([]);
      routeMatrixJsSdkLogs(logger);
      early.warn("key query failed", { user: "@a:x" });
      jsSdkLogger.getChild("[late]").error(new Error("sync stopped"));
      jsSdkLogger.info("too chatty for info");
      expect(lines.map((line) => JSON.parse(line))).toEqual([
        expect.objectContaining({
          level: 40,
          module: "matrix-js-sdk",
          msg: 'key query failed {"user":"@a:x"}',
        }),
        expect.objectContaining({ level: 50, module: "matrix-js-sdk", msg: "sync stopped" }),
      ]);
      for (const method of consoleMethods) expect(method).not.toHaveBeenCalled();
    } finally {
      for (const method of consoleMethods) method.mockRestore();
    }
  });

  test("console output during a piece of work becomes JSON lines, and the console is restored after", async () => {
    const original = console.debug;
    const { logger, lines } = capture([]);
    logger.level = "trace";
    await routeConsoleDuring(logger, async () => {
      console.debug("DEBUG matrix_sdk_crypto::machine: Created a new Olm account");
      console.warn("key upload slow");
    });
    expect(console.debug).toBe(original);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 10, module: "console", msg: expect.stringContaining("Olm account") }),
      expect.objectContaining({ level: 40, module: "console", msg: "key upload slow" }),
    ]);
  });

  describe("third-party lines at their real level", () => {
    const levels = (lines: string[]) =>
      lines.map((line) => JSON.parse(line) as { level: number; msg: string }).map((l) => [l.level, l.msg]);

    test("matrix-js-sdk's call-session manager seeing state of a room it has not synced is not an error", () => {
      const { logger, lines } = capture([]);
      logger.level = "debug";
      routeMatrixJsSdkLogs(logger);
      jsSdkLogger.getChild("[MatrixRTCSessionManager]").error("Got room state event for unknown room !r:x!");
      expect(levels(lines)).toEqual([[20, "Got room state event for unknown room !r:x!"]]);
    });

    test("matrix-js-sdk filling in a default push rule is not a warning", () => {
      const { logger, lines } = capture([]);
      logger.level = "debug";
      routeMatrixJsSdkLogs(logger);
      jsSdkLogger.warn("Adding default global underride push rule .org.matrix.msc3914.rule.room.call");
      expect(levels(lines)).toEqual([
        [20, "Adding default global underride push rule .org.matrix.msc3914.rule.room.call"],
      ]);
    });

    test("matrix-js-sdk's note that the crypto device keeps its cross-signing keys out of secret storage is not a warning", () => {
      const { logger, lines } = capture([]);
      logger.level = "debug";
      routeMatrixJsSdkLogs(logger);
      jsSdkLogger.warn(
        "resetCrossSigning: Secret storage is not yet set up; not exporting keys to secret storage yet.",
      );
      jsSdkLogger.warn(
        "bootstrapCrossSigning: Olm device has private keys, but secret storage is not yet set up; doing nothing for now.",
      );
      expect(levels(lines).map(([level]) => level)).toEqual([20, 20]);
    });

    test("matrix-bot-sdk's line for a failed request is debug: the gateway's caller says what it means", () => {
      const { logger, lines } = capture([]);
      logger.level = "debug";
      routeMatrixSdkLogs(logger);
      LogService.error("MatrixHttpClient", "(REQ-3)", { errcode: "M_FORBIDDEN", error: "not in room" });
      expect(levels(lines)).toEqual([[20, '(REQ-3) {"errcode":"M_FORBIDDEN","error":"not in room"}']]);
    });

    test("matrix-bot-sdk's complaint that the bot is registered already, at every start, is debug", () => {
      const { logger, lines } = capture([]);
      logger.level = "debug";
      routeMatrixSdkLogs(logger);
      LogService.error("Appservice", "Error registering user: User ID is in use");
      expect(levels(lines)).toEqual([[20, "Error registering user: User ID is in use"]]);
    });

    test("an SDK error not known to misstate itself stays an error", () => {
      const { logger, lines } = capture([]);
      routeMatrixSdkLogs(logger);
      LogService.error("Appservice", "Failed to get members of room - cannot decrypt message");
      expect(levels(lines)).toEqual([[50, "Failed to get members of room - cannot decrypt message"]]);
    });
  });
});

import type { Response } from "express";
import { ERRCODE_STATUS, ErrCode, HttpError, errorAnswer, sendError } from "../../core/http/errors.js";

/** The parts of an express response sendError writes, recorded. */
function recordingResponse() {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    set(headers: Record<string, string>) {
      Object.assign(sent.headers, headers);
      return response;
    },
    json(body: unknown) {
      sent.body = body;
      return response;
    },
  };
  return { response: response as unknown as Response, sent };
}

describe("the Matrix-style error codes", () => {
  test("are Matrix-style codes, spelled M_… as the specification spells its own", () => {
    expect(Object.values(ErrCode).filter((code) => !code.startsWith("M_"))).toEqual([]);
    expect(ErrCode.Forbidden).toBe("M_FORBIDDEN");
    expect(ErrCode.LimitExceeded).toBe("M_LIMIT_EXCEEDED");
  });

  test.each([
    [ErrCode.BadJson, 400],
    [ErrCode.NotJson, 400],
    [ErrCode.InvalidParam, 400],
    [ErrCode.MissingParam, 400],
    [ErrCode.Unauthorized, 401],
    [ErrCode.UnknownToken, 401],
    [ErrCode.Forbidden, 403],
    [ErrCode.NotFound, 404],
    [ErrCode.Unrecognized, 404],
    [ErrCode.TooLarge, 413],
    [ErrCode.LimitExceeded, 429],
    [ErrCode.Unknown, 500],
  ])("%s answers %d unless the endpoint says otherwise", (errcode, status) => {
    expect(ERRCODE_STATUS[errcode]).toBe(status);
    expect(new HttpError(errcode, "text").status).toBe(status);
  });
});

describe("an HttpError", () => {
  test("answers with its code, its sentence and the fields its endpoint adds", () => {
    const refusal = new HttpError(ErrCode.Forbidden, "You are not a member of this room", {
      status: 403,
      fields: { reason: "not_a_member" },
    });
    expect(refusal.body).toEqual({
      errcode: "M_FORBIDDEN",
      error: "You are not a member of this room",
      reason: "not_a_member",
    });
  });

  test("keeps a status the endpoint's contract names for its code", () => {
    expect(new HttpError(ErrCode.Forbidden, "expired", { status: 401 }).status).toBe(401);
  });

  test("is sent with its status, its headers and its body", () => {
    const { response, sent } = recordingResponse();
    sendError(
      response,
      new HttpError(ErrCode.LimitExceeded, "Try again in 30 seconds", {
        fields: { retry_after_ms: 30_000 },
        headers: { "Retry-After": "30" },
      }),
    );
    expect(sent).toEqual({
      status: 429,
      headers: { "Retry-After": "30" },
      body: { errcode: "M_LIMIT_EXCEEDED", error: "Try again in 30 seconds", retry_after_ms: 30_000 },
    });
  });
});

describe("errorAnswer, the one mapping from an error to its answer", () => {
  const bodyParserError = (status: number, type: string) => Object.assign(new Error(type), { status, type });

  test("a route's own refusal is answered as the route decided", () => {
    const refusal = new HttpError(ErrCode.NotFound, "No Matrix room uses this conference");
    expect(errorAnswer(refusal)).toEqual({ kind: "refused", answer: refusal });
  });

  test("a body that is not JSON is 400 M_NOT_JSON", () => {
    const { kind, answer } = errorAnswer(bodyParserError(400, "entity.parse.failed"));
    expect(kind).toBe("malformed");
    expect([answer.status, answer.body]).toEqual([400, { errcode: "M_NOT_JSON", error: "Body is not JSON" }]);
  });

  test("a body over the route's limit is 413 M_TOO_LARGE", () => {
    const { answer } = errorAnswer(bodyParserError(413, "entity.too.large"));
    expect([answer.status, answer.body]).toEqual([413, { errcode: "M_TOO_LARGE", error: "Body too large" }]);
  });

  test("any other fault of the sender keeps its 4xx status and is M_BAD_JSON", () => {
    const { answer } = errorAnswer(bodyParserError(415, "charset.unsupported"));
    expect([answer.status, answer.errcode]).toEqual([415, "M_BAD_JSON"]);
  });

  test("an unreachable database is 503 M_UNKNOWN with Retry-After, so clients retry", () => {
    const { kind, answer } = errorAnswer(
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
    );
    expect(kind).toBe("unavailable");
    expect([answer.status, answer.errcode, answer.headers]).toEqual([
      503,
      "M_UNKNOWN",
      { "Retry-After": "5" },
    ]);
  });

  test("anything else is 500 M_UNKNOWN and does not tell the caller the cause", () => {
    const { kind, answer } = errorAnswer(new TypeError("secret detail of a bug"));
    expect(kind).toBe("internal");
    expect([answer.status, answer.body]).toEqual([500, { errcode: "M_UNKNOWN", error: "Internal error" }]);
  });

  test("a router may give the fallback sentences in its caller's language", () => {
    const texts = { unavailable: "Vorübergehend nicht erreichbar", internal: "Interner Fehler" };
    expect(errorAnswer(new Error("bug"), texts).answer.message).toBe("Interner Fehler");
  });
});

import {
  UVS_BAD_REQUEST_CONTENT_TYPE,
  invalidTokenResponse,
  noPowerLevelsResponse,
  notInRoomResponse,
  parseVerifyUserInRoomRequest,
  parseVerifyUserRequest,
  userInRoomResponse,
  userResponse,
  uvsForbiddenBody,
  uvsMissingFieldBody,
  uvsRequestAuthorized,
} from "../../bridge/jitsi/uvs.js";
import * as fixtures from "../support/fixtures.js";

function fixtureText(name: string): string {
  return fixtures.fixtureText(`matrix/uvs/${name}`);
}

function fixture(name: string): Record<string, unknown> {
  return fixtures.fixtureJson(`matrix/uvs/${name}`);
}

const BOB = "@bob:example.org";
const inRoom = fixture("verify-user-in-room.response.json");
// The fixture's power levels as the room state holds them, with the users UVS strips.
const fixturePowerLevels = (inRoom["power_levels"] as { room: Record<string, unknown> }).room;
const powerLevelsContent = { ...fixturePowerLevels, users: { "@alice:example.org": 100, [BOB]: 50 } };

describe("parseVerifyUserInRoomRequest", () => {
  test("reads the request the Prosody module sends", () => {
    expect(parseVerifyUserInRoomRequest(fixture("verify-user-in-room.request.json"))).toEqual({
      ok: true,
      request: {
        token: "SYUKfUMqoMvgDHTHEflYjSbZ",
        roomId: "!AbCdEfGhIjKlMnOp:example.org",
        matrixServerName: "example.org",
      },
    });
  });

  test("answers a missing token with UVS's exact 400 body and content type", () => {
    const { token: _token, ...body } = fixture("verify-user-in-room.request.json");
    expect(parseVerifyUserInRoomRequest(body)).toEqual({
      ok: false,
      status: 400,
      contentType: "text/html; charset=utf-8",
      body: fixtureText("error-400.txt"),
    });
  });

  test.each([
    ["an empty string", ""],
    ["null", null],
    ["a number", 42],
    ["an object", { token: "x" }],
  ])("treats a token that is %s like a missing one", (_case, token) => {
    const body = { ...fixture("verify-user-in-room.request.json"), token };
    expect(parseVerifyUserInRoomRequest(body)).toMatchObject({
      ok: false,
      body: fixtureText("error-400.txt"),
    });
  });

  test.each([
    ["token first", {}, "token"],
    ["then room_id", { token: "t" }, "room_id"],
    ["then matrix_server_name", { token: "t", room_id: "!r:example.org" }, "matrix_server_name"],
    ["room_id even when only it is empty", { token: "t", room_id: "", matrix_server_name: "x" }, "room_id"],
  ])("checks fields in UVS's order: %s", (_case, body, field) => {
    expect(parseVerifyUserInRoomRequest(body)).toMatchObject({ ok: false, body: uvsMissingFieldBody(field) });
  });

  test.each([
    ["no body at all", undefined],
    ["a null body", null],
  ])("answers %s with UVS's no-JSON message", (_case, body) => {
    expect(parseVerifyUserInRoomRequest(body)).toEqual({
      ok: false,
      status: 400,
      contentType: UVS_BAD_REQUEST_CONTENT_TYPE,
      body: "Invalid request: no JSON content found in body.",
    });
  });

  test.each([
    ["a list", ["SYUKfUMqoMvgDHTHEflYjSbZ"]],
    ["a string", "token"],
    ["true", true],
  ])("finds no token in a body that is %s", (_case, body) => {
    expect(parseVerifyUserInRoomRequest(body)).toMatchObject({
      ok: false,
      body: uvsMissingFieldBody("token"),
    });
  });
});

describe("parseVerifyUserRequest", () => {
  test("reads the request the Prosody module sends", () => {
    expect(parseVerifyUserRequest(fixture("verify-user.request.json"))).toEqual({
      ok: true,
      request: { token: "SYUKfUMqoMvgDHTHEflYjSbZ", matrixServerName: "example.org" },
    });
  });

  test("needs no room id", () => {
    expect(parseVerifyUserRequest({ token: "t", matrix_server_name: "example.org" }).ok).toBe(true);
  });

  test("answers a missing token with the fixture's 400 body", () => {
    expect(parseVerifyUserRequest({ matrix_server_name: "example.org" })).toMatchObject({
      ok: false,
      status: 400,
      body: fixtureText("error-400.txt"),
    });
  });

  test("asks for the server name after the token", () => {
    expect(parseVerifyUserRequest({ token: "t" })).toMatchObject({
      ok: false,
      body: "Invalid request: matrix_server_name not found or with empty value in the JSON payload.",
    });
  });
});

describe("UVS replies", () => {
  test("a member with power levels gets the fixture's reply", () => {
    expect(userInRoomResponse(BOB, powerLevelsContent)).toStrictEqual(inRoom);
  });

  test("the room's power levels go out without the users list, which stays in the input", () => {
    const reply = userInRoomResponse(BOB, powerLevelsContent);
    expect(reply.power_levels?.room).not.toHaveProperty("users");
    expect(powerLevelsContent.users).toEqual({ "@alice:example.org": 100, [BOB]: 50 });
  });

  test("a member not listed in users has users_default", () => {
    const reply = userInRoomResponse("@carol:example.org", { ...powerLevelsContent, users_default: 10 });
    expect(reply.power_levels?.user).toBe(10);
  });

  test("a member of a room without users_default has level 0", () => {
    expect(userInRoomResponse("@carol:example.org", { users: {} }).power_levels).toEqual({
      room: {},
      user: 0,
    });
  });

  test("a level that is not a whole number counts as not listed", () => {
    const reply = userInRoomResponse(BOB, { users: { [BOB]: "100" }, users_default: 0 });
    expect(reply.power_levels?.user).toBe(0);
  });

  test("a member whose power levels could not be read gets the fixture's reply", () => {
    expect(noPowerLevelsResponse(BOB)).toStrictEqual(
      fixture("verify-user-in-room.response.no-power-levels.json"),
    );
  });

  test("a verified user outside the room gets the fixture's reply", () => {
    expect(notInRoomResponse(BOB)).toStrictEqual(fixture("verify-user-in-room.response.not-in-room.json"));
  });

  test("a rejected token in a room check gets room_membership null, as the fixture shows", () => {
    expect(invalidTokenResponse("user_in_room")).toStrictEqual(
      fixture("verify-user-in-room.response.invalid-token.json"),
    );
  });

  test("a valid token gets the fixture's user reply", () => {
    expect(userResponse(BOB)).toStrictEqual(fixture("verify-user.response.json"));
  });

  test("a rejected token gets the fixture's user reply", () => {
    expect(invalidTokenResponse("user")).toStrictEqual(fixture("verify-user.response.invalid-token.json"));
  });
});

describe("the bearer check", () => {
  const token = "change-me-uvs-token-000000";

  test("accepts the configured token as a bearer token", () => {
    expect(uvsRequestAuthorized(`Bearer ${token}`, token)).toBe(true);
  });

  test.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["another token", "Bearer change-me-uvs-token-000001"],
    ["the token without scheme", token],
    ["another scheme", `Basic ${token}`],
    ["a lower-case scheme", `bearer ${token}`],
    ["a prefix of the token", `Bearer ${token.slice(0, -1)}`],
    ["the token with more after it", `Bearer ${token} x`],
  ])("refuses %s", (_case, header) => {
    expect(uvsRequestAuthorized(header, token)).toBe(false);
  });

  test("the 403 body is the fixture's", () => {
    expect(uvsForbiddenBody()).toStrictEqual(fixture("error-403.json"));
  });
});

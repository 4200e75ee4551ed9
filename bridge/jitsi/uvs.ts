/**
 * The contract of matrix-user-verification-service (UVS), which Prosody's
 * `mod_auth_matrix_user_verification` calls to admit people who join from Element's Jitsi widget:
 * request validation, replies and the bearer check, byte for byte as UVS sends them.
 *
 * Trust boundary: requests come from Prosody over the network and are untrusted until
 * `uvsRequestAuthorized` has accepted their bearer token; their bodies stay untrusted data (the OpenID
 * token in them is checked against the homeserver by the caller). A reply is an admission decision:
 * `user_id` and `power_levels` make someone a participant, and possibly an owner, of a Jitsi conference.
 *
 * Order of checks, as in UVS: bearer token (403), then body fields (400), then the verification, whose
 * every outcome is a 200.
 */
import { bearerMatches } from "../../core/http/bearer.js";

/** Express' `res.send(string)` type, which UVS relies on for its plain-text 400 replies. */
export const UVS_BAD_REQUEST_CONTENT_TYPE = "text/html; charset=utf-8";

export interface VerifyUserRequest {
  token: string;
  matrixServerName: string;
}

export interface VerifyUserInRoomRequest extends VerifyUserRequest {
  roomId: string;
}

export type UvsBadRequest = { ok: false; status: 400; contentType: string; body: string };
export type UvsParsed<T> = { ok: true; request: T } | UvsBadRequest;

export type UserResponse = { results: { user: boolean }; user_id: string | null };

export type RoomPowerLevels = { room: Record<string, unknown>; user: number };

export type UserInRoomResponse = {
  results: { user: boolean; room_membership: boolean | null };
  user_id: string | null;
  power_levels: RoomPowerLevels | null;
};

/**
 * The Prosody module always sends `matrix_server_name`, so it is required here as in UVS's
 * any-homeserver mode; the caller then refuses tokens of other servers with `invalidTokenResponse`, as
 * UVS does when pinned to one server.
 */
export function parseVerifyUserRequest(body: unknown): UvsParsed<VerifyUserRequest> {
  const fields = requiredFields(body, ["token", "matrix_server_name"]);
  if (!fields.ok) return fields;
  const { token, matrix_server_name } = fields.values;
  return { ok: true, request: { token, matrixServerName: matrix_server_name } };
}

export function parseVerifyUserInRoomRequest(body: unknown): UvsParsed<VerifyUserInRoomRequest> {
  const fields = requiredFields(body, ["token", "room_id", "matrix_server_name"]);
  if (!fields.ok) return fields;
  const { token, room_id, matrix_server_name } = fields.values;
  return { ok: true, request: { token, roomId: room_id, matrixServerName: matrix_server_name } };
}

/** The exact text UVS answers for the first missing or empty field. */
export function uvsMissingFieldBody(field: string): string {
  return `Invalid request: ${field} not found or with empty value in the JSON payload.`;
}

/**
 * Checked in UVS's order with UVS's messages. UVS lets other non-string values (numbers, objects) through
 * to the homeserver, which can only reject them; here they get the same 400 as a missing field.
 */
function requiredFields<F extends string>(
  body: unknown,
  fields: readonly F[],
): { ok: true; values: Record<F, string> } | UvsBadRequest {
  if (!body) return badRequest("Invalid request: no JSON content found in body.");
  const values = {} as Record<F, string>;
  for (const field of fields) {
    const value = typeof body === "object" ? (body as Record<string, unknown>)[field] : undefined;
    if (typeof value !== "string" || value.length === 0) return badRequest(uvsMissingFieldBody(field));
    values[field] = value;
  }
  return { ok: true, values };
}

function badRequest(body: string): UvsBadRequest {
  return { ok: false, status: 400, contentType: UVS_BAD_REQUEST_CONTENT_TYPE, body };
}

/**
 * Whether the `Authorization` header carries the configured token as `Bearer <token>`. Compared in
 * constant time: the token is the only thing keeping strangers from asking who is in which room.
 */
export function uvsRequestAuthorized(authorization: string | undefined, token: string): boolean {
  return bearerMatches(authorization, token);
}

/** Body of the 403 for a missing or wrong bearer token (JSON). */
export function uvsForbiddenBody(): Record<string, never> {
  return {};
}

export function userResponse(userId: string): UserResponse {
  return { results: { user: true }, user_id: userId };
}

export function invalidTokenResponse(endpoint: "user"): UserResponse;
export function invalidTokenResponse(endpoint: "user_in_room"): UserInRoomResponse;
export function invalidTokenResponse(endpoint: "user" | "user_in_room"): UserResponse | UserInRoomResponse {
  // UVS's README documents `room_membership: false` here; its code sends null, and clients see the code.
  return endpoint === "user"
    ? { results: { user: false }, user_id: null }
    : { results: { user: false, room_membership: null }, user_id: null, power_levels: null };
}

export function notInRoomResponse(userId: string): UserInRoomResponse {
  return { results: { user: true, room_membership: false }, user_id: userId, power_levels: null };
}

/** A member of the room whose power levels could not be read. */
export function noPowerLevelsResponse(userId: string): UserInRoomResponse {
  return { results: { user: true, room_membership: true }, user_id: userId, power_levels: null };
}

/** A member of the room, with the room's `m.room.power_levels` content. */
export function userInRoomResponse(userId: string, powerLevels: Record<string, unknown>): UserInRoomResponse {
  return {
    results: { user: true, room_membership: true },
    user_id: userId,
    power_levels: roomPowerLevels(userId, powerLevels),
  };
}

/**
 * `room` is the content without `users`, which would list everyone's level to Prosody. `user` falls
 * back to `users_default` as the Matrix spec says; UVS falls back to 0, which differs only in rooms
 * that raise `users_default`, and there Plenum reports the level the user really has.
 */
function roomPowerLevels(userId: string, content: Record<string, unknown>): RoomPowerLevels {
  const { users, ...room } = content;
  const listed = isRecord(users) ? users[userId] : undefined;
  const usersDefault = content["users_default"];
  const user = isLevel(listed) ? listed : isLevel(usersDefault) ? usersDefault : 0;
  return { room, user };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isLevel(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value);
}

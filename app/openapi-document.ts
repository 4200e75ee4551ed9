import { z } from "zod";
import {
  serviceMeetingCreateSchema,
  serviceMeetingSchema,
  serviceMeetingUpdateSchema,
} from "../bridge/http/service-schemas.js";
import { EVENT_SYNC_KINDS } from "../bridge/jitsi/event-sync.js";

/**
 * docs/api/openapi.yaml, generated (`npm run openapi`) from this table and, where the code validates
 * with zod (the service API), from the very schemas it validates with. test/unit/openapi.test.ts
 * checks that every route the Express apps register is described here and nothing else is.
 */

type Json = Record<string, unknown>;
type Security = "service" | "session" | "uvs" | "events" | "recordings" | "metrics" | "homeserver" | "link";

interface Operation {
  summary: string;
  security?: Security;
  parameters?: Json[];
  body?: Json;
  /** Status → description; the JSON of a 2xx is `result` when given. */
  responses: Record<string, string>;
  result?: Json;
  produces?: string;
}

const schemaOf = (schema: z.ZodType, io: "input" | "output") => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest as Json;
};

const path = (name: string, description: string): Json => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string" },
});
const query = (name: string, description: string, required = false): Json => ({
  name,
  in: "query",
  required,
  description,
  schema: { type: "string" },
});
const header = (name: string, description: string, required = false): Json => ({
  name,
  in: "header",
  required,
  description,
  schema: { type: "string" },
});
const anyJson = (description: string): Json => ({ type: "object", description, additionalProperties: true });
const signed = [query("expires", "Expiry (epoch seconds)", true), query("sig", "HMAC signature", true)];
const WIDGET = "The planner widget's API (a session from POST /api/v1/session)";
const CALL = "The call widget's API (a session from POST /api/v1/session)";

const operations: Record<string, Record<string, Operation>> = {
  "/healthz": {
    get: {
      summary: "Health: database, homeserver and roles",
      responses: { 200: "Healthy", 503: "Not ready" },
    },
  },
  "/livez": {
    get: { summary: "Liveness: the process answers HTTP", responses: { 200: "Alive" } },
  },
  "/readyz": {
    get: {
      summary: "Readiness: this instance can do its work (database, homeserver, its roles)",
      responses: { 200: "Ready, with every check", 503: "Not ready, naming the failed checks" },
    },
  },
  "/metrics": {
    get: {
      summary: "Prometheus metrics (only when metrics.token is set and metrics.port is not)",
      security: "metrics",
      produces: "text/plain",
      responses: { 200: "Metrics", 401: "No token", 403: "Wrong token", 404: "Not enabled" },
    },
  },
  "/api/v1/recordings": {
    post: {
      summary: "Jibri's finalize script uploads a recording (multipart)",
      security: "recordings",
      body: anyJson("multipart/form-data: metadata and the file"),
      responses: { 201: "Stored", 400: "Malformed", 401: "No token", 403: "Wrong token", 413: "Too large" },
    },
  },
  "/api/v1/recordings/{id}/file": {
    get: {
      summary: "Download a recording through its signed link",
      parameters: [path("id", "Recording id"), ...signed, query("for", "The holder the link was made for")],
      produces: "application/octet-stream",
      responses: {
        200: "The file",
        403: "Forged or expired link, or one expiring later than http.recording_link_lifetime from now",
        404: "The recording has been deleted",
      },
    },
  },
  "/calendar/{token}.ics": {
    get: {
      summary: "A user's calendar feed",
      parameters: [path("token", "The user's feed token (!meet calendar)")],
      produces: "text/calendar",
      responses: { 200: "iCalendar", 404: "Unknown or expired token" },
    },
  },
  "/calendar/{token}/{meetingId}.ics": {
    get: {
      summary: "One meeting of a user's calendar feed",
      parameters: [path("token", "The user's feed token"), path("meetingId", "Meeting id")],
      produces: "text/calendar",
      responses: { 200: "iCalendar", 404: "Unknown token or meeting" },
    },
  },
  "/calendar/meeting/{meetingId}/{signature}.ics": {
    get: {
      summary:
        "One meeting's calendar file through its signed link (welcome message, !meet info, the service API's ics_url)",
      parameters: [path("meetingId", "Meeting id"), path("signature", "Plenum's signature for that meeting")],
      produces: "text/calendar",
      responses: { 200: "iCalendar", 404: "Unknown meeting or forged link" },
    },
  },
  "/verify/user": {
    post: {
      summary: "Prosody's Matrix user verification: is the OpenID token valid",
      security: "uvs",
      body: anyJson("{ token, matrix_server_name }"),
      responses: { 200: "{ results: { user: bool } }", 401: "No token", 403: "Wrong token" },
    },
  },
  "/verify/user_in_room": {
    post: {
      summary: "Prosody's Matrix user verification: is the user in the room, with which power",
      security: "uvs",
      body: anyJson("{ token, room_id, matrix_server_name }"),
      responses: {
        200: "{ results: { user, room_membership, power_levels } }",
        401: "No token",
        403: "Wrong token",
      },
    },
  },
  "/api/v1/jitsi/token": {
    post: {
      summary:
        "A call token (JWT) for Jitsi, for a member of the room, from an OpenID token; or, with whisper_group, for a whisper group's conference, or with listen_to, a listener's token for a room reachable from room_id",
      body: anyJson("{ openid_token, matrix_server_name, room_id, whisper_group?, listen_to? }"),
      responses: {
        200: "{ token, expires_in, … }",
        400: "Malformed",
        401: "Invalid OpenID token",
        403: "Refused",
      },
    },
  },
  "/api/v1/jitsi/conference-mapper": {
    get: {
      summary: "Jigasi's conference mapper: conference name ↔ dial-in PIN",
      parameters: [query("conference", "Conference name"), query("id", "Dial-in PIN")],
      responses: { 200: "{ conference, id }", 404: "Unknown" },
    },
  },
  "/api/v1/jitsi/dial-in-numbers": {
    get: { summary: "Jitsi's dial-in numbers", responses: { 200: "The configured numbers" } },
  },
  ...Object.fromEntries(
    EVENT_SYNC_KINDS.map((kind) => [
      `/api/v1/jitsi/events/${kind}`,
      {
        post: {
          summary: `Prosody's event-sync webhook: ${kind}`,
          security: "events",
          body: anyJson("The event as mod_event_sync_component sends it"),
          responses: { 200: "Handled", 400: "Malformed", 401: "No token", 403: "Wrong token" },
        },
      },
    ]),
  ),
  "/api/v1/meetings/{id}/attendance.csv": {
    get: {
      summary: "A meeting's attendance as CSV, through a signed link",
      parameters: [path("id", "Meeting id"), ...signed, query("for", "The holder the link was made for")],
      produces: "text/csv",
      responses: { 200: "CSV", 404: "Unknown, expired or forged link" },
    },
  },
  "/api/v1/session": {
    post: {
      summary: `${WIDGET}: exchange an OpenID token for a session`,
      body: anyJson("{ openid_token, matrix_server_name }"),
      responses: {
        200: "{ token, user_id, expires_in }",
        400: "Malformed",
        401: "Invalid OpenID token",
        403: "Refused",
      },
    },
  },
  "/api/v1/rooms/{roomId}/meetings": {
    get: {
      summary: `${WIDGET}: a room's meetings`,
      security: "session",
      parameters: [path("roomId", "Room id")],
      responses: { 200: "{ meetings }", 401: "No session", 403: "Not a member" },
    },
  },
  "/api/v1/rooms/{roomId}/members": {
    get: {
      summary: `${WIDGET}: a room's joined members`,
      security: "session",
      parameters: [path("roomId", "Room id")],
      responses: { 200: "{ members }", 401: "No session", 403: "Not a member" },
    },
  },
  "/api/v1/rooms/{roomId}/council": {
    get: {
      summary: `${CALL}: the caller's view of the room's council call`,
      security: "session",
      parameters: [path("roomId", "Room id")],
      responses: {
        200: "{ podium, floor, waiting, hand_raised, may_moderate, participants, whisper_groups, listen }",
        401: "No session",
        403: "Not a member",
      },
    },
  },
  "/api/v1/rooms/{roomId}/council/hand": {
    post: {
      summary: `${CALL}: raise or lower the caller's hand (the list of speakers, as !meet speak / withdraw)`,
      security: "session",
      parameters: [path("roomId", "Room id")],
      body: anyJson("{ raised }"),
      responses: {
        200: "The view",
        400: "Malformed, or the meeting is not live",
        401: "No session",
        403: "Not a member",
        404: "Not a meeting room",
      },
    },
  },
  "/api/v1/rooms/{roomId}/council/presence": {
    post: {
      summary: `${CALL}: the caller's Jitsi participant id in the room's conference`,
      security: "session",
      parameters: [path("roomId", "Room id")],
      body: anyJson("{ participant_id }"),
      responses: { 200: "The view", 400: "Malformed", 401: "No session", 403: "Not a member" },
    },
  },
  "/api/v1/rooms/{roomId}/council/podium": {
    post: {
      summary: `${CALL}: change the podium (room moderators, as !meet podium)`,
      security: "session",
      parameters: [path("roomId", "Room id")],
      body: anyJson("{ enabled?, add?, remove? }"),
      responses: {
        200: "The view",
        400: "Malformed, or a change the podium refuses",
        401: "No session",
        403: "Not a member or not a moderator",
        404: "Not a meeting room",
      },
    },
  },
  "/api/v1/rooms/{roomId}/recordings": {
    get: {
      summary: `${WIDGET}: recordings posted in a room`,
      security: "session",
      parameters: [path("roomId", "Room id")],
      responses: { 200: "{ recordings }", 401: "No session", 403: "Not a member" },
    },
  },
  "/api/v1/meetings": {
    get: {
      summary: `${WIDGET}: the caller's meetings and their occurrences`,
      security: "session",
      parameters: [query("from", "ISO date"), query("to", "ISO date, at most 400 days after from")],
      responses: { 200: "{ meetings, occurrences }", 400: "Bad range", 401: "No session" },
    },
    post: {
      summary: `${WIDGET}: schedule a meeting`,
      security: "session",
      body: anyJson(
        "{ room_id, title, start, duration?, rrule?, until?, participants?, description?, timezone? }",
      ),
      responses: { 201: "{ meeting }", 400: "Bad input", 401: "No session", 403: "Not allowed" },
    },
  },
  "/api/v1/meetings/{id}": {
    get: {
      summary: `${WIDGET}: one meeting`,
      security: "session",
      parameters: [path("id", "Meeting id")],
      responses: { 200: "{ meeting }", 401: "No session", 404: "Unknown or not visible" },
    },
    patch: {
      summary: `${WIDGET}: move, edit, invite, uninvite`,
      security: "session",
      parameters: [path("id", "Meeting id")],
      body: anyJson("{ title?, description?, duration?, start?, timezone?, invite?, uninvite? }"),
      responses: {
        200: "{ meeting }",
        400: "Bad input",
        401: "No session",
        403: "Not allowed",
        404: "Unknown",
      },
    },
    delete: {
      summary: `${WIDGET}: cancel a meeting`,
      security: "session",
      parameters: [path("id", "Meeting id")],
      responses: { 200: "{ meeting }", 401: "No session", 403: "Not allowed", 404: "Unknown" },
    },
  },
  "/api/v1/meetings/{id}/occurrences/{date}": {
    patch: {
      summary: `${WIDGET}: move one date of a series (as !meet move <id> <date> to <when>)`,
      security: "session",
      parameters: [path("id", "Meeting id"), path("date", "yyyy-MM-dd")],
      body: anyJson("{ start, timezone? }"),
      responses: {
        200: "{ meeting }",
        400: "Bad date or time",
        401: "No session",
        403: "Not allowed",
        404: "Unknown",
      },
    },
    delete: {
      summary: `${WIDGET}: cancel one date of a series`,
      security: "session",
      parameters: [path("id", "Meeting id"), path("date", "yyyy-MM-dd")],
      responses: {
        200: "{ meeting }",
        400: "Bad date",
        401: "No session",
        403: "Not allowed",
        404: "Unknown",
      },
    },
  },
  "/api/v1/service/meetings": {
    post: {
      summary: "Service API: create a meeting for a user the service acts for",
      security: "service",
      parameters: [
        header(
          "Idempotency-Key",
          "1 to 255 visible characters; the same key again returns the same meeting for seven days after its first use, after which the key is deleted",
          true,
        ),
      ],
      body: schemaOf(serviceMeetingCreateSchema, "input"),
      result: schemaOf(serviceMeetingSchema, "output"),
      responses: {
        200: "The meeting an earlier request with this Idempotency-Key made",
        201: "Created",
        400: "Bad body or missing Idempotency-Key (errcode M_BAD_JSON, M_INVALID_PARAM or M_MISSING_PARAM; nothing created)",
        401: "Missing (M_UNAUTHORIZED) or unknown (M_UNKNOWN_TOKEN) token",
        403: "act_for does not name as_user, or as_user may not create meetings",
        404: "No services configured",
        409: "A request with this Idempotency-Key is still being processed",
        422: "This Idempotency-Key was used for a different request",
      },
    },
  },
  "/api/v1/service/meetings/{id}": {
    patch: {
      summary: "Service API: move or edit a meeting, invite or uninvite people",
      security: "service",
      parameters: [path("id", "Meeting id")],
      body: schemaOf(serviceMeetingUpdateSchema, "input"),
      result: schemaOf(serviceMeetingSchema, "output"),
      responses: {
        200: "Changed",
        400: "Bad body",
        401: "Missing or unknown token",
        403: "act_for does not name the user, or the user may not edit the meeting",
        404: "Unknown meeting, or one the user may not see",
      },
    },
    delete: {
      summary: "Service API: cancel a meeting",
      security: "service",
      parameters: [path("id", "Meeting id"), query("as_user", "Who cancels; default the organizer")],
      result: schemaOf(serviceMeetingSchema, "output"),
      responses: {
        200: "Cancelled",
        401: "Missing or unknown token",
        403: "act_for does not name the user, or the user may not edit the meeting",
        404: "Unknown meeting",
      },
    },
  },
  "/guest/{token}": {
    get: {
      summary: "The guest page of a guest link",
      parameters: [path("token", "Guest link token")],
      produces: "text/html",
      responses: { 200: "The page", 404: "Unknown, expired or revoked link" },
    },
    post: {
      summary: "A guest asks to join: a call token for Jitsi's lobby",
      parameters: [path("token", "Guest link token")],
      body: anyJson("{ name }"),
      responses: { 200: "{ url }", 400: "Bad name", 404: "Unknown link", 429: "Too many requests" },
    },
  },
  "/_matrix/app/v1/transactions/{txnId}": {
    put: {
      summary: "Appservice listener: the homeserver pushes a transaction of events",
      security: "homeserver",
      parameters: [path("txnId", "Transaction id")],
      body: anyJson("{ events: [...] }"),
      responses: { 200: "Stored", 401: "No token", 403: "Wrong token", 503: "Could not store; retry" },
    },
  },
  "/_matrix/app/v1/ping": {
    post: {
      summary: "Appservice listener: the homeserver's ping",
      security: "homeserver",
      responses: { 200: "{}" },
    },
  },
  "/_matrix/app/v1/users/{userId}": {
    get: {
      summary: "Appservice listener: user query (always unknown)",
      security: "homeserver",
      parameters: [path("userId", "User id")],
      responses: { 404: "Unknown" },
    },
  },
  "/_matrix/app/v1/rooms/{alias}": {
    get: {
      summary: "Appservice listener: alias query (always unknown)",
      security: "homeserver",
      parameters: [path("alias", "Room alias")],
      responses: { 404: "Unknown" },
    },
  },
};

const SECURITY_SCHEMES: Record<Security, Json> = {
  service: { type: "http", scheme: "bearer", description: "A token from `services[].token`" },
  session: { type: "http", scheme: "bearer", description: "A widget session from POST /api/v1/session" },
  uvs: { type: "http", scheme: "bearer", description: "`jitsi.uvs_token`" },
  events: { type: "http", scheme: "bearer", description: "`jitsi.events_token`" },
  recordings: { type: "http", scheme: "bearer", description: "`jitsi.recordings_token`" },
  metrics: { type: "http", scheme: "bearer", description: "`metrics.token`" },
  homeserver: {
    type: "http",
    scheme: "bearer",
    description: "`appservice.hs_token` (the appservice listener's port)",
  },
  link: { type: "apiKey", in: "query", name: "sig", description: "A signed link" },
};

const ERROR: Json = {
  type: "object",
  required: ["errcode", "error"],
  properties: {
    errcode: { type: "string", description: "M_… code (core/http/errors.ts)" },
    error: { type: "string" },
  },
};

function operationObject(operation: Operation): Json {
  const responses = Object.fromEntries(
    Object.entries(operation.responses).map(([status, description]) => {
      const success = status.startsWith("2");
      const content = success
        ? operation.produces
          ? { [operation.produces]: {} }
          : { "application/json": { schema: operation.result ?? { type: "object" } } }
        : { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };
      return [status, { description, content }];
    }),
  );
  return {
    summary: operation.summary,
    ...(operation.security ? { security: [{ [operation.security]: [] }] } : {}),
    ...(operation.parameters ? { parameters: operation.parameters } : {}),
    ...(operation.body
      ? { requestBody: { required: true, content: { "application/json": { schema: operation.body } } } }
      : {}),
    responses,
  };
}

export function openApiDocument(): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "Plenum HTTP API",
      version: "1",
      description:
        "Every route of Plenum's public HTTP server (http.port) and of the appservice listener " +
        "(appservice.port). Generated by `npm run openapi` from app/openapi-document.ts; the service " +
        "API's bodies from the zod schemas it validates with (bridge/http/service-schemas.ts). The " +
        "widgets' static files under /widgets/ are not listed. Errors have the Matrix error body.",
    },
    paths: Object.fromEntries(
      Object.entries(operations).map(([route, methods]) => [
        route,
        Object.fromEntries(Object.entries(methods).map(([method, op]) => [method, operationObject(op)])),
      ]),
    ),
    components: { schemas: { Error: ERROR }, securitySchemes: SECURITY_SCHEMES },
  };
}

/** The OpenAPI path of an Express route path (`/a/:id.ics` → `/a/{id}.ics`). */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, "{$1}");
}

/**
 * Payloads of jitsi-contrib's `event_sync_component`, which Prosody POSTs to
 * `{api_prefix}/events/{room/created, room/destroyed, occupant/joined, occupant/left}`.
 *
 * Trust boundary: the bodies arrive over the network. The caller admits only requests with the
 * configured events bearer token; even then every value is checked here before Plenum acts on it, and
 * a room name only leads to a Matrix room if it decodes to one.
 *
 * Values are typed the project's way: camelCase, times in epoch milliseconds (Prosody sends seconds,
 * and dominant-speaker time in milliseconds already).
 */
import { roomIdForConference } from "../../core/meetings/conference.js";

export const EVENT_SYNC_KINDS = [
  "room/created",
  "room/destroyed",
  "occupant/joined",
  "occupant/left",
] as const;
export type EventSyncKind = (typeof EVENT_SYNC_KINDS)[number];

const EVENT_NAMES: Readonly<Record<EventSyncKind, string>> = {
  "room/created": "muc-room-created",
  "room/destroyed": "muc-room-destroyed",
  "occupant/joined": "muc-occupant-joined",
  "occupant/left": "muc-occupant-left",
};

/** For a breakout room, `name` and `jid` are those of its main room. */
export interface EventSyncRoom {
  name: string;
  jid: string;
  breakoutRoomId: string | null;
}

/**
 * Someone in the conference, keyed by their real JID. `name`, `email` and `id` come from their token's
 * `context.user` and are absent for guests and for hidden participants such as Jibri.
 */
export interface EventSyncOccupant {
  jid: string;
  joinedAt: number;
  leftAt?: number;
  name?: string;
  email?: string;
  id?: string;
  dominantSpeakerMs?: number;
}

export type EventSyncEvent =
  | { kind: "room/created"; room: EventSyncRoom; createdAt: number }
  | {
      kind: "room/destroyed";
      room: EventSyncRoom;
      createdAt: number;
      destroyedAt: number;
      occupants: EventSyncOccupant[];
    }
  | { kind: "occupant/joined"; room: EventSyncRoom; activeOccupants: number; occupant: EventSyncOccupant }
  | {
      kind: "occupant/left";
      room: EventSyncRoom;
      activeOccupants: number;
      occupant: EventSyncOccupant & { leftAt: number };
    };

export type EventSyncParse = { ok: true; event: EventSyncEvent } | { ok: false; problems: string[] };

export function parseEventSyncPayload(kind: EventSyncKind, body: unknown): EventSyncParse {
  if (!isObject(body)) return { ok: false, problems: ["body: expected a JSON object"] };
  const problems: string[] = [];
  const fields = reader(body, "", problems);
  const eventName = fields.text("event_name");
  if (eventName && eventName !== EVENT_NAMES[kind]) {
    problems.push(`event_name: expected ${EVENT_NAMES[kind]} on ${kind}, got ${eventName}`);
  }
  const event = readEvent(kind, fields, problems);
  return problems.length === 0 ? { ok: true, event } : { ok: false, problems };
}

/** The conference a `room_name` stands for, as Prosody names it: lower case, without a `@<muc>` part. */
export function conferenceFromRoomName(roomName: string): string {
  const at = roomName.indexOf("@");
  return (at === -1 ? roomName : roomName.slice(0, at)).toLowerCase();
}

/** The Matrix room whose conference this is; undefined for rooms not named after a Matrix room. */
export function roomIdForEventRoomName(roomName: string): string | undefined {
  return roomIdForConference(conferenceFromRoomName(roomName));
}

function readEvent(kind: EventSyncKind, fields: Reader, problems: string[]): EventSyncEvent {
  const room = readRoom(fields);
  switch (kind) {
    case "room/created":
      return { kind, room, createdAt: fields.seconds("created_at") };
    case "room/destroyed":
      return {
        kind,
        room,
        createdAt: fields.seconds("created_at"),
        destroyedAt: fields.seconds("destroyed_at"),
        occupants: readOccupantList(fields.raw("all_occupants"), problems),
      };
    case "occupant/joined":
      return {
        kind,
        room,
        activeOccupants: fields.count("active_occupants_count"),
        occupant: readOccupant(fields.raw("occupant"), "occupant.", problems),
      };
    case "occupant/left": {
      const occupant = readOccupant(fields.raw("occupant"), "occupant.", problems);
      if (occupant.leftAt === undefined) problems.push("occupant.left_at: missing");
      return {
        kind,
        room,
        activeOccupants: fields.count("active_occupants_count"),
        occupant: { ...occupant, leftAt: occupant.leftAt ?? 0 },
      };
    }
  }
}

function readRoom(fields: Reader): EventSyncRoom {
  const name = fields.text("room_name");
  const jid = fields.text("room_jid");
  const isBreakout = fields.flag("is_breakout");
  return { name, jid, breakoutRoomId: isBreakout ? fields.text("breakout_room_id") : null };
}

// Prosody's JSON encoder writes an empty Lua table as an object, so no occupants arrive as `{}`.
function readOccupantList(value: unknown, problems: string[]): EventSyncOccupant[] {
  if (value === undefined) {
    problems.push("all_occupants: missing");
    return [];
  }
  if (isObject(value) && Object.keys(value).length === 0) return [];
  if (!Array.isArray(value)) {
    problems.push("all_occupants: expected a list");
    return [];
  }
  return value.map((item, index) => readOccupant(item, `all_occupants[${index}].`, problems));
}

function readOccupant(value: unknown, prefix: string, problems: string[]): EventSyncOccupant {
  if (!isObject(value)) {
    problems.push(`${prefix.slice(0, -1)}: ${value === undefined ? "missing" : "expected an object"}`);
    return { jid: "", joinedAt: 0 };
  }
  const fields = reader(value, prefix, problems);
  const occupant: EventSyncOccupant = {
    jid: fields.text("occupant_jid"),
    joinedAt: fields.seconds("joined_at"),
  };
  const leftAt = fields.optionalSeconds("left_at");
  const name = fields.optionalText("name");
  const email = fields.optionalText("email");
  const id = fields.optionalText("id");
  const dominantSpeakerMs = fields.optionalCount("total_dominant_speaker_time");
  // Keys stay absent rather than undefined, so events compare and serialise like the payloads.
  if (leftAt !== undefined) occupant.leftAt = leftAt;
  if (name !== undefined) occupant.name = name;
  if (email !== undefined) occupant.email = email;
  if (id !== undefined) occupant.id = id;
  if (dominantSpeakerMs !== undefined) occupant.dominantSpeakerMs = dominantSpeakerMs;
  return occupant;
}

type Reader = ReturnType<typeof reader>;

/**
 * Typed access to one object's keys. A missing or mistyped required key adds a problem and yields a
 * placeholder, so one pass reports every problem; the placeholders never leave this module.
 */
function reader(object: Record<string, unknown>, prefix: string, problems: string[]) {
  function optional<T>(key: string, guard: (value: unknown) => value is T, expected: string): T | undefined {
    const value = object[key];
    if (value === undefined || guard(value)) return value as T | undefined;
    problems.push(`${prefix}${key}: expected ${expected}`);
    return undefined;
  }
  function required<T>(
    key: string,
    guard: (value: unknown) => value is T,
    expected: string,
    placeholder: T,
  ): T {
    if (object[key] === undefined) {
      problems.push(`${prefix}${key}: missing`);
      return placeholder;
    }
    return optional(key, guard, expected) ?? placeholder;
  }
  const toMillis = (seconds: number) => seconds * 1000;
  return {
    raw: (key: string): unknown => object[key],
    text: (key: string) => required(key, isText, "a non-empty string", ""),
    optionalText: (key: string) => optional(key, isString, "a string"),
    flag: (key: string) => required(key, isBoolean, "true or false", false),
    count: (key: string) => required(key, isCount, "a whole number", 0),
    optionalCount: (key: string) => optional(key, isCount, "a whole number"),
    seconds: (key: string) => toMillis(required(key, isCount, "Unix seconds", 0)),
    optionalSeconds: (key: string) => {
      const value = optional(key, isCount, "Unix seconds");
      return value === undefined ? undefined : toMillis(value);
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

function isBoolean(value: unknown): value is boolean {
  return typeof value === "boolean";
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

// Power levels as Synapse enforces them (synapse/event_auth.py). Where the spec text and Synapse
// disagree, Synapse wins: it is the server that accepts or refuses what the bot sends.

/** Room admins, as Synapse's presets make the creator and as Plenum makes organizers by default. */
export const ADMIN_POWER = 100;
/** Room moderators: Synapse's default level for state events, kicks, bans and redactions. */
export const MODERATOR_POWER = 50;
/** The levels a meeting's organizer may be given in its rooms. */
export const ORGANIZER_POWERS = [ADMIN_POWER, MODERATOR_POWER] as const;
export type OrganizerPower = (typeof ORGANIZER_POWERS)[number];

export interface RoomVersionFeatures {
  /** Levels must be JSON integers; strings and booleans are refused (v10, MSC3667). */
  readonly integerPowerLevels: boolean;
  /** Creators outrank everyone and may not appear in `users` (v12, MSC4289). */
  readonly creatorsHaveInfinitePower: boolean;
  /** The `restricted` join rule exists (v8, MSC3083). */
  readonly restrictedJoins: boolean;
  /** The creator is the create event's sender, not `content.creator` (v11, MSC2175). */
  readonly implicitRoomCreator: boolean;
}

export class UnsupportedRoomVersionError extends Error {
  constructor(readonly roomVersion: string) {
    super(`Unsupported room version ${JSON.stringify(roomVersion)}`);
    this.name = "UnsupportedRoomVersionError";
  }
}

const V1: RoomVersionFeatures = {
  integerPowerLevels: false,
  creatorsHaveInfinitePower: false,
  restrictedJoins: false,
  implicitRoomCreator: false,
};
const V8: RoomVersionFeatures = { ...V1, restrictedJoins: true };
const V10: RoomVersionFeatures = { ...V8, integerPowerLevels: true };
const V11: RoomVersionFeatures = { ...V10, implicitRoomCreator: true };
const V12: RoomVersionFeatures = { ...V11, creatorsHaveInfinitePower: true };

// Every version in Synapse's RoomVersions. msc1767.10 and msc4242.12 are only offered when their
// experimental flag is on, and msc3389.10 never is, but rooms of those versions can still be met.
const ROOM_VERSIONS: ReadonlyMap<string, RoomVersionFeatures> = new Map([
  ...["1", "2", "3", "4", "5", "6", "7"].map((id) => [id, V1] as const),
  ["8", V8],
  ["9", V8],
  ["10", V10],
  ["org.matrix.msc1767.10", V10],
  ["org.matrix.msc3389.10", V10],
  ["org.matrix.msc3757.10", V10],
  ["11", V11],
  ["org.matrix.msc3757.11", V11],
  ["org.matrix.hydra.11", V12],
  ["12", V12],
  ["org.matrix.msc4242.12", V12],
]);

/** Throws UnsupportedRoomVersionError rather than guess the rules of a version Synapse does not know. */
export function roomVersionFeatures(roomVersion: string): RoomVersionFeatures {
  const features = ROOM_VERSIONS.get(roomVersion);
  if (!features) throw new UnsupportedRoomVersionError(roomVersion);
  return features;
}

export interface PowerLevels {
  /** False when the room has no m.room.power_levels event at all. */
  readonly exists: boolean;
  readonly users: ReadonlyMap<string, number>;
  readonly usersDefault: number;
  readonly events: ReadonlyMap<string, number>;
  readonly eventsDefault: number;
  readonly stateDefault: number;
  readonly invite: number;
  readonly kick: number;
  readonly ban: number;
  readonly redact: number;
  readonly notifications: { readonly room: number };
}

export type PowerLevelAction = "invite" | "kick" | "ban" | "redact";

/**
 * `content` is undefined when the room has no power-levels event. A level Synapse could not read is
 * treated as absent, so its default applies.
 */
export function parsePowerLevels(content: unknown, roomVersion: string): PowerLevels {
  const { integerPowerLevels } = roomVersionFeatures(roomVersion);
  const fields = objectOf(content);
  const level = (from: Record<string, unknown>, key: string, fallback: number): number =>
    toLevel(own(from, key), integerPowerLevels) ?? fallback;
  const levels = (key: string): ReadonlyMap<string, number> => {
    const entries = Object.entries(objectOf(own(fields, key))).flatMap(([name, value]) => {
      const parsed = toLevel(value, integerPowerLevels);
      return parsed === undefined ? [] : [[name, parsed] as const];
    });
    return new Map(entries);
  };
  // state_default is 50 even without a power-levels event: Synapse's get_send_level falls back to
  // 50 for an absent event too, and the spec text saying 0 was removed (matrix-spec#1479).
  return {
    exists: content !== undefined,
    users: levels("users"),
    usersDefault: level(fields, "users_default", 0),
    events: levels("events"),
    eventsDefault: level(fields, "events_default", 0),
    stateDefault: level(fields, "state_default", MODERATOR_POWER),
    invite: level(fields, "invite", 0),
    kick: level(fields, "kick", MODERATOR_POWER),
    ban: level(fields, "ban", MODERATOR_POWER),
    redact: level(fields, "redact", MODERATOR_POWER),
    notifications: { room: level(objectOf(own(fields, "notifications")), "room", MODERATOR_POWER) },
  };
}

export interface CreateEvent {
  readonly sender: string;
  readonly content: unknown;
}

/** The users the room version treats as the room's creators (synapse/events is_creator). */
export function roomCreators(create: CreateEvent, roomVersion: string): string[] {
  const features = roomVersionFeatures(roomVersion);
  const content = objectOf(create.content);
  if (!features.implicitRoomCreator) {
    const creator = own(content, "creator");
    return typeof creator === "string" ? [creator] : [];
  }
  if (!features.creatorsHaveInfinitePower) return [create.sender];
  const additional = own(content, "additional_creators");
  const extra = Array.isArray(additional)
    ? additional.filter((id): id is string => typeof id === "string")
    : [];
  return [create.sender, ...extra];
}

export interface UserLevelQuery {
  readonly powerLevels: PowerLevels;
  readonly create: CreateEvent;
  readonly roomVersion: string;
  readonly userId: string;
}

/** Infinity for creators in creator-power versions, where Synapse uses 2**53 to the same effect. */
export function userLevel({ powerLevels, create, roomVersion, userId }: UserLevelQuery): number {
  const isCreator = roomCreators(create, roomVersion).includes(userId);
  if (isCreator && roomVersionFeatures(roomVersion).creatorsHaveInfinitePower) return Infinity;
  if (powerLevels.exists) return powerLevels.users.get(userId) ?? powerLevels.usersDefault;
  return isCreator ? ADMIN_POWER : 0;
}

export function requiredLevelForEvent(powerLevels: PowerLevels, eventType: string, isState: boolean): number {
  return (
    powerLevels.events.get(eventType) ?? (isState ? powerLevels.stateDefault : powerLevels.eventsDefault)
  );
}

export function requiredLevel(powerLevels: PowerLevels, action: PowerLevelAction): number {
  return powerLevels[action];
}

export interface ActOnQuery {
  readonly actorLevel: number;
  readonly targetLevel: number;
  readonly requiredLevel: number;
}

/** The kick and ban rule: enough power for the action, and strictly more than the target. */
export function canActOn({ actorLevel, targetLevel, requiredLevel }: ActOnQuery): boolean {
  return actorLevel >= requiredLevel && actorLevel > targetLevel;
}

export interface PowerLevelChange {
  readonly current: PowerLevels;
  readonly next: PowerLevels;
  readonly create: CreateEvent;
  readonly roomVersion: string;
  readonly botUserId: string;
}

/**
 * False when `next` would lower the bot's own level, or would alter a user the bot does not
 * outrank. A demoted bot cannot undo its mistake, and the rest Synapse would refuse anyway.
 */
export function isSafePowerLevelChange({
  current,
  next,
  create,
  roomVersion,
  botUserId,
}: PowerLevelChange): boolean {
  const levelIn = (powerLevels: PowerLevels, userId: string): number =>
    userLevel({ powerLevels, create, roomVersion, userId });
  const botLevel = levelIn(current, botUserId);
  if (levelIn(next, botUserId) < botLevel) return false;

  const creators = roomCreators(create, roomVersion);
  if (
    roomVersionFeatures(roomVersion).creatorsHaveInfinitePower &&
    creators.some((id) => next.users.has(id))
  ) {
    return false;
  }

  const untouchable = (before: number, after: number): boolean => before >= botLevel || after > botLevel;
  const others = new Set([...current.users.keys(), ...next.users.keys(), ...creators]);
  others.delete(botUserId);
  for (const userId of others) {
    // Rewriting an entry counts even when the effective level stays put, as in Synapse's
    // _check_power_levels: dropping a peer's entry in favour of an equal users_default is refused.
    const touched =
      current.users.get(userId) !== next.users.get(userId) ||
      levelIn(current, userId) !== levelIn(next, userId);
    if (touched && untouchable(levelIn(current, userId), levelIn(next, userId))) return false;
  }
  // Everyone without an entry moves with users_default.
  const unlistedBefore = current.exists ? current.usersDefault : 0;
  return unlistedBefore === next.usersDefault || !untouchable(unlistedBefore, next.usersDefault);
}

function toLevel(value: unknown, integerOnly: boolean): number | undefined {
  if (integerOnly) return typeof value === "number" && Number.isSafeInteger(value) ? value : undefined;
  return pythonInt(value);
}

// Before v10 Synapse reads every level with Python's int(), so that is the grammar to reproduce.
function pythonInt(value: unknown): number | undefined {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) + 0 : undefined;
  if (typeof value === "string") return pythonIntFromString(value);
  return undefined;
}

// int() strips Python's whitespace, which unlike String.prototype.trim's includes U+0085 and not the
// BOM; takes an optional sign and any Unicode decimal digits with single underscores between them;
// and refuses more than 4300 digits (Python's default int_max_str_digits).
const PY_SPACE = "[\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*";
const PY_INT = new RegExp(`^${PY_SPACE}([+-]?)(\\p{Nd}+(?:_\\p{Nd}+)*)${PY_SPACE}$`, "u");
const PY_MAX_DIGITS = 4300;
const DECIMAL_DIGIT = /^\p{Nd}$/u;

function pythonIntFromString(text: string): number | undefined {
  const match = PY_INT.exec(text);
  if (!match) return undefined;
  const digits = [...(match[2] ?? "").replaceAll("_", "")];
  if (digits.length > PY_MAX_DIGITS) return undefined;
  return Number(`${match[1] ?? ""}${digits.map(decimalValue).join("")}`) + 0;
}

// Unicode allocates decimal digits in runs of ten starting at zero (a stability guarantee), so a
// digit's value is its distance from the start of its run, modulo ten where runs abut.
function decimalValue(digit: string): number {
  const codePoint = digit.codePointAt(0) ?? 0;
  let zero = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return (codePoint - zero) % 10;
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

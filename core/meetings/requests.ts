import type { ConfigSlice } from "../config/slice.js";
import { UserError } from "../errors/user-error.js";
import type { Locale } from "../i18n/translate.js";
import { isConformingUserId, isRoomAlias, isRoomId, isUserId } from "../matrix/ids.js";
import type { PolicyService } from "../policy/policy.js";
import { hasControlCharacter } from "../text/control-characters.js";
import {
  cancelMeeting,
  cancelOccurrence,
  changeMeetingDetails,
  inviteToMeeting,
  moveMeeting,
  moveOccurrence,
  uninviteFromMeeting,
  type CancelDeps,
  type CancelOccurrenceDeps,
  type DetailsDeps,
  type InviteDeps,
  type MoveDeps,
  type MoveOccurrenceDeps,
  type UninviteDeps,
} from "./changes.js";
import { parseDuration } from "./duration.js";
import type { Meeting } from "./model.js";
import type { ParticipantSpec } from "./participants.js";
import { ruleFromKeyword, withUntil } from "./recurrence.js";
import { scheduleMeeting, type ScheduleDeps, type Scheduled } from "./schedule.js";
import { parseDate, parseOccurrenceDate, parseWhen } from "./when.js";

/**
 * Meeting operations from fields as people type them. The `!meet` commands and the widget API both
 * call these, so the same input gets the same answer (and the same translated error) from either.
 */

export const MAX_TITLE_LENGTH = 200;

/** The one check of a meeting title, whether it comes from the chat or the widget API. */
export function checkTitle(text: string): string {
  const title = text.trim();
  if (!title) throw new UserError("schedule.missing_title");
  // The chat refuses a command with a line break; a title from the API must not carry one either.
  if (hasControlCharacter(title)) throw new UserError("schedule.title_control_characters");
  const length = [...title].length;
  if (length > MAX_TITLE_LENGTH) {
    throw new UserError("schedule.title_too_long", { length, max: MAX_TITLE_LENGTH });
  }
  return title;
}

/**
 * Users (`@user:server`), rooms (`!room:server`, or `!hash` in room version 12) and aliases
 * (`#alias:server`), separated by spaces or commas. People's ids are taken in today's grammar only:
 * a homeserver gives no new user another, and an upper-case letter is a typing mistake.
 */
export function parseParticipants(text: string): string[] {
  const participants = text.split(/[\s,]+/).filter((value) => value !== "");
  for (const value of participants) {
    if (!isParticipant(value)) {
      throw new UserError("schedule.bad_participant", { value, example: "@alice:example.org" });
    }
  }
  return [...new Set(participants)];
}

function isParticipant(value: string): boolean {
  return isConformingUserId(value) || isRoomId(value) || isRoomAlias(value);
}

/** Named participants split into people and rooms (whose joined members are meant). */
export function participantSpec(named: string[]): ParticipantSpec {
  return { users: named.filter(isUserId), rooms: named.filter((p) => !isUserId(p)) };
}

export interface ScheduleFields {
  title: string;
  when: string;
  duration?: string;
  rule?: string;
  until?: string;
  participants: string[];
  description?: string | null;
}

export interface Actor {
  userId: string;
  /** The zone in which the actor's typed times are read. */
  zone: string;
  locale: Locale;
  /** The room the actor typed a command in, where its answer stands (none from the widget API). */
  typedIn?: string;
}

/** Whether the user may schedule at all, asked before any request of theirs is parsed. */
export async function ensureMayCreate(
  deps: { policy: Pick<PolicyService, "mayCreate"> },
  userId: string,
): Promise<void> {
  if (!(await deps.policy.mayCreate(userId))) throw new UserError("meeting.not_a_creator");
}

export async function scheduleFromFields(
  deps: ScheduleDeps & {
    policy: Pick<PolicyService, "mayCreate">;
    config: ConfigSlice<{ meetings: "default_duration" }>;
  },
  fields: ScheduleFields,
  actor: Actor & { originRoomId: string; answeredInOrigin?: boolean },
): Promise<Scheduled> {
  // The permission first: a refused request costs no date parsing and no participant lookups.
  await ensureMayCreate(deps, actor.userId);
  const now = new Date(deps.clock.now());
  const start = parseWhen(fields.when, { now, timezone: actor.zone });
  const durationMinutes = fields.duration
    ? parseDuration(fields.duration)
    : deps.config.meetings.default_duration;
  let rrule = fields.rule ? ruleFromKeyword(fields.rule) : null;
  if (fields.until) {
    const until = parseDate(fields.until, { now, timezone: actor.zone });
    if (until.toMillis() < start.toMillis())
      throw new UserError("meeting.until_before_start", { until: fields.until });
    if (!rrule) throw new UserError("meeting.until_without_repeat");
    rrule = withUntil(rrule, until);
  }
  return scheduleMeeting(deps, {
    organizer: actor.userId,
    originRoomId: actor.originRoomId,
    title: fields.title,
    description: fields.description ?? null,
    start,
    durationMinutes,
    rrule,
    ...(fields.participants.length > 0 ? { participants: participantSpec(fields.participants) } : {}),
    locale: actor.locale,
    answeredInOrigin: actor.answeredInOrigin ?? false,
  });
}

export function moveTo(deps: MoveDeps, meeting: Meeting, when: string, actor: Actor): Promise<Meeting> {
  const start = parseWhen(when, { now: new Date(deps.clock.now()), timezone: actor.zone });
  return moveMeeting(deps, meeting, start.setZone(meeting.timezone), actor.userId, actor.typedIn);
}

/**
 * Moves one date of a series when the text reads "<date> to <when>" ("auf" in German), else the whole
 * meeting. Returns the day moved, if one was.
 */
export async function moveTyped(
  deps: MoveDeps & MoveOccurrenceDeps,
  meeting: Meeting,
  text: string,
  actor: Actor,
): Promise<{ meeting: Meeting; day?: string }> {
  const [, date, when] = /^(\S+)\s+(?:to|auf)\s+(.+)$/i.exec(text.trim()) ?? [];
  if (date === undefined || when === undefined) return { meeting: await moveTo(deps, meeting, text, actor) };
  return moveOccurrenceTo(deps, meeting, date, when, actor);
}

/**
 * Moves the occurrence of the series on the typed `date` to the typed `when` (both read in the
 * actor's zone): `!meet move <id> <date> to <when>` and the planner's "move this date" alike.
 */
export async function moveOccurrenceTo(
  deps: MoveOccurrenceDeps,
  meeting: Meeting,
  date: string,
  when: string,
  actor: Actor,
): Promise<{ meeting: Meeting; day: string }> {
  const now = new Date(deps.clock.now());
  const day = parseOccurrenceDate(date, { now, timezone: actor.zone });
  const start = parseWhen(when, { now, timezone: actor.zone }).setZone(meeting.timezone);
  return { meeting: await moveOccurrence(deps, meeting, day, start, actor.userId, actor.typedIn), day };
}

/** Cancels the whole meeting, or with a typed `date` one occurrence of its series; returns that day. */
export async function cancelTyped(
  deps: CancelDeps & CancelOccurrenceDeps,
  meeting: Meeting,
  date: string | undefined,
  actor: Actor,
): Promise<{ meeting: Meeting; day?: string }> {
  if (date === undefined) return { meeting: await cancelMeeting(deps, meeting, actor.userId, actor.typedIn) };
  const day = parseOccurrenceDate(date, { now: new Date(deps.clock.now()), timezone: actor.zone });
  return { meeting: await cancelOccurrence(deps, meeting, day, actor.userId, actor.typedIn), day };
}

export function inviteNamed(
  deps: InviteDeps,
  meeting: Meeting,
  named: string[],
  actor: Actor,
): Promise<string[]> {
  return inviteToMeeting(deps, meeting, participantSpec(named), actor.userId, actor.typedIn);
}

/** Only people can be removed; a room named here is refused like any other non-user. */
export function uninviteNamed(
  deps: UninviteDeps,
  meeting: Meeting,
  users: string[],
  actor: Actor,
): Promise<string[]> {
  const notUser = users.find((u) => !isUserId(u));
  if (notUser)
    throw new UserError("schedule.bad_participant", { value: notUser, example: "@jane:example.org" });
  return uninviteFromMeeting(deps, meeting, users, actor.userId, actor.typedIn);
}

/** A meeting's details as typed; each one present is read by the same parser as when scheduling. */
export interface DetailFields {
  title?: string;
  /** Empty text removes the description. */
  description?: string;
  duration?: string;
}

export function editDetails(
  deps: DetailsDeps,
  meeting: Meeting,
  fields: DetailFields,
  actor: Actor,
): Promise<Meeting> {
  return changeMeetingDetails(
    deps,
    meeting,
    {
      ...(fields.title !== undefined ? { title: checkTitle(fields.title) } : {}),
      ...(fields.description !== undefined ? { description: fields.description.trim() || null } : {}),
      ...(fields.duration !== undefined ? { durationMinutes: parseDuration(fields.duration) } : {}),
    },
    actor.userId,
    actor.typedIn,
  );
}

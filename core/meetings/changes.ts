import { DateTime } from "luxon";
import type { ConfigSlice } from "../config/slice.js";
import { UserError } from "../errors/user-error.js";
import { translate, type Locale } from "../i18n/translate.js";
import type {
  BotIdentity,
  MembershipReader,
  RoomInviter,
  RoomKicker,
  RoomStateWriter,
} from "../matrix/capabilities.js";
import type { PolicyService } from "../policy/policy.js";
import type { MeetingsRepository } from "../storage/meetings.js";
import { meetingCallWidget, type CallWidgetConfig } from "./call-widget.js";
import type { MeetingDeps } from "./deps.js";
import { formatMeetingTime, formatRange } from "./format.js";
import { widgetIdFor } from "./jitsi-widget.js";
import { lockRoom, type LockDeps } from "./lifecycle.js";
import type { Meeting, Occurrence } from "./model.js";
import {
  ensureAllowed,
  resolveParticipants,
  type AllowDeps,
  type ParticipantDeps,
  type ParticipantSpec,
} from "./participants.js";
import { occurrences } from "./recurrence.js";
import { withSeries } from "./rule-text.js";
import { dropPlannedJobs, planNextOccurrence, type DropDeps, type PlanDeps } from "./reminders.js";
import { announceChange, type ChangeNoticeDeps } from "./change-notices.js";
import { roomLocale } from "./room-language.js";
import { WIDGET_STATE } from "./room-state.js";
import { publishMeetingState, type MeetingStateDeps } from "./room-updates.js";

/** Every change: the row, the room's meeting state, the followers, and the notices (announceChange). */
type ChangeDeps = MeetingStateDeps &
  ChangeNoticeDeps &
  Pick<MeetingDeps, "clock" | "meetingChanged"> & {
    meetings: Pick<MeetingsRepository, "update">;
    config: ConfigSlice<{ i18n: "locale" }>;
  };

/** A change of time or length: the occurrence's jobs are planned again. */
type ReplanDeps = ChangeDeps & DropDeps & PlanDeps;

export type MoveDeps = ReplanDeps & { gateway: RoomStateWriter };

export type DetailsDeps = ReplanDeps & { gateway: BotIdentity & RoomStateWriter; config: CallWidgetConfig };

export type CancelDeps = ChangeDeps & DropDeps & LockDeps & { policy: Pick<PolicyService, "current"> };

export type CancelOccurrenceDeps = ReplanDeps;

export type MoveOccurrenceDeps = ReplanDeps;

export type InviteDeps = ChangeDeps &
  AllowDeps &
  ParticipantDeps & {
    meetings: Pick<MeetingsRepository, "addParticipants">;
    gateway: BotIdentity & RoomInviter;
  };

export type UninviteDeps = ChangeDeps & {
  meetings: Pick<MeetingsRepository, "removeParticipants">;
  gateway: MembershipReader & RoomKicker;
};

function ensureChangeable(meeting: Meeting): void {
  if (meeting.status === "cancelled") throw new UserError("meeting.cancelled_already", { id: meeting.id });
  if (meeting.status === "ended") throw new UserError("meeting.ended_already", { id: meeting.id });
}

async function save(deps: ChangeDeps, meeting: Meeting): Promise<Meeting> {
  const updated = { ...meeting, sequence: meeting.sequence + 1, updatedAt: deps.clock.now() };
  await deps.meetings.update(updated);
  await publishMeetingState(deps, updated);
  // A public session's audience follows every change of time or status, not only start and end.
  await deps.meetingChanged(updated);
  return updated;
}

export async function moveMeeting(
  deps: MoveDeps,
  meeting: Meeting,
  start: DateTime,
  actor: string,
  typedIn?: string,
): Promise<Meeting> {
  ensureChangeable(meeting);
  if (start.toMillis() <= deps.clock.now())
    throw new UserError("when.in_past", { text: start.toISO() ?? "" });
  const moved = await save(deps, {
    ...meeting,
    start: start.setZone(meeting.timezone).toISO({ suppressMilliseconds: true })!,
    exdates: [],
    overrides: [],
    status: "scheduled",
  });
  await dropPlannedJobs(deps, meeting.id);
  await planNextOccurrence(deps, moved);
  const locale = await roomLocale(deps, meeting.roomId!);
  const when = formatMeetingTime(moved, locale);
  await announceChange(deps, {
    before: meeting,
    after: moved,
    message: {
      key: "meeting.moved_notice",
      params: { title: moved.title, when: withSeries(moved, when, locale), user: actor },
    },
    what: "moved",
    typedIn,
  });
  return moved;
}

/** What differs between two versions of a meeting's details, one part of a sentence each. */
export function detailChanges(
  before: Meeting,
  after: Meeting,
  locale: Locale,
  zone = after.timezone,
): string[] {
  const said: string[] = [];
  if (after.title !== before.title)
    said.push(translate(locale, "meeting.edited.title", { title: after.title }));
  if (after.durationMinutes !== before.durationMinutes)
    said.push(translate(locale, "meeting.edited.duration", { when: formatMeetingTime(after, locale, zone) }));
  if (after.description !== before.description)
    said.push(
      translate(locale, after.description ? "meeting.edited.description" : "meeting.edited.no_description"),
    );
  return said;
}

/** New details of a meeting; a field left out stays as it is. */
export interface DetailChanges {
  title?: string;
  /** Null removes the description. */
  description?: string | null;
  durationMinutes?: number;
}

/**
 * Renames a meeting, changes its description or its length. The room's name follows the title and
 * its topic the new end time; one notice says what changed. Nothing differing is refused, so a
 * repeated request does not post the same notice twice.
 */
export async function changeMeetingDetails(
  deps: DetailsDeps,
  meeting: Meeting,
  changes: DetailChanges,
  actor: string,
  typedIn?: string,
): Promise<Meeting> {
  ensureChangeable(meeting);
  const next = { ...meeting, ...changes };
  const locale = await roomLocale(deps, meeting.roomId!);
  const said = detailChanges(meeting, next, locale);
  if (said.length === 0) throw new UserError("meeting.edit_unchanged", { id: meeting.id });
  const edited = await save(deps, next);
  if (edited.title !== meeting.title) {
    await deps.gateway.sendState(edited.roomId!, "m.room.name", "", { name: edited.title });
    // The call widget carries the title too (Jitsi shows it as the conference's name).
    await deps.gateway.sendState(
      edited.roomId!,
      WIDGET_STATE,
      widgetIdFor(edited.id),
      meetingCallWidget(deps.config, edited, deps.gateway.botUserId),
    );
  }
  if (edited.durationMinutes !== meeting.durationMinutes) {
    // Jobs planned at the end of an occurrence move with its length.
    await dropPlannedJobs(deps, meeting.id);
    await planNextOccurrence(deps, edited);
  }
  await announceChange(deps, {
    before: meeting,
    after: edited,
    message: {
      key: "meeting.edited_notice",
      params: { title: meeting.title, changes: said.join("; "), user: actor },
    },
    what: "edited",
    typedIn,
  });
  return edited;
}

export async function cancelMeeting(
  deps: CancelDeps,
  meeting: Meeting,
  actor: string,
  typedIn?: string,
): Promise<Meeting> {
  ensureChangeable(meeting);
  const cancelled = await save(deps, { ...meeting, status: "cancelled" });
  await dropPlannedJobs(deps, meeting.id);
  await announceChange(deps, {
    before: meeting,
    after: cancelled,
    message: { key: "meeting.cancelled_notice", params: { title: cancelled.title, user: actor } },
    what: "cancelled",
    typedIn,
  });
  if ((await deps.policy.current()).lock_on_cancel) await lockRoom(deps, cancelled.roomId!);
  return cancelled;
}

/** The occurrence of a series on `date` (YYYY-MM-DD in the meeting's zone), where it takes place now. */
function occurrenceOn(meeting: Meeting, date: string): Occurrence {
  if (!meeting.rrule) throw new UserError("meeting.not_a_series", { title: meeting.title, id: meeting.id });
  const day = DateTime.fromISO(date, { zone: meeting.timezone });
  const found = day.isValid
    ? occurrences(meeting, { from: day.startOf("day").toJSDate(), to: day.endOf("day").toJSDate() }).find(
        (o) => o.start >= day.startOf("day").toJSDate(),
      )
    : undefined;
  if (!found) throw new UserError("meeting.occurrence_not_found", { id: meeting.id, date });
  return found;
}

function isoIn(meeting: Meeting, time: Date | DateTime): string {
  const dateTime = time instanceof Date ? DateTime.fromJSDate(time) : time;
  return dateTime.setZone(meeting.timezone).toISO({ suppressMilliseconds: true })!;
}

/** Cancels the occurrence of a series that starts on `date` (YYYY-MM-DD in the meeting's zone). */
export async function cancelOccurrence(
  deps: CancelOccurrenceDeps,
  meeting: Meeting,
  date: string,
  actor: string,
  typedIn?: string,
): Promise<Meeting> {
  ensureChangeable(meeting);
  const found = occurrenceOn(meeting, date);
  // A date moved on its own is cancelled at its place in the rule (its RECURRENCE-ID), and its move
  // is dropped: calendars know it by that place, and it must no longer be met where it went.
  const moved = meeting.overrides.find((o) => DateTime.fromISO(o.start).toMillis() === found.start.getTime());
  const exdate = moved?.recurrenceId ?? isoIn(meeting, found.start);
  const updated = await save(deps, {
    ...meeting,
    exdates: [...meeting.exdates, exdate],
    overrides: meeting.overrides.filter((o) => o !== moved),
  });
  await dropPlannedJobs(deps, meeting.id);
  await planNextOccurrence(deps, updated);
  await announceChange(deps, {
    before: meeting,
    after: updated,
    message: {
      key: "meeting.occurrence_cancelled_notice",
      params: { title: meeting.title, date, user: actor },
    },
    what: "occurrence-cancelled",
    typedIn,
  });
  return updated;
}

/**
 * Moves the one occurrence of a series on `date` (YYYY-MM-DD in the meeting's zone) to `start`; the
 * rest of the series stays. Calendars get it as an overridden instance (RECURRENCE-ID), and its
 * reminders are planned for its new time.
 */
export async function moveOccurrence(
  deps: MoveOccurrenceDeps,
  meeting: Meeting,
  date: string,
  start: DateTime,
  actor: string,
  typedIn?: string,
): Promise<Meeting> {
  ensureChangeable(meeting);
  const found = occurrenceOn(meeting, date);
  const now = deps.clock.now();
  if (found.start.getTime() <= now) throw new UserError("meeting.occurrence_over", { date });
  if (start.toMillis() <= now) throw new UserError("when.in_past", { text: start.toISO() ?? "" });
  const foundStart = isoIn(meeting, found.start);
  // A date moved before keeps the place the rule gave it.
  const earlier = meeting.overrides.find(
    (o) => DateTime.fromISO(o.start).toMillis() === found.start.getTime(),
  );
  const recurrenceId = earlier?.recurrenceId ?? foundStart;
  const overrides = [
    ...meeting.overrides.filter((o) => o !== earlier),
    { recurrenceId, start: isoIn(meeting, start) },
  ];
  const updated = await save(deps, { ...meeting, overrides });
  await dropPlannedJobs(deps, meeting.id);
  await planNextOccurrence(deps, updated);
  const locale = await roomLocale(deps, meeting.roomId!);
  const when = formatRange(isoIn(meeting, start), meeting.durationMinutes, meeting.timezone, locale);
  await announceChange(deps, {
    before: meeting,
    after: updated,
    message: {
      key: "meeting.occurrence_moved_notice",
      params: { title: meeting.title, date, when, user: actor },
    },
    what: "occurrence-moved",
    typedIn,
  });
  return updated;
}

export async function inviteToMeeting(
  deps: InviteDeps,
  meeting: Meeting,
  spec: ParticipantSpec,
  actor: string,
  typedIn?: string,
): Promise<string[]> {
  ensureChangeable(meeting);
  const { max_participants: max } = await deps.policy.forRoom(meeting.roomId!);
  await ensureAllowed(deps, spec.users, meeting.roomId!);
  const resolved = await resolveParticipants(deps, spec, {
    originRoomId: meeting.originRoomId,
    organizer: meeting.organizer,
    requester: actor,
    isOwnUser: (u) => u === deps.gateway.botUserId,
    max,
  });
  const fresh = resolved.users.filter((u) => !meeting.participants.includes(u));
  if (fresh.length === 0) throw new UserError("meeting.nobody_to_invite", { id: meeting.id });
  await ensureAllowed(deps, fresh, meeting.roomId!);
  const total = meeting.participants.length + fresh.length;
  if (total > max) throw new UserError("meeting.too_many_participants", { count: total, max });
  await deps.meetings.addParticipants(meeting.id, fresh, deps.clock.now());
  const updated = await save(deps, { ...meeting, participants: [...meeting.participants, ...fresh] });
  for (const userId of fresh) await deps.gateway.invite(meeting.roomId!, userId);
  await announceChange(deps, {
    before: meeting,
    after: updated,
    message: { key: "meeting.invited_notice", params: { user: actor, title: meeting.title }, users: fresh },
    what: "invited",
    typedIn,
  });
  return fresh;
}

export async function uninviteFromMeeting(
  deps: UninviteDeps,
  meeting: Meeting,
  users: string[],
  actor: string,
  typedIn?: string,
): Promise<string[]> {
  ensureChangeable(meeting);
  if (users.includes(meeting.organizer)) throw new UserError("meeting.cannot_uninvite_organizer");
  const removed = await deps.meetings.removeParticipants(meeting.id, users);
  if (removed.length === 0) throw new UserError("meeting.nobody_to_uninvite", { id: meeting.id });
  const updated = await save(deps, {
    ...meeting,
    participants: meeting.participants.filter((u) => !removed.includes(u)),
  });
  const locale = await roomLocale(deps, meeting.roomId!);
  const members = new Set(await deps.gateway.joinedMembers(meeting.roomId!));
  for (const userId of removed) {
    // A pending invite is withdrawn the same way as a membership: by kicking.
    await deps.gateway
      .kick(meeting.roomId!, userId, translate(locale, "meeting.uninvite_reason", { user: actor }))
      .catch((error) => {
        if (members.has(userId)) throw error;
      });
  }
  await announceChange(deps, {
    before: meeting,
    after: updated,
    message: {
      key: "meeting.uninvited_notice",
      params: { user: actor, title: meeting.title },
      users: removed,
    },
    what: "uninvited",
    typedIn,
  });
  return removed;
}

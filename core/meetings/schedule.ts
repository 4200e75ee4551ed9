import type { DateTime } from "luxon";
import type { ConfigSlice } from "../config/slice.js";
import { UserError } from "../errors/user-error.js";
import type { Locale } from "../i18n/translate.js";
import type { BotIdentity, MessageSender, RoomCreator, RoomStateWriter } from "../matrix/capabilities.js";
import type { Policy } from "../policy/keys.js";
import type { MeetingsRepository } from "../storage/meetings.js";
import { meetingCallWidget, type CallWidgetConfig } from "./call-widget.js";
import { meetingAnnouncement } from "./announcement.js";
import { conferenceNameForRoom } from "./conference.js";
import type { MeetingDeps } from "./deps.js";
import { formatMeetingTime, roomLink } from "./format.js";
import { newMeetingId } from "./meeting-id.js";
import type { Meeting } from "./model.js";
import {
  ensureAllowed,
  resolveParticipants,
  type AllowDeps,
  type ParticipantDeps,
  type ParticipantSpec,
} from "./participants.js";
import { isOpenEnded } from "./recurrence.js";
import { planNextOccurrence, type PlanDeps } from "./reminders.js";
import { meetingRoomRequest, meetingRoomVersion, meetingStateEvents } from "./room-factory.js";
import { postNotice, type NoticeDeps } from "./room-updates.js";
import { postWelcome, type WelcomeDeps } from "./welcome.js";

export interface ScheduleRequest {
  organizer: string;
  /**
   * The room the request comes from, or how to open it once the request has passed every check (the
   * service API's direct chat with the organizer: a refused request must not leave one behind). A
   * room opened later is never asked for members, so the participants must then be named.
   */
  originRoomId: string | (() => Promise<string>);
  title: string;
  description?: string | null;
  /** First occurrence, in the zone the meeting lives in. */
  start: DateTime;
  durationMinutes: number;
  rrule: string | null;
  /** Undefined: the joined members of the origin room. */
  participants?: ParticipantSpec;
  /** Language of the organizer, for the answer; room texts use the configured default. */
  locale: Locale;
  /**
   * Set when a command asked: its answer, a reply in the origin room, is the announcement there
   * (meetingAnnouncement), so the room gets one message, not two.
   */
  answeredInOrigin?: boolean;
}

export interface Scheduled {
  meeting: Meeting;
  link: string;
}

/** What posts into rooms in the configured language. */
type NoticeInLocaleDeps = NoticeDeps & { config: ConfigSlice<{ i18n: "locale" }> };

type FurnishDeps = NoticeInLocaleDeps &
  WelcomeDeps & {
    gateway: BotIdentity & RoomStateWriter;
    config: CallWidgetConfig;
  };

export type ScheduleDeps = FurnishDeps &
  AllowDeps &
  ParticipantDeps &
  PlanDeps &
  Pick<MeetingDeps, "clock" | "logger"> & {
    meetings: Pick<MeetingsRepository, "exists" | "insert" | "delete" | "update">;
    gateway: RoomCreator & MessageSender;
    config: ConfigSlice<{ i18n: "timezone"; jitsi: "domain"; homeserver: "domain" }>;
  };

/**
 * Checks everything that can be checked before any room, invite or row exists. Whether the organizer
 * may schedule at all was asked before the request was parsed (scheduleFromFields).
 */
async function validate(
  deps: Pick<MeetingDeps, "clock">,
  request: ScheduleRequest,
  policy: Policy,
): Promise<void> {
  if (request.start.toMillis() <= deps.clock.now())
    throw new UserError("when.in_past", { text: request.start.toISO() ?? "" });
  if (request.rrule && isOpenEnded(request.rrule) && !policy.allow_open_ended_series) {
    throw new UserError("meeting.open_ended_forbidden");
  }
}

async function uniqueMeetingId(deps: { meetings: Pick<MeetingsRepository, "exists"> }): Promise<string> {
  for (;;) {
    const id = newMeetingId();
    if (!(await deps.meetings.exists(id))) return id;
  }
}

/**
 * Creates a meeting: its row, its room (one createRoom carrying the name, topic, join rule, power
 * levels and invites), then the state that needs the new room id: Element's `openidtoken-jwt`
 * conference is the room id in base32, so the Jitsi widget, its layout and the meeting state naming
 * that conference follow creation, then the pinned welcome and the reminder jobs; meanwhile the
 * announcement in the origin room. The announcement does not wait for the room to be furnished
 * (that wait was most of a user's wait): if furnishing fails after retries, the meeting and its
 * room exist and are announced, and the command answers with the failure.
 */
export async function scheduleMeeting(deps: ScheduleDeps, request: ScheduleRequest): Promise<Scheduled> {
  const policy = await deps.policy.current();
  await validate(deps, request, policy);
  const { config, gateway } = deps;
  // Named users are checked first: a user of a refused server need not be looked up at all.
  await ensureAllowed(deps, request.participants?.users ?? []);
  const opened = typeof request.originRoomId === "string" ? request.originRoomId : undefined;
  if (opened === undefined && !request.participants)
    throw new Error("A meeting whose origin room is opened later needs its participants named");
  const participants = await resolveParticipants(deps, request.participants, {
    originRoomId: opened ?? "",
    organizer: request.organizer,
    requester: request.organizer,
    isOwnUser: (userId) => userId === gateway.botUserId,
    max: policy.max_participants,
  });
  await ensureAllowed(deps, participants.users);
  const originRoomId = opened ?? (await (request.originRoomId as () => Promise<string>)());
  const now = deps.clock.now();
  const draft: Meeting = {
    id: await uniqueMeetingId(deps),
    title: request.title,
    description: request.description ?? null,
    organizer: request.organizer,
    originRoomId,
    roomId: null,
    timezone: request.start.zoneName ?? config.i18n.timezone,
    start: request.start.toISO({ suppressMilliseconds: true })!,
    durationMinutes: request.durationMinutes,
    rrule: request.rrule,
    exdates: [],
    overrides: [],
    jitsiDomain: config.jitsi.domain,
    conferenceName: "",
    status: "scheduled",
    sequence: 0,
    participants: participants.users,
    createdAt: now,
    updatedAt: now,
  };
  await deps.meetings.insert(draft);
  let roomId: string;
  try {
    roomId = await gateway.createRoom(
      meetingRoomRequest({
        meeting: draft,
        botUserId: gateway.botUserId,
        organizerPower: policy.organizer_power,
        invitees: participants.users,
        joinRule: participants.restrictedTo
          ? { kind: "restricted", roomId: participants.restrictedTo }
          : { kind: "invite" },
        roomVersion: meetingRoomVersion(await gateway.roomVersions()),
        topic: formatMeetingTime(draft, config.i18n.locale),
        widget: null,
        encrypted: policy.encrypt_meeting_rooms,
      }),
    );
  } catch (error) {
    await deps.meetings.delete(draft.id);
    throw error;
  }
  const meeting: Meeting = { ...draft, roomId, conferenceName: conferenceNameForRoom(roomId) };
  await deps.meetings.update(meeting);
  const link = roomLink(roomId, config.homeserver.domain);
  // The meeting room's events keep their order, and its jobs (which may be due at once) follow them;
  // the announcement in the origin room depends on none of them, so it goes meanwhile.
  await allSettledOrThrow([
    furnishRoom(deps, meeting).then(() => planNextOccurrence(deps, meeting)),
    request.answeredInOrigin ? Promise.resolve() : announce(deps, meeting, link),
  ]);
  deps.logger.info(
    { meeting_id: meeting.id, room_id: roomId, origin_room_id: meeting.originRoomId },
    "meeting scheduled",
  );
  return { meeting, link };
}

/** Waits for every step (none is left running), then fails with the first failure if any failed. */
async function allSettledOrThrow(steps: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(steps)).find(
    (result): result is PromiseRejectedResult => result.status === "rejected",
  );
  if (failed) throw failed.reason;
}

/** The state that needs the room id (conference, widget, its layout), then the pinned welcome. */
async function furnishRoom(deps: FurnishDeps, meeting: Meeting): Promise<void> {
  const widget = meetingCallWidget(deps.config, meeting, deps.gateway.botUserId);
  for (const event of meetingStateEvents(meeting, widget)) {
    await deps.gateway.sendState(meeting.roomId!, event.type, event.state_key, event.content);
  }
  await postWelcome(deps, meeting, deps.config.i18n.locale);
}

async function announce(deps: NoticeInLocaleDeps, meeting: Meeting, link: string): Promise<void> {
  const locale = deps.config.i18n.locale;
  const { text, html } = meetingAnnouncement(meeting, link, locale, meeting.timezone);
  await postNotice(deps, meeting.originRoomId, text, `plenum.announce.${meeting.id}`, html);
}

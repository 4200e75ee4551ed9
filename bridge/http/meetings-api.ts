import { randomBytes } from "node:crypto";
import express, { type Request, type Router } from "express";
import { IANAZone } from "luxon";
import {
  mayEditMeeting,
  mayPlanInRoom,
  mayViewMeeting,
  type MeetingFacts,
} from "../../core/access/authorization.js";
import { meetingFacts, visibleMeetings } from "../../core/access/facts.js";
import type { Config } from "../../core/config/schema.js";
import { ensureEmailPossible, type EmailDeps } from "../../core/email/invitations.js";
import { ErrCode, errorAnswer, HttpError, sendError, type HttpErrorOptions } from "../../core/http/errors.js";
import { UserError } from "../../core/errors/user-error.js";
import { isLocale, translate, type Locale, type MessageKey } from "../../core/i18n/translate.js";
import type { Logger } from "../../core/logging/logger.js";
import { OpenIdError, type OpenIdVerify } from "../../core/matrix/openid.js";
import type { MeetingDeps } from "../../core/meetings/deps.js";
import { roomLink } from "../../core/meetings/format.js";
import {
  ensureEmailPossibleForNew,
  invitePeople,
  parseInvitees,
  type Invitees,
} from "../../core/meetings/invite-people.js";
import { normalizeMeetingId } from "../../core/meetings/meeting-id.js";
import type { Meeting } from "../../core/meetings/model.js";
import { nextOccurrence, occurrences } from "../../core/meetings/recurrence.js";
import { seriesOf } from "../../core/meetings/rule-text.js";
import { meetingCalendarUrl } from "../../core/meetings/calendar-link.js";
import { meetingStateContent } from "../../core/meetings/room-state.js";
import {
  cancelTyped,
  checkTitle,
  editDetails,
  moveOccurrenceTo,
  moveTo,
  parseParticipants,
  scheduleFromFields,
  uninviteNamed,
  type Actor,
  type DetailFields,
} from "../../core/meetings/requests.js";
import type { RecordingDeps } from "../../core/recordings/deps.js";
import { recordingsPostedIn } from "../../core/recordings/links.js";
import type { PreferencesRepository } from "../../core/storage/preferences.js";
import type {
  CreateMeetingRequest,
  MeetingResponse,
  MeetingsResponse,
  MeetingView,
  MyMeetingsResponse,
  RecordingsResponse,
  RoomMembersResponse,
  SessionResponse,
  UpdateMeetingRequest,
} from "../../core/widgets/api-types.js";
import { sessionUser, type SessionTokens } from "../../core/widgets/session.js";
import { ApiFailure, badRequest, type Route } from "./widget-api.js";
import { councilRoutes, type CouncilApiOptions } from "./council-api.js";

export interface MeetingsApiOptions extends CouncilApiOptions {
  config: Config;
  verifyOpenId: OpenIdVerify;
  meetingDeps: MeetingDeps;
  preferences: PreferencesRepository;
  sessions: SessionTokens;
  /** Recordings posted in a room, with fresh download links for its members. */
  recordingDeps: RecordingDeps;
  /** E-mail invitations: addresses in a participant field are invited as by `!meet invite`. */
  email: EmailDeps;
  logger: Logger;
}

/** Domain refusals that are not about bad input. */
const USER_ERROR_CODE: Partial<Record<MessageKey, ErrCode>> = {
  "meeting.not_found": ErrCode.NotFound,
  "meeting.not_allowed": ErrCode.Forbidden,
  "council.not_meeting_room": ErrCode.NotFound,
};

/** A refusal (ApiFailure or UserError) as the answer in `locale`; any other error as it is. */
function refusalIn(locale: Locale, error: unknown): unknown {
  const failure =
    error instanceof UserError
      ? new ApiFailure(USER_ERROR_CODE[error.key] ?? ErrCode.InvalidParam, error.key, error.params)
      : error;
  if (!(failure instanceof ApiFailure)) return error;
  return new HttpError(failure.errcode, translate(locale, failure.key, failure.params), failure.answer);
}

/** The homeserver did not answer: 503 with Retry-After, as for an unreachable database. */
const RETRY_LATER: HttpErrorOptions = { status: 503, headers: { "Retry-After": "5" } };

function stringField(body: Record<string, unknown>, name: string, required: true): string;
function stringField(body: Record<string, unknown>, name: string, required?: false): string | undefined;
function stringField(body: Record<string, unknown>, name: string, required = false): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    if (required) throw badRequest(`${name} is required`);
    return undefined;
  }
  if (typeof value !== "string") throw badRequest(`${name} must be a string`);
  return value;
}

function idList(body: Record<string, unknown>, name: string): string[] | undefined {
  const value = textList(body, name);
  return value && parseParticipants(value.join(" "));
}

function textList(body: Record<string, unknown>, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    throw badRequest(`${name} must be a list of ids`);
  return value as string[];
}

/** A participant field: user ids, rooms and e-mail addresses, read as `!meet invite` reads them. */
function inviteeList(body: Record<string, unknown>, name: string): Invitees | undefined {
  const value = textList(body, name);
  return value && parseInvitees(value.join(" "));
}

/** A duration may come as minutes (a number) or as typed ("1h30m"), as when creating. */
function durationField(body: Record<string, unknown>): string | undefined {
  return typeof body.duration === "number" ? String(body.duration) : stringField(body, "duration");
}

/** The details `PATCH /api/v1/meetings/{id}` may change; only those present in the body. */
function detailFields(body: Record<string, unknown>): DetailFields {
  const title = stringField(body, "title");
  const description = stringField(body, "description");
  const duration = durationField(body);
  return {
    ...(title !== undefined ? { title } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(duration !== undefined ? { duration } : {}),
  };
}

/**
 * The planner's API (widgets/planner, and other tools such as a groupware integration).
 * Trust boundary: a caller proves who they are only with an OpenID token the homeserver confirms
 * (`POST /api/v1/session`), exchanged for a short-lived signed session. Every other request is
 * authorized against Plenum's copy of the room state (membership, power levels) for that user;
 * room or user ids the caller sends are data, never credentials. The same domain functions as the
 * `!meet` commands do the work, so rules and error texts are the bot's.
 */
export function meetingsApiRouter(options: MeetingsApiOptions): Router {
  const { config, meetingDeps: deps, preferences, sessions } = options;
  const log = options.logger.child({ module: "meetings-api" });
  const router = express.Router();
  const json = express.json({ limit: "32kb" });

  async function localeOf(request: Request, userId?: string): Promise<Locale> {
    const asked = request.header("accept-language")?.slice(0, 2).toLowerCase() ?? "";
    if (isLocale(asked)) return asked;
    return (userId ? (await preferences.get(userId)).locale : undefined) ?? config.i18n.locale;
  }

  function authenticate(request: Request): string {
    const userId = sessionUser(sessions, request.header("authorization"));
    if (!userId) throw new ApiFailure(ErrCode.UnknownToken, "api.session_required");
    return userId;
  }

  const route: Route = (handler, { status = 200, authenticated = true } = {}) => {
    return async (request, response) => {
      let userId: string | undefined;
      try {
        userId = authenticated ? authenticate(request) : "";
        const who = userId;
        const body =
          request.body && typeof request.body === "object" ? (request.body as Record<string, unknown>) : {};
        const actor = async (): Promise<Actor> => {
          const prefs = await preferences.get(who);
          const zone = stringField(body, "timezone") ?? prefs.timezone ?? config.i18n.timezone;
          if (!IANAZone.isValidZone(zone)) throw new UserError("prefs.tz_invalid", { zone });
          return { userId: who, zone, locale: await localeOf(request, who) };
        };
        response.status(status).json(await handler({ request, body, userId: who, actor }));
      } catch (error) {
        const reference = randomBytes(4).toString("hex");
        const locale = await localeOf(request, userId || undefined);
        // A database restart or failover is no bug: the caller is told to retry, like the other endpoints.
        const { kind, answer } = errorAnswer(refusalIn(locale, error), {
          unavailable: translate(locale, "api.database_unavailable"),
          internal: translate(locale, "error.internal", { reference }),
        });
        const reason = error instanceof ApiFailure || error instanceof UserError ? error.key : kind;
        const logged = { path: request.route?.path, status: answer.status, reason, user_id: userId };
        if (kind === "internal") log.error({ ...logged, reference, err: error }, "widget API request failed");
        else log.info(logged, "widget API request refused");
        sendError(response, answer);
      }
    };
  };

  async function requireMember(roomId: string, userId: string): Promise<void> {
    // An unknown room and a room the caller is not in answer alike, so outsiders learn nothing.
    if (!mayPlanInRoom(await deps.roomState.membership(roomId, userId)))
      throw new ApiFailure(ErrCode.Forbidden, "api.not_a_member");
  }

  async function load(id: string): Promise<Meeting> {
    const meeting = await deps.meetings.get(normalizeMeetingId(id) ?? id);
    if (!meeting) throw new UserError("meeting.not_found", { id });
    return meeting;
  }

  /** A meeting the caller may see; someone who may not gets the answer an unknown id gets. */
  async function viewable(id: string, userId: string): Promise<{ meeting: Meeting; facts: MeetingFacts }> {
    const meeting = await load(id);
    const facts = await meetingFacts(deps, meeting, userId);
    if (!mayViewMeeting(facts)) throw new UserError("meeting.not_found", { id });
    return { meeting, facts };
  }

  async function editable(id: string, userId: string): Promise<Meeting> {
    const { meeting, facts } = await viewable(id, userId);
    if (!mayEditMeeting(facts)) throw new UserError("meeting.not_allowed");
    return meeting;
  }

  async function view(meeting: Meeting, userId: string, request: Request): Promise<MeetingView> {
    const next = nextOccurrence(meeting, new Date(deps.clock.now() - meeting.durationMinutes * 60_000));
    return {
      ...meetingStateContent(meeting),
      room_id: meeting.roomId,
      duration_minutes: meeting.durationMinutes,
      participants: meeting.participants,
      next_start: next && meeting.status !== "cancelled" ? next.start.toISOString() : null,
      join_link: meeting.roomId ? roomLink(meeting.roomId, config.homeserver.domain) : null,
      can_edit: mayEditMeeting(await meetingFacts(deps, meeting, userId)),
      series: seriesOf(meeting, await localeOf(request, userId)) ?? null,
      calendar_url: meetingCalendarUrl(config, meeting.id),
    };
  }

  const views = (meetings: Meeting[], userId: string, request: Request) =>
    Promise.all(meetings.map((m) => view(m, userId, request)));

  router.post(
    "/api/v1/session",
    json,
    route(
      async ({ body }): Promise<SessionResponse> => {
        const token = stringField(body, "openid_token", true);
        const serverName = stringField(body, "matrix_server_name", true);
        let userId: string;
        try {
          userId = await options.verifyOpenId(token, serverName);
        } catch (error) {
          if (!(error instanceof OpenIdError)) throw error;
          if (error.code === "invalid_token")
            throw new ApiFailure(ErrCode.UnknownToken, "api.openid_invalid");
          if (error.code === "wrong_server")
            throw new ApiFailure(ErrCode.Forbidden, "api.openid_wrong_server", { server: serverName });
          if (error.code === "homeserver_refused")
            throw new ApiFailure(ErrCode.Forbidden, "api.openid_homeserver_refused", { server: serverName });
          throw new ApiFailure(ErrCode.Unknown, "api.homeserver_unreachable", {}, RETRY_LATER);
        }
        const session = sessions.issue(userId);
        log.info({ user_id: userId }, "widget session issued");
        return { token: session.token, user_id: userId, expires_in: session.expiresIn };
      },
      { authenticated: false },
    ),
  );

  router.get(
    "/api/v1/rooms/:roomId/meetings",
    route(async ({ request, userId }): Promise<MeetingsResponse> => {
      const roomId = String(request.params.roomId);
      await requireMember(roomId, userId);
      const now = deps.clock.now();
      const found = await deps.meetings.openFromOrigin(roomId, now);
      const own = await deps.meetings.byRoomId(roomId);
      if (own && !found.some((m) => m.id === own.id)) found.unshift(own);
      return { meetings: await views(await visibleMeetings(deps, found, userId), userId, request) };
    }),
  );

  router.get(
    "/api/v1/rooms/:roomId/members",
    route(async ({ request, userId }): Promise<RoomMembersResponse> => {
      const roomId = String(request.params.roomId);
      await requireMember(roomId, userId);
      const members = await deps.roomState.joinedMembers(roomId);
      return {
        members: members
          .filter((m) => m.userId !== deps.gateway.botUserId)
          .map((m) => ({ user_id: m.userId, display_name: m.displayName })),
      };
    }),
  );

  router.get(
    "/api/v1/rooms/:roomId/recordings",
    route(async ({ request, userId }): Promise<RecordingsResponse> => {
      const roomId = String(request.params.roomId);
      await requireMember(roomId, userId);
      const posted = await recordingsPostedIn(options.recordingDeps, roomId, deps.clock.now());
      const iso = (ms: number) => new Date(ms).toISOString();
      return {
        recordings: posted.map(({ recording: r, download }) => ({
          id: r.id,
          file_name: r.fileName,
          mimetype: r.mimetype,
          size: r.size,
          duration_ms: r.durationMs,
          created_at: iso(r.createdAt),
          deleted_after: iso(r.expiresAt),
          media_uri: r.mediaUri,
          download_url: download?.url ?? null,
          download_expires_at: download ? iso(download.expiresAt) : null,
        })),
      };
    }),
  );

  router.get(
    "/api/v1/meetings",
    route(async ({ request, userId }): Promise<MyMeetingsResponse> => {
      const now = deps.clock.now();
      const from = Date.parse(String(request.query.from ?? "")) || now;
      const to = Date.parse(String(request.query.to ?? "")) || from + 42 * 86_400_000;
      if (to < from || to - from > 400 * 86_400_000)
        throw badRequest("from and to must be ISO dates at most 400 days apart");
      const mine = await visibleMeetings(
        deps,
        (await deps.meetings.forUser(userId)).filter((m) => m.status === "scheduled" || m.status === "live"),
        userId,
      );
      const range = { from: new Date(from), to: new Date(to), limit: 500 };
      return {
        meetings: await views(mine, userId, request),
        occurrences: mine.flatMap((m) =>
          occurrences(m, range).map((o) => ({
            meeting_id: m.id,
            title: m.title,
            start: o.start.toISOString(),
            end: o.end.toISOString(),
            status: m.status,
            room_id: m.roomId,
          })),
        ),
      };
    }),
  );

  router.post(
    "/api/v1/meetings",
    json,
    route(
      async ({ request, body, userId, actor }): Promise<MeetingResponse> => {
        const fields = body as Partial<Record<keyof CreateMeetingRequest, unknown>>;
        const roomId = stringField(body, "room_id", true);
        await requireMember(roomId, userId);
        const duration = durationField(body);
        const invitees = inviteeList(body, "participants") ?? { named: [], addresses: [] };
        // Refused before the meeting exists, so that a refusal creates nothing.
        await ensureEmailPossibleForNew(options.email, invitees);
        const who = await actor();
        const { meeting } = await scheduleFromFields(
          deps,
          {
            title: checkTitle(stringField(body, "title", true)),
            when: stringField(body, "start", true),
            ...(duration ? { duration } : {}),
            ...(fields.rrule ? { rule: stringField(body, "rrule") } : {}),
            ...(fields.until ? { until: stringField(body, "until") } : {}),
            participants: invitees.named,
            description: stringField(body, "description")?.trim() || null,
          },
          { ...who, originRoomId: roomId },
        );
        if (invitees.addresses.length === 0) return { meeting: await view(meeting, userId, request) };
        await invitePeople(deps, options.email, meeting, { named: [], addresses: invitees.addresses }, who);
        return { meeting: await view(await load(meeting.id), userId, request) };
      },
      { status: 201 },
    ),
  );

  router.get(
    "/api/v1/meetings/:id",
    route(async ({ request, userId }): Promise<MeetingResponse> => {
      return {
        meeting: await view((await viewable(String(request.params.id), userId)).meeting, userId, request),
      };
    }),
  );

  router.patch(
    "/api/v1/meetings/:id",
    json,
    route(async ({ request, body, userId, actor }): Promise<MeetingResponse> => {
      const change = body as Partial<Record<keyof UpdateMeetingRequest, unknown>>;
      let meeting = await editable(String(request.params.id), userId);
      const start = stringField(body, "start");
      const invite = inviteeList(body, "invite");
      const uninvite = idList(body, "uninvite");
      const details = detailFields(body);
      if (
        start === undefined &&
        !invite &&
        !uninvite &&
        Object.keys(details).length === 0 &&
        change.timezone === undefined
      )
        throw badRequest("give title, description, duration, start, invite or uninvite");
      const who = await actor();
      // Refused before anything changes, as `!meet invite` does.
      if (invite?.addresses.length) await ensureEmailPossible(options.email, meeting);
      if (Object.keys(details).length > 0) meeting = await editDetails(deps, meeting, details, who);
      if (start !== undefined) meeting = await moveTo(deps, meeting, start, who);
      if (invite && invite.named.length + invite.addresses.length > 0) {
        await invitePeople(deps, options.email, meeting, invite, who);
        meeting = await load(meeting.id);
      }
      if (uninvite?.length) {
        await uninviteNamed(deps, meeting, uninvite, who);
        meeting = await load(meeting.id);
      }
      return { meeting: await view(meeting, userId, request) };
    }),
  );

  router.delete(
    "/api/v1/meetings/:id",
    route(async ({ request, userId, actor }): Promise<MeetingResponse> => {
      const meeting = await editable(String(request.params.id), userId);
      return {
        meeting: await view(
          (await cancelTyped(deps, meeting, undefined, await actor())).meeting,
          userId,
          request,
        ),
      };
    }),
  );

  // Moves one date of a series, as `!meet move <id> <date> to <when>` does, by the same rules.
  router.patch(
    "/api/v1/meetings/:id/occurrences/:date",
    json,
    route(async ({ request, body, userId, actor }): Promise<MeetingResponse> => {
      const meeting = await editable(String(request.params.id), userId);
      const start = stringField(body, "start", true);
      const done = await moveOccurrenceTo(deps, meeting, String(request.params.date), start, await actor());
      return { meeting: await view(done.meeting, userId, request) };
    }),
  );

  router.delete(
    "/api/v1/meetings/:id/occurrences/:date",
    route(async ({ request, userId, actor }): Promise<MeetingResponse> => {
      const meeting = await editable(String(request.params.id), userId);
      const done = await cancelTyped(deps, meeting, String(request.params.date), await actor());
      return { meeting: await view(done.meeting, userId, request) };
    }),
  );

  councilRoutes(router, { ...options, route, requireMember });

  return router;
}

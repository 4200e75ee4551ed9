import { createHash, randomBytes } from "node:crypto";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { DateTime } from "luxon";
import type { z } from "zod";
import { mayEditMeeting, mayServiceActAs, mayViewMeeting } from "../../core/access/authorization.js";
import { meetingFacts, serviceFacts } from "../../core/access/facts.js";
import type { Config } from "../../core/config/schema.js";
import { UserError } from "../../core/errors/user-error.js";
import { bearerMatches } from "../../core/http/bearer.js";
import { claimIdempotencyKey } from "../../core/http/idempotency-keys.js";
import { ErrCode, errorAnswer, HttpError, sendError } from "../../core/http/errors.js";
import {
  isLocale,
  translate,
  type Locale,
  type MessageKey,
  type MessageParams,
} from "../../core/i18n/translate.js";
import type { Logger } from "../../core/logging/logger.js";
import { directChatWith } from "../../core/matrix/direct-chats.js";
import { moveMeeting } from "../../core/meetings/changes.js";
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from "../../core/meetings/duration.js";
import type { MeetingDeps } from "../../core/meetings/deps.js";
import { roomLink } from "../../core/meetings/format.js";
import { meetingCalendarUrl } from "../../core/meetings/calendar-link.js";
import { normalizeMeetingId } from "../../core/meetings/meeting-id.js";
import type { Meeting } from "../../core/meetings/model.js";
import { ruleFromKeyword } from "../../core/meetings/recurrence.js";
import {
  cancelTyped,
  checkTitle,
  editDetails,
  ensureMayCreate,
  inviteNamed,
  parseParticipants,
  participantSpec,
  uninviteNamed,
  type Actor,
  type DetailFields,
} from "../../core/meetings/requests.js";
import { scheduleMeeting } from "../../core/meetings/schedule.js";
import type { AuditRepository } from "../../core/storage/audit.js";
import type { DirectChatsRepository } from "../../core/storage/direct-chats.js";
import type { ServiceRequestsRepository } from "../../core/storage/service-requests.js";
import {
  firstProblem,
  serviceMeetingCreateSchema,
  serviceMeetingUpdateSchema,
  type ServiceMeeting,
  type ServiceMeetingCreate,
} from "./service-schemas.js";

export interface ServiceApiOptions {
  config: Config;
  meetingDeps: MeetingDeps;
  serviceRequests: ServiceRequestsRepository;
  directChats: DirectChatsRepository;
  audit: AuditRepository;
  logger: Logger;
}

type Service = Config["services"][number];

/** A request under a key whose meeting never got made (its process died) may be retried after this. */
const ABANDONED_AFTER_MS = 10 * 60_000;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** A refusal decided here, answered in the caller's language like a UserError. */
class ServiceRefusal extends Error {
  constructor(
    readonly errcode: ErrCode,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
    readonly status?: number,
  ) {
    super(key);
  }
}

/** Domain refusals that are not about bad input. */
const USER_ERROR_CODE: Partial<Record<MessageKey, ErrCode>> = {
  "meeting.not_found": ErrCode.NotFound,
  "meeting.not_allowed": ErrCode.Forbidden,
  "meeting.not_a_creator": ErrCode.Forbidden,
  "meeting.room_not_yours": ErrCode.Forbidden,
};

const badBody = (detail: string) => new ServiceRefusal(ErrCode.BadJson, "api.bad_request", { detail });

/**
 * The service API (issue 24): groupware such as Open-Xchange creates, moves and cancels meetings for
 * its users. Trust boundary: a service proves itself only with its own bearer token from `services`
 * (compared in constant time, before any body is read); it may act only as users its `act_for` names,
 * and then only as far as that user may (the creators policy, mayEditMeeting), through the same
 * domain functions as the `!meet` commands and the widget API. Every change is audited with the
 * service's id. Without configured services every route answers 404.
 */
export function serviceApiRouter(options: ServiceApiOptions): Router {
  const { config, meetingDeps: deps } = options;
  const log = options.logger.child({ module: "service-api" });
  const router = express.Router();
  const json = express.json({ limit: "32kb" });

  const localeOf = (request: Request): Locale => {
    const asked = request.header("accept-language")?.slice(0, 2).toLowerCase() ?? "";
    return isLocale(asked) ? asked : config.i18n.locale;
  };

  function answerOf(locale: Locale, error: unknown): unknown {
    if (error instanceof UserError)
      return new HttpError(
        USER_ERROR_CODE[error.key] ?? ErrCode.InvalidParam,
        translate(locale, error.key, error.params),
      );
    if (error instanceof ServiceRefusal)
      return new HttpError(error.errcode, translate(locale, error.key, error.params), {
        ...(error.status ? { status: error.status } : {}),
      });
    return error;
  }

  function fail(request: Request, response: Response, error: unknown): void {
    const reference = randomBytes(4).toString("hex");
    const locale = localeOf(request);
    const { kind, answer } = errorAnswer(answerOf(locale, error), {
      unavailable: translate(locale, "api.database_unavailable"),
      internal: translate(locale, "error.internal", { reference }),
    });
    const reason = error instanceof UserError || error instanceof ServiceRefusal ? error.key : kind;
    const logged = {
      path: request.route?.path,
      status: answer.status,
      reason,
      service: response.locals.service?.id,
    };
    if (kind === "internal") log.error({ ...logged, reference, err: error }, "service API request failed");
    else log.info(logged, "service API request refused");
    sendError(response, answer);
  }

  /** Every configured token is compared (no early exit), so timing tells nothing about which matched. */
  function serviceFor(authorization: string | undefined): Service | undefined {
    let found: Service | undefined;
    for (const service of config.services)
      if (bearerMatches(authorization, service.token) && !found) found = service;
    return found;
  }

  function authenticate(request: Request, response: Response, next: NextFunction): void {
    const authorization = request.header("authorization");
    if (config.services.length === 0) sendError(response, new HttpError(ErrCode.Unrecognized, "Not enabled"));
    else if (!authorization)
      fail(request, response, new ServiceRefusal(ErrCode.Unauthorized, "service.token_required"));
    else {
      const service = serviceFor(authorization);
      if (!service)
        fail(request, response, new ServiceRefusal(ErrCode.UnknownToken, "service.token_unknown"));
      else {
        response.locals.service = service;
        next();
      }
    }
  }

  function route(
    handler: (request: Request, service: Service) => Promise<{ status: number; body: ServiceMeeting }>,
  ) {
    return async (request: Request, response: Response) => {
      try {
        const { status, body } = await handler(request, response.locals.service as Service);
        response.status(status).json(body);
      } catch (error) {
        fail(request, response, error);
      }
    };
  }

  function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
    const result = schema.safeParse(body ?? {});
    if (!result.success) throw badBody(firstProblem(result.error));
    return result.data;
  }

  async function ensureActsFor(service: Service, userId: string): Promise<void> {
    if (!mayServiceActAs(await serviceFacts(deps.roomState, service.act_for, userId)))
      throw new ServiceRefusal(ErrCode.Forbidden, "service.not_acting_for", {
        service: service.id,
        user: userId,
      });
  }

  async function audit(service: Service, action: string, userId: string, meeting: Meeting): Promise<void> {
    await options.audit.record({
      at: deps.clock.now(),
      actor: userId,
      action: `service.${action}`,
      ...(meeting.roomId ? { roomId: meeting.roomId } : {}),
      target: meeting.id,
      reason: `by service ${service.id}`,
    });
  }

  function view(meeting: Meeting): ServiceMeeting {
    return {
      id: meeting.id,
      room_id: meeting.roomId,
      join_url: meeting.roomId ? roomLink(meeting.roomId, config.homeserver.domain) : null,
      ics_url: meetingCalendarUrl(config, meeting.id),
      status: meeting.status,
      title: meeting.title,
      start: meeting.start,
      timezone: meeting.timezone,
      duration_minutes: meeting.durationMinutes,
      rrule: meeting.rrule,
      participants: meeting.participants,
    };
  }

  function actor(userId: string, zone: string, request: Request): Actor {
    return { userId, zone, locale: localeOf(request) };
  }

  async function create(service: Service, fields: ServiceMeetingCreate, request: Request): Promise<Meeting> {
    const title = checkTitle(fields.title);
    const start = DateTime.fromISO(fields.start, { zone: fields.timezone });
    const durationMinutes = minutesOf(start, fields) ?? config.meetings.default_duration;
    const rrule = fields.rrule ? ruleFromKeyword(`RRULE:${fields.rrule.replace(/^rrule:/i, "")}`) : null;
    const named = parseParticipants(fields.participants.join(" "));
    if (start.toMillis() <= deps.clock.now()) throw new UserError("when.in_past", { text: fields.start });
    const { meeting } = await scheduleMeeting(deps, {
      organizer: fields.as_user,
      // The organizer's direct chat with the bot stands for the room a chat command comes from: the
      // announcement goes there, and it is never taken for the participants (they are always named).
      // It is opened only once every check passed, so a refused request leaves none behind.
      originRoomId: () => directChatWith(deps.gateway, options.directChats, fields.as_user),
      title,
      description: fields.description?.trim() || null,
      start,
      durationMinutes,
      rrule,
      participants: participantSpec([fields.as_user, ...named]),
      locale: localeOf(request),
    });
    await audit(service, "meeting.create", fields.as_user, meeting);
    log.info(
      { service: service.id, meeting_id: meeting.id, user_id: fields.as_user },
      "service created a meeting",
    );
    return meeting;
  }

  async function load(id: string): Promise<Meeting> {
    const meeting = await deps.meetings.get(normalizeMeetingId(id) ?? id);
    if (!meeting) throw new UserError("meeting.not_found", { id });
    return meeting;
  }

  /** The meeting, if the user the service acts as may change it; else as the widget API answers. */
  async function editable(service: Service, id: string, asUser: string | undefined) {
    const meeting = await load(id);
    const userId = asUser ?? meeting.organizer;
    await ensureActsFor(service, userId);
    const facts = await meetingFacts(deps, meeting, userId);
    if (!mayViewMeeting(facts)) throw new UserError("meeting.not_found", { id });
    if (!mayEditMeeting(facts)) throw new UserError("meeting.not_allowed");
    return { meeting, userId };
  }

  router.post(
    "/api/v1/service/meetings",
    authenticate,
    json,
    route(async (request, service) => {
      const key = request.header("idempotency-key");
      if (key === undefined || !IDEMPOTENCY_KEY.test(key))
        throw new ServiceRefusal(ErrCode.MissingParam, "service.key_required");
      const fields = parse(serviceMeetingCreateSchema, request.body);
      await ensureActsFor(service, fields.as_user);
      await ensureMayCreate(deps, fields.as_user);
      const fingerprint = fingerprintOf(fields);
      const claim = await claimIdempotencyKey(
        { serviceRequests: options.serviceRequests, jobs: deps.jobs, clock: deps.clock },
        { serviceId: service.id, key, fingerprint, abandonedAfterMs: ABANDONED_AFTER_MS },
      );
      if (claim.kind !== "claimed" && claim.fingerprint !== fingerprint)
        throw new ServiceRefusal(ErrCode.InvalidParam, "service.key_reused", { key }, 422);
      if (claim.kind === "pending")
        throw new ServiceRefusal(ErrCode.InvalidParam, "service.key_pending", { key }, 409);
      if (claim.kind === "done") return { status: 200, body: view(await load(claim.meetingId)) };
      try {
        const meeting = await create(service, fields, request);
        await options.serviceRequests.complete(service.id, key, claim.claim, meeting.id);
        return { status: 201, body: view(meeting) };
      } catch (error) {
        await options.serviceRequests.release(service.id, key, claim.claim);
        throw error;
      }
    }),
  );

  router.patch(
    "/api/v1/service/meetings/:id",
    authenticate,
    json,
    route(async (request, service) => {
      const fields = parse(serviceMeetingUpdateSchema, request.body);
      const found = await editable(service, String(request.params.id), fields.as_user);
      const { userId } = found;
      let { meeting } = found;
      const who = actor(userId, fields.timezone ?? meeting.timezone, request);
      const start =
        fields.start === undefined ? undefined : DateTime.fromISO(fields.start, { zone: who.zone });
      if (fields.end !== undefined && !start) throw badBody("end: give start with it");
      const minutes = start ? minutesOf(start, fields) : fields.duration;
      const details: DetailFields = {
        ...(fields.title !== undefined ? { title: fields.title } : {}),
        ...(fields.description !== undefined ? { description: fields.description } : {}),
        ...(minutes !== undefined ? { duration: String(minutes) } : {}),
      };
      const changes = Object.keys(details).length + (start ? 1 : 0);
      if (changes === 0 && !fields.invite?.length && !fields.uninvite?.length)
        throw new ServiceRefusal(ErrCode.MissingParam, "service.nothing_to_change");
      const invite = fields.invite?.length ? parseParticipants(fields.invite.join(" ")) : [];
      if (Object.keys(details).length > 0) meeting = await editDetails(deps, meeting, details, who);
      if (start) meeting = await moveMeeting(deps, meeting, start.setZone(meeting.timezone), userId);
      if (invite.length > 0) await inviteNamed(deps, meeting, invite, who);
      if (fields.uninvite?.length) await uninviteNamed(deps, meeting, fields.uninvite, who);
      meeting = await load(meeting.id);
      await audit(service, "meeting.update", userId, meeting);
      return { status: 200, body: view(meeting) };
    }),
  );

  router.delete(
    "/api/v1/service/meetings/:id",
    authenticate,
    route(async (request, service) => {
      const asUser = request.query.as_user;
      if (asUser !== undefined && typeof asUser !== "string") throw badBody("as_user: expected one user id");
      const { meeting, userId } = await editable(service, String(request.params.id), asUser);
      const { meeting: cancelled } = await cancelTyped(
        deps,
        meeting,
        undefined,
        actor(userId, meeting.timezone, request),
      );
      await audit(service, "meeting.cancel", userId, cancelled);
      return { status: 200, body: view(cancelled) };
    }),
  );

  return router;
}

/** Minutes from `end` (after `start`) or `duration`; undefined when neither is given. */
function minutesOf(
  start: DateTime,
  fields: { end?: string | undefined; duration?: number | undefined },
): number | undefined {
  if (fields.end !== undefined && fields.duration !== undefined)
    throw new UserError("service.end_and_duration");
  if (fields.end === undefined) return fields.duration;
  const end = DateTime.fromISO(fields.end, { zone: start.zone });
  if (end <= start)
    throw new UserError("service.end_before_start", { start: start.toISO() ?? "", end: fields.end });
  const minutes = Math.round(end.diff(start, "minutes").minutes);
  if (minutes < MIN_DURATION_MINUTES || minutes > MAX_DURATION_MINUTES)
    throw new UserError("duration.out_of_range", { text: fields.end, minutes });
  return minutes;
}

/** The request's content, independent of key order and spacing, to tell a repeat from another request. */
function fingerprintOf(fields: ServiceMeetingCreate): string {
  const sorted = Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex");
}

import express, { type RequestHandler, type Response, type Router } from "express";
import {
  listenTargets,
  mayModerateCall,
  mayWhisperIn,
  type CallEntry,
} from "../../core/access/authorization.js";
import { callAccess } from "../../core/access/call-access.js";
import { settingsFacts } from "../../core/access/facts.js";
import { listenFacts } from "../../core/council/council-view.js";
import { whisperConferenceName } from "../../core/council/whisper-groups.js";
import type { MeetingDeps } from "../../core/meetings/deps.js";
import type { PolicyService } from "../../core/policy/policy.js";
import type { Config } from "../../core/config/schema.js";
import { ErrCode, HttpError, sendError } from "../../core/http/errors.js";
import type { Logger } from "../../core/logging/logger.js";
import { conferenceNameForRoom, roomIdForConference } from "../../core/meetings/conference.js";
import { isRoomId } from "../../core/matrix/ids.js";
import { OpenIdError, type OpenIdVerify } from "../../core/matrix/openid.js";
import type { MeetingPinsRepository } from "../../core/storage/meeting-pins.js";
import type { MeetingsRepository } from "../../core/storage/meetings.js";
import type { CallContext, CallContextRepository } from "../../core/storage/call-context.js";
import {
  mapperNoPinResponse,
  mapperNotFoundResponse,
  mapperResponseForConference,
  mapperResponseForPin,
  mucDomainFor,
  parseMapperQuery,
} from "../jitsi/conference-mapper.js";
import { assignPin } from "../../core/meetings/dial-in-pin.js";
import { dialInNumbersResponse } from "../../core/meetings/dial-in-numbers.js";
import type { IssuedToken, TokenIssuer } from "../jitsi/token-issuer.js";
import {
  invalidTokenResponse,
  noPowerLevelsResponse,
  notInRoomResponse,
  parseVerifyUserInRoomRequest,
  parseVerifyUserRequest,
  userInRoomResponse,
  userResponse,
  uvsForbiddenBody,
  uvsRequestAuthorized,
} from "../jitsi/uvs.js";

export interface JitsiRouterOptions {
  config: Config;
  verifyOpenId: OpenIdVerify;
  /**
   * A user's membership, power and name in a room, the policy, and the room's meeting or public session
   * (an audience room's members get viewer-only tokens for its meeting's conference: jitsi.visitors).
   */
  callContexts: CallContextRepository;
  policy: PolicyService;
  meetings: MeetingsRepository;
  pins: MeetingPinsRepository;
  /** Undefined when no signing key is configured: then no tokens are issued. */
  tokens: TokenIssuer | undefined;
  /** Whisper groups, breakouts and room state, for whisper and listener tokens (issue 19). */
  meetingDeps: MeetingDeps;
  logger: Logger;
}

const failureStatus = {
  invalid_token: 401,
  wrong_server: 403,
  homeserver_refused: 403,
  not_a_member: 403,
  policy: 403,
  session_over: 403,
  not_in_whisper_group: 403,
  not_listenable: 403,
  unreachable: 503,
} as const;
const failureText = {
  invalid_token: "The OpenID token is invalid or expired",
  wrong_server: "The OpenID token is not from a homeserver whose users this deployment admits",
  homeserver_refused: "The homeserver resolves to a private address, which this deployment does not contact",
  not_a_member: "You are not a member of this room",
  policy: "The access policy does not allow you in this call",
  session_over: "This public session is over or no longer public",
  not_in_whisper_group: "You are not a member of this whisper group",
  not_listenable: "You may not listen to that room's call from this room",
  unreachable: "The homeserver could not be reached; try again",
} as const;

/** A whisper group's id as `whisperGroupId` makes it. */
const GROUP_ID = /^[a-z0-9-]{1,64}$/;

/**
 * The endpoints Jitsi's components call. Trust boundaries:
 * - `/verify/*` (Prosody's Matrix user verification module) needs `jitsi.uvs_token` as bearer and is
 *   switched off (404) when that token is not configured.
 * - `/api/v1/jitsi/token` is called by users' clients with an OpenID token that the homeserver must
 *   confirm; it is off when no signing key is configured. Tokens are signed for exactly one conference.
 *   With `jitsi.visitors`, a member of an open public session's audience room gets a visitor's token
 *   for its meeting's conference: never moderator, no lobby bypass, `role: "visitor"`.
 *   With `whisper_group`, a member of the meeting room's call who is in that group gets a token for the
 *   group's audio-only conference; with `listen_to`, a token for a room the caller may listen to from
 *   `room_id` (`listenTargets`), never a moderator's (issue 19).
 * - The conference mapper and dial-in numbers are public by design (Jitsi Meet and Jigasi call them
 *   unauthenticated); they reveal only PINs and conference names, as Jitsi's own mapper does.
 * Tokens (OpenID or Jitsi) are never logged.
 */
export function jitsiRouter(options: JitsiRouterOptions): Router {
  const { config, verifyOpenId, callContexts, meetings, pins, policy, tokens } = options;
  const log = options.logger.child({ module: "jitsi" });
  const router = express.Router();
  const json = express.json({ limit: "16kb" });
  const mucDomain = mucDomainFor(config.jitsi);

  async function identify(
    token: string,
    serverName: string,
  ): Promise<{ userId: string } | { failure: OpenIdError["code"] }> {
    try {
      return { userId: await verifyOpenId(token, serverName) };
    } catch (error) {
      if (error instanceof OpenIdError) return { failure: error.code };
      throw error;
    }
  }

  /** Prosody's bearer, checked before the body is read (UVS's order: 403, then 400, then the answer). */
  const uvsGate: RequestHandler = (request, response, next) => {
    if (!config.jitsi.uvs_token) sendError(response, new HttpError(ErrCode.Unrecognized, "Not enabled"));
    else if (!uvsRequestAuthorized(request.header("authorization"), config.jitsi.uvs_token))
      response.status(403).json(uvsForbiddenBody());
    else next();
  };

  router.post("/verify/user", uvsGate, json, async (request, response) => {
    const parsed = parseVerifyUserRequest(request.body);
    if (!parsed.ok) {
      response.status(parsed.status).type(parsed.contentType).send(parsed.body);
      return;
    }
    const who = await identify(parsed.request.token, parsed.request.matrixServerName);
    response.json("userId" in who ? userResponse(who.userId) : invalidTokenResponse("user"));
  });

  router.post("/verify/user_in_room", uvsGate, json, async (request, response) => {
    const parsed = parseVerifyUserInRoomRequest(request.body);
    if (!parsed.ok) {
      response.status(parsed.status).type(parsed.contentType).send(parsed.body);
      return;
    }
    const who = await identify(parsed.request.token, parsed.request.matrixServerName);
    if (!("userId" in who)) {
      response.json(invalidTokenResponse("user_in_room"));
      return;
    }
    const context = await callContexts.read(parsed.request.roomId, who.userId);
    const access = await callAccess(context, who.userId, policy, { visitors: false });
    if (!access.ok) response.json(notInRoomResponse(who.userId));
    else if (!context.powerLevels) response.json(noPowerLevelsResponse(who.userId));
    else response.json(userInRoomResponse(who.userId, context.powerLevels));
    log.info(
      { room_id: parsed.request.roomId, user_id: who.userId, allowed: access.ok },
      "call access verified",
    );
  });

  router.post("/api/v1/jitsi/token", json, async (request, response) => {
    if (!tokens) throw new HttpError(ErrCode.Unrecognized, "Jitsi tokens are not enabled");
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { openid_token: token, matrix_server_name: serverName, room_id: roomId } = body;
    if (
      typeof token !== "string" ||
      typeof serverName !== "string" ||
      typeof roomId !== "string" ||
      !isRoomId(roomId)
    )
      throw new HttpError(ErrCode.BadJson, "Expected openid_token, matrix_server_name and room_id");
    const { whisper_group: whisperGroup, listen_to: listenTo } = body;
    if (whisperGroup !== undefined && listenTo !== undefined)
      throw new HttpError(ErrCode.BadJson, "Give whisper_group or listen_to, not both");
    if (whisperGroup !== undefined && (typeof whisperGroup !== "string" || !GROUP_ID.test(whisperGroup)))
      throw new HttpError(ErrCode.BadJson, "whisper_group must be a whisper group's id");
    if (listenTo !== undefined && (typeof listenTo !== "string" || !isRoomId(listenTo)))
      throw new HttpError(ErrCode.BadJson, "listen_to must be a room id");
    const who = await identify(token, serverName);
    if ("failure" in who) return refuse(response, roomId, who.failure);
    // Everything else in one statement after the homeserver's answer: a token request waits for
    // little more than the userinfo call it cannot avoid.
    const context = await callContexts.read(roomId, who.userId);
    const access = await callAccess(context, who.userId, policy, { visitors: config.jitsi.visitors });
    if (!access.ok) return refuse(response, roomId, access.reason);
    const holder = { userId: who.userId, name: String(context.member?.displayname ?? who.userId) };
    if (typeof whisperGroup === "string" || typeof listenTo === "string") {
      const issued =
        typeof whisperGroup === "string"
          ? await whisperToken(tokens, whisperGroup, context, access, holder)
          : await listenerToken(tokens, String(listenTo), roomId, context, access, holder);
      if (typeof issued === "string") return refuse(response, roomId, issued);
      log.info(
        { room_id: roomId, user_id: who.userId, whisper_group: whisperGroup, listen_to: listenTo },
        "call token issued",
      );
      response.json(issued);
      return;
    }
    const visitor = access.role === "visitor";
    const moderator = !visitor && access.moderator;
    const issued = visitor
      ? await tokens.visitor({ ...holder, conferenceName: context.audience!.meeting.conferenceName })
      : await tokens.member({
          ...holder,
          conferenceName: context.meeting?.conferenceName || conferenceNameForRoom(roomId),
          moderator,
        });
    log.info(
      { room_id: roomId, user_id: who.userId, moderator: String(moderator), visitor },
      "call token issued",
    );
    response.json(issued);
  });

  type Holder = { userId: string; name: string };

  /** A token for a whisper group's conference, if the caller is in the group and may be in the call. */
  async function whisperToken(
    issuer: TokenIssuer,
    groupId: string,
    context: CallContext,
    access: CallEntry,
    holder: Holder,
  ): Promise<IssuedToken | "not_in_whisper_group"> {
    const meeting = context.meeting;
    const groups = meeting ? await options.meetingDeps.council.whisperGroups(meeting.id) : [];
    const group = groups.find((g) => g.id === groupId);
    if (!meeting || !group || !mayWhisperIn({ entry: access, userId: holder.userId, members: group.members }))
      return "not_in_whisper_group";
    return issuer.whisper({
      ...holder,
      conferenceName: whisperConferenceName(meeting.conferenceName, group.id),
    });
  }

  /** A listener's token for `listenTo`'s conference, if the caller may listen there from `roomId`. */
  async function listenerToken(
    issuer: TokenIssuer,
    listenTo: string,
    roomId: string,
    context: CallContext,
    access: CallEntry,
    holder: Holder,
  ): Promise<IssuedToken | "not_listenable"> {
    const deps = options.meetingDeps;
    const moderator = mayModerateCall({
      membership: typeof context.member?.membership === "string" ? context.member.membership : undefined,
      settings: await settingsFacts(deps.roomState, roomId, holder.userId),
    });
    const { facts } = await listenFacts(deps, roomId, { entry: access, moderator });
    if (!listenTargets(facts).includes(listenTo)) return "not_listenable";
    const target = await meetings.byRoomId(listenTo);
    return issuer.listener({
      ...holder,
      conferenceName: target?.conferenceName || conferenceNameForRoom(listenTo),
    });
  }

  function refuse(response: Response, roomId: string, reason: keyof typeof failureStatus): void {
    log.info({ room_id: roomId, reason }, "call token refused");
    sendError(
      response,
      new HttpError(ErrCode.Forbidden, failureText[reason], {
        status: failureStatus[reason],
        fields: { reason },
      }),
    );
  }

  const pinFor = (meetingId: string) => assignPin(pins, meetingId, config.appservice.hs_token);

  router.get("/api/v1/jitsi/conference-mapper", async (request, response) => {
    const query = parseMapperQuery(request.query as Record<string, unknown>, mucDomain);
    if (query.kind === "invalid") {
      response.status(400).json({ message: query.problem });
      return;
    }
    if (query.kind === "conference") {
      const roomId = roomIdForConference(query.conferenceName);
      const meeting = roomId ? await meetings.byRoomId(roomId) : undefined;
      if (!meeting) {
        response
          .status(404)
          .json(mapperNoPinResponse(query.conferenceName, mucDomain, "No meeting uses this conference"));
        return;
      }
      response.json({
        message: "Successfully retrieved conference mapping",
        ...mapperResponseForConference(await pinFor(meeting.id), meeting.conferenceName, mucDomain),
      });
      return;
    }
    const meetingId = await pins.meetingFor(String(query.pin));
    const meeting = meetingId ? await meetings.get(meetingId) : undefined;
    if (!meeting) {
      response
        .status(404)
        .json({ message: "No conference mapping was found", ...mapperNotFoundResponse(query.pin) });
      return;
    }
    response.json({
      message: "Successfully retrieved conference mapping",
      ...mapperResponseForPin(query.pin, meeting.conferenceName, mucDomain),
    });
  });

  router.get("/api/v1/jitsi/dial-in-numbers", (_request, response) => {
    response.json(dialInNumbersResponse(config.jitsi.dial_in_numbers));
  });

  return router;
}

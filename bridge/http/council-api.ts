import { randomBytes } from "node:crypto";
import express, { type Router } from "express";
import { MemoryStore, type Options as RateLimitOptions } from "express-rate-limit";
import { callAccess } from "../../core/access/call-access.js";
import { mayModerateCall, type CallEntry } from "../../core/access/authorization.js";
import { settingsFacts } from "../../core/access/facts.js";
import type { Config } from "../../core/config/schema.js";
import { councilView } from "../../core/council/council-view.js";
import { hasHand, lowerHand, raiseHand } from "../../core/council/hands.js";
import { changePodium, type PodiumChange } from "../../core/council/podium.js";
import { UserError } from "../../core/errors/user-error.js";
import { ErrCode } from "../../core/http/errors.js";
import { isUserId } from "../../core/matrix/ids.js";
import type { MeetingDeps } from "../../core/meetings/deps.js";
import type { Meeting } from "../../core/meetings/model.js";
import type { CallContextRepository } from "../../core/storage/call-context.js";
import type { CouncilView } from "../../core/widgets/api-types.js";
import { ApiFailure, badRequest, type Route } from "./widget-api.js";

export interface CouncilApiOptions {
  config: Config;
  meetingDeps: MeetingDeps;
  /** Whether a caller may be in a room's call, read as the token endpoint reads it. */
  callContexts: CallContextRepository;
}

/** A participant id as Jitsi's IFrame API reports it (`videoConferenceJoined`'s `id`). */
const PARTICIPANT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/**
 * Each raised or lowered hand edits the room's pinned list of speakers: a script toggling a hand would
 * flood the room with edits. Counted per user and room, per process, and only for real changes of a
 * member's hand: so the count is taken inside the route, after the session, the membership check and
 * the idempotency check, in express-rate-limit's MemoryStore (a middleware before the route would
 * know neither the user nor whether the request changes anything).
 */
export const HAND_CHANGES_PER_MINUTE = 10;
const HAND_WINDOW_MS = 60_000;

/** 0 when another hand change of `key` is allowed now, else the milliseconds until it is. */
function handChangeLimiter(): (key: string) => Promise<number> {
  const store = new MemoryStore();
  // The store reads nothing but the window from the middleware's options.
  store.init({ windowMs: HAND_WINDOW_MS } as RateLimitOptions);
  return async (key) => {
    const { totalHits, resetTime } = await store.increment(key);
    if (totalHits <= HAND_CHANGES_PER_MINUTE) return 0;
    return resetTime ? Math.max(1, resetTime.getTime() - Date.now()) : HAND_WINDOW_MS;
  };
}

/** More user ids than a podium holds is no podium change; refused before any lookup. */
const MAX_LISTED_USERS = 100;

function userList(body: Record<string, unknown>, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > MAX_LISTED_USERS || value.some((v) => typeof v !== "string"))
    throw badRequest(`${name} must be a list of at most ${MAX_LISTED_USERS} user ids`);
  const wrong = (value as string[]).find((v) => !isUserId(v));
  if (wrong !== undefined) throw new UserError("council.not_a_user", { text: wrong.slice(0, 80) });
  return value as string[];
}

function podiumChange(body: Record<string, unknown>): PodiumChange {
  if (body.enabled !== undefined && typeof body.enabled !== "boolean")
    throw badRequest("enabled must be true or false");
  const add = userList(body, "add");
  const remove = userList(body, "remove");
  return {
    ...(typeof body.enabled === "boolean" ? { enabled: body.enabled } : {}),
    ...(add ? { add } : {}),
    ...(remove ? { remove } : {}),
  };
}

/**
 * The call widget's council endpoints (issue 19; COUNCIL-CONTRACT.md): its view of a room's call,
 * the caller's raised hand, their Jitsi participant id, and the podium. Trust boundary: as the rest of
 * the widget API, the caller is the user of their OpenID-backed session and must be a joined member of
 * the room; changing the podium needs `mayModerateCall`. Every change goes through the same core
 * functions as the `!meet` commands.
 */
export function councilRoutes(
  router: Router,
  options: CouncilApiOptions & { route: Route; requireMember(roomId: string, userId: string): Promise<void> },
): void {
  const { route, requireMember, meetingDeps: deps, callContexts, config } = options;
  const json = express.json({ limit: "8kb" });
  const handChange = handChangeLimiter();

  async function caller(
    roomId: string,
    userId: string,
  ): Promise<{ userId: string; entry: CallEntry; moderator: boolean }> {
    await requireMember(roomId, userId);
    const [context, settings, membership] = await Promise.all([
      callContexts.read(roomId, userId),
      settingsFacts(deps.roomState, roomId, userId),
      deps.roomState.membership(roomId, userId),
    ]);
    const entry = await callAccess(context, userId, deps.policy, { visitors: config.jitsi.visitors });
    return { userId, entry, moderator: mayModerateCall({ membership, settings }) };
  }

  async function meetingOf(roomId: string): Promise<Meeting> {
    const meeting = await deps.meetings.byRoomId(roomId);
    if (!meeting) throw new UserError("council.not_meeting_room");
    return meeting;
  }

  const roomOf = (params: Record<string, unknown>) => String(params.roomId);
  const txnId = () => `api.${randomBytes(8).toString("hex")}`;

  router.get(
    "/api/v1/rooms/:roomId/council",
    route(async ({ request, userId }): Promise<CouncilView> => {
      const roomId = roomOf(request.params);
      return councilView(deps, roomId, await caller(roomId, userId));
    }),
  );

  router.post(
    "/api/v1/rooms/:roomId/council/hand",
    json,
    route(async ({ request, body, userId }): Promise<CouncilView> => {
      const roomId = roomOf(request.params);
      const who = await caller(roomId, userId);
      if (typeof body.raised !== "boolean") throw badRequest("raised must be true or false");
      const meeting = await meetingOf(roomId);
      // Idempotent: a hand raised twice holds one place, a hand lowered twice changes nothing.
      const { list } = await deps.speakers.get(roomId);
      if (body.raised === hasHand(list, userId)) return councilView(deps, roomId, who);
      const wait = await handChange(`${roomId}|${userId}`);
      if (wait > 0)
        throw new ApiFailure(
          ErrCode.LimitExceeded,
          "api.too_many_hand_changes",
          {},
          {
            headers: { "Retry-After": String(Math.ceil(wait / 1000)) },
            fields: { retry_after_ms: wait },
          },
        );
      if (body.raised) await raiseHand(deps, meeting, { userId, topic: null, txnId: txnId() });
      else await lowerHand(deps, meeting, { userId, txnId: txnId() });
      return councilView(deps, roomId, who);
    }),
  );

  router.post(
    "/api/v1/rooms/:roomId/council/presence",
    json,
    route(async ({ request, body, userId }): Promise<CouncilView> => {
      const roomId = roomOf(request.params);
      const who = await caller(roomId, userId);
      const participantId = body.participant_id;
      if (typeof participantId !== "string" || !PARTICIPANT_ID.test(participantId))
        throw badRequest("participant_id must be 1 to 64 letters, digits, - or _");
      await deps.council.setPresence(roomId, userId, participantId, deps.clock.now());
      return councilView(deps, roomId, who);
    }),
  );

  router.post(
    "/api/v1/rooms/:roomId/council/podium",
    json,
    route(async ({ request, body, userId }): Promise<CouncilView> => {
      const roomId = roomOf(request.params);
      const who = await caller(roomId, userId);
      if (!who.moderator) throw new ApiFailure(ErrCode.Forbidden, "api.not_a_moderator");
      const change = podiumChange(body);
      await changePodium(deps, await meetingOf(roomId), change, userId);
      return councilView(deps, roomId, who);
    }),
  );
}

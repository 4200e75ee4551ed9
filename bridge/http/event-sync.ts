import express, { type Request, type Response, type Router } from "express";
import type { ConfigSlice } from "../../core/config/slice.js";
import { ErrCode, HttpError, sendError } from "../../core/http/errors.js";
import type { Logger } from "../../core/logging/logger.js";
import type { MeetingsRepository } from "../../core/storage/meetings.js";
import type { RoomStateRepository } from "../../core/storage/room-state.js";
import { handleCallEvent, type CallActivityDeps } from "../jitsi/call-activity.js";
import {
  conferenceFromRoomName,
  EVENT_SYNC_KINDS,
  parseEventSyncPayload,
  roomIdForEventRoomName,
  type EventSyncKind,
} from "../jitsi/event-sync.js";
import { bearerGate } from "./bearer-gate.js";

export interface EventSyncRouterOptions extends CallActivityDeps {
  config: ConfigSlice<{ jitsi: "events_token"; i18n: "locale" }>;
  meetings: Pick<MeetingsRepository, "byRoomId">;
  roomState: Pick<RoomStateRepository, "knows">;
  logger: Logger;
}

/**
 * Prosody's event-sync webhooks (`api_prefix` = `<public_url>/api/v1/jitsi`). Trust boundary: only
 * requests carrying `jitsi.events_token` as bearer are read at all (checked before the body is parsed);
 * the endpoints are off (404) without that token. A conference counts only if it names a Matrix room
 * Plenum knows, so a caller cannot make the bot post into arbitrary rooms. Any failure stores nothing
 * and answers 4xx, which Prosody does not retry; a 5xx is retried, which the handling tolerates.
 */
export function eventSyncRouter(options: EventSyncRouterOptions): Router {
  const { config, meetings, roomState } = options;
  const log = options.logger.child({ module: "event-sync" });
  const router = express.Router();

  const gate = bearerGate(config.jitsi.events_token);

  const receive = (kind: EventSyncKind) => async (request: Request, response: Response) => {
    const parsed = parseEventSyncPayload(kind, request.body);
    if (!parsed.ok) {
      log.info({ kind, problems: parsed.problems }, "event-sync payload refused");
      sendError(
        response,
        new HttpError(ErrCode.BadJson, "Malformed payload", { fields: { problems: parsed.problems } }),
      );
      return;
    }
    const roomId = roomIdForEventRoomName(parsed.event.room.name);
    const meeting = roomId ? await meetings.byRoomId(roomId) : undefined;
    if (!roomId || (!meeting && !(await roomState.knows(roomId)))) {
      sendError(response, new HttpError(ErrCode.NotFound, "No Matrix room uses this conference"));
      return;
    }
    const conference = conferenceFromRoomName(parsed.event.room.name);
    await handleCallEvent(options, { roomId, conference, meeting }, parsed.event);
    log.info(
      { kind, room_id: roomId, breakout: parsed.event.room.breakoutRoomId !== null },
      "call event handled",
    );
    response.json({});
  };

  for (const kind of EVENT_SYNC_KINDS) {
    router.post(
      `/api/v1/jitsi/events/${kind}`,
      gate,
      // Malformed JSON is answered 400 by the app's last handler (errors.ts), which Prosody does not retry.
      express.json({ limit: "256kb" }),
      receive(kind),
    );
  }
  return router;
}

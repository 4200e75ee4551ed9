import express, { type Router } from "express";
import type { Config } from "../../core/config/schema.js";
import { ErrCode, HttpError, sendError } from "../../core/http/errors.js";
import { isMeetingCalendarSignature } from "../../core/meetings/calendar-link.js";
import { roomLink } from "../../core/meetings/format.js";
import { renderCalendar, renderMeeting } from "../../core/meetings/ics.js";
import type { Meeting } from "../../core/meetings/model.js";
import { meetingDialIn } from "../../core/meetings/dial-in.js";
import type { CalendarTokensRepository } from "../../core/storage/calendar-tokens.js";
import type { MeetingPinsRepository } from "../../core/storage/meeting-pins.js";
import type { MeetingsRepository } from "../../core/storage/meetings.js";
import type { Clock } from "../../core/time/clock.js";

export interface CalendarRouterOptions {
  config: Config;
  meetings: MeetingsRepository;
  calendarTokens: CalendarTokensRepository;
  pins: MeetingPinsRepository;
  clock: Clock;
}

/**
 * Trust boundary: the token in the URL is the only credential (calendar apps cannot log in to
 * Matrix). It is long and random, replaced with `!meet calendar reset`, removed with `!meet calendar
 * off`, and expires after `http.calendar_feed_days` if set. An unknown or expired token gets the same
 * 404 as an unknown path, so probing reveals nothing; the token is never logged (errors.ts). One
 * meeting's file is also served behind a link signed for that meeting (calendar-link.ts).
 */
export function calendarRouter(options: CalendarRouterOptions): Router {
  const router = express.Router();
  const notFound = (response: express.Response) =>
    sendError(response, new HttpError(ErrCode.NotFound, "Not found"));
  const link = (meeting: Meeting) =>
    meeting.roomId ? roomLink(meeting.roomId, options.config.homeserver.domain) : "";
  /** The dial-in line of each meeting, looked up before rendering (the renderer is synchronous). */
  async function dialInLines(meetings: Meeting[]): Promise<(meeting: Meeting) => string | undefined> {
    const lines = new Map<string, string | undefined>();
    for (const meeting of meetings) {
      lines.set(meeting.id, await meetingDialIn(options, meeting.id, options.config.i18n.locale));
    }
    return (meeting) => lines.get(meeting.id);
  }

  async function sendMeeting(response: express.Response, meeting: Meeting): Promise<void> {
    const body = renderMeeting(meeting, {
      roomLink: link,
      dialIn: await dialInLines([meeting]),
      now: new Date(options.clock.now()),
    });
    response
      .type("text/calendar; charset=utf-8")
      .set("content-disposition", `attachment; filename="${meeting.id}.ics"`)
      .set("cache-control", "private, max-age=300")
      .send(body);
  }

  router.get("/calendar/:token.ics", async (request, response) => {
    const userId = await options.calendarTokens.userFor(String(request.params.token), options.clock.now());
    if (!userId) {
      notFound(response);
      return;
    }
    const meetings = await options.meetings.forUser(userId);
    const body = renderCalendar(meetings, {
      name: `Plenum: ${userId}`,
      roomLink: link,
      dialIn: await dialInLines(meetings),
      now: new Date(options.clock.now()),
    });
    response.type("text/calendar; charset=utf-8").set("cache-control", "private, max-age=300").send(body);
  });

  // A link signed for one meeting (core/meetings/calendar-link.ts): posted in its room, naming no person.
  router.get("/calendar/meeting/:meetingId/:signature.ics", async (request, response) => {
    const meetingId = String(request.params.meetingId).toUpperCase();
    if (!isMeetingCalendarSignature(options.config, meetingId, String(request.params.signature))) {
      notFound(response);
      return;
    }
    const meeting = await options.meetings.get(meetingId);
    if (meeting) await sendMeeting(response, meeting);
    else notFound(response);
  });

  router.get("/calendar/:token/:meetingId.ics", async (request, response) => {
    const userId = await options.calendarTokens.userFor(String(request.params.token), options.clock.now());
    const meeting = userId
      ? await options.meetings.get(String(request.params.meetingId).toUpperCase())
      : undefined;
    if (!userId || !meeting || (meeting.organizer !== userId && !meeting.participants.includes(userId))) {
      notFound(response);
      return;
    }
    await sendMeeting(response, meeting);
  });
  return router;
}

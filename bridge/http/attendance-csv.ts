import express, { type Request, type Router } from "express";
import type { Config } from "../../core/config/schema.js";
import { ErrCode, HttpError, sendError } from "../../core/http/errors.js";
import { configuredLinkSigner } from "../../core/http/signed-links.js";
import { attendanceByCall, attendanceCsvPath } from "../../core/meetings/attendance.js";
import { attendanceCsv } from "../../core/meetings/attendance-csv.js";
import { mayEditMeeting } from "../../core/access/authorization.js";
import { meetingFacts } from "../../core/access/facts.js";
import type { MeetingDeps } from "../../core/meetings/deps.js";
import type { AttendanceRepository } from "../../core/storage/attendance.js";
import type { MeetingsRepository } from "../../core/storage/meetings.js";
import type { Clock } from "../../core/time/clock.js";
import { sessionUser, type SessionTokens } from "../../core/widgets/session.js";

/** Enough for a long-running weekly series; older calls stay in the database. */
const CALLS_EXPORTED = 500;

export interface AttendanceCsvRouterOptions {
  config: Config;
  meetings: MeetingsRepository;
  attendance: AttendanceRepository;
  clock: Clock;
  /** Widget sessions: the second way in besides the signed link. */
  sessions: SessionTokens;
  meetingDeps: MeetingDeps;
}

/**
 * `GET /api/v1/meetings/<id>/attendance.csv`. Trust boundary: someone who may edit the meeting (its
 * organizer, a moderator of its room, or an admin), known either from a link Plenum signed for them
 * (`!meet attendance` sends it to their direct chat; it names them and expires within minutes) or
 * from their widget session (`Authorization: Bearer`). Either way the person is checked now, so a
 * link stops working once its holder may no longer read the attendance. Refusals look the same
 * whatever the reason, so outsiders learn nothing.
 */
export function attendanceCsvRouter(options: AttendanceCsvRouterOptions): Router {
  const router = express.Router();

  /** The person the request speaks for: the holder of a valid signed link, or a widget session's user. */
  function requester(request: Request, meetingId: string): string | undefined {
    const { query } = request;
    const signed = configuredLinkSigner(options.config).verify(
      attendanceCsvPath(meetingId),
      query,
      options.clock.now(),
    );
    if (signed && typeof query.for === "string") return query.for;
    return sessionUser(options.sessions, request.header("authorization"));
  }

  router.get("/api/v1/meetings/:id/attendance.csv", async (request, response) => {
    const id = String(request.params.id).toUpperCase();
    const userId = requester(request, id);
    const meeting = await options.meetings.get(id);
    const allowed =
      userId !== undefined &&
      meeting !== undefined &&
      mayEditMeeting(await meetingFacts(options.meetingDeps, meeting, userId));
    if (!allowed) {
      sendError(response, new HttpError(ErrCode.Forbidden, "This link is not valid or has expired"));
      return;
    }
    const calls = meeting.roomId
      ? await attendanceByCall(options.attendance, meeting.roomId, CALLS_EXPORTED)
      : [];
    response
      .status(200)
      .set({
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="attendance-${meeting.id}.csv"`,
        "cache-control": "private, no-store",
      })
      .send(attendanceCsv(calls, meeting.timezone));
  });
  return router;
}

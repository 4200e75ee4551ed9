import express, { type Request, type Router } from "express";
import type { Config } from "../../core/config/schema.js";
import { configuredLinkSigner } from "../../core/http/signed-links.js";
import { attendanceByCall, attendanceCsvPath } from "../../core/meetings/attendance.js";
import { attendanceCsv } from "../../core/meetings/attendance-csv.js";
import { mayEditMeeting } from "../../core/access/authorization.js";
import { meetingFacts } from "../../core/access/facts.js";
import type { MeetingDeps } from "../../core/meetings/deps.js";
import type { Meeting } from "../../core/meetings/model.js";
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
 * `GET /api/v1/meetings/<id>/attendance.csv`. Trust boundary: a link signed by Plenum for this
 * meeting that has not expired (the bot gives it to the meeting's editors in `!meet attendance`), or a
 * widget session (`Authorization: Bearer`) of someone who may edit the meeting: its organizer, a
 * moderator of its room, or an admin. Both refusals look the same, so outsiders learn nothing.
 */
export function attendanceCsvRouter(options: AttendanceCsvRouterOptions): Router {
  const router = express.Router();

  async function sessionMayExport(request: Request, meeting: Meeting | undefined): Promise<boolean> {
    const userId = sessionUser(options.sessions, request.header("authorization"));
    return (
      userId !== undefined &&
      meeting !== undefined &&
      mayEditMeeting(await meetingFacts(options.meetingDeps, meeting, userId))
    );
  }

  router.get("/api/v1/meetings/:id/attendance.csv", async (request, response) => {
    const id = String(request.params.id).toUpperCase();
    const signed = configuredLinkSigner(options.config).verify(
      attendanceCsvPath(id),
      request.query.expires,
      request.query.sig,
      options.clock.now(),
    );
    const meeting = await options.meetings.get(id);
    const allowed = signed || (await sessionMayExport(request, meeting));
    if (!allowed) {
      response.status(403).json({ errcode: "M_FORBIDDEN", error: "This link is not valid or has expired" });
      return;
    }
    if (!meeting) {
      response.status(404).json({ errcode: "M_NOT_FOUND", error: "This meeting no longer exists" });
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

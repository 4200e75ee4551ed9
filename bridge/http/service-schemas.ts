import { IANAZone } from "luxon";
import { z } from "zod";
import { userIdSchema } from "../../core/matrix/ids.js";
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from "../../core/meetings/duration.js";
import { MAX_TITLE_LENGTH } from "../../core/meetings/requests.js";

/**
 * The service API's request and response bodies. The router validates with these schemas, and
 * docs/api/openapi.yaml is generated from them (app/openapi.ts), so the document cannot drift from
 * what the code accepts.
 */

/** An ISO 8601 date-time; without an offset it is wall-clock time in the request's `timezone`. */
const dateTime = z.iso
  .datetime({ local: true, offset: true })
  .describe("ISO 8601 date-time; without an offset it is read in `timezone`");
const minutes = z.number().int().min(MIN_DURATION_MINUTES).max(MAX_DURATION_MINUTES);
const timezone = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), "expected an IANA time zone such as Europe/Berlin")
  .describe("IANA time zone, e.g. Europe/Berlin");
const participant = z
  .string()
  .max(255)
  .describe("A Matrix user id, or a room id or alias whose joined members are invited");

export const serviceMeetingCreateSchema = z
  .strictObject({
    as_user: userIdSchema.describe(
      "The user the meeting is created for (its organizer); act_for must name them",
    ),
    title: z.string().min(1).max(MAX_TITLE_LENGTH),
    start: dateTime,
    end: dateTime.optional(),
    duration: minutes.optional().describe("Minutes; instead of end. Neither: meetings.default_duration"),
    timezone,
    participants: z.array(participant).max(1000),
    rrule: z
      .string()
      .max(500)
      .optional()
      .describe("RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;COUNT=10 (an RRULE: prefix is allowed)"),
    description: z.string().max(8000).optional(),
  })
  .describe("A meeting to create");

export const serviceMeetingUpdateSchema = z
  .strictObject({
    as_user: userIdSchema
      .optional()
      .describe(
        "Who makes the change; act_for must name them and they must be allowed to edit. Default: the organizer",
      ),
    title: z.string().min(1).max(MAX_TITLE_LENGTH).optional(),
    description: z.string().max(8000).optional().describe("Empty text removes the description"),
    start: dateTime.optional(),
    end: dateTime.optional(),
    duration: minutes.optional(),
    timezone: timezone
      .optional()
      .describe("The zone a start or end without an offset is read in. Default: the meeting's"),
    invite: z.array(participant).max(1000).optional(),
    uninvite: z.array(userIdSchema).max(1000).optional(),
  })
  .describe("What to change; only the fields present change");

export const serviceMeetingSchema = z
  .object({
    id: z.string(),
    room_id: z.string().nullable(),
    join_url: z.string().nullable().describe("matrix.to link to the meeting room"),
    ics_url: z.string().describe("Signed link to the meeting's calendar file (works for a year)"),
    status: z.enum(["scheduled", "live", "ended", "cancelled"]),
    title: z.string(),
    start: z.string().describe("ISO 8601 start of the first occurrence, in the meeting's zone"),
    timezone: z.string(),
    duration_minutes: z.number().int(),
    rrule: z.string().nullable(),
    participants: z.array(z.string()),
  })
  .describe("A meeting as the service API shows it");

export type ServiceMeetingCreate = z.infer<typeof serviceMeetingCreateSchema>;
export type ServiceMeetingUpdate = z.infer<typeof serviceMeetingUpdateSchema>;
export type ServiceMeeting = z.infer<typeof serviceMeetingSchema>;

/** The first problem zod found, as `field: message`, for a 400 that says what to fix. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid body";
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

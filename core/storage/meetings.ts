import type { Meeting, MeetingStatus, OccurrenceOverride } from "../meetings/model.js";
import type { Database } from "./database.js";
import { readableRows, type RepositoryOptions } from "./corrupt-rows.js";

type Row = Record<string, unknown>;

const STATUSES: readonly MeetingStatus[] = ["scheduled", "live", "ended", "cancelled"];

/** Throws on a row that does not hold a meeting Plenum could act on. */
function toMeeting(row: Row, participants: string[]): Meeting {
  const exdates: unknown = JSON.parse(String(row.exdates));
  if (!Array.isArray(exdates) || !exdates.every((d) => typeof d === "string"))
    throw new Error("exdates is not a list of dates");
  const overrides: unknown = JSON.parse(String(row.overrides ?? "[]"));
  if (
    !Array.isArray(overrides) ||
    !overrides.every(
      (o: { recurrenceId?: unknown; start?: unknown }) =>
        typeof o?.recurrenceId === "string" && typeof o.start === "string",
    )
  )
    throw new Error("overrides is not a list of moved dates");
  if (!STATUSES.includes(row.status as MeetingStatus))
    throw new Error(`unknown status ${String(row.status)}`);
  if (Number.isNaN(Date.parse(String(row.start))))
    throw new Error(`start is not a date: ${String(row.start)}`);
  return {
    id: String(row.id),
    title: String(row.title),
    description: row.description === null ? null : String(row.description),
    organizer: String(row.organizer),
    originRoomId: String(row.origin_room_id),
    roomId: row.room_id === null ? null : String(row.room_id),
    timezone: String(row.timezone),
    start: String(row.start),
    durationMinutes: Number(row.duration_minutes),
    rrule: row.rrule === null ? null : String(row.rrule),
    exdates: exdates as string[],
    overrides: overrides as OccurrenceOverride[],
    jitsiDomain: String(row.jitsi_domain),
    conferenceName: String(row.conference_name),
    status: String(row.status) as MeetingStatus,
    sequence: Number(row.sequence),
    participants,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toRow(meeting: Meeting): Row {
  return {
    id: meeting.id,
    title: meeting.title,
    description: meeting.description,
    organizer: meeting.organizer,
    origin_room_id: meeting.originRoomId,
    room_id: meeting.roomId,
    timezone: meeting.timezone,
    start: meeting.start,
    start_at: Date.parse(meeting.start),
    duration_minutes: meeting.durationMinutes,
    rrule: meeting.rrule,
    exdates: JSON.stringify(meeting.exdates),
    overrides: JSON.stringify(meeting.overrides),
    jitsi_domain: meeting.jitsiDomain,
    conference_name: meeting.conferenceName,
    status: meeting.status,
    sequence: meeting.sequence,
    created_at: meeting.createdAt,
    updated_at: meeting.updatedAt,
  };
}

const OPEN: MeetingStatus[] = ["scheduled", "live"];

/** Meetings and their participants. */
export function meetingsRepository(db: Database, options: RepositoryOptions = {}) {
  async function withParticipants(rows: Row[]): Promise<Meeting[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => String(r.id));
    const links: Row[] = await db("meeting_participants")
      .whereIn("meeting_id", ids)
      .orderBy(["meeting_id", "added_at", "user_id"]);
    const byMeeting = new Map<string, string[]>();
    for (const link of links) {
      const list = byMeeting.get(String(link.meeting_id)) ?? [];
      list.push(String(link.user_id));
      byMeeting.set(String(link.meeting_id), list);
    }
    return readableRows(rows, (row) => toMeeting(row, byMeeting.get(String(row.id)) ?? []), {
      table: "meetings",
      key: (row) => ({ id: row.id }),
      onCorruptRow: options.onCorruptRow,
    });
  }

  return {
    async insert(meeting: Meeting): Promise<void> {
      await db.transaction(async (trx) => {
        await trx("meetings").insert(toRow(meeting));
        const rows = [...new Set(meeting.participants)].map((userId) => ({
          meeting_id: meeting.id,
          user_id: userId,
          added_at: meeting.createdAt,
        }));
        if (rows.length > 0) await trx("meeting_participants").insert(rows);
      });
    },

    /** Saves every field but the participants; the caller bumps `sequence` when users should notice. */
    async update(meeting: Meeting): Promise<void> {
      await db("meetings").where({ id: meeting.id }).update(toRow(meeting));
    },

    async delete(id: string): Promise<void> {
      await db("meetings").where({ id }).delete();
    },

    async get(id: string): Promise<Meeting | undefined> {
      const row = await db("meetings").where({ id }).first();
      return row ? (await withParticipants([row]))[0] : undefined;
    },

    async byRoomId(roomId: string): Promise<Meeting | undefined> {
      const row = await db("meetings").where({ room_id: roomId }).first();
      return row ? (await withParticipants([row]))[0] : undefined;
    },

    async exists(id: string): Promise<boolean> {
      return (await db("meetings").where({ id }).first("id")) !== undefined;
    },

    /** Open meetings started from a room (series always; one-offs not yet over), soonest first. */
    async openFromOrigin(roomId: string, now: number): Promise<Meeting[]> {
      const rows = await db("meetings")
        .where({ origin_room_id: roomId })
        .whereIn("status", OPEN)
        .where((q) => q.whereNotNull("rrule").orWhereRaw("start_at + duration_minutes * 60000 >= ?", [now]))
        .orderBy("start_at");
      return withParticipants(rows);
    },

    /** Meetings with one of the statuses that have a room, soonest first; for admins and catch-up. */
    async withStatus(
      statuses: readonly MeetingStatus[],
      page: { limit: number; offset: number },
    ): Promise<{ meetings: Meeting[]; total: number }> {
      const base = db("meetings").whereIn("status", statuses).whereNotNull("room_id");
      const counted = await base.clone().count({ n: "*" }).first();
      const rows = await base.orderBy(["start_at", "id"]).limit(page.limit).offset(page.offset);
      return { meetings: await withParticipants(rows), total: Number(counted?.n ?? 0) };
    },

    /** Meetings not cancelled whose first occurrence starts before `until`; for statistics. */
    async notCancelledStartingBefore(until: number): Promise<Meeting[]> {
      const rows = await db("meetings").whereNot({ status: "cancelled" }).where("start_at", "<", until);
      return withParticipants(rows);
    },

    /** Meetings a user organizes or takes part in, any status; for lists and calendar feeds. */
    async forUser(userId: string): Promise<Meeting[]> {
      const rows = await db("meetings")
        .where({ organizer: userId })
        .orWhereIn("id", db("meeting_participants").select("meeting_id").where({ user_id: userId }))
        .orderBy("start_at");
      return withParticipants(rows);
    },

    async addParticipants(meetingId: string, userIds: string[], now: number): Promise<string[]> {
      const existing = new Set(
        (await db("meeting_participants").where({ meeting_id: meetingId }).select("user_id")).map((r) =>
          String(r.user_id),
        ),
      );
      const added = [...new Set(userIds)].filter((u) => !existing.has(u));
      if (added.length > 0) {
        await db("meeting_participants").insert(
          added.map((u) => ({ meeting_id: meetingId, user_id: u, added_at: now })),
        );
      }
      return added;
    },

    async removeParticipants(meetingId: string, userIds: string[]): Promise<string[]> {
      const present = (
        await db("meeting_participants")
          .where({ meeting_id: meetingId })
          .whereIn("user_id", userIds)
          .select("user_id")
      ).map((r) => String(r.user_id));
      if (present.length > 0)
        await db("meeting_participants")
          .where({ meeting_id: meetingId })
          .whereIn("user_id", present)
          .delete();
      return present;
    },
  };
}

export type MeetingsRepository = ReturnType<typeof meetingsRepository>;

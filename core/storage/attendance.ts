import type { Database } from "./database.js";

type Row = Record<string, unknown>;

/** A main-room Jitsi call; times in epoch milliseconds. */
export interface Call {
  id: number;
  roomId: string;
  startedAt: number;
  endedAt: number | null;
  /** The most people in the call (main and breakout rooms) at one time. */
  maxParticipants: number;
}

/** One person's stay in a call's main room or one of its breakout rooms. */
export interface AttendanceRecord {
  meetingId: string | null;
  roomId: string;
  conference: string;
  breakoutRoomId: string | null;
  occupantJid: string;
  userId: string | null;
  name: string | null;
  isGuest: boolean;
  joinedAt: number;
  leftAt: number | null;
}

function toCall(row: Row): Call {
  return {
    id: Number(row.id),
    roomId: String(row.room_id),
    startedAt: Number(row.started_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
    maxParticipants: Number(row.max_participants),
  };
}

function toRecord(row: Row): AttendanceRecord {
  const text = (value: unknown) => (value === null ? null : String(value));
  return {
    meetingId: text(row.meeting_id),
    roomId: String(row.room_id),
    conference: String(row.conference),
    breakoutRoomId: text(row.breakout_room_id),
    occupantJid: String(row.occupant_jid),
    userId: text(row.user_id),
    name: text(row.name),
    // SQLite hands booleans back as 0/1.
    isGuest: Boolean(row.is_guest),
    joinedAt: Number(row.joined_at),
    leftAt: row.left_at === null ? null : Number(row.left_at),
  };
}

/**
 * Calls and who attended them. Every write is keyed the way Prosody identifies what it reports, so
 * a webhook delivered twice changes nothing the second time.
 */
export function attendanceRepository(db: Database) {
  return {
    /** The call that started at that moment, created if it is new. */
    async startCall(roomId: string, startedAt: number): Promise<Call> {
      await db("calls").insert({ room_id: roomId, started_at: startedAt }).onConflict().ignore();
      return toCall(await db("calls").where({ room_id: roomId, started_at: startedAt }).first());
    },

    async callAt(roomId: string, startedAt: number): Promise<Call | undefined> {
      const row = await db("calls").where({ room_id: roomId, started_at: startedAt }).first();
      return row ? toCall(row) : undefined;
    },

    /** The latest call in the room that has not ended. */
    async openCall(roomId: string): Promise<Call | undefined> {
      const row = await db("calls")
        .where({ room_id: roomId })
        .whereNull("ended_at")
        .orderBy("started_at", "desc")
        .first();
      return row ? toCall(row) : undefined;
    },

    async endCall(callId: number, endedAt: number): Promise<void> {
      await db("calls").where({ id: callId }).update({ ended_at: endedAt });
    },

    async raiseMaxParticipants(callId: number, count: number): Promise<void> {
      await db("calls").where({ id: callId }).where("max_participants", "<", count).update({
        max_participants: count,
      });
    },

    /** The room's calls, newest first. */
    async recentCalls(roomId: string, limit: number): Promise<Call[]> {
      const rows: Row[] = await db("calls")
        .where({ room_id: roomId })
        .orderBy("started_at", "desc")
        .limit(limit);
      return rows.map(toCall);
    },

    /** Calls in any room that started in [from, until), earliest first. */
    async callsStartedBetween(from: number, until: number): Promise<Call[]> {
      const rows: Row[] = await db("calls")
        .where("started_at", ">=", from)
        .where("started_at", "<", until)
        .orderBy("started_at");
      return rows.map(toCall);
    },

    /** Stays in any room that overlap [from, until): joined before its end, not left before its start. */
    async staysOverlapping(from: number, until: number): Promise<AttendanceRecord[]> {
      const rows: Row[] = await db("attendance")
        .where("joined_at", "<", until)
        .where((q) => q.whereNull("left_at").orWhere("left_at", ">", from))
        .orderBy("joined_at");
      return rows.map(toRecord);
    },

    async recordJoin(record: AttendanceRecord): Promise<void> {
      await db("attendance")
        .insert({
          meeting_id: record.meetingId,
          room_id: record.roomId,
          conference: record.conference,
          breakout_room_id: record.breakoutRoomId,
          occupant_jid: record.occupantJid,
          user_id: record.userId,
          name: record.name,
          is_guest: record.isGuest,
          joined_at: record.joinedAt,
          left_at: record.leftAt,
        })
        .onConflict(["room_id", "occupant_jid", "joined_at"])
        .ignore();
    },

    async recordLeave(roomId: string, occupantJid: string, joinedAt: number, leftAt: number): Promise<void> {
      await db("attendance")
        .where({ room_id: roomId, occupant_jid: occupantJid, joined_at: joinedAt })
        .update({ left_at: leftAt });
    },

    /** Closes stays whose "left" webhook never arrived, once the whole call is over. */
    async closeOpen(roomId: string, from: number, until: number): Promise<void> {
      await db("attendance")
        .where({ room_id: roomId })
        .whereNull("left_at")
        .whereBetween("joined_at", [from, until])
        .update({ left_at: until });
    },

    /** Stays that began in the room between the two moments (inclusive), earliest first. */
    async between(roomId: string, from: number, until: number): Promise<AttendanceRecord[]> {
      const rows: Row[] = await db("attendance")
        .where({ room_id: roomId })
        .whereBetween("joined_at", [from, until])
        .orderBy([{ column: "joined_at" }, { column: "occupant_jid" }]);
      return rows.map(toRecord);
    },
  };
}

export type AttendanceRepository = ReturnType<typeof attendanceRepository>;

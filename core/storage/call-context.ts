import type { Database } from "./database.js";
import { readableRows, type RepositoryOptions } from "./corrupt-rows.js";
import type { StoredValue } from "./policy.js";

/** The meeting a room belongs to, as far as a call token needs it. */
export interface CallMeeting {
  id: string;
  status: string;
  conferenceName: string;
}

/** Everything a call-access decision and a call token need about one user in one room. */
export interface CallContext {
  create: { sender: string; content: Record<string, unknown> } | undefined;
  powerLevels: Record<string, unknown> | undefined;
  /** The user's m.room.member content: membership and display name. */
  member: Record<string, unknown> | undefined;
  policy: StoredValue[];
  roomPolicy: StoredValue[];
  /** The meeting whose room this is. */
  meeting: CallMeeting | undefined;
  /** The public session whose audience room this is, with its meeting. */
  audience: { isPublic: boolean; meeting: CallMeeting } | undefined;
}

// One statement, one round trip: every call token pays for this after the homeserver's userinfo call,
// so it is written once here rather than built per request. All columns are text on both databases.
const CALL_CONTEXT_SQL = `
select 'state' as source, type as a, state_key as b, content as c, sender as d
  from room_state
  where room_id = ? and type in ('m.room.create', 'm.room.power_levels', 'm.room.member')
    and state_key in ('', ?)
union all
select 'policy', key, null, value, null from policy_settings
union all
select 'room_policy', key, null, value, null from room_policy where room_id = ?
union all
select 'meeting', id, status, conference_name, null from meetings where room_id = ?
union all
select 'audience', m.id, m.status, m.conference_name, case when p.public then 'yes' else 'no' end
  from public_sessions p join meetings m on m.id = p.meeting_id
  where p.audience_room_id = ?`;

type Row = { source: string; a: string; b: string | null; c: string; d: string | null };

/**
 * Reads a user's call context in one statement: the room's create event, power levels and the user's
 * member event from Plenum's state copy, the policy settings, and the room's meeting or public session.
 * Nothing is cached: each call reads what the event stream and other instances wrote last.
 */
export function callContextRepository(db: Database, options: RepositoryOptions = {}) {
  const stateContent = (rows: Row[], roomId: string) =>
    readableRows(
      rows,
      (row) => {
        const content: unknown = JSON.parse(row.c);
        if (typeof content !== "object" || content === null || Array.isArray(content))
          throw new Error("content is not an object");
        return { row, content: content as Record<string, unknown> };
      },
      {
        table: "room_state",
        key: (row) => ({ room_id: roomId, type: row.a, state_key: row.b }),
        onCorruptRow: options.onCorruptRow,
      },
    );
  return {
    async read(roomId: string, userId: string): Promise<CallContext> {
      const result: unknown = await db.raw(CALL_CONTEXT_SQL, [roomId, userId, roomId, roomId, roomId]);
      // better-sqlite3 answers with the rows, pg with a result that holds them.
      const rows = (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
      const context: CallContext = {
        create: undefined,
        powerLevels: undefined,
        member: undefined,
        policy: [],
        roomPolicy: [],
        meeting: undefined,
        audience: undefined,
      };
      const meeting = (row: Row): CallMeeting => ({
        id: row.a,
        status: String(row.b),
        conferenceName: row.c,
      });
      for (const { row, content } of stateContent(
        rows.filter((row) => row.source === "state"),
        roomId,
      )) {
        if (row.a === "m.room.create" && row.b === "") context.create = { sender: String(row.d), content };
        else if (row.a === "m.room.power_levels" && row.b === "") context.powerLevels = content;
        else if (row.a === "m.room.member" && row.b === userId) context.member = content;
      }
      for (const row of rows) {
        if (row.source === "policy") context.policy.push({ key: row.a, value: row.c });
        else if (row.source === "room_policy") context.roomPolicy.push({ key: row.a, value: row.c });
        else if (row.source === "meeting") context.meeting = meeting(row);
        else if (row.source === "audience")
          context.audience = { isPublic: row.d === "yes", meeting: meeting(row) };
      }
      return context;
    },
  };
}

export type CallContextRepository = ReturnType<typeof callContextRepository>;

import { callContextRepository } from "../../core/storage/call-context.js";
import { meetingsRepository } from "../../core/storage/meetings.js";
import { policyRepository } from "../../core/storage/policy.js";
import { publicSessionsRepository } from "../../core/storage/public-sessions.js";
import { roomStateRepository, type StateEventRecord } from "../../core/storage/room-state.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";
import { storedMeeting } from "../support/stored-meeting.js";

const AT = Date.parse("2026-11-23T09:00:00Z");
const ROOM = "!meeting:example.org";
const AUDIENCE = "!audience:example.org";

const meeting = storedMeeting(ROOM, AT);

function state(type: string, stateKey: string, content: Record<string, unknown>): StateEventRecord {
  return {
    type,
    state_key: stateKey,
    content,
    event_id: `$${type}-${stateKey}`,
    sender: "@org:x",
  };
}

describe.each(databaseKinds())("call context on %s", (kind) => {
  const db = freshDatabasePerTest(kind);

  test("one read returns the room's create event, power levels and the user's own member event", async () => {
    const rooms = roomStateRepository(db());
    await rooms.apply(ROOM, state("m.room.create", "", { room_version: "11" }), 1);
    await rooms.apply(ROOM, state("m.room.power_levels", "", { users: { "@a:x": 50 } }), 1);
    await rooms.apply(ROOM, state("m.room.member", "@a:x", { membership: "join", displayname: "Ada" }), 1);
    await rooms.apply(ROOM, state("m.room.member", "@b:x", { membership: "join" }), 1);
    const context = await callContextRepository(db()).read(ROOM, "@a:x");
    expect(context.create).toEqual({ sender: "@org:x", content: { room_version: "11" } });
    expect(context.powerLevels).toEqual({ users: { "@a:x": 50 } });
    expect(context.member).toEqual({ membership: "join", displayname: "Ada" });
  });

  test("one read returns the global and the room's policy settings", async () => {
    const policy = policyRepository(db());
    await policy.put({ key: "max_participants", value: "40", changedBy: "@admin:x", changedAt: AT });
    await policy.putForRoom(ROOM, { key: "max_participants", value: "20", changedBy: "@o:x", changedAt: AT });
    await policy.putForRoom("!other:x", {
      key: "max_participants",
      value: "5",
      changedBy: "@o:x",
      changedAt: AT,
    });
    const context = await callContextRepository(db()).read(ROOM, "@a:x");
    expect(context.policy).toEqual([{ key: "max_participants", value: "40" }]);
    expect(context.roomPolicy).toEqual([{ key: "max_participants", value: "20" }]);
  });

  /** The meeting in ROOM, with its public session's audience room AUDIENCE. */
  async function publicSession(isPublic: boolean): Promise<void> {
    await meetingsRepository(db()).insert(meeting);
    const session = {
      meetingId: meeting.id,
      audienceRoomId: AUDIENCE,
      streamUrl: null,
      statusMessageId: null,
    };
    await publicSessionsRepository(db()).save({ ...session, isPublic }, AT);
  }

  test("a meeting room's read names its meeting, and an audience room's its public session", async () => {
    await publicSession(true);
    const contexts = callContextRepository(db());
    const meetingRoom = await contexts.read(ROOM, "@a:x");
    const audienceRoom = await contexts.read(AUDIENCE, "@a:x");
    const named = { id: meeting.id, status: "live", conferenceName: "CONF" };
    expect([meetingRoom.meeting, meetingRoom.audience]).toEqual([named, undefined]);
    expect([audienceRoom.meeting, audienceRoom.audience]).toEqual([
      undefined,
      { isPublic: true, meeting: named },
    ]);
  });

  test("a closed public session reads as not public", async () => {
    await publicSession(false);
    expect((await callContextRepository(db()).read(AUDIENCE, "@a:x")).audience?.isPublic).toBe(false);
  });

  test("an unknown room reads as empty", async () => {
    const context = await callContextRepository(db()).read("!unknown:x", "@a:x");
    // Nothing but undefined values and empty lists (an empty list reads as "").
    expect(Object.values(context).filter((value) => value !== undefined && `${value}` !== "")).toEqual([]);
  });

  test("a state row whose content cannot be read is left out and reported", async () => {
    const reported: unknown[] = [];
    const rooms = roomStateRepository(db());
    await rooms.apply(ROOM, state("m.room.member", "@a:x", { membership: "join" }), 1);
    await db()("room_state").where({ state_key: "@a:x" }).update({ content: "{broken" });
    const contexts = callContextRepository(db(), {
      onCorruptRow: ({ table, key }) => reported.push({ table, key }),
    });
    expect((await contexts.read(ROOM, "@a:x")).member).toBeUndefined();
    expect(reported).toEqual([
      { table: "room_state", key: { room_id: ROOM, type: "m.room.member", state_key: "@a:x" } },
    ]);
  });
});

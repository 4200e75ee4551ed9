import { BREAKOUT_ROOM_TYPE } from "../../core/council/breakout-room.js";
import {
  BREAKOUT_WIDGET_ID,
  broadcastToBreakouts,
  endBreakouts,
  openBreakouts,
} from "../../core/council/breakouts.js";
import { conferenceNameForRoom } from "../../core/meetings/conference.js";
import type { Meeting } from "../../core/meetings/model.js";
import { WIDGET_LAYOUT, WIDGET_STATE } from "../../core/meetings/room-state.js";
import { meetingWorldPerTest, type MeetingWorld } from "../support/meeting-world.js";
import { testMeeting } from "../support/stored-meeting.js";

const ORGANIZER = "@org:example.org";
const MODERATOR = "@mod:example.org";
const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";
const ROOM = "!meeting:example.org";
const GROUPS = [
  { name: "Budget", members: [ALICE] },
  { name: "Staff", members: [BOB] },
];

/** A live meeting whose room has the organizer at 100 and a moderator at 50. */
function liveMeeting(world: () => MeetingWorld): Promise<Meeting> {
  return world().meetingInRoom(
    testMeeting({ status: "live", participants: [ORGANIZER, MODERATOR, ALICE, BOB] }),
    {
      [ORGANIZER]: 100,
      [MODERATOR]: 50,
    },
  );
}

describe("opening breakouts", () => {
  const world = meetingWorldPerTest();

  test("makes one room per group, with its members invited and the meeting room as its parent", async () => {
    const { deps, matrix } = world();
    const made = await openBreakouts(deps, await liveMeeting(world), GROUPS);
    expect(made.map((b) => [b.name, matrix.members(b.roomId, "invite")])).toEqual([
      ["Budget", [ALICE]],
      ["Staff", [BOB]],
    ]);
    for (const breakout of made) {
      expect(matrix.state(breakout.roomId, "m.room.create")).toMatchObject({ type: BREAKOUT_ROOM_TYPE });
      expect(matrix.state(breakout.roomId, "m.space.parent", ROOM)).toEqual({
        via: ["example.org"],
        canonical: true,
      });
    }
  });

  test("remembers each breakout with its members, so the meeting's access rules follow into it", async () => {
    const { deps } = world();
    const meeting = await liveMeeting(world);
    const made = await openBreakouts(deps, meeting, GROUPS);
    expect(await deps.breakouts.open(meeting.id)).toEqual(made);
  });

  test("gives each breakout its own call, named after its own room", async () => {
    const { deps, matrix } = world();
    const [budget] = await openBreakouts(deps, await liveMeeting(world), GROUPS);
    expect(matrix.state(budget!.roomId, WIDGET_STATE, BREAKOUT_WIDGET_ID)).toMatchObject({
      data: { conferenceId: conferenceNameForRoom(budget!.roomId), roomName: "Council – Budget" },
    });
    expect(matrix.state(budget!.roomId, WIDGET_LAYOUT)).toBeDefined();
  });

  test("lets the meeting room's moderators moderate each breakout", async () => {
    const { deps, matrix } = world();
    const [budget] = await openBreakouts(deps, await liveMeeting(world), GROUPS);
    expect(matrix.state(budget!.roomId, "m.room.power_levels")).toMatchObject({
      users: { [ORGANIZER]: 100, [MODERATOR]: 50 },
    });
  });

  test("links the breakouts into the meeting room, in the order of the groups", async () => {
    const { deps, matrix } = world();
    const made = await openBreakouts(deps, await liveMeeting(world), GROUPS);
    expect(made.map((b) => matrix.state(ROOM, "m.space.child", b.roomId))).toEqual([
      { via: ["example.org"], order: "000" },
      { via: ["example.org"], order: "001" },
    ]);
  });

  test("while the meeting's breakouts are open is refused", async () => {
    const { deps, matrix } = world();
    const meeting = await liveMeeting(world);
    await openBreakouts(deps, meeting, GROUPS);
    await expect(openBreakouts(deps, meeting, GROUPS)).rejects.toMatchObject({
      key: "breakout.already_open",
    });
    expect(matrix.created).toHaveLength(2);
  });
});

describe("opening breakouts that fail half-way", () => {
  const world = meetingWorldPerTest();

  test("undoes every room made so far: unlinked, invites withdrawn, forgotten and left", async () => {
    const { deps, matrix } = world();
    const meeting = await liveMeeting(world);
    matrix.failOn("createRoom", { when: (body) => body.name === "Council – Staff" });
    await expect(openBreakouts(deps, meeting, GROUPS)).rejects.toThrow("createRoom failed");
    const budget = matrix.roomIds().find((roomId) => matrix.request(roomId)?.name === "Council – Budget")!;
    expect(matrix.state(ROOM, "m.space.child", budget)).toEqual({});
    expect(matrix.kicks).toEqual([
      {
        roomId: budget,
        userId: ALICE,
        reason: "The breakout rooms could not be opened and were removed again.",
      },
    ]);
    expect(matrix.left).toEqual([budget]);
    expect(await deps.breakouts.ofMeeting(meeting.id)).toEqual([]);
  });

  test("goes on undoing when one step of the undoing fails", async () => {
    const { deps, matrix } = world();
    const meeting = await liveMeeting(world);
    matrix.failOn("createRoom", { when: (body) => body.name === "Council – Staff" });
    matrix.failOn("kick");
    await expect(openBreakouts(deps, meeting, GROUPS)).rejects.toThrow("createRoom failed");
    expect(matrix.left).toHaveLength(1);
    expect(await deps.breakouts.ofMeeting(meeting.id)).toEqual([]);
  });
});

describe("a broadcast to the breakouts", () => {
  const world = meetingWorldPerTest();

  test("posts the text, naming its sender, into every open breakout", async () => {
    const { deps, matrix } = world();
    const meeting = await liveMeeting(world);
    const made = await openBreakouts(deps, meeting, GROUPS);
    await broadcastToBreakouts(deps, meeting, {
      sender: ORGANIZER,
      text: "Five minutes left",
      txnId: "$cmd",
    });
    for (const breakout of made)
      expect(matrix.messages(breakout.roomId)).toEqual(["📢 From @org:example.org: Five minutes left"]);
  });

  test("without open breakouts is refused", async () => {
    const { deps } = world();
    const attempt = broadcastToBreakouts(deps, await liveMeeting(world), {
      sender: ORGANIZER,
      text: "Hi",
      txnId: "$cmd",
    });
    await expect(attempt).rejects.toMatchObject({ key: "breakout.none_open" });
  });
});

describe("ending the breakouts", () => {
  const world = meetingWorldPerTest();

  test("asks everyone back to the meeting room with a link, and ends each breakout", async () => {
    const { deps, matrix } = world();
    const meeting = await liveMeeting(world);
    const made = await openBreakouts(deps, meeting, GROUPS);
    await endBreakouts(deps, meeting, "$cmd");
    for (const breakout of made)
      expect(matrix.messages(breakout.roomId)).toEqual([
        `The breakouts are over. Please come back to the main call: https://matrix.to/#/${encodeURIComponent(ROOM)}?via=example.org`,
      ]);
    expect(await deps.breakouts.open(meeting.id)).toEqual([]);
  });

  test("locks the breakout rooms (lock_breakouts_on_end, on unless configured off)", async () => {
    const { deps, matrix } = world();
    const meeting = await liveMeeting(world);
    const made = await openBreakouts(deps, meeting, GROUPS);
    await endBreakouts(deps, meeting, "$cmd");
    for (const breakout of made)
      expect(matrix.state(breakout.roomId, "m.room.power_levels")).toMatchObject({ events_default: 100 });
  });

  test("keeps the links in the meeting room, as a record of the session", async () => {
    const { deps, matrix } = world();
    const meeting = await liveMeeting(world);
    const [budget] = await openBreakouts(deps, meeting, GROUPS);
    await endBreakouts(deps, meeting, "$cmd");
    expect(matrix.state(ROOM, "m.space.child", budget!.roomId)).toMatchObject({ via: ["example.org"] });
  });

  test("twice is refused", async () => {
    const { deps } = world();
    const meeting = await liveMeeting(world);
    await openBreakouts(deps, meeting, GROUPS);
    await endBreakouts(deps, meeting, "$cmd");
    await expect(endBreakouts(deps, meeting, "$cmd2")).rejects.toMatchObject({ key: "breakout.none_open" });
  });
});

describe("ending the breakouts with lock_breakouts_on_end off", () => {
  const world = meetingWorldPerTest({ config: { meetings: { lock_breakouts_on_end: false } } });

  test("leaves their rooms open", async () => {
    const { deps, matrix } = world();
    const meeting = await liveMeeting(world);
    const [budget] = await openBreakouts(deps, meeting, GROUPS);
    await endBreakouts(deps, meeting, "$cmd");
    expect(matrix.state(budget!.roomId, "m.room.power_levels")?.events_default).toBe(0);
  });
});

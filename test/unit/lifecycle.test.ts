import {
  applyAfterEndPolicy,
  closeRoom,
  isLocked,
  lockRoom,
  unlockRoom,
} from "../../core/meetings/lifecycle.js";
import { meetingWorldPerTest } from "../support/meeting-world.js";
import { testMeeting } from "../support/stored-meeting.js";

const world = meetingWorldPerTest();
const ORGANIZER = "@org:example.org";
const MODERATOR = "@mod:example.org";
const MEMBER = "@member:example.org";

/** A meeting room as the bot made it: the organizer at 100, a moderator at 50, a member. */
async function meetingRoom(): Promise<string> {
  const { matrix } = world();
  return matrix.addRoom({
    members: [ORGANIZER, MODERATOR, MEMBER],
    powerLevels: {
      users: { [matrix.botUserId]: 100, [ORGANIZER]: 100, [MODERATOR]: 50 },
      events_default: 0,
      kick: 50,
      redact: 50,
    },
  });
}

describe("locking a room", () => {
  test("lets only admins send, keeping every other level", async () => {
    const { deps, matrix } = world();
    const roomId = await meetingRoom();
    await lockRoom(deps, roomId);
    expect(matrix.state(roomId, "m.room.power_levels")).toMatchObject({
      events_default: 100,
      kick: 50,
      users: { [ORGANIZER]: 100, [MODERATOR]: 50 },
    });
  });

  test("shows in Plenum's copy of the room state", async () => {
    const { deps } = world();
    const roomId = await meetingRoom();
    expect(await isLocked(deps, roomId)).toBe(false);
    await lockRoom(deps, roomId);
    expect(await isLocked(deps, roomId)).toBe(true);
  });

  test("of a locked room writes nothing", async () => {
    const { deps, matrix } = world();
    const roomId = await meetingRoom();
    await lockRoom(deps, roomId);
    const written = matrix.state(roomId, "m.room.power_levels");
    await lockRoom(deps, roomId);
    expect(matrix.state(roomId, "m.room.power_levels")).toBe(written);
  });

  test("is undone by unlocking: members may send again", async () => {
    const { deps, matrix } = world();
    const roomId = await meetingRoom();
    await lockRoom(deps, roomId);
    await unlockRoom(deps, roomId);
    expect(matrix.state(roomId, "m.room.power_levels")).toMatchObject({ events_default: 0, kick: 50 });
  });
});

describe("closing a room", () => {
  test("makes it invite-only and removes every member the bot outranks, with the reason", async () => {
    const { deps, matrix } = world();
    const roomId = await meetingRoom();
    await closeRoom(deps, roomId, "Over");
    expect(matrix.state(roomId, "m.room.join_rules")).toEqual({ join_rule: "invite" });
    expect(matrix.kicks).toEqual([
      { roomId, userId: MODERATOR, reason: "Over" },
      { roomId, userId: MEMBER, reason: "Over" },
    ]);
  });

  test("leaves members as powerful as the bot in the room and names them", async () => {
    const { deps, matrix } = world();
    const roomId = await meetingRoom();
    expect(await closeRoom(deps, roomId, "Over")).toEqual([ORGANIZER]);
    expect(matrix.members(roomId)).toEqual([matrix.botUserId, ORGANIZER]);
  });
});

describe("the after-end policy", () => {
  test("keep leaves the room as it is", async () => {
    const { deps, matrix } = world();
    const roomId = await meetingRoom();
    const before = matrix.state(roomId, "m.room.power_levels");
    await applyAfterEndPolicy(deps, testMeeting({ roomId, status: "ended" }), "keep");
    expect(matrix.state(roomId, "m.room.power_levels")).toBe(before);
    expect(matrix.kicks).toEqual([]);
  });

  test("lock locks the room and removes nobody", async () => {
    const { deps, matrix } = world();
    const roomId = await meetingRoom();
    await applyAfterEndPolicy(deps, testMeeting({ roomId, status: "ended" }), "lock");
    expect(matrix.state(roomId, "m.room.power_levels")).toMatchObject({ events_default: 100 });
    expect(matrix.kicks).toEqual([]);
  });

  test("close removes the members with the configured language's reason", async () => {
    const { deps, matrix } = world();
    const roomId = await meetingRoom();
    await applyAfterEndPolicy(deps, testMeeting({ roomId, status: "ended" }), "close");
    expect(matrix.kicks.map((kick) => kick.reason)).toEqual([
      "The meeting is over; its room has been closed.",
      "The meeting is over; its room has been closed.",
    ]);
  });
});

import { storedMeeting } from "../support/stored-meeting.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/**
 * Issue #15 (9) and #23 (5): once the bot is out of a room, nothing Plenum copied about the room is
 * trusted any more, and start-up does not ask the homeserver about the room again and again.
 */
describe("rooms the bot has left", () => {
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    env = await TestEnv.start({
      locale: "en",
      config: { jitsi: { app_secret: "jitsi-app-secret-for-tests-0123" } },
    });
    alice = await env.createUser("alice");
    bob = await env.createUser("bob");
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function callToken(user: TestUser, roomId: string): Promise<number> {
    return (await env.callToken(await env.openIdToken(user), roomId)).status;
  }

  /** Kicks the bot as `owner` and resolves once Plenum has handled its removal. */
  async function kickBot(owner: TestUser, roomId: string): Promise<void> {
    await owner.client.kick(roomId, env.botUserId, "no bots here");
    const kick = await env.memberEventId(owner, roomId, env.botUserId, "leave");
    await env.handled(kick, "Plenum to handle the bot's removal");
  }

  test("after the bot is kicked from a room, its members get no call token from it", async () => {
    const roomId = await env.roomWithMembers(alice, [bob]);
    expect(await callToken(bob, roomId)).toBe(200);
    await kickBot(alice, roomId);
    expect(await callToken(bob, roomId)).toBe(403);
  });

  test("after the bot is kicked from a room, Plenum's copy of the room's state is forgotten", async () => {
    const roomId = await env.roomWithMembers(alice, [bob]);
    await kickBot(alice, roomId);
    expect(await env.plenum.meetingDeps.roomState.knows(roomId)).toBe(false);
    expect(
      await env.plenum.meetingDeps.roomState.members(roomId, ["join", "invite", "leave", "ban"]),
    ).toEqual([]);
  });

  describe("a meeting room the bot is no longer in", () => {
    let roomId: string;
    let afterFirstStart: string[];
    /** Plenum's own lines about the room (the Matrix SDKs' lines carry no room_id field). */
    const aboutRoom = () => env.logLines.filter((line) => line.includes(`"room_id":"${roomId}"`));

    beforeAll(async () => {
      // The homeserver will not show the bot this room, as after the bot was removed while Plenum was down.
      ({ room_id: roomId } = await alice.client.createRoom({ name: "Without the bot" }));
      await env.plenum.meetingDeps.meetings.insert({ ...storedMeeting(roomId, Date.now()), id: "LFT-RMX" });
      await env.restartPlenum();
      afterFirstStart = aboutRoom();
      await env.restartPlenum();
      await env.restartPlenum();
    });

    test("is asked about at the first start-up only", () => {
      expect(afterFirstStart).toHaveLength(1);
      expect(aboutRoom()).toEqual(afterFirstStart);
    });

    test("is reported without a warning or an error from Plenum or the Matrix SDKs", () => {
      const loud = env.logLines.filter((line) => line.includes(roomId) && /"level":(40|50|60)/.test(line));
      expect(loud).toEqual([]);
    });
  });
});

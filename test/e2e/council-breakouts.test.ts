import { conferenceNameForRoom } from "../../core/meetings/conference.js";
import { roomLink } from "../../core/meetings/format.js";
import { attendanceRepository } from "../../core/storage/attendance.js";
import { ManualClock } from "../support/clock.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Monday 2026-11-23 09:00 Europe/Berlin; the session starts at 09:30. */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");
const SESSION_START = Date.parse("2026-11-23T08:30:00Z");

describe("breakout rooms of a council session, on a real Synapse", () => {
  let env: TestEnv;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let meetingId: string;
  let room: string;

  const state = (roomId: string, type: string, key = "") => env.plenum.gateway.getState(roomId, type, key);
  const openBreakouts = () => env.plenum.meetingDeps.breakouts.open(meetingId);

  async function botRooms(): Promise<string[]> {
    const asBot = `?user_id=${encodeURIComponent(env.botUserId)}`;
    const response = await fetch(`${env.state.homeserver.url}/_matrix/client/v3/joined_rooms${asBot}`, {
      headers: { authorization: `Bearer ${env.slot.asToken}` },
    });
    return ((await response.json()) as { joined_rooms: string[] }).joined_rooms;
  }

  beforeAll(async () => {
    const clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({ locale: "en", start: { clock, schedulerTimer: false } });
    alice = await env.createUser("alice");
    bob = await env.createUser("bob");
    carol = await env.createUser("carol");
    dave = await env.createUser("dave");
    const team = await env.roomWithBot(alice, "Council");
    const reply = await env.ask(
      alice,
      team,
      `!meet schedule "Council" 2026-11-23 09:30 for 2h with ${bob.userId} ${carol.userId} ${dave.userId}`,
    );
    meetingId = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    room = (await env.plenum.meetingDeps.meetings.get(meetingId))!.roomId!;
    for (const user of [alice, bob, carol, dave]) await user.client.joinRoom(room);
    clock.set(SESSION_START);
    await env.plenum.scheduler!.tick();
    await env.eventually(
      async () => (await env.plenum.meetingDeps.meetings.get(meetingId))?.status === "live",
      "the session to go live",
    );
  });

  afterAll(async () => {
    await env?.stop();
  });

  test("named groups become linked breakout rooms with their own call widget, and their members are invited", async () => {
    const reply = await env.ask(
      alice,
      room,
      `!meet breakout "Budget" ${bob.userId} ${carol.userId} / "Staff" ${dave.userId}`,
    );
    expect(reply).toMatch(/^Opened 2 breakout rooms/);
    const [budget, staff] = await openBreakouts();
    expect([budget!.name, staff!.name]).toEqual(["Budget", "Staff"]);
    for (const breakout of [budget!, staff!]) {
      expect((await state(breakout.roomId, "m.room.create"))?.type).toBe("org.plenum.breakout");
      expect(await state(breakout.roomId, "m.space.parent", room)).toEqual({
        via: [env.state.homeserver.serverName],
        canonical: true,
      });
      expect((await state(room, "m.space.child", breakout.roomId))?.via).toEqual([
        env.state.homeserver.serverName,
      ]);
      const widget = await state(breakout.roomId, "im.vector.modular.widgets", "plenum_jitsi_breakout");
      expect(widget?.data).toMatchObject({ conferenceId: conferenceNameForRoom(breakout.roomId) });
    }
    expect((await state(budget!.roomId, "m.room.member", bob.userId))?.membership).toBe("invite");
    expect((await state(budget!.roomId, "m.room.member", carol.userId))?.membership).toBe("invite");
    expect((await state(staff!.roomId, "m.room.member", dave.userId))?.membership).toBe("invite");
  });

  test("a participant who joins a breakout room stays there", async () => {
    const [budget] = await openBreakouts();
    await bob.client.joinRoom(budget!.roomId);
    await env.ask(alice, room, "!meet info");
    await env.plenum.bots!.processor.idle();
    expect((await state(budget!.roomId, "m.room.member", bob.userId))?.membership).toBe("join");
  });

  test("someone who got into a breakout room without being a participant while Plenum was down is removed when it catches up", async () => {
    const [, staff] = await openBreakouts();
    const eve = await env.createUser("eve");
    await env.plenum.stop();
    const setJoinRule = (join_rule: string) =>
      alice.client.sendStateEvent(staff!.roomId, "m.room.join_rules" as never, { join_rule } as never, "");
    await alice.client.joinRoom(staff!.roomId);
    await setJoinRule("public");
    await eve.client.joinRoom(staff!.roomId);
    await setJoinRule("invite");
    await env.startPlenum();
    expect((await state(staff!.roomId, "m.room.member", eve.userId))?.membership).toBe("leave");
  });

  test("a breakout room made public or opened to guests while Plenum runs is closed again at once", async () => {
    const [, staff] = await openBreakouts();
    const send = (type: string, content: Record<string, unknown>) =>
      alice.client.sendStateEvent(staff!.roomId, type as never, content as never, "");
    await send("m.room.join_rules", { join_rule: "public" });
    await send("m.room.guest_access", { guest_access: "can_join" });
    await env.eventually(
      async () => (await state(staff!.roomId, "m.room.join_rules"))?.join_rule === "invite",
      "the breakout room's join rule to be restored to invite",
    );
    await env.eventually(
      async () => (await state(staff!.roomId, "m.room.guest_access"))?.guest_access === "forbidden",
      "the breakout room's guest access to be forbidden again",
    );
  });

  test("a breakout room made public again while Plenum was down gets back the rule that last change replaced, not an older one", async () => {
    const [, staff] = await openBreakouts();
    await env.plenum.stop();
    const setJoinRule = (content: Record<string, unknown>) =>
      alice.client.sendStateEvent(staff!.roomId, "m.room.join_rules" as never, content as never, "");
    await setJoinRule({ join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: room }] });
    await setJoinRule({ join_rule: "public" });
    await setJoinRule({ join_rule: "invite" });
    await setJoinRule({ join_rule: "public" });
    await env.startPlenum();
    await env.eventually(
      async () => (await state(staff!.roomId, "m.room.join_rules"))?.join_rule === "invite",
      "the breakout room's join rule to be restored to invite, the rule the last change to public replaced",
    );
  });

  test("a second split while breakouts are open is refused", async () => {
    expect(await env.ask(alice, room, "!meet breakout 2")).toBe(
      "This meeting's breakout rooms are still open. End them first: !meet breakout end",
    );
  });

  test("only moderators may open breakouts", async () => {
    expect(await env.ask(bob, room, "!meet breakout 2")).toBe(
      "You are not allowed to use “!meet breakout” here.",
    );
  });

  test("a broadcast reaches every breakout room", async () => {
    expect(await env.ask(alice, room, "!meet broadcast Five minutes left")).toBe(
      "Posted into 2 breakout rooms.",
    );
    for (const breakout of await openBreakouts())
      await env.waitForMessage(breakout.roomId, `📢 From ${alice.userId}: Five minutes left`);
  });

  test("ending the breakouts posts a way back and locks their rooms", async () => {
    const open = await openBreakouts();
    expect(await env.ask(alice, room, "!meet breakout end")).toBe("Ended 2 breakout rooms.");
    for (const breakout of open) {
      const notice = await env.waitForMessage(breakout.roomId, "The breakouts are over.");
      expect(String(notice.content.body)).toContain(roomLink(room, env.state.homeserver.serverName));
      expect((await state(breakout.roomId, "m.room.power_levels"))?.events_default).toBe(100);
    }
    expect(await openBreakouts()).toEqual([]);
  });

  test("attendance lists each breakout room's call as its own entry, guests marked", async () => {
    const [budget] = await env.plenum.meetingDeps.breakouts.ofMeeting(meetingId);
    // Recorded as the event-sync webhooks record a breakout room's call (see call-activity.test.ts).
    const calls = attendanceRepository(env.plenum.db);
    const call = await calls.startCall(budget!.roomId, SESSION_START + 60_000);
    const stay = {
      meetingId,
      roomId: budget!.roomId,
      conference: conferenceNameForRoom(budget!.roomId).toLowerCase(),
      breakoutRoomId: null,
      joinedAt: SESSION_START + 60_000,
      leftAt: null,
    };
    await calls.recordJoin({
      ...stay,
      occupantJid: "bob@x/1",
      userId: bob.userId,
      name: "Bob",
      isGuest: false,
    });
    await calls.recordJoin({
      ...stay,
      occupantJid: "g@x/2",
      userId: null,
      name: "Erika Muster",
      isGuest: true,
    });
    await calls.endCall(call.id, SESSION_START + 20 * 60_000);
    const reply = await env.ask(alice, room, "!meet attendance");
    expect(reply).toContain("Breakout room “Budget”:");
    expect(reply).toContain("• Bob: 09:31–");
    expect(reply).toContain("• Erika Muster: 09:31–ongoing (guest)");
  });

  test("when a breakout room cannot be made, the rooms already made are undone", async () => {
    const gateway = env.plenum.gateway;
    const createRoom = gateway.createRoom;
    const made: string[] = [];
    let calls = 0;
    gateway.createRoom = async (body) => {
      if (++calls === 2) throw new Error("homeserver refused");
      const roomId = await createRoom(body);
      made.push(roomId);
      return roomId;
    };
    try {
      expect(await env.ask(alice, room, `!meet breakout "A" ${bob.userId} / "B" ${carol.userId}`)).toMatch(
        /^Something went wrong inside Plenum, and nothing was changed/,
      );
    } finally {
      gateway.createRoom = createRoom;
    }
    expect(made).toHaveLength(1);
    expect(await openBreakouts()).toEqual([]);
    expect(await botRooms()).not.toContain(made[0]);
    expect(await state(room, "m.space.child", made[0]!)).toEqual({});
  });

  test("a number splits the joined participants evenly into that many rooms", async () => {
    expect(await env.ask(alice, room, "!meet breakout 2")).toMatch(/^Opened 2 breakout rooms/);
    const groups = await openBreakouts();
    expect(groups.map((g) => g.name)).toEqual(["Group 1", "Group 2"]);
    expect(groups.flatMap((g) => g.members).sort()).toEqual(
      [alice.userId, bob.userId, carol.userId, dave.userId].sort(),
    );
    expect(groups.map((g) => g.members.length)).toEqual([2, 2]);
  });
});

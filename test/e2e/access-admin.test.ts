import { EventType } from "matrix-js-sdk";
import { TestEnv, type TestUser } from "../support/testenv.js";

describe("access policy and admin commands", () => {
  let env: TestEnv;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let adminRoom: string;
  let team: string;
  let meetingId: string;
  let meetingRoom: string;

  const REFUSED = "!admin commands are only accepted as new messages";

  async function audited(action: string, target?: string): Promise<boolean> {
    const rows = await env.plenum.db("audit_log").where({ action });
    return rows.some((row) => target === undefined || row.target === target);
  }

  async function schedule(title: string, participants: TestUser[]): Promise<{ id: string; roomId: string }> {
    const reply = await env.ask(
      alice,
      team,
      `!meet schedule "${title}" tomorrow 10:00 with ${participants.map((p) => p.userId).join(" ")}`,
    );
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)?.[1];
    if (!id) throw new Error(`no meeting id in “${reply}”`);
    return { id, roomId: (await env.plenum.meetingDeps.meetings.get(id))!.roomId! };
  }

  beforeAll(async () => {
    env = await TestEnv.start({ locale: "en" });
    admin = await env.createUser("admin");
    alice = await env.createUser("alice");
    bob = await env.createUser("bob");
    adminRoom = await env.roomWithBot(admin, "Admins");
    team = await env.roomWithBot(alice, "Team");
    await env.restartPlenum({ access: { admin_room: adminRoom, admins: [admin.userId] } });
    ({ id: meetingId, roomId: meetingRoom } = await schedule("Weekly", [bob]));
    await alice.client.joinRoom(meetingRoom);
  });

  afterAll(async () => {
    await env?.stop();
  });

  test("a non-admin's !admin command in an ordinary room is refused with one line and changes nothing", async () => {
    expect(await env.ask(alice, team, "!admin policy set max_participants 1")).toMatch(REFUSED);
    expect((await env.plenum.meetingDeps.policy.current()).max_participants).toBe(300);
  });

  test("an admin's !admin command in an ordinary room is refused", async () => {
    const room = await env.roomWithBot(admin, "Admin and friends");
    await admin.client.invite(room, bob.userId);
    await env.eventually(
      async () => (await env.plenum.meetingDeps.roomState.membership(room, bob.userId)) === "invite",
      "Plenum to see the invite",
    );
    expect(await env.ask(admin, room, "!admin rooms")).toMatch(REFUSED);
  });

  test("an edited message with an !admin command is not run", async () => {
    const original = await env.say(admin, adminRoom, "hello");
    const { event_id: edit } = await admin.client.sendEvent(adminRoom, EventType.RoomMessage, {
      msgtype: "m.text",
      body: "* !admin policy set max_participants 1",
      "m.new_content": { msgtype: "m.text", body: "!admin policy set max_participants 1" },
      "m.relates_to": { rel_type: "m.replace", event_id: original },
    } as never);
    const reply = await env.replyTo(admin, adminRoom, edit);
    expect(reply.getContent().body).toBe(
      "Edited commands are not run. Please send the command as a new message.",
    );
    expect((await env.plenum.meetingDeps.policy.current()).max_participants).toBe(300);
  });

  test("a reply with an !admin command is refused", async () => {
    const original = await env.say(admin, adminRoom, "see above");
    const { event_id: reply } = await admin.client.sendEvent(adminRoom, EventType.RoomMessage, {
      msgtype: "m.text",
      body: "!admin policy set max_participants 1",
      "m.relates_to": { "m.in_reply_to": { event_id: original } },
    } as never);
    expect((await env.replyTo(admin, adminRoom, reply)).getContent().body).toMatch(REFUSED);
    expect((await env.plenum.meetingDeps.policy.current()).max_participants).toBe(300);
  });

  test("an admin in the admin room lists the meeting rooms", async () => {
    const reply = await env.ask(admin, adminRoom, "!admin rooms");
    expect(reply).toContain(`${meetingId} ${meetingRoom} “Weekly”`);
    expect(reply).toContain("2 participants, scheduled");
  });

  test("!admin rooms comes as HTML: a list with each title in bold, linking to its meeting room", async () => {
    const eventId = await env.say(admin, adminRoom, "!admin rooms");
    const html = String((await env.replyTo(admin, adminRoom, eventId)).getContent().formatted_body);
    const link = `https://matrix.to/#/${encodeURIComponent(meetingRoom)}?via=${encodeURIComponent(env.state.homeserver.serverName)}`;
    expect(html).toContain(
      `<li><code>${meetingId}</code> <code>${meetingRoom}</code> “<strong><a href="${link}">Weekly</a></strong>”`,
    );
  });

  test("!admin rooms with a page beyond the list says how many pages there are", async () => {
    expect(await env.ask(admin, adminRoom, "!admin rooms all 9")).toBe(
      "There is no page 9: the last page is 1.",
    );
  });

  test("an admin in a direct chat with the bot may use !admin commands", async () => {
    const direct = await env.roomWithBot(admin, "Direct");
    expect(await env.ask(admin, direct, "!admin policy show")).toContain("max_participants = 300");
  });

  test("an admin locks and unlocks a meeting room, and both are audited", async () => {
    expect(await env.ask(admin, adminRoom, `!admin room ${meetingId} lock`)).toMatch(/^Locked the room/);
    expect((await env.plenum.gateway.getState(meetingRoom, "m.room.power_levels", ""))?.events_default).toBe(
      100,
    );
    expect(await env.ask(admin, adminRoom, `!admin room ${meetingRoom} unlock`)).toMatch(
      /^Unlocked the room/,
    );
    expect((await env.plenum.gateway.getState(meetingRoom, "m.room.power_levels", ""))?.events_default).toBe(
      0,
    );
    expect(await audited("room_lock", meetingId)).toBe(true);
    expect(await audited("room_unlock", meetingId)).toBe(true);
  });

  test("a room the bot does not manage is named as such", async () => {
    expect(await env.ask(admin, adminRoom, `!admin room ${team} info`)).toBe(
      `${team} is not a meeting room managed by Plenum.`,
    );
  });

  test("a policy change is answered with a diff and applies to the next scheduling command", async () => {
    expect(await env.ask(admin, adminRoom, "!admin policy set max_participants 2")).toBe(
      "Policy max_participants: 300 → 2",
    );
    const carol = await env.createUser("carol");
    const reply = await env.ask(
      alice,
      team,
      `!meet schedule "Too big" tomorrow 11:00 with ${bob.userId} ${carol.userId}`,
    );
    expect(reply).toBe("That would be 3 participants; at most 2 may be invited to one meeting.");
    expect(await env.ask(admin, adminRoom, "!admin policy reset max_participants")).toBe(
      "Policy max_participants: 2 → 300",
    );
  });

  test("a wrong policy value is refused and changes nothing", async () => {
    expect(await env.ask(admin, adminRoom, "!admin policy set organizer_power 75")).toBe(
      "“75” is not a valid value for organizer_power. Expected: 100 | 50",
    );
    expect(await env.ask(admin, adminRoom, "!admin policy set __proto__ 1")).toMatch(
      /^There is no policy setting “__proto__”/,
    );
    expect((await env.plenum.meetingDeps.policy.current()).organizer_power).toBe(100);
  });

  test("only the creators may schedule meetings", async () => {
    await env.ask(admin, adminRoom, `!admin creators add ${alice.userId}`);
    expect(
      await env.ask(admin, adminRoom, `!admin creators remove ${env.state.homeserver.serverName}`),
    ).toMatch(/^Policy creators: /);
    const bobsRoom = await env.roomWithBot(bob, "Bob's team");
    expect(await env.ask(bob, bobsRoom, '!meet schedule "Not mine" tomorrow 12:00')).toBe(
      "You may not schedule meetings here. Ask an admin to add you to the creators.",
    );
    await env.ask(admin, adminRoom, "!admin policy reset creators");
  });

  test("an invite to a user the policy blocks is revoked and audited", async () => {
    const mallory = await env.createUser("mallory");
    await env.ask(admin, adminRoom, `!admin policy set blocked ${mallory.userId}`);
    expect(await env.ask(alice, meetingRoom, `!meet invite ${mallory.userId}`)).toBe(
      `${mallory.userId} cannot be invited: the access policy blocks this user.`,
    );
    await alice.client.invite(meetingRoom, mallory.userId);
    await env.eventually(() => audited("revoke_invite", mallory.userId), "the invite to be revoked");
    expect(
      (await env.plenum.gateway.getState(meetingRoom, "m.room.member", mallory.userId))?.membership,
    ).toBe("leave");
    await env.ask(admin, adminRoom, "!admin policy reset blocked");
  });

  test("someone who joins right after Plenum invited them stays", async () => {
    const dave = await env.createUser("dave");
    await env.ask(alice, meetingRoom, `!meet invite ${dave.userId}`);
    await env.eventually(
      async () => (await env.plenum.meetingDeps.roomState.membership(meetingRoom, dave.userId)) === "invite",
      "dave's invite",
    );
    await dave.client.joinRoom(meetingRoom);
    // The inbox handles events in order: once this is answered, dave's join has been judged.
    await env.ask(alice, meetingRoom, "!meet info");
    expect((await env.plenum.gateway.getState(meetingRoom, "m.room.member", dave.userId))?.membership).toBe(
      "join",
    );
    expect(await audited("remove_member", dave.userId)).toBe(false);
  });

  test("a join without an invitation while Plenum was down is undone when it catches up", async () => {
    const eve = await env.createUser("eve");
    await env.plenum.stop();
    await alice.client.sendStateEvent(
      meetingRoom,
      "m.room.join_rules" as never,
      { join_rule: "public" } as never,
      "",
    );
    await eve.client.joinRoom(meetingRoom);
    await alice.client.sendStateEvent(
      meetingRoom,
      "m.room.join_rules" as never,
      { join_rule: "invite" } as never,
      "",
    );
    await env.startPlenum();
    await env.eventually(() => audited("remove_member", eve.userId), "eve's removal to be audited");
    expect((await env.plenum.gateway.getState(meetingRoom, "m.room.member", eve.userId))?.membership).toBe(
      "leave",
    );
  });

  test("the audit log shows enforcement and admin actions", async () => {
    const reply = await env.ask(admin, adminRoom, "!admin audit 50");
    expect(reply).toMatch(/^Audit log, newest first/);
    expect(reply).toContain("remove_member");
    expect(reply).toContain(`${admin.userId} policy_set max_participants`);
  });

  test("a meeting room's editors may narrow its participant limit, but not widen its servers", async () => {
    expect(await env.ask(alice, meetingRoom, "!meet policy set max_participants 3")).toBe(
      "Policy max_participants: - → 3",
    );
    const extra = [await env.createUser("frank"), await env.createUser("grace")];
    expect(await env.ask(alice, meetingRoom, `!meet invite ${extra.map((u) => u.userId).join(" ")}`)).toMatch(
      /^That would be \d+ participants; at most 3 may be invited to one meeting\.$/,
    );
    expect(await env.ask(alice, meetingRoom, "!meet policy set allowed_servers evil.example.net")).toBe(
      "evil.example.net may not be allowed for a single room; only partner servers can be: none.",
    );
    await bob.client.joinRoom(meetingRoom);
    expect(await env.ask(bob, meetingRoom, "!meet policy set max_participants 50")).toBe(
      "You are not allowed to use “!meet policy” here.",
    );
  });

  test("an admin reads usage statistics and the recordings list", async () => {
    expect(await env.ask(admin, adminRoom, "!admin stats week")).toMatch(
      /^Usage .*\nMeetings scheduled: \d+, held: 0/,
    );
    expect(await env.ask(admin, adminRoom, "!admin stats year")).toBe(
      "“year” is not a period. Use week or month.",
    );
    expect(await env.ask(admin, adminRoom, "!admin recordings")).toBe("No recordings are stored.");
    expect(await env.ask(admin, adminRoom, "!admin recording delete NOPE")).toBe(
      "There is no recording with the id NOPE.",
    );
  });

  test("an admin closes a meeting room: everyone the bot outranks is removed, the rest are named", async () => {
    const reply = await env.ask(admin, adminRoom, `!admin room ${meetingId} close`);
    expect(reply).toMatch(/^Closed the room/);
    expect(reply).toContain(`Still in the room, with as much power as the bot: ${alice.userId}.`);
    expect((await env.plenum.gateway.joinedMembers(meetingRoom)).sort()).toEqual(
      [env.botUserId, alice.userId].sort(),
    );
    expect(await audited("room_close", meetingId)).toBe(true);
  });

  test("!admin recordings shows twenty recordings a page, each room linked by its meeting's title, and names the next page", async () => {
    const now = Date.now();
    for (let n = 0; n < 21; n++)
      await env.plenum.recordingDeps.recordings.insert({
        id: `rec${String(n).padStart(2, "0")}`,
        uploadKey: `key-${n}`,
        roomId: meetingRoom,
        meetingId,
        sessionId: null,
        fileName: `weekly-${n}.mp4`,
        mimetype: "video/mp4",
        size: 1_048_576,
        durationMs: null,
        storage: "media",
        mediaUri: null,
        thumbnailUri: null,
        localPath: null,
        videoEventId: `$video-${n}`,
        noticeEventId: null,
        createdAt: now + n,
        expiresAt: now + 86_400_000,
        deletedAt: null,
        deletedBy: null,
      });
    const eventId = await env.say(admin, adminRoom, "!admin recordings");
    const reply = (await env.replyTo(admin, adminRoom, eventId)).getContent();
    expect(String(reply.body)).toMatch(/^Recordings \(21\), newest first:\n• rec20: weekly-20\.mp4/);
    expect(String(reply.body)).toMatch(/\n\nPage 1 of 2\. Next page: !admin recordings 2$/);
    expect(String(reply.formatted_body)).toContain(
      `in <a href="https://matrix.to/#/${encodeURIComponent(meetingRoom)}?via=${encodeURIComponent(env.state.homeserver.serverName)}">Weekly</a>`,
    );
    expect(await env.ask(admin, adminRoom, "!admin recordings 2")).toMatch(
      /\n• rec00: weekly-0\.mp4[^\n]*\n\nPage 2 of 2\.$/,
    );
  });
});

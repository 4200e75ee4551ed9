import { TestEnv, type TestUser } from "../support/testenv.js";

describe("meeting rooms stay as Plenum made them", () => {
  let env: TestEnv;
  let alice: TestUser;
  let roomId: string;
  let widgetId: string;

  beforeAll(async () => {
    env = await TestEnv.start({ locale: "en" });
    alice = await env.createUser("alice");
    const bob = await env.createUser("bob");
    const team = await env.roomWithBot(alice, "Team");
    const eventId = await env.say(alice, team, `!meet schedule "Guarded" tomorrow 10:00 with ${bob.userId}`);
    const reply = String((await env.replyTo(alice, team, eventId)).getContent().body);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    roomId = (await env.plenum.meetingDeps.meetings.get(id))!.roomId!;
    widgetId = `plenum_jitsi_${id.toLowerCase().replace(/[^a-z0-9_-]/g, "_")}`;
    await alice.client.joinRoom(roomId);
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function auditActions(): Promise<string[]> {
    return (await env.plenum.db("audit_log").select("action")).map((row) => String(row.action));
  }

  test("a join rule changed to public is reverted, announced and audited", async () => {
    await alice.client.sendStateEvent(
      roomId,
      "m.room.join_rules" as never,
      { join_rule: "public" } as never,
      "",
    );
    await env.eventually(
      async () => (await auditActions()).includes("restore_join_rule"),
      "the restore to be audited",
    );
    expect(await env.plenum.gateway.getState(roomId, "m.room.join_rules", "")).toEqual({
      join_rule: "invite",
    });
    await env.waitForMessage(roomId, `${alice.userId} set this meeting room to “public”`);
  });

  test("guest access switched on is switched off again", async () => {
    await alice.client.sendStateEvent(
      roomId,
      "m.room.guest_access" as never,
      { guest_access: "can_join" } as never,
      "",
    );
    await env.eventually(
      async () => (await auditActions()).includes("restore_guest_access"),
      "the restore to be audited",
    );
    expect(await env.plenum.gateway.getState(roomId, "m.room.guest_access", "")).toEqual({
      guest_access: "forbidden",
    });
  });

  test("a removed call widget is put back while the meeting is scheduled", async () => {
    await alice.client.sendStateEvent(roomId, "im.vector.modular.widgets" as never, {} as never, widgetId);
    await env.eventually(
      async () => (await auditActions()).includes("restore_widget"),
      "the restore to be audited",
    );
    expect(await env.plenum.gateway.getState(roomId, "im.vector.modular.widgets", widgetId)).toMatchObject({
      type: "jitsi",
      data: { auth: "openidtoken-jwt" },
    });
  });

  async function audited(action: string): Promise<number> {
    return (await auditActions()).filter((a) => a === action).length;
  }

  test("the call widget pointed at another conference is pointed back at the meeting's own", async () => {
    const own = (await env.plenum.gateway.getState(roomId, "im.vector.modular.widgets", widgetId))!;
    const before = await audited("restore_widget");
    const elsewhere = {
      ...own,
      url: "https://meet.elsewhere.example/Elsewhere",
      data: { ...(own.data as object), domain: "meet.elsewhere.example", conferenceId: "Elsewhere" },
    };
    await alice.client.sendStateEvent(
      roomId,
      "im.vector.modular.widgets" as never,
      elsewhere as never,
      widgetId,
    );
    await env.eventually(async () => (await audited("restore_widget")) > before, "the restore to be audited");
    expect(await env.plenum.gateway.getState(roomId, "im.vector.modular.widgets", widgetId)).toEqual(own);
    await env.waitForMessage(roomId, `${alice.userId} pointed the call widget at another call`);
  });

  test("a second Jitsi widget leading to another conference is removed from the meeting room", async () => {
    const own = (await env.plenum.gateway.getState(roomId, "im.vector.modular.widgets", widgetId))!;
    const rogue = {
      ...own,
      id: "rogue",
      url: "https://meet.elsewhere.example/Rogue",
      data: {
        ...(own.data as object),
        domain: "meet.elsewhere.example",
        conferenceId: "Rogue",
        auth: undefined,
      },
    };
    await alice.client.sendStateEvent(roomId, "im.vector.modular.widgets" as never, rogue as never, "rogue");
    await env.eventually(
      async () => (await audited("remove_foreign_call_widget")) === 1,
      "the removal to be audited",
    );
    expect((await env.plenum.gateway.getState(roomId, "im.vector.modular.widgets", "rogue")) ?? {}).toEqual(
      {},
    );
  });
});

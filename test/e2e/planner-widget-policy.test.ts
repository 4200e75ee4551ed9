import { WIDGET_STATE } from "../../core/meetings/room-state.js";
import { PLANNER_WIDGET_ID } from "../../core/widgets/room-widgets.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

describe("the planner_widget policy: the meeting planner in every room the bot may change", () => {
  let env: TestEnv;
  let admin: TestUser;
  let alice: TestUser;
  let adminRoom: string;
  let allowed: string;
  let refusing: string;

  const planner = (roomId: string) =>
    env.plenum.meetingDeps.gateway.getState(roomId, WIDGET_STATE, PLANNER_WIDGET_ID);

  beforeAll(async () => {
    env = await TestEnv.start({ locale: "en" });
    [admin, alice] = (await env.createUsers("admin", "alice")) as [TestUser, TestUser];
    adminRoom = await env.roomWithBot(admin, "Admins");
    allowed = await env.roomWithBot(alice, "Lets the bot add widgets");
    await alice.client.setPowerLevel(allowed, env.botUserId, 50);
    refusing = await env.roomWithBot(alice, "Keeps the bot at power level 0");
    await env.restartPlenum({ access: { admin_room: adminRoom, admins: [admin.userId] } });
  });

  afterAll(async () => {
    await env?.stop();
  });

  test("by default no room gets the planner when the bot joins it", async () => {
    expect(await planner(allowed)).toBeUndefined();
  });

  test("switching the policy on adds the planner to every room where the bot has the power, and says where it could not", async () => {
    const reply = await env.ask(admin, adminRoom, "!admin policy set planner_widget on");
    expect(reply).toContain("planner_widget");
    // The worker's bot may still be in rooms of earlier test files, so the counts are at least these.
    const counts =
      /Meeting planner added to rooms: (\d+)\. Rooms that do not let me add widgets \(I need power level 50 there\): (\d+)\./.exec(
        reply,
      );
    expect(Number(counts?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(counts?.[2])).toBeGreaterThanOrEqual(2);
    expect(await planner(allowed)).toMatchObject({ type: "m.custom", id: PLANNER_WIDGET_ID });
    expect(await planner(refusing)).toBeUndefined();
  });

  test("with the policy on, a room the bot joins later gets the planner as soon as the bot is in", async () => {
    const { room_id: roomId } = await alice.client.createRoom({
      name: "New team",
      invite: [env.botUserId],
      power_level_content_override: { users: { [alice.userId]: 100, [env.botUserId]: 50 } },
    });
    const event = await env.waitForEvent(
      alice,
      roomId,
      (e) => e.getType() === WIDGET_STATE && e.getStateKey() === PLANNER_WIDGET_ID,
      "the planner widget in the newly joined room",
    );
    expect(event.getContent()).toMatchObject({ name: "Meeting planner", creatorUserId: env.botUserId });
  });
});

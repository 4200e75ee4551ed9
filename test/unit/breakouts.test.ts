import { errorOf } from "../support/user-error.js";
import { testMeeting } from "../support/stored-meeting.js";
import { checkGroups, splitEvenly } from "../../core/council/breakout-plan.js";
import { breakoutRoomRequest, type BreakoutRoomInput } from "../../core/council/breakout-room.js";
import { parseBreakoutRequest } from "../../bots/commands/meet/breakout-args.js";

/** A fixed sequence instead of Math.random, so the split is reproducible. */
function seeded(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

const people = ["@a:x", "@b:x", "@c:x", "@d:x", "@e:x"];
const name = (i: number) => `Group ${i + 1}`;

describe("splitting a meeting into breakouts", () => {
  test("everyone is placed once and group sizes differ by at most one", () => {
    const groups = splitEvenly(people, 2, name, seeded([0.9, 0.1, 0.5, 0.3]));
    expect(groups.map((g) => g.name)).toEqual(["Group 1", "Group 2"]);
    expect(groups.flatMap((g) => g.members).sort()).toEqual(people);
    expect(groups.map((g) => g.members.length).sort()).toEqual([2, 3]);
  });

  test("the split depends on the random source", () => {
    const one = splitEvenly(people, 2, name, seeded([0]));
    const other = splitEvenly(people, 2, name, seeded([0.99]));
    expect(one).not.toEqual(other);
  });

  test("more rooms than people are refused", () => {
    const error = errorOf(() => splitEvenly(["@a:x"], 2, name));
    expect([error.key, error.params]).toEqual(["breakout.too_few_people", { count: 2, people: 1 }]);
  });

  test.each([0, 21])("%i rooms are refused", (count) => {
    expect(errorOf(() => splitEvenly(people, count, name)).key).toBe("breakout.count_out_of_range");
  });
});

describe("explicit breakout groups", () => {
  const participants = new Set(people);

  test("well-formed groups of participants pass", () => {
    expect(() =>
      checkGroups(
        [
          { name: "Budget", members: ["@a:x", "@b:x"] },
          { name: "Staff", members: ["@c:x"] },
        ],
        participants,
      ),
    ).not.toThrow();
  });

  test.each([
    [
      [
        { name: "A", members: ["@a:x"] },
        { name: "a", members: ["@b:x"] },
      ],
      "breakout.duplicate_name",
    ],
    [[{ name: "A", members: [] }], "breakout.empty_group"],
    [
      [
        { name: "A", members: ["@a:x"] },
        { name: "B", members: ["@a:x"] },
      ],
      "breakout.twice",
    ],
    [[{ name: "A", members: ["@z:x"] }], "breakout.not_participant"],
    [[{ name: " ", members: ["@a:x"] }], "breakout.bad_name"],
  ])("%j is refused with %s", (groups, key) => {
    expect(errorOf(() => checkGroups(groups, participants)).key).toBe(key);
  });
});

describe("the breakout command grammar", () => {
  test("a number asks for an even split", () => {
    expect(parseBreakoutRequest("3")).toEqual({ kind: "count", count: 3 });
  });

  test("end ends the breakouts", () => {
    expect(parseBreakoutRequest("END")).toEqual({ kind: "end" });
  });

  test("quoted names start groups, with or without slashes between them", () => {
    const expected = {
      kind: "groups",
      groups: [
        { name: "Budget 2027", members: ["@a:x.org", "@b:x.org"] },
        { name: "Staff", members: ["@c:x.org"] },
      ],
    };
    expect(parseBreakoutRequest('"Budget 2027" @a:x.org @b:x.org / "Staff" @c:x.org')).toEqual(expected);
    expect(parseBreakoutRequest('„Budget 2027“ @a:x.org @b:x.org "Staff" @c:x.org')).toEqual(expected);
  });

  test("members before any name, and words that are not user ids, are refused", () => {
    expect(errorOf(() => parseBreakoutRequest('@a:x.org "Budget"')).key).toBe("breakout.usage");
    expect(errorOf(() => parseBreakoutRequest('"Budget" alice')).key).toBe("breakout.not_a_user");
    expect(errorOf(() => parseBreakoutRequest("")).key).toBe("breakout.usage");
  });
});

describe("the breakout room request", () => {
  const meeting = testMeeting({
    organizer: "@org:x.org",
    roomId: "!main:x.org",
    participants: ["@org:x.org", "@a:x.org"],
  });
  const input = {
    meeting,
    name: "Budget",
    topic: "Breakout room of “Council”",
    botUserId: "@bot:x.org",
    organizerPower: 100,
    moderators: { "@mod:x.org": 50, "@bot:x.org": 100 },
    invitees: ["@a:x.org"],
    roomVersion: "10",
    serverName: "x.org",
  } satisfies BreakoutRoomInput;
  const request = breakoutRoomRequest(input);

  test("is its own room type, linked to the meeting room as its space parent", () => {
    expect(request.creation_content).toEqual({ type: "org.plenum.breakout" });
    expect(request.initial_state).toContainEqual({
      type: "m.space.parent",
      state_key: "!main:x.org",
      content: { via: ["x.org"], canonical: true },
    });
  });

  test("admits members of the meeting room and invites the group", () => {
    expect(request.initial_state).toContainEqual({
      type: "m.room.join_rules",
      state_key: "",
      content: { join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: "!main:x.org" }] },
    });
    expect(request.invite).toEqual(["@a:x.org"]);
    expect(request.name).toBe("Council – Budget");
  });

  test("keeps the meeting room's moderators and organizer in power", () => {
    expect(request.power_level_content_override.users).toEqual({
      "@mod:x.org": 50,
      "@bot:x.org": 100,
      "@org:x.org": 100,
    });
  });

  test("is end-to-end encrypted when meeting rooms are", () => {
    const encryption = (encrypted: boolean) =>
      breakoutRoomRequest({ ...input, encrypted }).initial_state.find((e) => e.type === "m.room.encryption");
    expect(encryption(true)?.content).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(encryption(false)).toBeUndefined();
  });
});

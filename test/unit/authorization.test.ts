import {
  callEntry,
  mayAdminister,
  mayChangeWidgets,
  mayEditMeeting,
  mayInviteMembersOf,
  mayPlanInRoom,
  maySchedule,
  mayViewMeeting,
  type CallFacts,
  type MeetingFacts,
} from "../../core/access/authorization.js";

const ORGANIZER = "@org:example.org";
const PARTICIPANT = "@part:example.org";
const OTHER = "@other:example.org";

/** A user with no tie to the meeting at all; each case says what differs. */
function facts(changes: Partial<MeetingFacts>): MeetingFacts {
  return {
    userId: OTHER,
    organizer: ORGANIZER,
    participants: [ORGANIZER, PARTICIPANT],
    membership: undefined,
    originMembership: undefined,
    power: 0,
    isAdmin: false,
    excluded: false,
    ...changes,
  };
}

describe("who may see and who may change a meeting", () => {
  // [who, facts, may view, may edit]
  const cases: [string, Partial<MeetingFacts>, boolean, boolean][] = [
    ["an outsider", {}, false, false],
    ["the organizer, not (yet) in the meeting room", { userId: ORGANIZER }, true, true],
    ["the organizer, joined", { userId: ORGANIZER, membership: "join", power: 100 }, true, true],
    ["the organizer, banned from the meeting room", { userId: ORGANIZER, membership: "ban" }, false, false],
    ["the organizer, excluded by the policy", { userId: ORGANIZER, excluded: true }, false, false],
    ["an invited participant", { userId: PARTICIPANT, membership: "invite" }, true, false],
    ["a participant who left", { userId: PARTICIPANT, membership: "leave" }, true, false],
    ["a participant banned from the meeting room", { userId: PARTICIPANT, membership: "ban" }, false, false],
    ["a joined member of the meeting room", { membership: "join" }, true, false],
    ["a joined member of the room the meeting was planned from", { originMembership: "join" }, true, false],
    ["someone only invited to the origin room", { originMembership: "invite" }, false, false],
    ["a joined moderator of the meeting room", { membership: "join", power: 50 }, true, true],
    ["a joined member at power 49", { membership: "join", power: 49 }, true, false],
    ["a moderator invited but not joined", { membership: "invite", power: 50 }, false, false],
    ["a moderator who left the meeting room", { membership: "leave", power: 50 }, false, false],
    ["a moderator banned from the meeting room", { membership: "ban", power: 100 }, false, false],
    [
      "a banned moderator who is still in the origin room",
      { membership: "ban", power: 100, originMembership: "join" },
      false,
      false,
    ],
    [
      "a joined moderator the policy excludes",
      { membership: "join", power: 100, excluded: true },
      false,
      false,
    ],
    ["a configured admin with no membership", { isAdmin: true }, true, true],
    ["a configured admin banned from the meeting room", { isAdmin: true, membership: "ban" }, true, true],
  ];

  test.each(cases)("%s: may view %p, may change %p", (_who, changes, view, edit) => {
    expect(mayViewMeeting(facts(changes))).toBe(view);
    expect(mayEditMeeting(facts(changes))).toBe(edit);
  });

  test("whoever may change a meeting may also see it", () => {
    for (const [, changes] of cases)
      if (mayEditMeeting(facts(changes))) expect(mayViewMeeting(facts(changes))).toBe(true);
  });
});

describe("who may plan in a room and name it as participants", () => {
  test.each([
    ["join", true],
    ["invite", false],
    ["leave", false],
    ["ban", false],
    ["knock", false],
    [undefined, false],
  ])("membership %p: %p", (membership, allowed) => {
    expect(mayPlanInRoom(membership)).toBe(allowed);
    expect(mayInviteMembersOf(membership)).toBe(allowed);
  });
});

describe("who may schedule", () => {
  test.each([
    [true, false, true],
    [true, true, false],
    [false, false, false],
    [false, true, false],
  ])("named by the creators %p, blocked %p: %p", (namedByCreators, blocked, allowed) => {
    expect(maySchedule({ namedByCreators, blocked })).toBe(allowed);
  });
});

describe("who may give admin commands", () => {
  const base = {
    inAdminRoom: false,
    membership: undefined,
    power: 0,
    isAdmin: false,
    directChatWithBot: false,
  };
  test.each([
    ["a joined member at 50 in the admin room", { inAdminRoom: true, membership: "join", power: 50 }, true],
    ["a joined member at 49 in the admin room", { inAdminRoom: true, membership: "join", power: 49 }, false],
    ["a banned member at 100 of the admin room", { inAdminRoom: true, membership: "ban", power: 100 }, false],
    [
      "a configured admin in the admin room without power",
      { inAdminRoom: true, membership: "join", isAdmin: true },
      false,
    ],
    ["a configured admin in a direct chat with the bot", { isAdmin: true, directChatWithBot: true }, true],
    ["a configured admin in another room", { isAdmin: true }, false],
    ["anyone else in a direct chat with the bot", { directChatWithBot: true }, false],
    ["a moderator of some other room", { membership: "join", power: 100 }, false],
  ])("%s: %p", (_who, changes, allowed) => {
    expect(mayAdminister({ ...base, ...changes })).toBe(allowed);
  });
});

describe("who may have the bot change a room's widgets", () => {
  test.each([
    [0, [50, 50], false],
    [50, [50, 50], true],
    [50, [100, 50], false],
    [0, [0, 0], true],
    [Infinity, [100, 100], true],
  ])("power %p where the widget state needs %p: %p", (power, required, allowed) => {
    expect(mayChangeWidgets({ power, required })).toBe(allowed);
  });
});

describe("who may enter a call, and as what", () => {
  const member: CallFacts = { membership: "join", excluded: false, power: 0, moderatorPower: 50 };
  test.each<[string, Partial<CallFacts>, ReturnType<typeof callEntry>]>([
    ["a joined member", {}, { ok: true, role: "participant", moderator: false }],
    [
      "a joined member at the moderator power",
      { power: 50 },
      { ok: true, role: "participant", moderator: true },
    ],
    ["a joined member just below it", { power: 49 }, { ok: true, role: "participant", moderator: false }],
    [
      "a room creator of a version 12 room",
      { power: Infinity },
      { ok: true, role: "participant", moderator: true },
    ],
    ["an invited user", { membership: "invite" }, { ok: false, reason: "not_a_member" }],
    ["a banned user", { membership: "ban", power: 100 }, { ok: false, reason: "not_a_member" }],
    ["someone unknown to the room", { membership: undefined }, { ok: false, reason: "not_a_member" }],
    ["a joined member the policy excludes", { excluded: true, power: 100 }, { ok: false, reason: "policy" }],
    [
      "an audience member of an open session",
      { audience: { open: true }, power: 100 },
      { ok: true, role: "visitor" },
    ],
    [
      "an audience member of a closed session",
      { audience: { open: false } },
      { ok: false, reason: "session_over" },
    ],
    [
      "a banned audience member",
      { audience: { open: true }, membership: "ban" },
      { ok: false, reason: "not_a_member" },
    ],
  ])("%s", (_who, changes, expected) => {
    expect(callEntry({ ...member, ...changes })).toEqual(expected);
  });
});

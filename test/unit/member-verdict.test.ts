import { membershipVerdict, type MemberChange } from "../../core/guards/member-guard.js";
import { testMeeting } from "../support/stored-meeting.js";

const meeting = testMeeting({
  organizer: "@org:x",
  participants: ["@org:x", "@invited:x"],
});

function change(userId: string, membership: string, extra: Partial<MemberChange> = {}): MemberChange {
  return {
    eventId: "$e",
    roomId: "!m:x",
    sender: userId,
    userId,
    membership,
    content: { membership },
    ...extra,
  };
}

describe("who must leave a meeting room", () => {
  test.each([
    ["a participant who joins stays", change("@invited:x", "join"), undefined],
    ["the organizer who joins stays", change("@org:x", "join"), undefined],
    ["a stranger who joins is removed", change("@stranger:x", "join"), "not_invited"],
    [
      "someone invited by a member joins and stays",
      change("@guest:x", "join", { previousMembership: "invite" }),
      undefined,
    ],
    [
      "a member changing their display name stays",
      change("@guest:x", "join", { previousMembership: "join" }),
      undefined,
    ],
    [
      "someone admitted by the restricted join rule stays",
      change("@colleague:x", "join", {
        content: { membership: "join", join_authorised_via_users_server: "@bot:x" },
      }),
      undefined,
    ],
    ["someone leaving is left alone", change("@stranger:x", "leave"), undefined],
    ["an invite by a member to an allowed user stands", change("@guest:x", "invite"), undefined],
  ] as const)("%s", (_what, input, expected) => {
    expect(
      membershipVerdict({ meeting, change: input, exclusion: undefined, isAdmin: false, joinRule: "invite" }),
    ).toBe(expected);
  });

  test("a user from a server the policy does not allow is removed even when invited", () => {
    expect(
      membershipVerdict({
        meeting,
        change: change("@invited:x", "join"),
        exclusion: "server",
        isAdmin: false,
        joinRule: "invite",
      }),
    ).toBe("server");
  });

  test("an invite to a blocked user is revoked", () => {
    expect(
      membershipVerdict({
        meeting,
        change: change("@blocked:x", "invite"),
        exclusion: "blocked",
        isAdmin: false,
        joinRule: "invite",
      }),
    ).toBe("blocked");
  });

  test("an admin may join any meeting room", () => {
    expect(
      membershipVerdict({
        meeting,
        change: change("@admin:x", "join"),
        exclusion: undefined,
        isAdmin: true,
        joinRule: "invite",
      }),
    ).toBeUndefined();
  });

  test("in a room the policy lets be public, anyone allowed may join", () => {
    expect(
      membershipVerdict({
        meeting,
        change: change("@stranger:x", "join"),
        exclusion: undefined,
        isAdmin: false,
        joinRule: "public",
      }),
    ).toBeUndefined();
  });
});

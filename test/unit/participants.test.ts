import { jest } from "@jest/globals";
import { resolveParticipants } from "../../core/meetings/participants.js";
import { UserError } from "../../core/errors/user-error.js";
import { FakeMatrix } from "../support/fakes/matrix.js";

const matrix = new FakeMatrix({ serverName: "x" });
matrix.addUsers("@org:x", "@a:x", "@c:x");
/** The organizer is joined to !mine:x only. */
const roomState = {
  membership: async (roomId: string, userId: string) =>
    roomId === "!mine:x" && userId === "@org:x" ? "join" : undefined,
};
const deps = { gateway: matrix, roomState };
beforeAll(async () => {
  await matrix.addRoom({ roomId: "!mine:x", members: ["@org:x", "@secret:x"] });
  await matrix.addRoom({ roomId: "!admins:x", members: ["@admin:x"] });
});
const options = {
  originRoomId: "!o:x",
  organizer: "@org:x",
  requester: "@org:x",
  isOwnUser: (userId: string) => userId === matrix.botUserId,
  max: 50,
};

describe("participants named by the organizer", () => {
  test("are the organizer and everyone named, in the order named", async () => {
    const resolved = await resolveParticipants(deps, { users: ["@c:x", "@a:x"], rooms: [] }, options);
    expect(resolved).toEqual({ users: ["@org:x", "@c:x", "@a:x"] });
  });

  test("with several unknown users, the first one named is reported", async () => {
    const attempt = resolveParticipants(
      deps,
      { users: ["@a:x", "@ghost:x", "@nobody:x"], rooms: [] },
      options,
    );
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toMatchObject({
      key: "meeting.unknown_user",
      params: { user: "@ghost:x" },
    });
  });

  test("a room the requester is joined to stands for its members", async () => {
    const resolved = await resolveParticipants(deps, { users: [], rooms: ["!mine:x"] }, options);
    expect(resolved).toEqual({ users: ["@org:x", "@secret:x"] });
  });

  test("a room the requester is not joined to is refused before its members are looked up", async () => {
    const asked = jest.spyOn(matrix, "joinedMembers");
    const attempt = resolveParticipants(deps, { users: [], rooms: ["!admins:x"] }, options);
    await expect(attempt).rejects.toMatchObject({
      key: "meeting.room_not_yours",
      params: { room: "!admins:x" },
    });
    expect(asked).not.toHaveBeenCalled();
  });

  test("the one who asks counts, not the organizer: a moderator cannot name the organizer's rooms", async () => {
    const attempt = resolveParticipants(
      deps,
      { users: [], rooms: ["!mine:x"] },
      { ...options, requester: "@moderator:x" },
    );
    await expect(attempt).rejects.toMatchObject({ key: "meeting.room_not_yours" });
  });
});

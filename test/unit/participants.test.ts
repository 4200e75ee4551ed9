import { resolveParticipants } from "../../core/meetings/participants.js";
import type { MatrixGateway } from "../../core/matrix/gateway.js";
import { UserError } from "../../core/errors/user-error.js";

const known = new Set(["@org:x", "@a:x", "@c:x"]);
const gateway = { userExists: async (userId: string) => known.has(userId) } as unknown as MatrixGateway;
const options = { originRoomId: "!o:x", organizer: "@org:x", isOwnUser: () => false, max: 50 };

describe("participants named by the organizer", () => {
  test("are the organizer and everyone named, in the order named", async () => {
    const resolved = await resolveParticipants(gateway, { users: ["@c:x", "@a:x"], rooms: [] }, options);
    expect(resolved).toEqual({ users: ["@org:x", "@c:x", "@a:x"] });
  });

  test("with several unknown users, the first one named is reported", async () => {
    const attempt = resolveParticipants(
      gateway,
      { users: ["@a:x", "@ghost:x", "@nobody:x"], rooms: [] },
      options,
    );
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toMatchObject({
      key: "meeting.unknown_user",
      params: { user: "@ghost:x" },
    });
  });
});

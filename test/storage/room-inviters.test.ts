import { roomInvitersRepository } from "../../core/storage/room-inviters.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

describe.each(databaseKinds())("the inviters of rooms the bot joined on %s", (kind) => {
  const db = freshDatabasePerTest(kind);

  test("a room's newest inviter replaces the one before, and a removed room is gone", async () => {
    const inviters = roomInvitersRepository(db());
    await inviters.record("!a:partner.org", "@carol:partner.org", 1);
    await inviters.record("!b:example.org", "@alice:example.org", 2);
    await inviters.record("!a:partner.org", "@dave:partner.org", 3);
    expect(await inviters.all()).toEqual([
      { roomId: "!a:partner.org", inviter: "@dave:partner.org" },
      { roomId: "!b:example.org", inviter: "@alice:example.org" },
    ]);
    await inviters.remove("!a:partner.org");
    expect(await inviters.all()).toEqual([{ roomId: "!b:example.org", inviter: "@alice:example.org" }]);
  });
});

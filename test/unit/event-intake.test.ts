import { needsHandling } from "../../bots/events/router.js";
import { ownUsers } from "../../core/access/own-users.js";

const needed = needsHandling(ownUsers({ localpart: "plenum", domain: "x" }).isOwn);

describe("which events from the homeserver are worth storing", () => {
  test("Plenum's own message is not, as handling would ignore it", () => {
    expect(needed({ type: "m.room.message", sender: "@plenum:x", room_id: "!r:x", event_id: "$a" })).toBe(
      false,
    );
  });

  test("a message of a virtual user is not either", () => {
    expect(
      needed({ type: "m.room.message", sender: "@plenum_guest:x", room_id: "!r:x", event_id: "$a" }),
    ).toBe(false);
  });

  test("Plenum's own state event is, because the room-state copy follows every state change", () => {
    expect(
      needed({
        type: "m.room.power_levels",
        state_key: "",
        sender: "@plenum:x",
        room_id: "!r:x",
        event_id: "$a",
      }),
    ).toBe(true);
  });

  test("a user's message is", () => {
    expect(needed({ type: "m.room.message", sender: "@alice:x", room_id: "!r:x", event_id: "$a" })).toBe(
      true,
    );
  });

  test("a message of a remote user named like the bot is, as that user is a stranger", () => {
    expect(
      needed({ type: "m.room.message", sender: "@plenum_x:other.server", room_id: "!r:x", event_id: "$a" }),
    ).toBe(true);
  });
});

import { needsHandling } from "../../bots/events/router.js";

const needed = needsHandling(/^@plenum(_.*)?:/);

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
});

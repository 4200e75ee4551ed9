import {
  roomStateRepository,
  type RoomStateRepository,
  type StateEventRecord,
} from "../../core/storage/room-state.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

function member(userId: string, membership: string, ts: number): StateEventRecord {
  return {
    type: "m.room.member",
    state_key: userId,
    content: { membership },
    event_id: `$${membership}-${ts}`,
    sender: userId,
    origin_server_ts: ts,
  };
}

describe.each(databaseKinds())("room state copy on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let state: RoomStateRepository;

  beforeEach(async () => {
    state = roomStateRepository(db());
  });

  test("a newer membership event replaces the older one", async () => {
    await state.apply("!r:x", member("@a:x", "join", 100));
    await state.apply("!r:x", member("@a:x", "leave", 200));
    expect(await state.membership("!r:x", "@a:x")).toBe("leave");
  });

  test("a row whose content cannot be read is left out and reported", async () => {
    const reported: unknown[] = [];
    state = roomStateRepository(db(), { onCorruptRow: ({ table, key }) => reported.push({ table, key }) });
    await state.apply("!r:x", member("@a:x", "join", 100));
    await state.apply("!r:x", member("@b:x", "join", 100));
    await db()("room_state").where({ state_key: "@a:x" }).update({ content: "{broken" });
    expect(await state.members("!r:x")).toEqual(["@b:x"]);
    expect(await state.membership("!r:x", "@a:x")).toBeUndefined();
    expect(reported).toContainEqual({
      table: "room_state",
      key: { room_id: "!r:x", type: "m.room.member", state_key: "@a:x" },
    });
  });

  test("an older event arriving late does not overwrite a newer one", async () => {
    await state.apply("!r:x", member("@a:x", "ban", 200));
    await state.apply("!r:x", member("@a:x", "join", 100));
    expect(await state.membership("!r:x", "@a:x")).toBe("ban");
  });

  test("a snapshot replaces everything known about the room", async () => {
    await state.apply("!r:x", member("@a:x", "join", 100));
    await state.replace("!r:x", [
      member("@b:x", "join", 300),
      {
        type: "m.room.create",
        state_key: "",
        content: { room_version: "12" },
        event_id: "$c",
        sender: "@bot:x",
        origin_server_ts: 1,
      },
      {
        type: "m.room.topic",
        state_key: "",
        content: { topic: "ignored" },
        event_id: "$t",
        sender: "@b:x",
        origin_server_ts: 2,
      },
    ]);
    expect(await state.membership("!r:x", "@a:x")).toBeUndefined();
    expect(await state.membership("!r:x", "@b:x")).toBe("join");
    expect(await state.createEvent("!r:x")).toEqual({ sender: "@bot:x", content: { room_version: "12" } });
    expect(await state.get("!r:x", "m.room.topic", "")).toBeUndefined();
  });
});

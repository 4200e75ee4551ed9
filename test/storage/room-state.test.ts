import { inboxRepository } from "../../core/storage/inbox.js";
import {
  roomStateRepository,
  type RoomStateRepository,
  type StateEventRecord,
} from "../../core/storage/room-state.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

function member(userId: string, membership: string, id = `${membership}-${userId}`): StateEventRecord {
  return {
    type: "m.room.member",
    state_key: userId,
    content: { membership },
    event_id: `$${id}`,
    sender: userId,
  };
}

const create: StateEventRecord = {
  type: "m.room.create",
  state_key: "",
  content: { room_version: "12" },
  event_id: "$c",
  sender: "@bot:x",
};

describe.each(databaseKinds())("room state copy on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let state: RoomStateRepository;

  beforeEach(async () => {
    state = roomStateRepository(db());
  });

  test("the event later in the homeserver's stream wins, whatever the senders' clocks said", async () => {
    await state.apply("!r:x", member("@a:x", "join"), 1);
    await state.apply("!r:x", member("@a:x", "ban"), 2);
    expect(await state.membership("!r:x", "@a:x")).toBe("ban");
  });

  test("an event from an earlier stream position than the copy's does not replace it", async () => {
    await state.apply("!r:x", member("@a:x", "ban"), 7);
    await state.apply("!r:x", member("@a:x", "join"), 5);
    expect(await state.membership("!r:x", "@a:x")).toBe("ban");
  });

  test("a row whose content cannot be read is left out and reported", async () => {
    const reported: unknown[] = [];
    state = roomStateRepository(db(), { onCorruptRow: ({ table, key }) => reported.push({ table, key }) });
    await state.apply("!r:x", member("@a:x", "join"), 1);
    await state.apply("!r:x", member("@b:x", "join"), 2);
    await db()("room_state").where({ state_key: "@a:x" }).update({ content: "{broken" });
    expect(await state.members("!r:x")).toEqual(["@b:x"]);
    expect(await state.membership("!r:x", "@a:x")).toBeUndefined();
    expect(reported).toContainEqual({
      table: "room_state",
      key: { room_id: "!r:x", type: "m.room.member", state_key: "@a:x" },
    });
  });

  test("a snapshot replaces everything the stream wrote up to its position", async () => {
    await state.apply("!r:x", member("@a:x", "join"), 1);
    await state.replace(
      "!r:x",
      [
        member("@b:x", "join"),
        create,
        {
          type: "m.room.topic",
          state_key: "",
          content: { topic: "ignored" },
          event_id: "$t",
          sender: "@b:x",
        },
      ],
      3,
    );
    expect(await state.membership("!r:x", "@a:x")).toBeUndefined();
    expect(await state.membership("!r:x", "@b:x")).toBe("join");
    expect(await state.createEvent("!r:x")).toEqual({ sender: "@bot:x", content: { room_version: "12" } });
    expect(await state.get("!r:x", "m.room.topic", "")).toBeUndefined();
  });

  test("a snapshot keeps what the stream wrote after the snapshot's position", async () => {
    await state.apply("!r:x", member("@a:x", "ban"), 9);
    await state.replace("!r:x", [create, member("@a:x", "join")], 8);
    expect(await state.membership("!r:x", "@a:x")).toBe("ban");
  });

  test("the stream events the snapshot already reflects do not replace it", async () => {
    await state.replace("!r:x", [create, member("@a:x", "ban")], 8);
    await state.apply("!r:x", member("@a:x", "join"), 8);
    expect(await state.membership("!r:x", "@a:x")).toBe("ban");
  });

  test("what the copy holds comes with the event it came from and its stream position", async () => {
    await state.apply("!r:x", member("@a:x", "join", "j1"), 4);
    expect(await state.held("!r:x", "m.room.member", "@a:x")).toEqual({
      eventId: "$j1",
      content: { membership: "join" },
      position: 4,
    });
  });

  test("the stream position is the newest event stored in the inbox", async () => {
    expect(await state.streamPosition()).toBe(0);
    const inbox = inboxRepository(db());
    const event = (id: string) => ({ event_id: id, room_id: "!r:x", type: "m.room.message", content: {} });
    await inbox.recordTransaction("1", [event("$a"), event("$b")], 1000);
    const [, second] = await inbox.pending(10);
    expect(await state.streamPosition()).toBe(second!.seq);
  });

  test("a room the bot left is forgotten and remembered as left", async () => {
    await state.apply("!r:x", create, 1);
    await state.apply("!r:x", member("@a:x", "join"), 2);
    await state.forget("!r:x", "leave", 1000);
    expect(await state.membership("!r:x", "@a:x")).toBeUndefined();
    expect(await state.knows("!r:x")).toBe(false);
    expect(await state.hasLeft("!r:x")).toBe(true);
    expect(await state.hasLeft("!other:x")).toBe(false);
  });

  test("a room the bot joins again no longer counts as left", async () => {
    await state.forget("!r:x", "ban", 1000);
    await state.replace("!r:x", [create, member("@a:x", "join")], 5);
    expect(await state.hasLeft("!r:x")).toBe(false);
    expect(await state.membership("!r:x", "@a:x")).toBe("join");
  });
});

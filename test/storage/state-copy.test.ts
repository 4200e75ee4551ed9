import { roomStateCopy } from "../../bots/events/state-copy.js";
import { createLogger } from "../../core/logging/logger.js";
import { MatrixRequestError } from "../../core/matrix/errors.js";
import { roomStateRepository, type RoomStateRepository } from "../../core/storage/room-state.js";
import { ManualClock } from "../support/clock.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const ROOM = "!r:x";
const BOT = "@plenum:x";
const log = createLogger({ level: "silent", secrets: [], destination: { write: () => undefined } });

function member(userId: string, membership: string, eventId: string, replaces?: string) {
  return {
    type: "m.room.member",
    state_key: userId,
    content: { membership },
    event_id: eventId,
    sender: userId,
    room_id: ROOM,
    ...(replaces ? { unsigned: { replaces_state: replaces } } : {}),
  };
}

describe.each(databaseKinds())("following a room's state from the stream on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let rooms: RoomStateRepository;
  let asked: string[];
  let homeserverSays: Record<string, unknown> | Error | undefined;

  beforeEach(() => {
    rooms = roomStateRepository(db());
    asked = [];
    homeserverSays = undefined;
  });

  const copy = () =>
    roomStateCopy({
      roomState: rooms,
      clock: new ManualClock(Date.parse("2026-11-23T09:00:00Z")),
      gateway: {
        botUserId: BOT,
        getStateEvent: async (_roomId, _type, stateKey) => {
          asked.push(stateKey);
          if (homeserverSays instanceof Error) throw homeserverSays;
          return homeserverSays;
        },
      },
    });

  test("an event that replaced what the copy holds is applied without asking the homeserver", async () => {
    await copy().follow(ROOM, member("@a:x", "invite", "$invite"), 1, log);
    await copy().follow(ROOM, member("@a:x", "join", "$join", "$invite"), 2, log);
    expect(await rooms.membership(ROOM, "@a:x")).toBe("join");
    expect(asked).toEqual([]);
  });

  test("an event that replaced something else than what the copy holds is settled by the homeserver", async () => {
    // The snapshot taken at the bot's join already holds the ban; the join before it arrives after.
    await rooms.replace(ROOM, [member("@a:x", "ban", "$ban")], 5);
    homeserverSays = member("@a:x", "ban", "$ban", "$join");
    await copy().follow(ROOM, member("@a:x", "join", "$join", "$invite"), 6, log);
    expect(asked).toEqual(["@a:x"]);
    expect(await rooms.membership(ROOM, "@a:x")).toBe("ban");
  });

  test("an event for a key the copy holds nothing for, though it replaced something, is settled by the homeserver", async () => {
    homeserverSays = member("@a:x", "leave", "$leave", "$join");
    await copy().follow(ROOM, member("@a:x", "join", "$join", "$invite"), 3, log);
    expect(await rooms.held(ROOM, "m.room.member", "@a:x")).toMatchObject({ eventId: "$leave" });
  });

  test("an event the copy holds already changes nothing and says nothing about what came before", async () => {
    await rooms.replace(ROOM, [member("@a:x", "join", "$join")], 5);
    expect(await copy().follow(ROOM, member("@a:x", "join", "$join", "$invite"), 6, log)).toBeUndefined();
    expect(asked).toEqual([]);
  });

  test("a homeserver that is away leaves the event to be handled again", async () => {
    await rooms.apply(ROOM, member("@a:x", "join", "$join"), 1);
    homeserverSays = new MatrixRequestError(502, "M_UNKNOWN", "bad gateway");
    await expect(copy().follow(ROOM, member("@a:x", "ban", "$ban", "$other"), 2, log)).rejects.toThrow(
      MatrixRequestError,
    );
    expect(await rooms.membership(ROOM, "@a:x")).toBe("join");
  });

  test("the bot's own leave forgets the room and remembers it as left", async () => {
    await rooms.replace(ROOM, [member("@a:x", "join", "$a"), member(BOT, "join", "$bot")], 1);
    await copy().follow(ROOM, member(BOT, "leave", "$kick", "$bot"), 2, log);
    expect(await rooms.membership(ROOM, "@a:x")).toBeUndefined();
    expect(await rooms.hasLeft(ROOM)).toBe(true);
  });

  test("an event of an untracked type is not copied", async () => {
    const topic = {
      type: "m.room.topic",
      state_key: "",
      content: { topic: "x" },
      event_id: "$t",
      sender: "@a:x",
    };
    await copy().follow(ROOM, topic, 1, log);
    expect(await rooms.get(ROOM, "m.room.topic", "")).toBeUndefined();
  });
});

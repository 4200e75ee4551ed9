import { inboxRepository, type InboxRepository } from "../../core/storage/inbox.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

function message(eventId: string, roomId = "!room:example.org") {
  return {
    event_id: eventId,
    room_id: roomId,
    type: "m.room.message",
    sender: "@alice:example.org",
    content: { body: "hi" },
  };
}

describe.each(databaseKinds())("inbox on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let inbox: InboxRepository;

  beforeEach(async () => {
    inbox = inboxRepository(db());
  });

  test("a stored transaction's events are pending in arrival order", async () => {
    await inbox.recordTransaction("t1", [message("$a"), message("$b")], 1000);
    expect((await inbox.pending(10)).map((e) => e.eventId)).toEqual(["$a", "$b"]);
  });

  test("the same transaction id delivered twice is reported as a duplicate and stores nothing more", async () => {
    expect(await inbox.recordTransaction("t1", [message("$a")], 1000)).toBe("stored");
    expect(await inbox.recordTransaction("t1", [message("$a"), message("$c")], 2000)).toBe("duplicate");
    expect((await inbox.pending(10)).map((e) => e.eventId)).toEqual(["$a"]);
  });

  test("the same event in two transactions is stored once", async () => {
    await inbox.recordTransaction("t1", [message("$a")], 1000);
    await inbox.recordTransaction("t2", [message("$a"), message("$b")], 2000);
    expect((await inbox.pending(10)).map((e) => e.eventId)).toEqual(["$a", "$b"]);
  });

  test("an encrypted event from a transaction is not stored, so its decrypted form can take its event id", async () => {
    const encrypted = { ...message("$secret"), type: "m.room.encrypted", content: { ciphertext: "…" } };
    await inbox.recordTransaction("t1", [encrypted, message("$b")], 1000);
    await inbox.recordDecrypted(message("$secret"), 1500);
    const pending = await inbox.pending(10);
    expect(pending.map((e) => [e.eventId, e.event.type])).toEqual([
      ["$b", "m.room.message"],
      ["$secret", "m.room.message"],
    ]);
  });

  test("a decrypted event delivered twice is stored once", async () => {
    await inbox.recordDecrypted(message("$a"), 1000);
    await inbox.recordDecrypted(message("$a"), 2000);
    expect((await inbox.pending(10)).map((e) => e.eventId)).toEqual(["$a"]);
  });

  test("a processed event is no longer pending", async () => {
    await inbox.recordTransaction("t1", [message("$a"), message("$b")], 1000);
    const [first] = await inbox.pending(1);
    await inbox.markProcessed(first!.seq, 1500);
    expect((await inbox.pending(10)).map((e) => e.eventId)).toEqual(["$b"]);
  });

  test("the room watermark only moves forward", async () => {
    await inbox.advanceWatermark("!r:x", 500);
    await inbox.advanceWatermark("!r:x", 300);
    expect(await inbox.watermark("!r:x")).toBe(500);
    await inbox.advanceWatermark("!r:x", 700);
    expect(await inbox.watermark("!r:x")).toBe(700);
  });

  test("events without an event id or room id are not stored", async () => {
    await inbox.recordTransaction("t1", [{ type: "m.typing", content: {} }, message("$a")], 1000);
    expect((await inbox.pending(10)).map((e) => e.eventId)).toEqual(["$a"]);
  });
});

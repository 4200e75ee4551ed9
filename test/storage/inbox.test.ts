import { releaseClaimsOfPreviousRun } from "../../core/storage/claims.js";
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

  test("the same transaction delivered twice is reported as a duplicate and stores nothing more", async () => {
    expect(await inbox.recordTransaction("t1", [message("$a"), message("$b")], 1000)).toBe("stored");
    expect(await inbox.recordTransaction("t1", [message("$a"), message("$b")], 2000)).toBe("duplicate");
    expect((await inbox.pending(10)).map((e) => e.eventId)).toEqual(["$a", "$b"]);
  });

  test("a known transaction id carrying events not seen before is reported as reused and its events are stored", async () => {
    expect(await inbox.recordTransaction("1", [message("$a")], 1000)).toBe("stored");
    // The homeserver started over (an empty database): its transaction ids begin at 1 again.
    expect(await inbox.recordTransaction("1", [message("$fresh1"), message("$fresh2")], 2000)).toBe("reused");
    expect((await inbox.pending(10)).map((e) => e.eventId)).toEqual(["$a", "$fresh1", "$fresh2"]);
  });

  test("the same event in two transactions is stored once", async () => {
    await inbox.recordTransaction("t1", [message("$a")], 1000);
    await inbox.recordTransaction("t2", [message("$a"), message("$b")], 2000);
    expect((await inbox.pending(10)).map((e) => e.eventId)).toEqual(["$a", "$b"]);
  });

  test("an event postponed while the homeserver was away waits without counting an attempt", async () => {
    await inbox.recordTransaction("t1", [message("$a", "!slow:x"), message("$b", "!slow:x")], 1000);
    const [first] = await inbox.claim(1000, 10, 60_000);
    await inbox.postpone(first!.seq, 5000);
    expect(await inbox.claim(2000, 10, 60_000)).toEqual([]);
    const [again] = await inbox.claim(5000, 10, 60_000);
    expect(again).toMatchObject({ eventId: "$a", attempts: 0 });
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

  test("a restart releases the previous run's reservations on SQLite only, where no other instance can exist", async () => {
    await inbox.recordTransaction("t1", [message("$a")], 1000);
    await inbox.claim(1000, 10, 60_000);
    await releaseClaimsOfPreviousRun(db());
    const free = (await inbox.claim(2000, 10, 60_000)).map((e) => e.eventId);
    expect(free).toEqual(kind === "postgres" ? [] : ["$a"]);
  });

  test("events without an event id or room id are not stored", async () => {
    await inbox.recordTransaction("t1", [{ type: "m.typing", content: {} }, message("$a")], 1000);
    expect((await inbox.pending(10)).map((e) => e.eventId)).toEqual(["$a"]);
  });

  test("two instances claiming at once never take the same event", async () => {
    const events = Array.from({ length: 40 }, (_, i) => message(`$e${i}`, `!room${i}:example.org`));
    await inbox.recordTransaction("t1", events, 1000);
    const [a, b] = await Promise.all([inbox.claim(1000, 25, 60_000), inbox.claim(1000, 25, 60_000)]);
    const taken = [...a!, ...b!].map((e) => e.eventId);
    expect(new Set(taken).size).toBe(taken.length);
    expect((await inbox.claim(1000, 50, 60_000)).length + taken.length).toBe(40);
  });

  test("a room's later event is not claimed until its earlier event is handled", async () => {
    await inbox.recordTransaction("t1", [message("$a"), message("$b"), message("$c", "!other:x")], 1000);
    expect((await inbox.claim(1000, 10, 60_000)).map((e) => e.eventId)).toEqual(["$a", "$c"]);
    expect(await inbox.claim(1000, 10, 60_000)).toEqual([]);
    const [first] = await inbox.pending(1);
    await inbox.markProcessed(first!.seq, 1100);
    expect((await inbox.claim(1100, 10, 60_000)).map((e) => e.eventId)).toEqual(["$b"]);
  });

  test("an event claimed by an instance that died is taken over once the claim lapses", async () => {
    await inbox.recordTransaction("t1", [message("$a")], 1000);
    await inbox.claim(1000, 10, 60_000);
    expect(await inbox.claim(60_999, 10, 60_000)).toEqual([]);
    expect((await inbox.claim(61_000, 10, 60_000)).map((e) => e.eventId)).toEqual(["$a"]);
  });

  test("a failed event is retried at its retry time and not before", async () => {
    await inbox.recordTransaction("t1", [message("$a")], 1000);
    const [entry] = await inbox.claim(1000, 10, 60_000);
    await inbox.recordAttempt(entry!.seq, 3000);
    expect(await inbox.claim(2999, 10, 60_000)).toEqual([]);
    expect((await inbox.claim(3000, 10, 60_000)).map((e) => e.attempts)).toEqual([1]);
  });
});

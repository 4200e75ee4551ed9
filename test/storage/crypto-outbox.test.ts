import { cryptoOutboxRepository, type CryptoOutboxRepository } from "../../core/storage/crypto-outbox.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const ROOM = "!team:example.org";

describe.each(databaseKinds())("the crypto outbox on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let outbox: CryptoOutboxRepository;

  beforeEach(() => {
    outbox = cryptoOutboxRepository(db());
  });

  const send = (txnId: string, body: string) => ({
    roomId: ROOM,
    txnId,
    type: "m.room.message",
    content: { msgtype: "m.notice", body },
  });

  test("a send handed over twice with one transaction id is one entry, answered with one event id", async () => {
    await outbox.enqueue(send("t1", "first try"), 1000);
    await outbox.enqueue(send("t1", "second try"), 2000);
    const pending = await outbox.pending(10);
    expect(pending.map((entry) => entry.content.body)).toEqual(["first try"]);
    await outbox.sent(pending[0]!.id, "$sent");
    expect(await outbox.result(ROOM, "t1")).toEqual({ eventId: "$sent" });
    expect(await outbox.pending(10)).toEqual([]);
  });

  test("entries come out in the order they were handed in, and a failure is reported to the sender", async () => {
    await outbox.enqueue(send("a", "one"), 1000);
    await outbox.enqueue(send("b", "two"), 1000);
    const [first, second] = await outbox.pending(10);
    expect([first!.txnId, second!.txnId]).toEqual(["a", "b"]);
    await outbox.failed(first!.id, "M_FORBIDDEN");
    expect(await outbox.result(ROOM, "a")).toEqual({ error: "M_FORBIDDEN" });
    expect(await outbox.result(ROOM, "b")).toBeUndefined();
  });

  test("pruning drops entries handed in before the cut-off", async () => {
    await outbox.enqueue(send("old", "old"), 1000);
    await outbox.enqueue(send("new", "new"), 5000);
    await outbox.prune(2000);
    expect((await outbox.pending(10)).map((entry) => entry.txnId)).toEqual(["new"]);
  });
});

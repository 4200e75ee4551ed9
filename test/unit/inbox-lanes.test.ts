import { createInboxProcessor } from "../../bots/inbox/processor.js";
import { MatrixRequestError } from "../../core/matrix/errors.js";
import { createLogger } from "../../core/logging/logger.js";
import { createMetrics } from "../../core/metrics/registry.js";
import type { InboxEntry, InboxRepository } from "../../core/storage/inbox.js";
import { systemClock } from "../../core/time/clock.js";

/** The processor's view of the inbox, in memory, reserving like the database does. */
function memoryInbox(events: { id: string; room: string }[]) {
  const entries: (InboxEntry & { done: boolean; claimedUntil: number })[] = events.map((e, i) => ({
    seq: i + 1,
    eventId: e.id,
    roomId: e.room,
    event: { event_id: e.id, room_id: e.room, type: "m.room.message" },
    attempts: 0,
    done: false,
    claimedUntil: 0,
  }));
  const entry = (seq: number) => entries.find((e) => e.seq === seq)!;
  const inbox = {
    claim: async (now: number, limit: number, leaseMs: number) => {
      const open = entries.filter((e) => !e.done);
      const oldestOfRoom = open.filter((e) => open.find((o) => o.roomId === e.roomId) === e);
      const free = oldestOfRoom.filter((e) => e.claimedUntil <= now).slice(0, limit);
      for (const e of free) e.claimedUntil = now + leaseMs;
      return free.map((e) => ({ ...e }));
    },
    markProcessed: async (seq: number) => void (entry(seq).done = true),
    postpone: async (seq: number, until: number) => void (entry(seq).claimedUntil = until),
    recordAttempt: async (seq: number, until: number) => {
      entry(seq).attempts++;
      entry(seq).claimedUntil = until;
    },
  } as unknown as InboxRepository;
  return inbox;
}

function processorFor(
  inbox: InboxRepository,
  handle: (event: Record<string, unknown>) => Promise<void>,
  maxAttempts = 5,
) {
  return createInboxProcessor({
    maxAttempts,
    inbox,
    // Retries wait real half seconds here, so reservations follow the same clock.
    clock: systemClock,
    logger: createLogger({ level: "fatal", secrets: [], destination: { write: () => undefined } }),
    metrics: createMetrics(),
    handle: async (event) => {
      await handle(event);
      return "handled";
    },
  });
}

describe("inbox processing per room", () => {
  it("handles other rooms' events while one room's event is still in hand", async () => {
    let releaseSlow!: () => void;
    const slowSent = new Promise<void>((resolve) => (releaseSlow = resolve));
    const handled: string[] = [];
    const processor = processorFor(
      memoryInbox([
        { id: "$slow1", room: "!slow" },
        { id: "$slow2", room: "!slow" },
        { id: "$fast1", room: "!fast" },
        { id: "$fast2", room: "!fast" },
      ]),
      async (event) => {
        if (event.event_id === "$slow1") await slowSent;
        handled.push(String(event.event_id));
        if (event.event_id === "$fast2") releaseSlow();
      },
    );
    processor.wake();
    await processor.idle();
    expect(handled).toEqual(["$fast1", "$fast2", "$slow1", "$slow2"]);
  });

  it("keeps one room's events in arrival order when the room's first event failed once", async () => {
    const handled: string[] = [];
    let failedOnce = false;
    const processor = processorFor(
      memoryInbox([
        { id: "$a1", room: "!a" },
        { id: "$b1", room: "!b" },
        { id: "$a2", room: "!a" },
      ]),
      async (event) => {
        if (event.event_id === "$a1" && !failedOnce) {
          failedOnce = true;
          throw new Error("homeserver away");
        }
        handled.push(String(event.event_id));
      },
    );
    processor.wake();
    await processor.idle();
    expect(handled).toEqual(["$b1"]);
    // The failed room waits for its retry (half a second) and then goes on in order.
    for (let i = 0; i < 50 && handled.length < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await processor.idle();
    }
    await processor.stop();
    expect(handled).toEqual(["$b1", "$a1", "$a2"]);
  });

  it("does not set an event aside because the homeserver was away while handling it", async () => {
    const handled: string[] = [];
    let away = true;
    const processor = processorFor(
      memoryInbox([{ id: "$a1", room: "!a" }]),
      async (event) => {
        if (away) {
          away = false;
          throw new MatrixRequestError(502, "M_UNKNOWN", "Bad gateway");
        }
        handled.push(String(event.event_id));
      },
      1,
    );
    processor.wake();
    for (let i = 0; i < 50 && handled.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await processor.idle();
    }
    await processor.stop();
    expect(handled).toEqual(["$a1"]);
  });
});

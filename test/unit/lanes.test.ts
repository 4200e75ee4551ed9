import { createLaneQueue } from "../../core/scheduling/lanes.js";

/** A promise the test settles when it chooses. */
function settable(): { promise: Promise<void>; settle(): void } {
  let settle!: () => void;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
}

describe("lane queue", () => {
  test("no more lanes run at once than allowed; the next lane starts when one ends", async () => {
    const gates = new Map<string, ReturnType<typeof settable>>();
    const started: string[] = [];
    const queue = createLaneQueue<string>({
      maxLanes: 2,
      run: async (lane) => {
        started.push(lane);
        const gate = settable();
        gates.set(lane, gate);
        await gate.promise;
      },
    });
    for (const lane of ["a", "b", "c"]) queue.add(lane, lane);
    expect(started).toEqual(["a", "b"]);
    expect(queue.waitingCount()).toBe(1);

    gates.get("a")!.settle();
    await new Promise((done) => setImmediate(done));
    expect(started).toEqual(["a", "b", "c"]);
    gates.get("b")!.settle();
    gates.get("c")!.settle();
    await queue.idle();
  });

  test("items taken back before they started never run", async () => {
    const ran: string[] = [];
    const gate = settable();
    const queue = createLaneQueue<string>({
      maxLanes: 1,
      run: async (item) => {
        ran.push(item);
        await gate.promise;
      },
    });
    queue.add("room", "first");
    queue.add("room", "second");
    queue.add("other", "third");
    expect(queue.takeWaiting()).toEqual(["second", "third"]);
    gate.settle();
    await queue.idle();
    expect(ran).toEqual(["first"]);
  });
});

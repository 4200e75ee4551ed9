export interface LaneQueueOptions<T> {
  /** How many lanes run at the same time; items of further lanes wait for a free one. */
  maxLanes: number;
  /** Must not reject: a lane has nobody to report to but the caller's own logging. */
  run(item: T): Promise<void>;
}

/**
 * Work in lanes: items of one lane run one after the other in the order they were added, different
 * lanes side by side (up to `maxLanes`), so an item that hangs holds back only its own lane.
 */
export function createLaneQueue<T>(options: LaneQueueOptions<T>) {
  /** Lanes in hand, in the order they first got work; the running item is no longer in its list. */
  const waiting = new Map<string, T[]>();
  const running = new Map<string, Promise<void>>();

  async function runLane(lane: string, items: T[]): Promise<void> {
    for (let item = items.shift(); item !== undefined; item = items.shift()) await options.run(item);
    waiting.delete(lane);
    running.delete(lane);
    startLanes();
  }

  function startLanes(): void {
    for (const [lane, items] of waiting) {
      if (running.size >= options.maxLanes) return;
      if (!running.has(lane) && items.length > 0) running.set(lane, runLane(lane, items));
    }
  }

  return {
    add(lane: string, item: T): void {
      const items = waiting.get(lane);
      if (items) items.push(item);
      else waiting.set(lane, [item]);
      startLanes();
    },
    /** How many items were added but have not started. */
    waitingCount(): number {
      let count = 0;
      for (const items of waiting.values()) count += items.length;
      return count;
    },
    /** Takes back every item that has not started; running items finish, and their lanes end there. */
    takeWaiting(): T[] {
      const taken: T[] = [];
      for (const [lane, items] of waiting) {
        taken.push(...items.splice(0));
        if (!running.has(lane)) waiting.delete(lane);
      }
      return taken;
    },
    /** Resolves when nothing runs (items added meanwhile are waited for too). */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.all(running.values());
    },
  };
}

export type LaneQueue<T> = ReturnType<typeof createLaneQueue<T>>;

import { MemoryStore, SyncAccumulator, type ISyncResponse } from "matrix-js-sdk";

/** A sync position with the rooms' state at that point, as matrix-js-sdk resumes from it. */
export type ISavedSync = NonNullable<Awaited<ReturnType<MemoryStore["getSavedSync"]>>>;

export interface DurableSyncStoreOptions {
  /** Where the previous run's sync stopped, with the rooms' state at that point. */
  saved?: ISavedSync;
  /** Makes a position durable. */
  save(position: ISavedSync): Promise<void>;
  /**
   * Whether every event synced so far is in Plenum's inbox (or judged undecryptable). Only then
   * may the position move past them: a position saved ahead of an event would lose it at a crash.
   */
  settled(): boolean;
  /** Least time between two saves; a crash in between only repeats events the inbox already has. */
  saveEveryMs: number;
}

type RoomJson = ISavedSync["roomsData"]["join"][string];

/** The room as its current state alone: a resumed client must not take old messages for new ones. */
function stateOnly(room: RoomJson): RoomJson {
  const current = room["org.matrix.msc4222.state_after"]?.events ?? room.state?.events ?? [];
  return {
    ...room,
    state: { events: current },
    "org.matrix.msc4222.state_after": { events: current },
    timeline: { events: [], prev_batch: null } as unknown as RoomJson["timeline"],
  };
}

/**
 * matrix-js-sdk's store for the bot's device: in memory like MemoryStore, plus the sync position
 * and the rooms' state accumulated since (as the SDK's IndexedDBStore does in a browser), saved
 * through `save`. A restarted device syncs on from that position: it gets what was sent while
 * Plenum was down, and knows its rooms' members and encryption without a full initial sync.
 */
export class DurableSyncStore extends MemoryStore {
  private readonly accumulator = new SyncAccumulator();
  private readonly options: DurableSyncStoreOptions;
  private lastSaveAt = 0;
  private saving: Promise<void> | undefined;
  /** The token the sync being processed was requested with (where a gap in a room's timeline begins). */
  since: string | null = null;

  constructor(options: DurableSyncStoreOptions) {
    super();
    this.options = options;
    if (options.saved) {
      this.accumulator.accumulate(
        {
          next_batch: options.saved.nextBatch,
          rooms: options.saved.roomsData,
          account_data: { events: options.saved.accountData },
        } as ISyncResponse,
        true,
      );
    }
  }

  override setSyncToken(token: string): void {
    this.since = this.getSyncToken();
    super.setSyncToken(token);
  }

  /** Saved positions hold no timeline (see {@link save}), so the client resumes with no old message. */
  override getSavedSync(): Promise<ISavedSync | null> {
    return Promise.resolve(this.options.saved ?? null);
  }

  override getSavedSyncToken(): Promise<string | null> {
    return Promise.resolve(this.options.saved?.nextBatch ?? null);
  }

  override async setSyncData(syncData: ISyncResponse): Promise<void> {
    this.accumulator.accumulate(syncData);
  }

  override wantsSave(): boolean {
    return !this.saving && Date.now() - this.lastSaveAt >= this.options.saveEveryMs;
  }

  /** Saves the position reached, if every event up to it is settled; otherwise a later save will. */
  override async save(force = false): Promise<void> {
    await this.saving;
    if (!this.options.settled() || (!force && Date.now() - this.lastSaveAt < this.options.saveEveryMs))
      return;
    const position = this.accumulator.getJSON(true);
    const join = Object.fromEntries(
      Object.entries(position.roomsData.join).map(([id, room]) => [id, stateOnly(room)]),
    );
    this.saving = this.options.save({ ...position, roomsData: { ...position.roomsData, join } });
    try {
      await this.saving;
      this.lastSaveAt = Date.now();
    } finally {
      this.saving = undefined;
    }
  }
}

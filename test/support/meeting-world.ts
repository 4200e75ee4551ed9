import { buildConfig } from "../../core/config/load.js";
import type { Config } from "../../core/config/schema.js";
import { createLogger } from "../../core/logging/logger.js";
import type { MeetingDeps } from "../../core/meetings/deps.js";
import type { Meeting } from "../../core/meetings/model.js";
import { policyService } from "../../core/policy/policy.js";
import { createScheduler, type JobHandler } from "../../core/scheduling/scheduler.js";
import { auditRepository } from "../../core/storage/audit.js";
import { breakoutsRepository } from "../../core/storage/breakouts.js";
import { migrateToLatest, openDatabase, type Database } from "../../core/storage/database.js";
import { guestLinksRepository } from "../../core/storage/guest-links.js";
import { meetingWelcomesRepository } from "../../core/storage/meeting-welcomes.js";
import { roomLanguagesRepository } from "../../core/storage/room-languages.js";
import { jobsRepository } from "../../core/storage/jobs.js";
import { meetingPinsRepository } from "../../core/storage/meeting-pins.js";
import { meetingsRepository } from "../../core/storage/meetings.js";
import { policyRepository } from "../../core/storage/policy.js";
import { publicSessionsRepository } from "../../core/storage/public-sessions.js";
import { roomStateRepository } from "../../core/storage/room-state.js";
import { councilCallsRepository } from "../../core/storage/council-calls.js";
import { speakerListsRepository } from "../../core/storage/speaker-lists.js";
import { ManualClock } from "./clock.js";
import { validRawConfig } from "./config.js";
import { FakeMatrix } from "./fakes/matrix.js";

/** 2026-11-20 09:00 in Berlin: a Friday three days before `testMeeting`'s start. */
export const WORLD_START = Date.parse("2026-11-20T08:00:00Z");

/**
 * What the meeting operations run on in a unit test: the real repositories on an in-memory SQLite
 * database, the real policy service, a manual clock, and an in-memory homeserver (FakeMatrix) that
 * keeps Plenum's copy of room state current, as the event stream does.
 */
export interface MeetingWorld {
  deps: MeetingDeps;
  config: Config;
  matrix: FakeMatrix;
  clock: ManualClock;
  db: Database;
  /** How often an operation told the scheduler that a job may be due sooner. */
  wakes(): number;
  /** The meetings reported through `meetingChanged`, in order. */
  changed: Meeting[];
  /** The jobs not yet done, by due time: what the scheduler will run. */
  plannedJobs(): Promise<PlannedJob[]>;
  /** Runs every job due at the clock's time with the real scheduler, as its leader would. */
  runDueJobs(handlers: Record<string, JobHandler>): Promise<number>;
  /**
   * Stores the meeting and makes its room, with the participants joined and the power levels if
   * given (the bot is at 100 in them); returns the meeting.
   */
  meetingInRoom(meeting: Meeting, users?: Record<string, number>): Promise<Meeting>;
}

export interface PlannedJob {
  kind: string;
  key: string;
  dueAt: number;
  payload: Record<string, unknown>;
}

export interface WorldOptions {
  /** Config sections merged over `validRawConfig()` with English texts, key by key. */
  config?: Record<string, Record<string, unknown>>;
  now?: number;
  /** A database of the storage suite, migrated, that its suite closes; else a fresh in-memory SQLite. */
  db?: Database;
}

export async function openMeetingWorld(options: WorldOptions = {}): Promise<MeetingWorld> {
  const raw = { ...validRawConfig(), i18n: { locale: "en" } } as Record<string, Record<string, unknown>>;
  for (const [section, values] of Object.entries(options.config ?? {}))
    raw[section] = { ...raw[section], ...values };
  const { config } = buildConfig(raw);
  const db = options.db ?? openDatabase("sqlite://:memory:");
  if (!options.db) await migrateToLatest(db);
  const clock = new ManualClock(options.now ?? WORLD_START);
  const logger = createLogger({ level: "silent", secrets: [] });
  const roomState = roomStateRepository(db);
  const matrix = new FakeMatrix({ serverName: config.homeserver.domain, roomState });
  const audit = auditRepository(db);
  const policy = policyService({ config, store: policyRepository(db), audit, roomState, clock, logger });
  const changed: Meeting[] = [];
  let wakes = 0;
  const deps: MeetingDeps = {
    config,
    gateway: matrix,
    meetings: meetingsRepository(db),
    jobs: jobsRepository(db),
    pins: meetingPinsRepository(db),
    roomState,
    policy,
    speakers: speakerListsRepository(db),
    council: councilCallsRepository(db),
    breakouts: breakoutsRepository(db),
    guestLinks: guestLinksRepository(db),
    publicSessions: publicSessionsRepository(db),
    roomLanguages: roomLanguagesRepository(db),
    welcomes: meetingWelcomesRepository(db),
    clock,
    logger,
    wakeScheduler: () => void wakes++,
    meetingChanged: async (meeting) => void changed.push(meeting),
  };
  return {
    deps,
    config,
    matrix,
    clock,
    db,
    wakes: () => wakes,
    changed,
    plannedJobs: async () =>
      (await db("jobs").whereNull("done_at").orderBy(["due_at", "id"])).map((row) => ({
        kind: String(row.kind),
        key: String(row.key),
        dueAt: Number(row.due_at),
        payload: JSON.parse(String(row.payload)) as Record<string, unknown>,
      })),
    runDueJobs: (handlers) => createScheduler({ jobs: deps.jobs, clock, logger, handlers }).tick(),
    async meetingInRoom(meeting, users) {
      await matrix.addRoom({
        roomId: meeting.roomId!,
        members: meeting.participants,
        ...(users ? { powerLevels: { users: { [matrix.botUserId]: 100, ...users } } } : {}),
      });
      // The room it was made in, where changes are told in a line, unless a test made it already.
      if (!matrix.hasRoom(meeting.originRoomId))
        await matrix.addRoom({ roomId: meeting.originRoomId, members: [meeting.organizer] });
      await deps.meetings.insert(meeting);
      return meeting;
    },
  };
}

/** A fresh world for every test of the surrounding suite; returns the current test's. */
export function meetingWorldPerTest(options: WorldOptions = {}): () => MeetingWorld {
  let world: MeetingWorld | undefined;
  beforeEach(async () => {
    world = await openMeetingWorld(options);
  });
  afterEach(async () => {
    await world?.db.destroy();
    world = undefined;
  });
  return () => {
    if (!world) throw new Error("the meeting world exists only inside a test");
    return world;
  };
}

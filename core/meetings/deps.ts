import type { Config } from "../config/schema.js";
import type { Logger } from "../logging/logger.js";
import type { Meeting } from "./model.js";
import type { MatrixGateway } from "../matrix/gateway.js";
import type { JobsRepository } from "../storage/jobs.js";
import type { MeetingPinsRepository } from "../storage/meeting-pins.js";
import type { MeetingsRepository } from "../storage/meetings.js";
import type { PolicyService } from "../policy/policy.js";
import type { RoomStateRepository } from "../storage/room-state.js";
import type { SpeakerListsRepository } from "../storage/speaker-lists.js";
import type { BreakoutsRepository } from "../storage/breakouts.js";
import type { CouncilCallsRepository } from "../storage/council-calls.js";
import type { GuestLinksRepository } from "../storage/guest-links.js";
import type { PublicSessionsRepository } from "../storage/public-sessions.js";
import type { RoomLanguagesRepository } from "../storage/room-languages.js";
import type { MeetingWelcomesRepository } from "../storage/meeting-welcomes.js";
import type { Clock } from "../time/clock.js";

/** What the meeting operations need; bot commands and the widget API both pass this. */
export interface MeetingDeps {
  config: Config;
  gateway: MatrixGateway;
  meetings: MeetingsRepository;
  jobs: JobsRepository;
  pins: MeetingPinsRepository;
  /** Plenum's copy of membership and power levels, kept current from the event stream. */
  roomState: RoomStateRepository;
  /** Read on every use, so an admin's change applies to the next command. */
  policy: PolicyService;
  /** Lists of speakers of live meeting rooms. */
  speakers: SpeakerListsRepository;
  /** Podiums, whisper groups and call presence of council calls. */
  council: CouncilCallsRepository;
  /** Breakout rooms, each tied to its meeting. */
  breakouts: BreakoutsRepository;
  /** Revocation generations of guest links. */
  guestLinks: GuestLinksRepository;
  /** Meetings followed by the public in an audience room. */
  publicSessions: PublicSessionsRepository;
  /** The language each room's moderators chose for what everyone there reads. */
  roomLanguages: RoomLanguagesRepository;
  /** The pinned welcome message of each meeting room, edited on every change. */
  welcomes: MeetingWelcomesRepository;
  clock: Clock;
  logger: Logger;
  /** Tells the scheduler that a job may now be due sooner than it planned. */
  wakeScheduler(): void;
  /**
   * Told after each change of a meeting's time, details or status, once it is stored and its room
   * state written. Council features follow meetings this way (a public session's audience room
   * updates its pinned status); meetings know nothing of them.
   */
  meetingChanged(meeting: Meeting): Promise<void>;
}

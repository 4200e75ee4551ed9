import type { ConfigSlice } from "../config/slice.js";
import type { Logger } from "../logging/logger.js";
import type { BotIdentity, EventRedactor, MediaStore, MessageSender } from "../matrix/capabilities.js";
import type { AuditRepository } from "../storage/audit.js";
import type { JobsRepository } from "../storage/jobs.js";
import type { PolicyService } from "../policy/policy.js";
import type { PublicSessionsRepository } from "../storage/public-sessions.js";
import type { RecordingsRepository } from "../storage/recordings.js";
import type { Clock } from "../time/clock.js";

/** What publishing, listing and deleting recordings need; the bridge, the scheduler and admin commands pass it. */
export interface RecordingDeps {
  config: ConfigSlice<{
    jitsi: "recordings_dir" | "recordings_media_limit";
    i18n: "locale" | "timezone";
    http: "public_url" | "recording_link_lifetime";
    appservice: "as_token";
  }>;
  /** Posts (and redacts) recordings as the bot, with their files in the media repository. */
  gateway: BotIdentity & MessageSender & EventRedactor & MediaStore;
  recordings: RecordingsRepository;
  /** A public session's audience room also gets the recording when the policy publishes recordings. */
  publicSessions: PublicSessionsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  /** recording_retention_days comes from the policy in force when the recording is published. */
  policy: PolicyService;
  clock: Clock;
  logger: Logger;
  /** Tells an in-process scheduler that a job was planned; another process finds it on its next tick. */
  wakeScheduler(): void;
}

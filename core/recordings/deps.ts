import type { Config } from "../config/schema.js";
import type { Logger } from "../logging/logger.js";
import type { MatrixGateway } from "../matrix/gateway.js";
import type { AuditRepository } from "../storage/audit.js";
import type { JobsRepository } from "../storage/jobs.js";
import type { PolicyService } from "../policy/policy.js";
import type { RecordingsRepository } from "../storage/recordings.js";
import type { Clock } from "../time/clock.js";

/** What publishing, listing and deleting recordings need; the bridge, the scheduler and admin commands pass it. */
export interface RecordingDeps {
  config: Config;
  gateway: MatrixGateway;
  recordings: RecordingsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  /** recording_retention_days comes from the policy in force when the recording is published. */
  policy: PolicyService;
  clock: Clock;
  logger: Logger;
  /** Tells an in-process scheduler that a job was planned; another process finds it on its next tick. */
  wakeScheduler(): void;
}

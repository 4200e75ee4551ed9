import type { MeetingDeps } from "../../../core/meetings/deps.js";
import type { AttendanceRepository } from "../../../core/storage/attendance.js";
import type { AuditRepository } from "../../../core/storage/audit.js";
import type { CalendarTokensRepository } from "../../../core/storage/calendar-tokens.js";
import type { RecordingDeps } from "../../../core/recordings/deps.js";
import type { InviteGuard } from "../../../core/guards/invite-guard.js";

/** What the `!admin` command handlers may use. */
export interface AdminCommandDeps {
  meetings: MeetingDeps;
  audit: AuditRepository;
  attendance: AttendanceRepository;
  recordings: RecordingDeps;
  calendarTokens: CalendarTokensRepository;
  /** Leaves the rooms of inviters a changed policy refuses. */
  invites: Pick<InviteGuard, "leaveRoomsOfRefusedInviters">;
}

/** Records an admin action; every admin command that changes something calls this. */
export async function auditAdminAction(
  deps: AdminCommandDeps,
  entry: { actor: string; action: string; roomId?: string; target?: string; reason: string },
): Promise<void> {
  await deps.audit.record({ at: deps.meetings.clock.now(), ...entry });
}

import type { EmailDeps } from "../../../core/email/invitations.js";
import type { MeetingDeps } from "../../../core/meetings/deps.js";
import type { RecordingDeps } from "../../../core/recordings/deps.js";
import type { AttendanceRepository } from "../../../core/storage/attendance.js";
import type { CalendarTokensRepository } from "../../../core/storage/calendar-tokens.js";
import type { DirectChatsRepository } from "../../../core/storage/direct-chats.js";
import type { PreferencesRepository } from "../../../core/storage/preferences.js";

/** What the `!meet` command handlers may use. */
export interface MeetCommandDeps {
  meetings: MeetingDeps;
  preferences: PreferencesRepository;
  calendarTokens: CalendarTokensRepository;
  directChats: DirectChatsRepository;
  attendance: AttendanceRepository;
  recordings: RecordingDeps;
  /** E-mail invitations; `email.mailer` is undefined when e-mail is not configured. */
  email: EmailDeps;
}

/** The zone in which a user's typed times are read: their own choice, else the configured default. */
export async function zoneOf(deps: MeetCommandDeps, userId: string): Promise<string> {
  return (await deps.preferences.get(userId)).timezone ?? deps.meetings.config.i18n.timezone;
}

import { helpCommand } from "./help.js";
import { attendance } from "./meet/attendance.js";
import { calendar } from "./meet/calendar.js";
import { info, list } from "./meet/browse.js";
import { cancel, edit, invite, move, uninvite } from "./meet/change.js";
import type { MeetCommandDeps } from "./meet/deps.js";
import { now } from "./meet/now.js";
import { lang, roomLang, tz } from "./meet/preferences.js";
import { schedule } from "./meet/schedule.js";
import { roomPolicy } from "./meet/room-policy.js";
import { widget } from "./meet/widget.js";
import { clear, next, queue, speak, withdraw } from "./meet/speakers.js";
import { breakout, broadcast } from "./meet/breakouts.js";
import { guestLink } from "./meet/guest-link.js";
import { recording } from "./meet/recording.js";
import { recordings } from "./meet/recordings.js";
import { publicSession } from "./meet/public.js";
import { podium, whisperGroup, whisperGroups } from "./meet/council-calls.js";
import type { CommandTable } from "./types.js";

/** The `!meet` commands staff type in their rooms. */
export const meetTable: CommandTable<MeetCommandDeps> = {
  prefix: "!meet",
  example: '!meet schedule "Team call" tomorrow 10:00',
  commands: [
    helpCommand(() => meetTable, "command.meet.help", "anyone", "settings"),
    schedule,
    now,
    list,
    info,
    move,
    edit,
    cancel,
    invite,
    uninvite,
    attendance,
    recording,
    recordings,
    roomPolicy,
    speak,
    withdraw,
    next,
    queue,
    clear,
    breakout,
    broadcast,
    guestLink,
    publicSession,
    podium,
    whisperGroup,
    whisperGroups,
    calendar,
    lang,
    roomLang,
    tz,
    widget,
  ],
};

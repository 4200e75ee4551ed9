import { audit } from "./admin/audit.js";
import { calendar } from "./admin/calendar.js";
import { creators } from "./admin/creators.js";
import type { AdminCommandDeps } from "./admin/deps.js";
import { policy } from "./admin/policy.js";
import { room } from "./admin/room.js";
import { rooms } from "./admin/rooms.js";
import { recording, recordings } from "./admin/recordings.js";
import { stats } from "./admin/stats.js";
import { helpCommand } from "./help.js";
import type { CommandTable } from "./types.js";

/** The `!admin` commands, accepted only in the admin room or an admin's direct chat with the bot. */
export const adminTable: CommandTable<AdminCommandDeps> = {
  prefix: "!admin",
  example: "!admin rooms upcoming",
  permission: "admin",
  commands: [
    helpCommand(() => adminTable, "command.admin.help", "admin", "admin-rooms"),
    rooms,
    room,
    policy,
    creators,
    audit,
    stats,
    recordings,
    recording,
    calendar,
  ],
};

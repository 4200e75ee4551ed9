import { UserError } from "../../../core/errors/user-error.js";
import { addPlannerWidget } from "../../../core/widgets/planner-placement.js";
import type { CommandSpec } from "../types.js";
import type { MeetCommandDeps } from "./deps.js";

/** Adds the meeting planner (widgets/planner) to the room, for people who click rather than type. */
export const widget: CommandSpec<MeetCommandDeps> = {
  name: "widget",
  summary: "command.meet.widget",
  group: "settings",
  args: [],
  permission: "widget-editor",
  handler: async ({ origin, deps, t }) => {
    if (!(await addPlannerWidget(deps.meetings, origin.roomId, t("meeting.widget_name"))))
      throw new UserError("meeting.widget_forbidden");
    return { text: t("meeting.widget_added") };
  },
};

import { UserError } from "../../../core/errors/user-error.js";
import { MatrixRequestError } from "../../../core/matrix/errors.js";
import { WIDGET_STATE } from "../../../core/meetings/room-state.js";
import { PLANNER_WIDGET_ID, plannerWidget } from "../../../core/widgets/room-widgets.js";
import type { CommandSpec } from "../types.js";
import type { MeetCommandDeps } from "./deps.js";

/** Adds the meeting planner (widgets/planner) to the room, for people who click rather than type. */
export const widget: CommandSpec<MeetCommandDeps> = {
  name: "widget",
  summary: "command.meet.widget",
  args: [],
  permission: "anyone",
  handler: async ({ origin, deps, t }) => {
    const { gateway, config } = deps.meetings;
    const content = plannerWidget({
      publicUrl: config.http.public_url,
      name: t("meeting.widget_name"),
      creatorUserId: gateway.botUserId,
    });
    try {
      await gateway.sendState(origin.roomId, WIDGET_STATE, PLANNER_WIDGET_ID, content);
    } catch (error) {
      if (error instanceof MatrixRequestError && error.status === 403)
        throw new UserError("meeting.widget_forbidden");
      throw error;
    }
    return { text: t("meeting.widget_added") };
  },
};

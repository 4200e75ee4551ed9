import { UserError } from "../../../core/errors/user-error.js";
import { MatrixRequestError } from "../../../core/matrix/errors.js";
import { conferenceNameForRoom } from "../../../core/meetings/conference.js";
import { callWidget } from "../../../core/meetings/call-widget.js";
import { widgetLayout } from "../../../core/meetings/jitsi-widget.js";
import { WIDGET_LAYOUT, WIDGET_STATE } from "../../../core/meetings/room-state.js";
import type { CommandSpec } from "../types.js";
import type { MeetCommandDeps } from "./deps.js";

/** The widget id of an ad-hoc call; one per room, so `!meet now` twice keeps one widget. */
const NOW_WIDGET_ID = "plenum_jitsi_now";

export const now: CommandSpec<MeetCommandDeps> = {
  name: "now",
  summary: "command.meet.now",
  group: "meeting",
  args: [{ name: '"title"', description: "arg.title", optional: true }],
  permission: "widget-editor",
  handler: async ({ origin, deps, t }, [title]) => {
    const { gateway, config } = deps.meetings;
    const roomName = title ?? t("meeting.now_default_title");
    const widget = callWidget(config, {
      widgetId: NOW_WIDGET_ID,
      domain: config.jitsi.domain,
      conferenceId: conferenceNameForRoom(origin.roomId),
      roomName,
      creatorUserId: gateway.botUserId,
    });
    try {
      await gateway.sendState(
        origin.roomId,
        WIDGET_STATE,
        NOW_WIDGET_ID,
        widget as unknown as Record<string, unknown>,
      );
      await gateway.sendState(
        origin.roomId,
        WIDGET_LAYOUT,
        "",
        widgetLayout(NOW_WIDGET_ID) as unknown as Record<string, unknown>,
      );
    } catch (error) {
      if (error instanceof MatrixRequestError && error.status === 403)
        throw new UserError("meeting.now_forbidden");
      throw error;
    }
    // The answer is the one message telling the room the call is on.
    return { text: t("meeting.now_started", { title: roomName }) };
  },
};

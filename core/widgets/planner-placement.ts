import { translate } from "../i18n/translate.js";
import { MatrixRequestError } from "../matrix/errors.js";
import type { ConfigSlice } from "../config/slice.js";
import type { BotIdentity, RoomJoiner, RoomStateWriter } from "../matrix/capabilities.js";
import type { MeetingDeps } from "../meetings/deps.js";
import type { PolicyService } from "../policy/policy.js";
import { WIDGET_STATE } from "../meetings/room-state.js";
import { PLANNER_WIDGET_ID, plannerWidget } from "./room-widgets.js";

interface WidgetWriterDeps {
  gateway: BotIdentity & RoomStateWriter;
  config: ConfigSlice<{ http: "public_url" }>;
}

type PlacementDeps = WidgetWriterDeps &
  Pick<MeetingDeps, "logger"> & {
    gateway: RoomJoiner;
    config: ConfigSlice<{ i18n: "locale" }>;
    policy: Pick<PolicyService, "current">;
  };

/**
 * Writes the planner widget into a room under its one fixed state key, so adding it again replaces
 * it. False when the bot lacks the power to change the room's widgets.
 */
export async function addPlannerWidget(
  deps: WidgetWriterDeps,
  roomId: string,
  name: string,
): Promise<boolean> {
  const content = plannerWidget({
    publicUrl: deps.config.http.public_url,
    name,
    creatorUserId: deps.gateway.botUserId,
  });
  try {
    await deps.gateway.sendState(roomId, WIDGET_STATE, PLANNER_WIDGET_ID, content);
    return true;
  } catch (error) {
    if (error instanceof MatrixRequestError && error.status === 403) return false;
    throw error;
  }
}

/** Placed for a whole room rather than asked for by one person: named in the server's language. */
function serverWidgetName(deps: { config: ConfigSlice<{ i18n: "locale" }> }): string {
  return translate(deps.config.i18n.locale, "meeting.widget_name");
}

/** With the `planner_widget` policy on: the planner in every room the bot is in and may change. */
export async function addPlannerWidgetEverywhere(
  deps: PlacementDeps,
): Promise<{ added: number; refused: number }> {
  const counts = { added: 0, refused: 0 };
  for (const roomId of await deps.gateway.joinedRooms()) {
    if (await addPlannerWidget(deps, roomId, serverWidgetName(deps))) counts.added++;
    else counts.refused++;
  }
  deps.logger.info(counts, "planner widget placed by policy");
  return counts;
}

/** A room the bot has just joined gets the planner when the policy says every room should. */
export async function addPlannerWidgetOnJoin(deps: PlacementDeps, roomId: string): Promise<void> {
  if (!(await deps.policy.current()).planner_widget) return;
  const added = await addPlannerWidget(deps, roomId, serverWidgetName(deps));
  deps.logger.info({ room_id: roomId, added }, "planner widget on join");
}

import { roomPower, type RoomPowerSource } from "../access/room-power.js";
import type { ConfigSlice } from "../config/slice.js";
import { translate } from "../i18n/translate.js";
import type { Logger } from "../logging/logger.js";
import type {
  BotIdentity,
  MembershipReader,
  RoomKicker,
  RoomStateReader,
  RoomStateWriter,
} from "../matrix/capabilities.js";
import { ADMIN_POWER } from "../matrix/power-levels.js";
import type { RoomStateRepository } from "../storage/room-state.js";
import type { Meeting } from "./model.js";

/** Only admins (the bot among them) may send after a room is locked. */
const LOCKED_EVENTS_DEFAULT = ADMIN_POWER;

export interface LockDeps {
  gateway: RoomStateReader & RoomStateWriter;
}

export interface CloseDeps {
  gateway: BotIdentity & RoomStateWriter & MembershipReader & RoomKicker;
  roomState: RoomPowerSource;
}

export type AfterEndDeps = LockDeps &
  CloseDeps & {
    config: ConfigSlice<{ i18n: "locale" }>;
    logger: Logger;
  };

export async function lockRoom(deps: LockDeps, roomId: string): Promise<void> {
  const levels = (await deps.gateway.getState(roomId, "m.room.power_levels", "")) ?? {};
  if (levels.events_default === LOCKED_EVENTS_DEFAULT) return;
  await deps.gateway.sendState(roomId, "m.room.power_levels", "", {
    ...levels,
    events_default: LOCKED_EVENTS_DEFAULT,
  });
}

/** Undoes lockRoom: members may send again. */
export async function unlockRoom(deps: LockDeps, roomId: string): Promise<void> {
  const levels = (await deps.gateway.getState(roomId, "m.room.power_levels", "")) ?? {};
  if (levels.events_default !== LOCKED_EVENTS_DEFAULT) return;
  await deps.gateway.sendState(roomId, "m.room.power_levels", "", { ...levels, events_default: 0 });
}

export async function isLocked(
  deps: { roomState: Pick<RoomStateRepository, "get"> },
  roomId: string,
): Promise<boolean> {
  return (
    (await deps.roomState.get(roomId, "m.room.power_levels", ""))?.events_default === LOCKED_EVENTS_DEFAULT
  );
}

/**
 * Everyone but the bot leaves, and the room can no longer be joined. Members with as much power as
 * the bot (an organizer at 100) cannot be removed by it; they are returned so the caller can say so.
 */
export async function closeRoom(deps: CloseDeps, roomId: string, reason: string): Promise<string[]> {
  await deps.gateway.sendState(roomId, "m.room.join_rules", "", { join_rule: "invite" });
  const power = await roomPower(deps.roomState, roomId);
  const remaining: string[] = [];
  for (const member of await deps.gateway.joinedMembers(roomId)) {
    if (member === deps.gateway.botUserId) continue;
    if (power.mayKick(deps.gateway.botUserId, member)) await deps.gateway.kick(roomId, member, reason);
    else remaining.push(member);
  }
  return remaining;
}

export async function applyAfterEndPolicy(
  deps: AfterEndDeps,
  meeting: Meeting,
  policy: "keep" | "lock" | "close",
): Promise<void> {
  if (!meeting.roomId || policy === "keep") return;
  if (policy === "lock") await lockRoom(deps, meeting.roomId);
  else {
    const remaining = await closeRoom(
      deps,
      meeting.roomId,
      translate(deps.config.i18n.locale, "meeting.close_reason"),
    );
    if (remaining.length > 0)
      deps.logger.info({ room_id: meeting.roomId, remaining }, "members outranking the bot stay");
  }
  deps.logger.info({ meeting_id: meeting.id, room_id: meeting.roomId, policy }, "after-end policy applied");
}

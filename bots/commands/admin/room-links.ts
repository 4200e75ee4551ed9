import { matrixToLink } from "../../../core/text/pills.js";
import type { AdminCommandDeps } from "./deps.js";

/**
 * Links to rooms labelled by their names: a meeting room is named after its meeting's title, any
 * other room shows its id (Plenum keeps no copy of room names). Each room is looked up once per answer.
 */
export function roomLinks(deps: AdminCommandDeps): (roomId: string) => Promise<string> {
  const known = new Map<string, Promise<string>>();
  const { meetings, config } = deps.meetings;
  const link = async (roomId: string) => {
    const meeting = await meetings.byRoomId(roomId);
    return matrixToLink(roomId, meeting?.title ?? roomId, config.homeserver.domain);
  };
  return (roomId) => {
    if (!known.has(roomId)) known.set(roomId, link(roomId));
    return known.get(roomId)!;
  };
}

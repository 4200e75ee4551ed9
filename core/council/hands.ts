import { UserError } from "../errors/user-error.js";
import type { Meeting } from "../meetings/model.js";
import { changeSpeakerList, type SpeakerBoardDeps } from "./speaker-board.js";
import { requestToSpeak, withdraw, type SpeakerList } from "./speaker-list.js";

/**
 * Asking to speak and withdrawing, for `!meet speak` / `!meet withdraw` and a hand raised or lowered
 * in the call widget (`POST …/council/hand`) alike: one list, one pinned message, the same refusals.
 */

/** Whether `userId` has the floor or a place on the list. */
export function hasHand(list: SpeakerList, userId: string): boolean {
  return list.current?.userId === userId || list.waiting.some((r) => r.userId === userId);
}

/** Puts `userId` on the list; refused before the meeting is live and when they are on it already. */
export async function raiseHand(
  deps: SpeakerBoardDeps,
  meeting: Meeting,
  request: { userId: string; topic: string | null; txnId: string },
): Promise<SpeakerList> {
  if (meeting.status !== "live") throw new UserError("speakers.not_live");
  const now = deps.clock.now();
  return changeSpeakerList(
    deps,
    meeting,
    (list) => requestToSpeak(list, request.userId, request.topic, now),
    request.txnId,
  );
}

/** Takes `userId` off the list; whoever has the floor gives it up. Refused when they are not on it. */
export function lowerHand(
  deps: SpeakerBoardDeps,
  meeting: Meeting,
  request: { userId: string; txnId: string },
): Promise<SpeakerList> {
  return changeSpeakerList(deps, meeting, (list) => withdraw(list, request.userId), request.txnId);
}

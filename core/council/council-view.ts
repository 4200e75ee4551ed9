import { listenTargets, type CallEntry, type ListenFacts } from "../access/authorization.js";
import type { MeetingDeps } from "../meetings/deps.js";
import type { ListenTarget, CouncilView } from "../widgets/api-types.js";
import { hasHand } from "./hands.js";

/**
 * What the call widget sees of a council call (issue 19): the podium, the list of speakers, the
 * caller's whisper groups and the conferences they may listen to. Read for one user in one room; the
 * rules are authorization.ts's (`listenTargets`, and whoever may moderate sees participant ids).
 */

export type ListenDeps = Pick<MeetingDeps, "meetings" | "breakouts">;

/** Where a room sits among breakouts, with the title of each conference reachable from it. */
export async function listenFacts(
  deps: ListenDeps,
  roomId: string,
  caller: { entry: CallEntry; moderator: boolean },
): Promise<{ facts: ListenFacts; titles: Map<string, ListenTarget> }> {
  const titles = new Map<string, ListenTarget>();
  const breakout = await deps.breakouts.byRoomId(roomId);
  if (breakout && breakout.endedAt === null) {
    const main = await deps.meetings.get(breakout.meetingId);
    const title = main?.title ?? breakout.parentRoomId;
    titles.set(breakout.parentRoomId, { room_id: breakout.parentRoomId, title, kind: "main" });
    return { facts: { ...caller, mainRoomId: breakout.parentRoomId, breakoutRoomIds: [] }, titles };
  }
  const meeting = await deps.meetings.byRoomId(roomId);
  const open = meeting ? await deps.breakouts.open(meeting.id) : [];
  for (const b of open) titles.set(b.roomId, { room_id: b.roomId, title: b.name, kind: "breakout" });
  return { facts: { ...caller, breakoutRoomIds: open.map((b) => b.roomId) }, titles };
}

/** The conferences `caller` may listen to from `roomId`'s call, with their titles. */
export async function listenList(
  deps: ListenDeps,
  roomId: string,
  caller: { entry: CallEntry; moderator: boolean },
): Promise<ListenTarget[]> {
  const { facts, titles } = await listenFacts(deps, roomId, caller);
  return listenTargets(facts).map((id) => titles.get(id)!);
}

export type CouncilViewDeps = ListenDeps & Pick<MeetingDeps, "speakers" | "council">;

export async function councilView(
  deps: CouncilViewDeps,
  roomId: string,
  caller: { userId: string; entry: CallEntry; moderator: boolean },
): Promise<CouncilView> {
  const meeting = await deps.meetings.byRoomId(roomId);
  const [podium, { list }, groups, presence, listen] = await Promise.all([
    deps.council.podium(roomId),
    deps.speakers.get(roomId),
    meeting ? deps.council.whisperGroups(meeting.id) : [],
    caller.moderator ? deps.council.presence(roomId) : {},
    listenList(deps, roomId, caller),
  ]);
  return {
    podium: { enabled: podium.enabled, members: podium.members },
    floor: list.current?.userId ?? null,
    waiting: list.waiting.map((r) => r.userId),
    hand_raised: hasHand(list, caller.userId),
    may_moderate: caller.moderator,
    participants: presence,
    whisper_groups: groups
      .filter((g) => g.members.includes(caller.userId))
      .map((g) => ({ id: g.id, name: g.name, members: g.members })),
    listen,
  };
}

import { createHash } from "node:crypto";
import { UserError } from "../errors/user-error.js";
import type { MeetingDeps } from "../meetings/deps.js";
import type { Meeting } from "../meetings/model.js";
import type { CouncilCallsRepository, WhisperGroup } from "../storage/council-calls.js";
import type { RoomStateRepository } from "../storage/room-state.js";
import { UNSAFE_CHARACTERS } from "../text/shown-name.js";

/**
 * Whisper groups (issue 19): named subsets of a meeting's room members who may speak privately to each
 * other during its call, in an audio-only conference of their own whose tokens only members get.
 * Defined by the room's moderators (`!meet whisper-group`), stored with the meeting.
 */

export const MAX_WHISPER_GROUPS = 20;
export const MAX_WHISPER_MEMBERS = 50;
export const MAX_WHISPER_NAME = 60;

/** A group's name as shown: trimmed, inner white space collapsed; refused when empty, too long or unsafe. */
export function checkWhisperName(name: string): string {
  // A group's name must read the same everywhere it is shown.
  if (UNSAFE_CHARACTERS.test(name)) throw new UserError("whisper.name_unsafe");
  const clean = name.trim().replace(/\s+/g, " ");
  if (clean === "") throw new UserError("whisper.name_empty");
  if ([...clean].length > MAX_WHISPER_NAME)
    throw new UserError("whisper.name_too_long", { max: MAX_WHISPER_NAME });
  return clean;
}

const FOLD: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss" };

/**
 * A group's stable id, a slug of its name ("Fraktion Ä" → "fraktion-ae"): the same name always gives the
 * same group, and names that differ only in case, spacing or punctuation are the same group. A name
 * with no letters or digits a slug keeps gets one from its hash. Ids are safe in a Jitsi room name.
 */
export function whisperGroupId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => FOLD[c]!)
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return slug || `g-${createHash("sha256").update(name).digest("hex").slice(0, 10)}`;
}

/**
 * The groups after defining `name` with `members`: replaces a group of the same id, refuses members
 * who are not members of the meeting room (joined or invited), an empty or oversized group, and a
 * group beyond MAX_WHISPER_GROUPS.
 */
export function definedGroups(
  groups: readonly WhisperGroup[],
  request: { name: string; members: readonly string[] },
  roomMembers: ReadonlySet<string>,
): { group: WhisperGroup; replaced: boolean } {
  const name = checkWhisperName(request.name);
  const members = [...new Set(request.members)];
  if (members.length === 0) throw new UserError("whisper.no_members");
  if (members.length > MAX_WHISPER_MEMBERS)
    throw new UserError("whisper.too_many_members", { max: MAX_WHISPER_MEMBERS });
  const outsider = members.find((m) => !roomMembers.has(m));
  if (outsider) throw new UserError("whisper.not_in_room", { user: outsider });
  const id = whisperGroupId(name);
  const replaced = groups.some((g) => g.id === id);
  if (!replaced && groups.length >= MAX_WHISPER_GROUPS)
    throw new UserError("whisper.too_many_groups", { max: MAX_WHISPER_GROUPS });
  return { group: { id, name, members }, replaced };
}

/**
 * The conference a whisper group talks in: the meeting's conference name and the group's id. Plenum's
 * conference names are base32 (no hyphen), so no room's conference can have this name.
 */
export function whisperConferenceName(conferenceName: string, groupId: string): string {
  return `${conferenceName}-whisper-${groupId}`;
}

export type WhisperDeps = Pick<MeetingDeps, "clock"> & {
  council: Pick<CouncilCallsRepository, "whisperGroups" | "saveWhisperGroup" | "deleteWhisperGroup">;
  roomState: Pick<RoomStateRepository, "membership">;
};

/** Creates or replaces a group of the meeting; refused (changing nothing) as `definedGroups` says. */
export async function defineWhisperGroup(
  deps: WhisperDeps,
  meeting: Meeting,
  request: { name: string; members: readonly string[]; by: string },
): Promise<{ group: WhisperGroup; replaced: boolean }> {
  const roomId = meeting.roomId!;
  const inRoom = await Promise.all(
    [...new Set(request.members)].map(async (m) => {
      const membership = await deps.roomState.membership(roomId, m);
      return membership === "join" || membership === "invite" ? [m] : [];
    }),
  );
  const result = definedGroups(await deps.council.whisperGroups(meeting.id), request, new Set(inRoom.flat()));
  await deps.council.saveWhisperGroup(meeting.id, result.group, {
    userId: request.by,
    now: deps.clock.now(),
  });
  return result;
}

/** Deletes the group of that name; refused when the meeting has none. */
export async function removeWhisperGroup(deps: WhisperDeps, meeting: Meeting, name: string): Promise<string> {
  const clean = checkWhisperName(name);
  if (!(await deps.council.deleteWhisperGroup(meeting.id, whisperGroupId(clean))))
    throw new UserError("whisper.unknown_group", { name: clean });
  return clean;
}

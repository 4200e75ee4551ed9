import type { Database } from "./database.js";

/** A meeting room's podium: whether podium mode is on, and who speaks and is seen. */
export interface Podium {
  enabled: boolean;
  members: string[];
}

export const NO_PODIUM: Podium = { enabled: false, members: [] };

/** A group of a meeting's participants who may whisper to each other during its call. */
export interface WhisperGroup {
  id: string;
  name: string;
  members: string[];
}

const members = (value: unknown): string[] => JSON.parse(String(value)) as string[];

/** The podium, whisper groups and call presence of council calls (issue 19). */
export function councilCallsRepository(db: Database) {
  return {
    async podium(roomId: string): Promise<Podium> {
      const row = (await db("podiums").where({ room_id: roomId }).first()) as
        Record<string, unknown> | undefined;
      return row ? { enabled: Boolean(row.enabled), members: members(row.members) } : NO_PODIUM;
    },
    async savePodium(
      meetingId: string,
      roomId: string,
      podium: Podium,
      by: { userId: string; now: number },
    ): Promise<void> {
      const values = {
        enabled: podium.enabled,
        members: JSON.stringify(podium.members),
        updated_by: by.userId,
        updated_at: by.now,
      };
      await db("podiums")
        .insert({ room_id: roomId, meeting_id: meetingId, ...values })
        .onConflict("room_id")
        .merge(values);
    },
    /** A meeting's whisper groups, by name. */
    async whisperGroups(meetingId: string): Promise<WhisperGroup[]> {
      const rows = (await db("whisper_groups")
        .where({ meeting_id: meetingId })
        .orderBy("name")
        .orderBy("group_id")) as Record<string, unknown>[];
      return rows.map((row) => ({
        id: String(row.group_id),
        name: String(row.name),
        members: members(row.members),
      }));
    },
    async saveWhisperGroup(
      meetingId: string,
      group: WhisperGroup,
      by: { userId: string; now: number },
    ): Promise<void> {
      const values = {
        name: group.name,
        members: JSON.stringify(group.members),
        updated_by: by.userId,
        updated_at: by.now,
      };
      await db("whisper_groups")
        .insert({ meeting_id: meetingId, group_id: group.id, ...values })
        .onConflict(["meeting_id", "group_id"])
        .merge(values);
    },
    /** Whether a group was there to delete. */
    async deleteWhisperGroup(meetingId: string, groupId: string): Promise<boolean> {
      return (await db("whisper_groups").where({ meeting_id: meetingId, group_id: groupId }).delete()) > 0;
    },
    async setPresence(roomId: string, userId: string, participantId: string, now: number): Promise<void> {
      await db("call_presence")
        .insert({ room_id: roomId, user_id: userId, participant_id: participantId, updated_at: now })
        .onConflict(["room_id", "user_id"])
        .merge({ participant_id: participantId, updated_at: now });
    },
    /** Each user's latest Jitsi participant id in the room's conference. */
    async presence(roomId: string): Promise<Record<string, string>> {
      const rows = (await db("call_presence").where({ room_id: roomId }).orderBy("user_id")) as {
        user_id: string;
        participant_id: string;
      }[];
      return Object.fromEntries(rows.map((row) => [row.user_id, row.participant_id]));
    },
  };
}

export type CouncilCallsRepository = ReturnType<typeof councilCallsRepository>;

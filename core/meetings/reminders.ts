import type { ConfigSlice } from "../config/slice.js";
import { translate } from "../i18n/translate.js";
import type { BotIdentity, MessageSender } from "../matrix/capabilities.js";
import type { PolicyService } from "../policy/policy.js";
import type { JobHandler } from "../scheduling/scheduler.js";
import type { Job, JobsRepository } from "../storage/jobs.js";
import type { MeetingsRepository } from "../storage/meetings.js";
import type { MeetingDeps } from "./deps.js";
import { applyAfterEndPolicy, type AfterEndDeps } from "./lifecycle.js";
import type { Meeting, Occurrence } from "./model.js";
import { nextOccurrence, occurrences } from "./recurrence.js";
import { publishMeetingState, type MeetingStateDeps } from "./room-updates.js";

export const REMINDER = "meeting.reminder";
export const START = "meeting.start";
export const END = "meeting.end";
export const AFTER_END = "meeting.after_end";

function keyPrefix(meetingId: string): string {
  return `${meetingId}|`;
}

function occurrenceKey(meetingId: string, start: Date, what: string): string {
  return `${keyPrefix(meetingId)}${start.toISOString()}|${what}`;
}

export type PlanDeps = Pick<MeetingDeps, "clock" | "wakeScheduler"> & {
  jobs: Pick<JobsRepository, "schedule">;
  config: ConfigSlice<{ meetings: "reminder_offsets" }>;
};

export interface DropDeps {
  jobs: Pick<JobsRepository, "cancelByKeyPrefix">;
}

/** What the jobs of meetings (reminders, start, end, after-end policy) use. */
export type MeetingJobDeps = PlanDeps &
  AfterEndDeps &
  MeetingStateDeps &
  Pick<MeetingDeps, "meetingChanged" | "logger"> & {
    meetings: Pick<MeetingsRepository, "get" | "update">;
    policy: Pick<PolicyService, "forRoom">;
    gateway: BotIdentity & MessageSender;
    config: ConfigSlice<{ i18n: "locale"; meetings: "reminder_grace" }>;
  };

/**
 * Plans the jobs of a meeting's next occurrence: reminders at the configured offsets, the start
 * (status live) and the end. Jobs are keyed by meeting, occurrence and purpose, so planning twice
 * keeps one job, and a job already done is not planned again.
 */
export async function planNextOccurrence(
  deps: PlanDeps,
  meeting: Meeting,
  after = deps.clock.now(),
): Promise<void> {
  if (meeting.status === "cancelled" || !meeting.roomId) return;
  const next = nextOccurrence(meeting, new Date(after));
  if (!next) return;
  const now = deps.clock.now();
  const base = { meetingId: meeting.id, start: next.start.toISOString(), end: next.end.toISOString() };
  for (const offset of deps.config.meetings.reminder_offsets) {
    const dueAt = next.start.getTime() - offset * 60_000;
    if (dueAt < now) continue;
    await deps.jobs.schedule({
      kind: REMINDER,
      key: occurrenceKey(meeting.id, next.start, `remind-${offset}`),
      payload: { ...base, offset },
      dueAt,
    });
  }
  await deps.jobs.schedule({
    kind: START,
    key: occurrenceKey(meeting.id, next.start, "start"),
    payload: base,
    dueAt: Math.max(now, next.start.getTime()),
  });
  await deps.jobs.schedule({
    kind: END,
    key: occurrenceKey(meeting.id, next.start, "end"),
    payload: base,
    dueAt: next.end.getTime(),
  });
  deps.wakeScheduler();
}

/** Forgets every open job of a meeting (before planning again after a move, or on cancel). */
export async function dropPlannedJobs(deps: DropDeps, meetingId: string): Promise<void> {
  await deps.jobs.cancelByKeyPrefix(keyPrefix(meetingId));
}

interface OccurrencePayload {
  meetingId: string;
  start: string;
  end: string;
  offset?: number;
}

/** The occurrence a job was planned for, if the meeting still has it (not moved, not cancelled). */
async function stillPlanned(
  deps: { meetings: Pick<MeetingsRepository, "get"> },
  job: Job,
): Promise<{ meeting: Meeting; occurrence: Occurrence } | undefined> {
  const payload = job.payload as unknown as OccurrencePayload;
  const meeting = await deps.meetings.get(payload.meetingId);
  if (!meeting || meeting.status === "cancelled" || !meeting.roomId) return undefined;
  const start = new Date(payload.start);
  const found = occurrences(meeting, {
    from: new Date(start.getTime() - 1),
    to: new Date(start.getTime() + 1),
  }).find((o) => o.start.getTime() === start.getTime());
  return found ? { meeting, occurrence: found } : undefined;
}

export function meetingJobHandlers(deps: MeetingJobDeps): Record<string, JobHandler> {
  const log = deps.logger.child({ module: "meetings" });
  const locale = deps.config.i18n.locale;
  const graceMs = deps.config.meetings.reminder_grace * 60_000;

  const remind: JobHandler = async (job) => {
    const planned = await stillPlanned(deps, job);
    if (!planned) return;
    const { meeting } = planned;
    if (deps.clock.now() - job.dueAt > graceMs) {
      log.warn(
        { meeting_id: meeting.id, room_id: meeting.roomId, due_at: job.dueAt },
        "reminder missed by more than the grace period; dropped",
      );
      return;
    }
    const offset = Number((job.payload as unknown as OccurrencePayload).offset ?? 0);
    const text =
      offset === 0
        ? translate(locale, "meeting.reminder_now", { title: meeting.title })
        : translate(locale, "meeting.reminder_soon", { title: meeting.title, minutes: offset });
    const mentioned = meeting.participants.filter((u) => u !== deps.gateway.botUserId);
    await deps.gateway.sendEvent(
      meeting.roomId!,
      "m.room.message",
      {
        msgtype: "m.text",
        body: `${text} ${mentioned.join(" ")}`.trim(),
        "m.mentions": { user_ids: mentioned },
      },
      `plenum.job.${job.kind}.${job.key}`,
    );
  };

  const start: JobHandler = async (job) => {
    const planned = await stillPlanned(deps, job);
    if (!planned) return;
    const live: Meeting = { ...planned.meeting, status: "live", updatedAt: deps.clock.now() };
    await deps.meetings.update(live);
    await publishMeetingState(deps, live);
    await deps.meetingChanged(live);
  };

  const end: JobHandler = async (job) => {
    const planned = await stillPlanned(deps, job);
    if (!planned) return;
    const { meeting, occurrence } = planned;
    const following = nextOccurrence(meeting, new Date(occurrence.end.getTime()));
    const status = following ? "scheduled" : "ended";
    const updated = { ...meeting, status, updatedAt: deps.clock.now() } as Meeting;
    await deps.meetings.update(updated);
    await publishMeetingState(deps, updated);
    await deps.meetingChanged(updated);
    if (following) {
      await planNextOccurrence(deps, updated, occurrence.end.getTime());
    } else {
      const policy = await deps.policy.forRoom(meeting.roomId ?? "");
      if (policy.after_end === "keep") return;
      await deps.jobs.schedule({
        kind: AFTER_END,
        key: `${keyPrefix(meeting.id)}after-end`,
        payload: { meetingId: meeting.id },
        dueAt: occurrence.end.getTime() + policy.after_end_delay * 60_000,
      });
      deps.wakeScheduler();
    }
  };

  const afterEnd: JobHandler = async (job) => {
    const meeting = await deps.meetings.get(String(job.payload.meetingId));
    if (!meeting || meeting.status !== "ended") return;
    await applyAfterEndPolicy(deps, meeting, (await deps.policy.forRoom(meeting.roomId ?? "")).after_end);
  };

  return { [REMINDER]: remind, [START]: start, [END]: end, [AFTER_END]: afterEnd };
}

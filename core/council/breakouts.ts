import { usersWithPower } from "../access/room-power.js";
import type { ConfigSlice } from "../config/slice.js";
import { UserError } from "../errors/user-error.js";
import { translate } from "../i18n/translate.js";
import type {
  BotIdentity,
  RoomCreator,
  RoomKicker,
  RoomLeaver,
  RoomStateWriter,
} from "../matrix/capabilities.js";
import { MODERATOR_POWER } from "../matrix/power-levels.js";
import { conferenceNameForRoom } from "../meetings/conference.js";
import type { MeetingDeps } from "../meetings/deps.js";
import { roomLink } from "../meetings/format.js";
import { jitsiWidget, widgetLayout } from "../meetings/jitsi-widget.js";
import { lockRoom, type LockDeps } from "../meetings/lifecycle.js";
import type { Meeting } from "../meetings/model.js";
import { meetingRoomVersion } from "../meetings/room-factory.js";
import { WIDGET_LAYOUT, WIDGET_STATE } from "../meetings/room-state.js";
import { postNotice, type NoticeDeps } from "../meetings/room-updates.js";
import type { PolicyService } from "../policy/policy.js";
import type { Breakout, BreakoutsRepository } from "../storage/breakouts.js";
import type { RoomStateRepository } from "../storage/room-state.js";
import { escapeHtml } from "../text/html.js";
import type { BreakoutGroup } from "./breakout-plan.js";
import { breakoutRoomRequest } from "./breakout-room.js";

/** One call widget per breakout room; the room itself tells which breakout it is. */
export const BREAKOUT_WIDGET_ID = "plenum_jitsi_breakout";

export type OpenBreakoutsDeps = Pick<MeetingDeps, "clock" | "logger"> & {
  breakouts: Pick<BreakoutsRepository, "open" | "insert" | "delete">;
  policy: Pick<PolicyService, "current">;
  gateway: BotIdentity & RoomCreator & RoomStateWriter & RoomKicker & RoomLeaver;
  roomState: Pick<RoomStateRepository, "get">;
  config: ConfigSlice<{ i18n: "locale"; homeserver: "domain" }>;
};

export type BroadcastDeps = NoticeDeps & {
  breakouts: Pick<BreakoutsRepository, "open">;
  config: ConfigSlice<{ i18n: "locale" }>;
};

export type EndBreakoutsDeps = NoticeDeps &
  LockDeps &
  Pick<MeetingDeps, "clock" | "logger"> & {
    breakouts: Pick<BreakoutsRepository, "open" | "end">;
    policy: Pick<PolicyService, "forRoom">;
    config: ConfigSlice<{ i18n: "locale"; homeserver: "domain" }>;
  };

/** Undoes what was made, each step on its own, so one failure does not keep the rest in place. */
async function rollBack(deps: OpenBreakoutsDeps, meeting: Meeting, made: Breakout[]): Promise<void> {
  const reason = translate(deps.config.i18n.locale, "breakout.rolled_back");
  for (const breakout of made) {
    const log = deps.logger.child({ meeting_id: meeting.id, room_id: breakout.roomId });
    const steps: [string, () => Promise<unknown>][] = [
      ["unlink", () => deps.gateway.sendState(breakout.parentRoomId, "m.space.child", breakout.roomId, {})],
      ...breakout.members.map((member): [string, () => Promise<unknown>] => [
        `revoke invite of ${member}`,
        () => deps.gateway.kick(breakout.roomId, member, reason),
      ]),
      ["forget row", () => deps.breakouts.delete(breakout.roomId)],
      ["leave", () => deps.gateway.leaveAndForget(breakout.roomId)],
    ];
    for (const [step, run] of steps) {
      try {
        await run();
      } catch (error) {
        log.warn({ err: error, step }, "breakout rollback step failed");
      }
    }
    log.info("breakout room rolled back");
  }
}

/**
 * Makes one room per group: createRoom (type, power levels, join rule, invites, space parent), the
 * row that lets the access rules follow into it, its own call widget, then the `m.space.child` link
 * in the meeting room. If any step fails, every room made so far is undone before the error goes on.
 */
export async function openBreakouts(
  deps: OpenBreakoutsDeps,
  meeting: Meeting,
  groups: BreakoutGroup[],
): Promise<Breakout[]> {
  const parent = meeting.roomId!;
  if ((await deps.breakouts.open(meeting.id)).length > 0) throw new UserError("breakout.already_open");
  const { gateway, config } = deps;
  const policy = await deps.policy.current();
  const roomVersion = meetingRoomVersion(await gateway.roomVersions());
  const moderators = await usersWithPower(deps.roomState, parent, MODERATOR_POWER);
  const made: Breakout[] = [];
  try {
    for (const [index, group] of groups.entries()) {
      const roomId = await gateway.createRoom(
        breakoutRoomRequest({
          meeting,
          name: group.name,
          topic: translate(config.i18n.locale, "breakout.topic", { title: meeting.title }),
          botUserId: gateway.botUserId,
          organizerPower: policy.organizer_power,
          moderators,
          invitees: group.members,
          roomVersion,
          serverName: config.homeserver.domain,
          encrypted: policy.encrypt_meeting_rooms,
        }),
      );
      const breakout: Breakout = {
        roomId,
        meetingId: meeting.id,
        parentRoomId: parent,
        name: group.name,
        members: group.members,
        createdAt: deps.clock.now(),
        endedAt: null,
      };
      made.push(breakout);
      await deps.breakouts.insert(breakout);
      const widget = jitsiWidget({
        widgetId: BREAKOUT_WIDGET_ID,
        domain: meeting.jitsiDomain,
        conferenceId: conferenceNameForRoom(roomId),
        roomName: `${meeting.title} – ${group.name}`,
        creatorUserId: gateway.botUserId,
        auth: "openidtoken-jwt",
      });
      await gateway.sendState(
        roomId,
        WIDGET_STATE,
        BREAKOUT_WIDGET_ID,
        widget as unknown as Record<string, unknown>,
      );
      await gateway.sendState(
        roomId,
        WIDGET_LAYOUT,
        "",
        widgetLayout(BREAKOUT_WIDGET_ID) as unknown as Record<string, unknown>,
      );
      await gateway.sendState(parent, "m.space.child", roomId, {
        via: [config.homeserver.domain],
        order: String(index).padStart(3, "0"),
      });
    }
  } catch (error) {
    await rollBack(deps, meeting, made);
    throw error;
  }
  deps.logger.info(
    { meeting_id: meeting.id, room_id: parent, breakouts: made.map((b) => b.roomId) },
    "breakout rooms opened",
  );
  return made;
}

async function openOnes(
  deps: { breakouts: Pick<BreakoutsRepository, "open"> },
  meeting: Meeting,
): Promise<Breakout[]> {
  const open = await deps.breakouts.open(meeting.id);
  if (open.length === 0) throw new UserError("breakout.none_open");
  return open;
}

/** Posts `text` from `sender` into every open breakout of the meeting. */
export async function broadcastToBreakouts(
  deps: BroadcastDeps,
  meeting: Meeting,
  options: { sender: string; text: string; txnId: string },
): Promise<Breakout[]> {
  const open = await openOnes(deps, meeting);
  const body = translate(deps.config.i18n.locale, "breakout.broadcast", {
    user: options.sender,
    text: options.text,
  });
  for (const breakout of open)
    await postNotice(deps, breakout.roomId, body, `plenum.broadcast.${options.txnId}.${breakout.roomId}`);
  return open;
}

/**
 * Ends the open breakouts: each gets a notice linking back to the main call and, when the policy
 * `lock_breakouts_on_end` says so, is locked. The space links stay, as a record of the session.
 */
export async function endBreakouts(
  deps: EndBreakoutsDeps,
  meeting: Meeting,
  txnId: string,
): Promise<Breakout[]> {
  const open = await openOnes(deps, meeting);
  const locale = deps.config.i18n.locale;
  const link = roomLink(meeting.roomId!, deps.config.homeserver.domain);
  const lock = (await deps.policy.forRoom(meeting.roomId!)).lock_breakouts_on_end;
  for (const breakout of open) {
    const text = translate(locale, "breakout.ended", { title: meeting.title, link });
    const html = translate(locale, "breakout.ended", {
      title: escapeHtml(meeting.title),
      link: `<a href="${escapeHtml(link)}">${escapeHtml(meeting.title)}</a>`,
    });
    await postNotice(deps, breakout.roomId, text, `plenum.breakout_end.${txnId}.${breakout.roomId}`, html);
    if (lock) await lockRoom(deps, breakout.roomId);
    await deps.breakouts.end(breakout.roomId, deps.clock.now());
  }
  deps.logger.info({ meeting_id: meeting.id, room_id: meeting.roomId, lock }, "breakout rooms ended");
  return open;
}

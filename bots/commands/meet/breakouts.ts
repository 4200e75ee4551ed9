import { UserError } from "../../../core/errors/user-error.js";
import { checkGroups, splitEvenly } from "../../../core/council/breakout-plan.js";
import { broadcastToBreakouts, endBreakouts, openBreakouts } from "../../../core/council/breakouts.js";
import type { CommandSpec } from "../types.js";
import { parseBreakoutRequest } from "./breakout-args.js";
import type { MeetCommandDeps } from "./deps.js";
import { meetingIdArg } from "./guard.js";

export const breakout: CommandSpec<MeetCommandDeps> = {
  name: "breakout",
  summary: "command.meet.breakout",
  group: "council",
  args: [
    meetingIdArg,
    { name: '<n> | "name" @user … / … | end', description: "arg.meet.breakout", rest: true },
  ],
  permission: "meeting-editor",
  target: "meeting",
  handler: async ({ origin, deps, t, meeting }, _args, rest) => {
    const request = parseBreakoutRequest(rest);
    if (request.kind === "end") {
      const ended = await endBreakouts(deps.meetings, meeting, origin.eventId);
      return { text: t("breakout.ended_reply", { count: ended.length }) };
    }
    if (meeting.status !== "live") throw new UserError("breakout.not_live");
    const { gateway } = deps.meetings;
    let groups;
    if (request.kind === "count") {
      const joined = (await gateway.joinedMembers(meeting.roomId!)).filter((u) => u !== gateway.botUserId);
      groups = splitEvenly(joined, request.count, (i) => t("breakout.default_name", { number: i + 1 }));
    } else {
      groups = request.groups;
      checkGroups(groups, new Set([meeting.organizer, ...meeting.participants]));
    }
    const opened = await openBreakouts(deps.meetings, meeting, groups);
    return {
      text: [
        t("breakout.opened", { count: opened.length }),
        ...opened.map((b) => t("breakout.opened_item", { name: b.name, members: b.members.join(", ") })),
      ].join("\n"),
    };
  },
};

export const broadcast: CommandSpec<MeetCommandDeps> = {
  name: "broadcast",
  summary: "command.meet.broadcast",
  group: "council",
  args: [meetingIdArg, { name: "text", description: "arg.meet.broadcast_text", rest: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async ({ origin, deps, t, meeting }, _args, text) => {
    const reached = await broadcastToBreakouts(deps.meetings, meeting, {
      sender: origin.sender,
      text,
      txnId: origin.eventId,
    });
    return { text: t("breakout.broadcast_sent", { count: reached.length }) };
  },
};

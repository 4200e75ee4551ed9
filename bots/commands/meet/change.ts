import { splitAddresses } from "../../../core/email/address.js";
import { uninviteByEmail } from "../../../core/email/invitations.js";
import { UserError } from "../../../core/errors/user-error.js";
import { escapeHtml } from "../../../core/text/html.js";
import { changeNotice, changeSentence, type ChangeMessage } from "../../../core/meetings/change-notices.js";
import { detailChanges } from "../../../core/meetings/changes.js";
import { invitePeople, parseInvitees } from "../../../core/meetings/invite-people.js";
import type { Meeting } from "../../../core/meetings/model.js";
import { formatMeetingTime, formatRange } from "../../../core/meetings/format.js";
import {
  cancelTyped,
  editDetails,
  moveTyped,
  parseParticipants,
  uninviteNamed,
  type Actor,
  type DetailFields,
} from "../../../core/meetings/requests.js";
import type { CommandContext, CommandSpec, Reply } from "../types.js";
import { zoneOf, type MeetCommandDeps } from "./deps.js";
import { meetingIdArg } from "./guard.js";

async function actorOf({ origin, deps }: CommandContext<MeetCommandDeps>): Promise<Actor> {
  return {
    userId: origin.sender,
    zone: await zoneOf(deps, origin.sender),
    locale: origin.locale,
    typedIn: origin.roomId,
  };
}

/**
 * The answer to a change. Typed in the meeting room itself, it is that room's one message about the
 * change, so it mentions the participants as the notice would have.
 */
function answer(
  { origin, deps }: CommandContext<MeetCommandDeps>,
  meeting: Meeting,
  message: ChangeMessage,
): Reply {
  if (origin.roomId === meeting.roomId)
    return changeNotice(meeting, message, origin.locale, deps.meetings.gateway.botUserId);
  return changeSentence(message, origin.locale);
}

/** Several answers to one command as one message, each on a line of its own. */
function joined(replies: Reply[]): Reply {
  return {
    text: replies.map((r) => r.text).join("\n"),
    html: replies.map((r) => r.html ?? escapeHtml(r.text)).join("<br>"),
    mentions: [...new Set(replies.flatMap((r) => r.mentions ?? []))],
  };
}

export const cancel: CommandSpec<MeetCommandDeps> = {
  name: "cancel",
  summary: "command.meet.cancel",
  group: "planning",
  args: [meetingIdArg, { name: "date", description: "arg.date", optional: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async (context, [date]) => {
    const { origin, deps, meeting } = context;
    const done = await cancelTyped(deps.meetings, meeting, date, await actorOf(context));
    if (done.day === undefined)
      return answer(context, done.meeting, {
        key: "meeting.cancelled_notice",
        params: { title: done.meeting.title, user: origin.sender },
      });
    return answer(context, done.meeting, {
      key: "meeting.occurrence_cancelled_notice",
      params: { title: meeting.title, date: done.day, user: origin.sender },
    });
  },
};

export const move: CommandSpec<MeetCommandDeps> = {
  name: "move",
  summary: "command.meet.move",
  group: "planning",
  args: [meetingIdArg, { name: "when", description: "arg.when", rest: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async (context, _args, rest) => {
    const { origin, deps, meeting } = context;
    const actor = await actorOf(context);
    const { meeting: moved, day } = await moveTyped(deps.meetings, meeting, rest, actor);
    if (day !== undefined) {
      const start = moved.overrides.at(-1)!.start;
      return answer(context, moved, {
        key: "meeting.occurrence_moved_notice",
        params: {
          title: moved.title,
          date: day,
          when: formatRange(start, moved.durationMinutes, actor.zone, origin.locale),
          user: origin.sender,
        },
      });
    }
    return answer(context, moved, {
      key: "meeting.moved_notice",
      params: {
        title: moved.title,
        when: formatMeetingTime(moved, origin.locale, actor.zone),
        user: origin.sender,
      },
    });
  },
};

export const invite: CommandSpec<MeetCommandDeps> = {
  name: "invite",
  summary: "command.meet.invite",
  group: "planning",
  args: [meetingIdArg, { name: "participants", description: "arg.invitees", rest: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async (context, _args, rest) => {
    const { origin, deps, t, meeting } = context;
    const invitees = parseInvitees(rest);
    const { users: added, emailed } = await invitePeople(
      deps.meetings,
      deps.email,
      meeting,
      invitees,
      await actorOf(context),
    );
    const said: Reply[] = [];
    if (added.length > 0) {
      const after = { ...meeting, participants: [...meeting.participants, ...added] };
      said.push(
        answer(context, after, {
          key: "meeting.invited_notice",
          params: { user: origin.sender, title: meeting.title },
          users: added,
        }),
      );
    }
    if (emailed > 0) {
      said.push({
        text: t("email.invited_notice", { user: origin.sender, count: emailed, title: meeting.title }),
      });
    }
    return joined(said);
  },
};

export const uninvite: CommandSpec<MeetCommandDeps> = {
  name: "uninvite",
  summary: "command.meet.uninvite",
  group: "planning",
  args: [meetingIdArg, { name: "users", description: "arg.uninvitees", rest: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async (context, _args, rest) => {
    const { origin, deps, t, meeting } = context;
    const { addresses, rest: named } = splitAddresses(rest);
    const users = named ? parseParticipants(named) : [];
    if (addresses.length > 0 && !deps.email.mailer) throw new UserError("email.not_configured");
    const said: Reply[] = [];
    if (users.length > 0) {
      const removed = await uninviteNamed(deps.meetings, meeting, users, await actorOf(context));
      const after = { ...meeting, participants: meeting.participants.filter((u) => !removed.includes(u)) };
      said.push(
        answer(context, after, {
          key: "meeting.uninvited_notice",
          params: { user: origin.sender, title: meeting.title },
          users: removed,
        }),
      );
    }
    if (addresses.length > 0) {
      const count = await uninviteByEmail(deps.email, meeting, addresses);
      said.push({ text: t("email.uninvited_notice", { user: origin.sender, count, title: meeting.title }) });
    }
    return joined(said);
  },
};

/** The words `edit` takes for each detail, in English and German. */
const EDIT_FIELDS = new Map<string, keyof DetailFields>([
  ["title", "title"],
  ["titel", "title"],
  ["description", "description"],
  ["beschreibung", "description"],
  ["duration", "duration"],
  ["dauer", "duration"],
]);

export const edit: CommandSpec<MeetCommandDeps> = {
  name: "edit",
  summary: "command.meet.edit",
  group: "planning",
  args: [
    meetingIdArg,
    { name: "field", description: "arg.field" },
    { name: "value", description: "arg.value", rest: true },
  ],
  permission: "meeting-editor",
  target: "meeting",
  handler: async (context, [name, ...words]) => {
    const { origin, deps, meeting } = context;
    const field = EDIT_FIELDS.get(name!.toLowerCase());
    if (!field) throw new UserError("meeting.edit_field_unknown", { field: name! });
    const actor = await actorOf(context);
    const edited = await editDetails(deps.meetings, meeting, { [field]: words.join(" ") }, actor);
    return answer(context, edited, {
      key: "meeting.edited_notice",
      params: {
        title: meeting.title,
        changes: detailChanges(meeting, edited, origin.locale, actor.zone).join("; "),
        user: origin.sender,
      },
    });
  },
};

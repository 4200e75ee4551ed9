import { splitAddresses } from "../../../core/email/address.js";
import { ensureEmailPossible, inviteByEmail, uninviteByEmail } from "../../../core/email/invitations.js";
import { UserError } from "../../../core/errors/user-error.js";
import { detailChanges } from "../../../core/meetings/changes.js";
import { formatMeetingTime, formatRange } from "../../../core/meetings/format.js";
import {
  cancelTyped,
  editDetails,
  inviteNamed,
  moveTyped,
  parseParticipants,
  uninviteNamed,
  type Actor,
  type DetailFields,
} from "../../../core/meetings/requests.js";
import type { CommandContext, CommandSpec } from "../types.js";
import { zoneOf, type MeetCommandDeps } from "./deps.js";
import { meetingIdArg } from "./guard.js";

async function actorOf({ origin, deps }: CommandContext<MeetCommandDeps>): Promise<Actor> {
  return { userId: origin.sender, zone: await zoneOf(deps, origin.sender), locale: origin.locale };
}

export const cancel: CommandSpec<MeetCommandDeps> = {
  name: "cancel",
  summary: "command.meet.cancel",
  args: [meetingIdArg, { name: "date", description: "arg.date", optional: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async (context, [date]) => {
    const { origin, deps, t, meeting } = context;
    const done = await cancelTyped(deps.meetings, meeting, date, await actorOf(context));
    if (done.day === undefined)
      return { text: t("meeting.cancelled_notice", { title: done.meeting.title, user: origin.sender }) };
    return {
      text: t("meeting.occurrence_cancelled_notice", {
        title: meeting.title,
        date: done.day,
        user: origin.sender,
      }),
    };
  },
};

export const move: CommandSpec<MeetCommandDeps> = {
  name: "move",
  summary: "command.meet.move",
  args: [meetingIdArg, { name: "when", description: "arg.when", rest: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async (context, _args, rest) => {
    const { origin, deps, t, meeting } = context;
    const actor = await actorOf(context);
    const { meeting: moved, day } = await moveTyped(deps.meetings, meeting, rest, actor);
    if (day !== undefined) {
      const start = moved.overrides.at(-1)!.start;
      return {
        text: t("meeting.occurrence_moved_notice", {
          title: moved.title,
          date: day,
          when: formatRange(start, moved.durationMinutes, actor.zone, origin.locale),
          user: origin.sender,
        }),
      };
    }
    return {
      text: t("meeting.moved_notice", {
        title: moved.title,
        when: formatMeetingTime(moved, origin.locale, actor.zone),
        user: origin.sender,
      }),
    };
  },
};

export const invite: CommandSpec<MeetCommandDeps> = {
  name: "invite",
  summary: "command.meet.invite",
  args: [meetingIdArg, { name: "participants", description: "arg.invitees", rest: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async (context, _args, rest) => {
    const { origin, deps, t, meeting } = context;
    const { addresses, rest: named } = splitAddresses(rest);
    const users = named ? parseParticipants(named) : [];
    // Everything that could refuse the e-mail part is checked before anyone is invited.
    if (addresses.length > 0) await ensureEmailPossible(deps.email, meeting);
    const said: string[] = [];
    if (users.length > 0) {
      const added = await inviteNamed(deps.meetings, meeting, users, await actorOf(context));
      said.push(
        t("meeting.invited_notice", { user: origin.sender, users: added.join(", "), title: meeting.title }),
      );
    }
    if (addresses.length > 0) {
      const count = await inviteByEmail(deps.email, meeting, addresses, origin.sender);
      said.push(t("email.invited_notice", { user: origin.sender, count, title: meeting.title }));
    }
    return { text: said.join("\n") };
  },
};

export const uninvite: CommandSpec<MeetCommandDeps> = {
  name: "uninvite",
  summary: "command.meet.uninvite",
  args: [meetingIdArg, { name: "users", description: "arg.uninvitees", rest: true }],
  permission: "meeting-editor",
  target: "meeting",
  handler: async (context, _args, rest) => {
    const { origin, deps, t, meeting } = context;
    const { addresses, rest: named } = splitAddresses(rest);
    const users = named ? parseParticipants(named) : [];
    if (addresses.length > 0 && !deps.email.mailer) throw new UserError("email.not_configured");
    const said: string[] = [];
    if (users.length > 0) {
      const removed = await uninviteNamed(deps.meetings, meeting, users, await actorOf(context));
      said.push(
        t("meeting.uninvited_notice", {
          user: origin.sender,
          users: removed.join(", "),
          title: meeting.title,
        }),
      );
    }
    if (addresses.length > 0) {
      const count = await uninviteByEmail(deps.email, meeting, addresses);
      said.push(t("email.uninvited_notice", { user: origin.sender, count, title: meeting.title }));
    }
    return { text: said.join("\n") };
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
  args: [
    meetingIdArg,
    { name: "field", description: "arg.field" },
    { name: "value", description: "arg.value", rest: true },
  ],
  permission: "meeting-editor",
  target: "meeting",
  handler: async (context, [name, ...words]) => {
    const { origin, deps, t, meeting } = context;
    const field = EDIT_FIELDS.get(name!.toLowerCase());
    if (!field) throw new UserError("meeting.edit_field_unknown", { field: name! });
    const actor = await actorOf(context);
    const edited = await editDetails(deps.meetings, meeting, { [field]: words.join(" ") }, actor);
    return {
      text: t("meeting.edited_notice", {
        title: meeting.title,
        changes: detailChanges(meeting, edited, origin.locale, actor.zone).join("; "),
        user: origin.sender,
      }),
    };
  },
};

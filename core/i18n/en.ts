/** English catalogue. Every user-facing string lives here and in de.ts under the same key. */
export const en = {
  "help.title": "Plenum: {prefix} commands",
  "help.usage":
    "Type a command in this room. Arguments in <angle brackets> are required, in [square brackets] optional.",
  "help.more": "Help for one command: {prefix} help <command>",
  "command.meet.help": "Show the commands you can use, or the details of one command.",
  "command.meet.help.arg.command": "a command name",
  "error.unknown_command": "There is no command “{name}”. Type {prefix} help for the list.",
  "error.unknown_help_topic": "There is no command “{name}” to explain. Type {prefix} help for the list.",
  "error.unterminated_quote": "A quotation mark is not closed. Example: {example}",
  "error.control_characters": "The command contains control characters; please type it again as plain text.",
  "error.too_many_arguments": "“{command}” takes no more than what is shown here: {usage}",
  "error.missing_argument": "“{command}” needs {argument}. Usage: {usage}",
  "error.permission_denied": "You are not allowed to use “{command}” here.",
  "error.internal":
    "Something went wrong inside Plenum, and nothing was changed. Please try again later; if it happens again, tell your administrators (reference {reference}).",
  "meeting.unknown_user":
    "I don't know the user {user} on this homeserver. Check the spelling, e.g. @jane.doe:example.org.",
  "meeting.unknown_room":
    "The room {room} does not exist. Name a room by its id (!abc:example.org) or alias (#team:example.org).",
  "meeting.room_not_joined":
    "I am not in {room}, so I cannot see who is in it. Invite me there first, or name the people directly.",
  "meeting.too_many_participants":
    "That would be {count} participants; at most {max} may be invited to one meeting.",
  "meeting.open_ended_forbidden": "A series must end. Add an end date, e.g. every week until 2027-03-31.",
  "meeting.until_before_start":
    "The series would end ({until}) before its first meeting. Example: every week until 2027-03-31",
  "meeting.not_found": "There is no meeting with the id {id}. !meet list shows the meetings of this room.",
  "meeting.id_needed": "Which meeting? Give its id (e.g. K7Q-4MX), or type the command in the meeting room.",
  "meeting.not_allowed":
    "Only the organizer, moderators of the meeting room and admins may change this meeting.",
  "meeting.cancelled_already": "The meeting {id} has already been cancelled.",
  "meeting.ended_already": "The meeting {id} is over and can no longer be changed.",
  "meeting.not_a_series": "“{title}” does not repeat; to cancel it, leave out the date: !meet cancel {id}",
  "meeting.occurrence_not_found":
    "The series {id} has no meeting on {date}. !meet info {id} shows the next dates.",
  "meeting.nobody_to_invite": "Everyone named is already invited to {id}.",
  "meeting.nobody_to_uninvite": "None of them is invited to {id}.",
  "meeting.cannot_uninvite_organizer": "The organizer cannot be removed from the meeting.",
  "meeting.scheduled_reply": "Scheduled “{title}” ({id}) for {when}. Meeting room: {link}",
  "meeting.announcement":
    "New meeting “{title}”: {when}. Organizer: {organizer}. Id: {id}. Meeting room: {link}",
  "meeting.welcome":
    "Welcome to “{title}”.\nWhen: {when}\nOrganizer: {organizer}\nMeeting id: {id}\nJoin the call with the Jitsi widget at the top of this room.",
  "meeting.repeats": "Repeats: {rule}",
  "meeting.reminder_soon": "“{title}” starts in {minutes} minutes.",
  "meeting.reminder_now": "“{title}” starts now: join the call at the top of this room.",
  "meeting.moved_notice": "“{title}” has moved to {when} (changed by {user}).",
  "meeting.cancelled_notice": "“{title}” has been cancelled by {user}.",
  "meeting.occurrence_cancelled_notice": "The meeting “{title}” on {date} has been cancelled by {user}.",
  "meeting.invited_notice": "{user} invited {users} to “{title}”.",
  "meeting.uninvited_notice": "{user} removed {users} from “{title}”.",
  "meeting.uninvite_reason": "Removed from the meeting by {user}",
  "meeting.close_reason": "The meeting is over; its room has been closed.",
  "meeting.list_empty": "No upcoming meetings.",
  "meeting.list_title": "Upcoming meetings:",
  "meeting.list_item": "{id}: “{title}”, {when}",
  "meeting.info":
    "“{title}” ({id})\nWhen: {when}\nStatus: {status}\nOrganizer: {organizer}\nParticipants: {count}\nMeeting room: {link}",
  "meeting.info_next": "Next: {when}",
  "meeting.now_started": "Call started here: “{title}”. Join with the Jitsi widget at the top of this room.",
  "meeting.calendar_sent": "I have sent you the link to your calendar feed in a direct chat.",
  "meeting.calendar_dm":
    "Your private calendar feed with all your meetings (keep this link to yourself): {url}\nAdd it to your calendar app as a subscription. !meet calendar reset makes a new link and switches this one off.",
  "meeting.calendar_reset": "Your old calendar link no longer works. The new one: {url}",
  "meeting.until_without_repeat": "“until” needs a repetition, e.g. every week until 2027-03-31.",
  "meeting.now_default_title": "Call",
  "meeting.now_forbidden":
    "I may not add the call widget here. Give me power level 50 in this room, then try again.",
  "meeting.dial_in": "Dial-in: {number} ({country}), PIN {pin}",
  "guard.join_rule_restored":
    "{user} set this meeting room to “{rule}”, which would let people in without an invitation; I restored the previous join rule. Invite people with !meet invite.",
  "guard.guest_access_restored":
    "{user} allowed guest access, which meeting rooms do not permit; I switched it off again.",
  "guard.widget_restored":
    "{user} removed the call widget while the meeting is scheduled or running; I put it back.",
  "meeting.status.scheduled": "scheduled",
  "meeting.status.live": "live",
  "meeting.status.ended": "ended",
  "meeting.status.cancelled": "cancelled",
  "prefs.lang_set": "I will answer you in English from now on.",
  "prefs.lang_invalid": "Choose de or en, e.g. !meet lang de",
  "prefs.tz_set": "Your time zone is now {zone}; times you type and read use it.",
  "prefs.tz_invalid": "“{zone}” is not a time zone I know. Use an IANA name such as Europe/Berlin.",
  "command.meet.schedule":
    'Schedule a meeting with its own room and video call. Example: !meet schedule "Team call" tomorrow 10:00 for 30m every week until 2027-03-31 with @jane:example.org',
  "command.meet.now": "Start a call in this room right now.",
  "command.meet.list":
    "Show upcoming meetings started from this room (in a direct chat with me: all of yours).",
  "command.meet.info": "Show a meeting's details.",
  "command.meet.cancel": "Cancel a meeting, or one date of a series.",
  "command.meet.move": "Move a meeting to another time.",
  "command.meet.invite": "Invite more people (or the members of a room) to a meeting.",
  "command.meet.uninvite": "Remove people from a meeting.",
  "command.meet.calendar": "Get (or, with reset, renew) your private calendar feed link.",
  "command.meet.lang": "Choose the language I answer you in: de or en.",
  "command.meet.tz": "Choose your time zone, e.g. Europe/Berlin.",
  "arg.title_when":
    '"title", then when, optionally for <duration>, every <rule>, until <date>, with <people or rooms>',
  "arg.title": "a title in quotes",
  "arg.meeting_id": "a meeting id such as K7Q-4MX (not needed in the meeting room)",
  "arg.date": "the date of one meeting of a series",
  "arg.when": "the new time, e.g. tomorrow 14:00",
  "arg.participants": "user ids (@jane:example.org) or rooms (#team:example.org)",
  "arg.users": "user ids",
  "arg.reset": "reset",
  "arg.language": "de or en",
  "arg.zone": "an IANA time zone",
  "when.unparseable":
    "“{text}” is not a date and time I understand. Write it like {example}, tomorrow 10:00, next monday 14:30 or in 2h.",
  "when.no_time":
    "“{text}” has no time of day, and a meeting needs one. Add it like this: {example} or tomorrow 10:00.",
  "when.in_past":
    "“{text}” means {when}, which has already passed. Give a time in the future, e.g. {example}.",
  "when.date_unparseable":
    "“{text}” is not a date I understand. Write it like {example}, 31.12.2026 or next friday.",
  "when.date_has_time": "“{text}” contains a time of day; give only the date here, e.g. {example}.",
  "when.date_in_past": "“{text}” means {date}, which has already passed. Give a later date, e.g. {example}.",
  "duration.unparseable":
    "“{text}” is not a duration I understand. Write it like 30m, 1h30m, 90 min, 1.5h or 2 hours; a number alone counts as minutes.",
  "duration.out_of_range":
    "“{text}” is {minutes} minutes; a meeting lasts at least 5 minutes and at most 24 hours, e.g. 45m or 2h.",
  "rule.unknown":
    "“{text}” is not a repetition I know. Use daily, weekdays, weekly, biweekly, monthly, every 3 weeks, or a rule such as RRULE:FREQ=WEEKLY;BYDAY=MO,WE.",
  "rule.invalid_rrule":
    "“{text}” is not a valid RRULE (RFC 5545). Write it like RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU or RRULE:FREQ=MONTHLY;BYDAY=1MO.",
  "rule.too_frequent":
    "“{text}” repeats more often than once a day, which meetings cannot. Use a daily or rarer rule, e.g. RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR.",
  "schedule.missing_title":
    'The meeting needs a title in quotation marks, e.g. !meet schedule "Team call" tomorrow 10:00',
  "schedule.title_unquoted":
    'Put the title in quotation marks so I can tell it from the time, e.g. !meet schedule "Team call" tomorrow 10:00',
  "schedule.title_too_long":
    "The title has {length} characters; at most {max} are allowed. Please shorten it.",
  "schedule.missing_when":
    'When should the meeting take place? Give the time after the title, e.g. !meet schedule "Team call" tomorrow 10:00',
  "schedule.duplicate_keyword":
    '“{keyword}” appears twice; give each detail once, e.g. !meet schedule "Team call" tomorrow 10:00 for 1h every week',
  "schedule.missing_value":
    'Nothing follows “{keyword}”. Complete it like this: !meet schedule "Team call" tomorrow 10:00 for 1h every week until 2027-03-31 with @alice:example.org',
  "schedule.bad_participant":
    "“{value}” is not a Matrix user, room or room address. Write participants like {example}, !room:example.org or #team:example.org, separated by spaces or commas.",
  "meetingid.invalid": "“{text}” is not a meeting id. Meeting ids look like {example}.",
  "call.started": "📞 The call has started: {name} joined.",
  "call.started_missing": "Not in the call yet: {users}",
  "call.ended": "The call ended after {minutes} min. Participants: {count}.",
  "command.meet.attendance": "Who took part in the meeting's last calls",
  "call.attendance_title": "Attendance for “{title}” (times in {zone}):",
  "call.attendance_empty": "No calls have been recorded for “{title}” yet.",
  "call.attendance_call": "Call on {date}, {start}–{end}:",
  "call.attendance_ongoing": "ongoing",
  "call.attendance_person": "• {who}: {from}–{until}",
  "call.attendance_guest": "(guest)",
  "call.attendance_breakout": "(breakout room)",
  "api.session_required": "Your session is missing or has expired; reload the widget to sign in again.",
  "api.openid_invalid": "The homeserver did not confirm who you are. Reload the widget and try again.",
  "api.openid_wrong_server":
    "This sign-in comes from another homeserver; Plenum here serves the users of {server}.",
  "api.homeserver_unreachable": "The homeserver could not be reached; please try again in a moment.",
  "api.not_a_member": "You are not a member of this room, so you cannot see or plan its meetings.",
  "api.no_access": "You have no access to the meeting {id}.",
  "api.bad_request": "The request is incomplete or malformed: {detail}",
  "api.not_found": "There is no such address in Plenum's API.",
  "command.meet.widget": "Add the meeting planner widget to this room.",
  "meeting.widget_added":
    "I added the meeting planner to this room; open it from the room's widgets (Extensions).",
  "meeting.widget_forbidden":
    "I may not add the planner widget here. Give me power level 50 in this room, then try again.",
  "meeting.widget_name": "Meeting planner",
} as const;

export type MessageKey = keyof typeof en;

import type { MessageKey } from "./en.js";

/** German catalogue; the compiler insists on the same keys as en.ts. */
export const de: Record<MessageKey, string> = {
  "help.title": "Plenum: Befehle für {prefix}",
  "help.usage":
    "Befehle einfach in diesen Raum schreiben. Angaben in <spitzen Klammern> sind nötig, in [eckigen Klammern] freiwillig.",
  "help.more": "Hilfe zu einem Befehl: {prefix} help <Befehl>",
  "help.group.planning": "Planen",
  "help.group.meeting": "Während einer Besprechung",
  "help.group.council": "Sitzungen von Gremien",
  "help.group.settings": "Einstellungen",
  "help.group.admin-rooms": "Besprechungsräume",
  "help.group.admin-rules": "Regeln",
  "help.group.admin-records": "Aufzeichnungen und Protokoll",
  "command.meet.help": "Zeigt die verfügbaren Befehle oder die Einzelheiten eines Befehls.",
  "command.meet.help.arg.command": "einen Befehlsnamen",
  // Was Mitarbeitende in der Zeitleiste sehen (Issue 17: Ankündigungen, Änderungen, Raumsprache, Listen).
  "announce.title": "Neuer Termin „{title}“ ({id})",
  "announce.when": "Wann: {when}",
  "announce.organizer": "Organisation: {organizer}",
  "announce.room": "Besprechungsraum: {link}",
  "command.meet.roomlang":
    "Legt die Sprache dessen fest, was alle in diesem Raum lesen (Erinnerungen, Anrufgeschehen, Änderungen): de, en oder default. Nur für Moderierende.",
  "arg.room_language": "de, en oder default für die eingestellte Sprache",
  "roomlang.set": "Hinweise in diesem Raum erscheinen ab jetzt auf Deutsch.",
  "roomlang.cleared": "Hinweise in diesem Raum folgen wieder der eingestellten Standardsprache ({locale}).",
  "roomlang.invalid": "Bitte de, en oder default wählen, z. B. !meet roomlang de",
  "error.room_settings_power": "Nur die Moderation dieses Raums darf hier „{command}“ verwenden.",
  "error.unknown_command": "Den Befehl „{name}“ gibt es nicht. Mit {prefix} help erscheint die Liste.",
  "error.unknown_help_topic":
    "Zum Befehl „{name}“ gibt es keine Hilfe, weil es ihn nicht gibt. Mit {prefix} help erscheint die Liste.",
  "error.unterminated_quote": "Ein Anführungszeichen ist nicht geschlossen. Beispiel: {example}",
  "error.control_characters": "Der Befehl enthält Steuerzeichen; bitte als einfachen Text neu eingeben.",
  "error.command_too_long":
    "Dieser Befehl ist {length} Zeichen lang; erlaubt sind höchstens {max}. Bitte kürzen Sie ihn.",
  "error.too_many_arguments": "„{command}“ nimmt nicht mehr an als hier gezeigt: {usage}",
  "error.missing_argument": "„{command}“ braucht {argument}. Aufruf: {usage}",
  "error.permission_denied": "Den Befehl „{command}“ dürfen Sie hier nicht verwenden.",
  "error.widget_power":
    "„{command}“ fügt diesem Raum ein Widget hinzu, was Sie hier selbst nicht dürfen. Bitten Sie jemanden aus der Moderation des Raums darum.",
  "error.internal":
    "In Plenum ist ein Fehler aufgetreten; es wurde nichts geändert. Bitte später erneut versuchen und bei Wiederholung die Administration informieren (Referenz {reference}).",
  "meeting.unknown_user":
    "Die Person {user} ist auf diesem Server nicht bekannt. Bitte die Schreibweise prüfen, z. B. @erika.muster:example.org.",
  "meeting.unknown_room":
    "Den Raum {room} gibt es nicht. Räume bitte mit ID (!abc:example.org) oder Alias (#team:example.org) angeben.",
  "meeting.room_not_joined":
    "Ich bin nicht im Raum {room} und sehe daher nicht, wer darin ist. Bitte laden Sie mich dort ein oder nennen Sie die Personen direkt.",
  "meeting.room_not_yours":
    "Sie können nur die Mitglieder eines Raums einladen, in dem Sie selbst sind, und im Raum {room} sind Sie nicht. Nennen Sie die Personen direkt.",
  "meeting.too_many_participants":
    "Das wären {count} Teilnehmende; höchstens {max} können zu einem Termin eingeladen werden.",
  "meeting.open_ended_forbidden":
    "Eine Serie braucht ein Ende. Bitte ein Enddatum angeben, z. B. jede Woche bis 31.3.2027.",
  "meeting.until_before_start":
    "Die Serie würde ({until}) vor ihrem ersten Termin enden. Beispiel: jede Woche bis 31.3.2027",
  "meeting.not_found":
    "Einen Termin mit der ID {id} gibt es nicht. !meet list zeigt die Termine dieses Raums.",
  "meeting.id_needed":
    "Welcher Termin? Bitte die ID angeben (z. B. K7Q-4MX) oder den Befehl im Besprechungsraum schreiben.",
  "meeting.not_allowed":
    "Nur die Organisation, Moderierende des Besprechungsraums und Administrierende dürfen diesen Termin ändern.",
  "meeting.cancelled_already": "Der Termin {id} ist bereits abgesagt.",
  "meeting.ended_already": "Der Termin {id} ist vorbei und kann nicht mehr geändert werden.",
  "meeting.not_a_series": "„{title}“ wiederholt sich nicht; zum Absagen bitte ohne Datum: !meet cancel {id}",
  "meeting.occurrence_not_found":
    "Die Serie {id} hat am {date} keinen Termin. !meet info {id} zeigt die nächsten Termine.",
  "meeting.nobody_to_invite": "Alle Genannten sind bereits zu {id} eingeladen.",
  "meeting.nobody_to_uninvite": "Keine der genannten Personen ist zu {id} eingeladen.",
  "meeting.cannot_uninvite_organizer": "Die Organisation kann nicht ausgeladen werden.",
  "meeting.welcome":
    "Willkommen zu „{title}“.\nWann: {when}\nOrganisation: {organizer}\nTermin-ID: {id}\nZur Videokonferenz geht es über das Jitsi-Widget oben in diesem Raum.",
  "meeting.welcome_cancelled": "Dieser Termin wurde abgesagt.",
  "meeting.change_for": "Für: {users}",
  "meeting.change_elsewhere": "{change} Besprechungsraum: {link}",
  "meeting.repeats": "Wiederholung: {rule}",
  "meeting.reminder_soon": "„{title}“ beginnt in {minutes} Minuten.",
  "meeting.reminder_now": "„{title}“ beginnt jetzt: Die Videokonferenz ist oben in diesem Raum.",
  "meeting.edited_notice": "{user} hat „{title}“ geändert: {changes}.",
  "meeting.edited.title": "der Termin heißt jetzt „{title}“",
  "meeting.edited.duration": "er dauert jetzt {when}",
  "meeting.edited.description": "neue Beschreibung",
  "meeting.edited.no_description": "Beschreibung entfernt",
  "meeting.edit_unchanged": "Nichts zu ändern: {id} hat diese Angaben schon.",
  "meeting.edit_field_unknown":
    "„{field}“ lässt sich nicht ändern. Änderbar sind: title, description, duration.",
  "command.meet.edit": "Ändert Titel, Beschreibung oder Dauer eines Termins.",
  "arg.field": "title, description oder duration",
  "arg.value": "der neue Wert (ein Titel in Anführungszeichen, eine Beschreibung oder eine Dauer wie 45m)",
  "meeting.moved_notice": "„{title}“ wurde verschoben auf {when} (geändert von {user}).",
  "meeting.cancelled_notice": "„{title}“ wurde von {user} abgesagt.",
  "meeting.occurrence_cancelled_notice": "Der Termin „{title}“ am {date} wurde von {user} abgesagt.",
  "meeting.invited_notice": "{user} hat {users} zu „{title}“ eingeladen.",
  "meeting.uninvited_notice": "{user} hat {users} von „{title}“ ausgeladen.",
  "meeting.uninvite_reason": "Von {user} aus dem Termin ausgeladen",
  "meeting.close_reason": "Der Termin ist vorbei; sein Raum wurde geschlossen.",
  "meeting.list_empty": "Keine anstehenden Termine.",
  "meeting.list_title": "Anstehende Termine:",
  "meeting.list_item": "{id}: „{title}“, {when}",
  "meeting.info_title": "„{title}“ ({id})",
  "meeting.info_status": "Status: {status}",
  "meeting.info_participants": "Teilnehmende ({count}): {names}",
  "meeting.info_more": "{names} und {count} weitere",
  "list.page": "Seite {page} von {pages}.",
  "list.page_more": "Seite {page} von {pages}. Nächste Seite: {next}",
  "list.invalid_page":
    "„{value}“ ist keine Seitenzahl. Geben Sie eine Zahl wie 2 an oder nichts für die erste Seite.",
  "list.page_out_of_range": "Eine Seite {value} gibt es nicht: Die letzte Seite ist {pages}.",
  "arg.page": "Seitenzahl (ohne Angabe: 1)",
  "meeting.info_next": "Nächster Termin: {when}",
  "meeting.now_started":
    "Hier beginnt jetzt eine Videokonferenz: „{title}“. Teilnahme über das Jitsi-Widget oben in diesem Raum.",
  "meeting.calendar_sent": "Ich habe Ihnen den Link zu Ihrem Kalender-Abonnement im Direktchat geschickt.",
  "meeting.calendar_dm":
    "Ihr privates Kalender-Abonnement mit allen Ihren Terminen (bitte nicht weitergeben): {url}\nErstellt am {created}, gültig {validity}. In der Kalender-App als Abonnement hinzufügen. !meet calendar reset erzeugt einen neuen Link und schaltet diesen ab; !meet calendar off schaltet ihn ab.",
  "meeting.calendar_reset":
    "Ihr alter Kalender-Link funktioniert nicht mehr. Der neue, erstellt am {created}, ist gültig {validity}: {url}",
  "meeting.calendar_until": "bis {date}",
  "meeting.calendar_no_expiry": "bis Sie ihn zurücksetzen oder abschalten",
  "meeting.calendar_off": "Ihr Kalender-Link funktioniert nicht mehr. !meet calendar erzeugt einen neuen.",
  "meeting.calendar_none": "Sie haben keinen Kalender-Link. !meet calendar erzeugt einen.",
  "meeting.until_without_repeat": "„bis“ braucht eine Wiederholung, z. B. jede Woche bis 31.3.2027.",
  "meeting.now_default_title": "Videokonferenz",
  "meeting.now_forbidden":
    "Ich darf hier kein Videokonferenz-Widget hinzufügen. Bitte geben Sie mir in diesem Raum Berechtigungsstufe 50 und versuchen Sie es erneut.",
  "meeting.dial_in": "Einwahl per Telefon: {number} ({country}), PIN {pin}",
  "guard.join_rule_restored":
    "{user} hat diesen Besprechungsraum auf „{rule}“ gestellt, womit man ohne Einladung hineinkäme; ich habe die vorige Beitrittsregel wiederhergestellt. Einladen bitte mit !meet invite.",
  "guard.podium_restored":
    "{user} hat das Podium von Hand geändert; Plenum hat es wiederhergestellt. Ändern Sie es mit !meet podium oder im Konferenz-Widget.",
  "guard.guest_access_restored":
    "{user} hat Gastzugang erlaubt, den Besprechungsräume nicht zulassen; ich habe ihn wieder abgeschaltet.",
  "guard.widget_restored":
    "{user} hat das Videokonferenz-Widget entfernt, solange der Termin geplant ist oder läuft; ich habe es wieder eingefügt.",
  "guard.widget_redirected":
    "{user} hat das Videokonferenz-Widget auf eine andere Konferenz umgestellt; ich habe die Konferenz des Termins wiederhergestellt.",
  "guard.foreign_call_widget_removed":
    "{user} hat ein Videokonferenz-Widget hinzugefügt, das nicht zur Konferenz dieses Termins führt; ich habe es entfernt. Bitte nutzen Sie das Videokonferenz-Widget des Termins.",
  "meeting.status.scheduled": "geplant",
  "meeting.status.live": "läuft",
  "meeting.status.ended": "beendet",
  "meeting.status.cancelled": "abgesagt",
  "prefs.lang_set": "Ich antworte Ihnen ab jetzt auf Deutsch.",
  "prefs.lang_set_with_room":
    "Ich antworte Ihnen ab jetzt auf Deutsch, und Hinweise in diesem Raum (Erinnerungen, Anrufaktivität, Änderungen) erscheinen ebenfalls auf Deutsch. Um nur Ihre eigene Sprache zu ändern, schreiben Sie das in Ihren Direktchat mit mir.",
  "prefs.lang_set_not_room":
    "Ich antworte Ihnen ab jetzt auf Deutsch. Hinweise in diesem Raum bleiben in der Sprache, die seine Moderation gewählt hat.",
  "prefs.lang_invalid": "Bitte de oder en wählen, z. B. !meet lang de",
  "prefs.tz_set": "Ihre Zeitzone ist jetzt {zone}; eingegebene und angezeigte Zeiten richten sich danach.",
  "prefs.tz_invalid":
    "„{zone}“ ist keine bekannte Zeitzone. Bitte einen IANA-Namen wie Europe/Berlin verwenden.",
  "command.meet.schedule":
    'Plant einen Termin mit eigenem Raum und Videokonferenz. Beispiel: !meet schedule "Teamrunde" morgen 10 Uhr für 30 min jede Woche bis 31.3.2027 mit @erika:example.org',
  "command.meet.now": "Startet sofort eine Videokonferenz in diesem Raum.",
  "command.meet.list":
    "Zeigt die anstehenden Termine aus diesem Raum (im Direktchat mit mir: alle Ihre Termine).",
  "command.meet.info": "Zeigt die Einzelheiten eines Termins.",
  "command.meet.cancel": "Sagt einen Termin ab, oder einen einzelnen Termin einer Serie.",
  "command.meet.move":
    "Verschiebt einen Termin; mit einem Datum vorweg (!meet move K7Q-4MX 07.12.2026 auf 08.12.2026 14:00) nur diesen Termin einer Serie.",
  "command.meet.invite": "Lädt weitere Personen (oder die Mitglieder eines Raums) zu einem Termin ein.",
  "command.meet.uninvite": "Lädt Personen von einem Termin aus.",
  "command.meet.calendar":
    "Schickt Ihnen den Link zu Ihrem privaten Kalender-Abonnement; reset erzeugt einen neuen, off schaltet ihn ab.",
  "command.meet.lang":
    "Legt fest, in welcher Sprache ich Ihnen antworte: de oder en. Von der Moderation in einem gemeinsamen Raum geschrieben, legt es auch die Sprache des Raums fest.",
  "command.meet.tz": "Legt Ihre Zeitzone fest, z. B. Europe/Berlin.",
  "arg.title_when":
    '"Titel", dann wann, wahlweise für <Dauer>, jede <Regel>, bis <Datum>, mit <Personen oder Räumen>',
  "arg.title": "einen Titel in Anführungszeichen",
  "arg.meeting_id": "eine Termin-ID wie K7Q-4MX (im Besprechungsraum nicht nötig)",
  "arg.date": "das Datum eines Termins einer Serie",
  "arg.when": "die neue Zeit, z. B. morgen 14:00",
  "arg.participants": "Personen (@erika:example.org) oder Räume (#team:example.org)",
  "arg.users": "Personen-IDs",
  "arg.calendar_option": "reset (neuer Link) oder off (kein Link)",
  "arg.language": "de oder en",
  "arg.zone": "eine IANA-Zeitzone",
  "when.unparseable":
    "„{text}“ verstehe ich nicht als Datum mit Uhrzeit. Schreiben Sie es etwa so: {example}, morgen 10 Uhr, nächsten Montag 14:30 oder in 2 Stunden.",
  "when.too_long":
    "Ein Datum oder eine Uhrzeit darf höchstens {max} Zeichen haben. Schreiben Sie es etwa so: {example}.",
  "when.no_time":
    "„{text}“ enthält keine Uhrzeit, ein Termin braucht aber eine. Ergänzen Sie sie etwa so: {example} oder morgen 10 Uhr.",
  "when.in_past":
    "„{text}“ bedeutet {when}, und dieser Zeitpunkt ist schon vorbei. Bitte eine Zeit in der Zukunft angeben, z. B. {example}.",
  "when.date_unparseable":
    "„{text}“ verstehe ich nicht als Datum. Schreiben Sie es etwa so: {example}, 31.12.2026 oder nächsten Freitag.",
  "when.date_has_time": "„{text}“ enthält eine Uhrzeit; hier bitte nur das Datum angeben, z. B. {example}.",
  "when.date_in_past":
    "„{text}“ bedeutet {date}, und dieser Tag ist schon vorbei. Bitte ein späteres Datum angeben, z. B. {example}.",
  "duration.unparseable":
    "„{text}“ verstehe ich nicht als Dauer. Schreiben Sie sie etwa so: 30m, 1h30m, 90 Minuten, 1,5 h oder 2 Stunden; eine Zahl allein zählt als Minuten.",
  "duration.out_of_range":
    "„{text}“ sind {minutes} Minuten; ein Termin dauert mindestens 5 Minuten und höchstens 24 Stunden, z. B. 45 Minuten oder 2 Stunden.",
  // A meeting's own calendar file (core/meetings/calendar-link.ts).
  "meeting.calendar_file": "In den eigenen Kalender übernehmen: {url}",
  // One date of a series moved (core/meetings/changes.ts moveOccurrence).
  "meeting.occurrence_moved_notice":
    "Der Termin „{title}“ am {date} wird auf {when} verschoben (geändert von {user}).",
  "meeting.occurrence_over":
    "Der Termin am {date} ist schon vorbei; verschieben lassen sich nur kommende Termine.",
  // A series in words (core/meetings/rule-text.ts).
  "series.daily": "jeden Tag",
  "series.daily_n": "alle {n} Tage",
  "series.weekdays": "jeden Werktag",
  "series.weekly": "jede Woche am {days}",
  "series.weekly_n": "alle {n} Wochen am {days}",
  "series.monthly": "jeden Monat am {day}",
  "series.monthly_n": "alle {n} Monate am {day}",
  "series.yearly": "jedes Jahr am {day}",
  "series.yearly_n": "alle {n} Jahre am {day}",
  "series.custom": "nach einer eigenen Regel wiederkehrend",
  "series.until": "{rule} bis {date}",
  "series.count": "{rule}, {count}-mal",
  "series.count_once": "{rule}, einmal",
  "series.and": "{list} und {last}",
  "series.month_day": "{day}",
  "series.last_day": "letzten Tag",
  "series.nth_weekday": "{nth} {weekday}",
  "series.nth.1": "ersten",
  "series.nth.2": "zweiten",
  "series.nth.3": "dritten",
  "series.nth.4": "vierten",
  "series.nth.5": "fünften",
  "series.nth.-1": "letzten",
  "series.nth.-2": "vorletzten",
  "series.ordinal.one": "{n}.",
  "series.ordinal.two": "{n}.",
  "series.ordinal.few": "{n}.",
  "series.ordinal.other": "{n}.",
  "series.date_format": "dd.MM.yyyy",
  "series.day_format": "d. MMMM",
  "rule.unknown":
    "„{text}“ ist keine mir bekannte Wiederholung. Möglich sind täglich, werktags, wöchentlich, zweiwöchentlich, monatlich, alle 3 Wochen oder eine Regel wie RRULE:FREQ=WEEKLY;BYDAY=MO,WE.",
  "rule.invalid_rrule":
    "„{text}“ ist keine gültige RRULE (RFC 5545). Schreiben Sie sie etwa so: RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU oder RRULE:FREQ=MONTHLY;BYDAY=1MO.",
  "rule.too_frequent":
    "„{text}“ wiederholt sich öfter als einmal am Tag; das ist für Termine nicht möglich. Bitte eine tägliche oder seltenere Regel verwenden, z. B. RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR.",
  "schedule.missing_title":
    "Der Termin braucht einen Titel in Anführungszeichen, z. B. !meet schedule „Teambesprechung“ morgen 10:00",
  "schedule.title_unquoted":
    "Bitte den Titel in Anführungszeichen setzen, damit er sich von der Zeitangabe unterscheiden lässt, z. B. !meet schedule „Teambesprechung“ morgen 10:00",
  "schedule.title_too_long":
    "Der Titel hat {length} Zeichen; erlaubt sind höchstens {max}. Bitte kürzen Sie ihn.",
  "schedule.title_control_characters":
    "Der Titel muss eine Zeile einfacher Text sein, ohne Zeilenumbrüche oder Steuerzeichen.",
  "schedule.missing_when":
    "Wann soll der Termin stattfinden? Bitte die Zeit nach dem Titel angeben, z. B. !meet schedule „Teambesprechung“ morgen 10:00",
  "schedule.duplicate_keyword":
    "„{keyword}“ kommt zweimal vor; bitte jede Angabe nur einmal machen, z. B. !meet schedule „Teambesprechung“ morgen 10:00 für 1h jede Woche",
  "schedule.missing_value":
    "Nach „{keyword}“ fehlt die Angabe. Vollständig sieht es so aus: !meet schedule „Teambesprechung“ morgen 10:00 für 1h jede Woche bis 31.03.2027 mit @alice:example.org",
  "schedule.bad_participant":
    "„{value}“ ist weder ein Matrix-Konto noch ein Raum oder eine Raumadresse. Teilnehmende bitte so angeben: {example}, !raum:example.org oder #team:example.org, getrennt durch Leerzeichen oder Kommas.",
  "meetingid.invalid": "„{text}“ ist keine Termin-ID. Termin-IDs sehen so aus: {example}.",
  "call.started": "📞 Der Anruf hat begonnen: {name} ist dabei.",
  "call.started_missing": "Noch nicht im Anruf: {users}",
  "call.ended": "Der Anruf endete nach {minutes} Min. Teilnehmende: {count}.",
  "command.meet.attendance": "Wer an den letzten Anrufen des Termins teilgenommen hat",
  "call.attendance_title": "Anwesenheit bei „{title}“ (Zeiten in {zone}):",
  "call.attendance_empty": "Für „{title}“ wurden noch keine Anrufe erfasst.",
  "call.attendance_call": "Anruf am {date}, {start}–{end}:",
  "call.attendance_ongoing": "läuft",
  "call.attendance_person": "{who}: {from}–{until}",
  "call.attendance_guest": "(Gast)",
  "call.attendance_breakout_title": "Breakout-Raum „{name}“:",
  "call.attendance_breakout": "(Gruppenraum)",
  "error.edited_command":
    "Bearbeitete Befehle werden nicht ausgeführt. Bitte senden Sie den Befehl als neue Nachricht.",
  "meeting.not_a_creator":
    "Sie dürfen hier keine Besprechungen planen. Bitten Sie eine Administratorin oder einen Administrator, Sie freizuschalten.",
  "meeting.server_not_allowed":
    "{user} kann nicht eingeladen werden: Nutzer dieses Servers dürfen hier nicht an Besprechungen teilnehmen. Erlaubte Server: {servers}.",
  "meeting.user_blocked": "{user} kann nicht eingeladen werden: Die Zugangsrichtlinie sperrt diese Person.",
  "guard.removed_server": "Nutzer von {server} dürfen hier nicht an Besprechungen teilnehmen.",
  "guard.removed_blocked": "Die Zugangsrichtlinie sperrt {user} für Besprechungsräume.",
  "guard.removed_not_invited": "{user} ist ohne Einladung zu dieser Besprechung beigetreten.",
  "invite.refused_server":
    "Ich nehme nur Einladungen von Servern an, mit denen diese Installation zusammenarbeitet; {server} gehört nicht dazu.",
  "invite.refused_blocked": "Die Zugangsrichtlinie sperrt Einladungen von Ihnen.",
  "invite.refused_rate":
    "Zu viele Einladungen von {server} innerhalb einer Stunde; bitte versuchen Sie es später erneut.",
  "invite.left_server":
    "Diese Installation arbeitet nicht mehr mit {server} zusammen, deshalb verlasse ich diesen Raum.",
  "invite.left_blocked":
    "Die Zugangsrichtlinie sperrt nun Einladungen von {user}, deshalb verlasse ich diesen Raum.",
  "policy.invalid_actor":
    "„{actor}“ ist weder eine Nutzer-ID (@jane:example.org), ein Muster (@*:example.org), ein Server (example.org) noch eine Raum-ID (!abc:example.org).",
  "policy.invalid_server": "„{server}“ ist kein Servername wie example.org.",
  "policy.invalid_value": "„{value}“ ist kein gültiger Wert für {key}. Erwartet: {expected}",
  "policy.own_domain_required":
    "allowed_servers muss die eigene Domain dieses Homeservers enthalten ({domain}).",
  "policy.unknown_key": "Es gibt keine Richtlinien-Einstellung „{key}“. Einstellungen: {keys}",
  "policy.room_server_not_partner":
    "{servers} kann nicht für einen einzelnen Raum erlaubt werden; nur Partnerserver: {partners}.",
  "policy.room_wider":
    "Ein Raum darf nicht über die globale Richtlinie hinausgehen: {key} ist höchstens {max}.",
  "command.meet.policy":
    "Zeigt oder ändert die eigenen Grenzen dieses Besprechungsraums (Partnerserver, Teilnehmerzahl).",
  "arg.meet.room_policy_key": "allowed_servers oder max_participants",
  "policy.room_show_title": "Einstellungen des Besprechungsraums von „{title}“:",
  "policy.room_show_item": "• {key} = {value} (für diesen Raum gesetzt: {own})",
  "policy.changed": "Richtlinie {key}: {before} → {after}",
  "policy.unchanged": "Richtlinie {key} ist bereits {value}; nichts geändert.",
  "policy.show_title": "Zugangsrichtlinie:",
  "policy.show_item": "• {key} = {value} — {doc}",
  "policy.key.creators": "wer Besprechungen planen darf",
  "policy.key.allowed_servers": "Server, deren Nutzer in Besprechungsräumen sein dürfen",
  "policy.key.partner_servers":
    "Server, die Verantwortliche eines Besprechungsraums zusätzlich erlauben dürfen",
  "policy.key.blocked": "Nutzer, die aus Besprechungsräumen entfernt werden",
  "policy.key.open_join_rules": "Beitrittsregeln, die Mitglieder einem Besprechungsraum geben dürfen",
  "policy.key.organizer_power": "Berechtigungsstufe der Organisatorin/des Organisators im Besprechungsraum",
  "policy.key.moderator_power": "Berechtigungsstufe, ab der ein Mitglied Jitsi-Moderator ist",
  "policy.key.after_end": "was nach der Besprechung mit dem Raum geschieht: keep, lock oder close",
  "policy.key.after_end_delay": "Minuten nach dem Ende, bevor after_end gilt",
  "policy.key.max_participants": "höchste Teilnehmerzahl einer Besprechung",
  "policy.key.recording_retention_days": "Tage, die eine Aufzeichnung aufbewahrt wird",
  "policy.key.allow_open_ended_series": "ob eine Serie ohne Ende wiederholt werden darf",
  "policy.key.lock_on_cancel": "ob das Absagen einer Besprechung ihren Raum sperrt",
  "command.admin.help": "Zeigt die Admin-Befehle oder die Einzelheiten eines Befehls.",
  "command.admin.rooms": "Listet Besprechungsräume mit ihrem Status.",
  "command.admin.room":
    "Zeigt, sperrt, entsperrt oder schließt einen Besprechungsraum oder stellt sein Anruf-Widget wieder her.",
  "command.admin.policy": "Zeigt die Zugangsrichtlinie oder ändert bzw. setzt eine Einstellung zurück.",
  "command.admin.creators": "Listet, ergänzt oder entfernt, wer Besprechungen planen darf.",
  "command.admin.audit": "Zeigt die neuesten Einträge des Prüfprotokolls.",
  "arg.admin.room_filter": "welche Räume (Standard: upcoming)",
  "arg.admin.room": "eine Besprechungs-ID, Raum-ID oder ein Raum-Alias",
  "arg.admin.room_action": "was zu tun ist",
  "arg.admin.policy_action": "show (Standard), set oder reset",
  "arg.admin.policy_key": "eine Einstellung, siehe !admin policy show",
  "arg.admin.policy_value": "der neue Wert",
  "arg.admin.creators_action": "list (Standard), add oder remove",
  "arg.admin.actor": "@nutzer:example.org, @*:example.org, example.org oder !raum:example.org",
  "arg.admin.audit_count": "wie viele Einträge (Standard 20, höchstens 200)",
  "arg.admin.user": "nur Einträge von oder über diese Person",
  "admin.refused":
    "{prefix}-Befehle werden nur als neue Nachricht im Admin-Raum oder im Direktchat einer Administratorin/eines Administrators mit mir angenommen.",
  "admin.unknown_filter": "„{value}“ ist kein Filter. Möglich sind upcoming, live, ended oder all.",
  "admin.invalid_count": "„{value}“ ist keine Anzahl von Einträgen zwischen 1 und {max}.",
  "admin.invalid_user": "„{user}“ ist keine Nutzer-ID wie @jane:example.org.",
  "admin.rooms_empty": "Keine passenden Besprechungsräume.",
  "admin.rooms_title": "Besprechungsräume ({total}):",
  "admin.rooms_item": "{id} {room} „{title}“, {when}, {count} Teilnehmende, {status}",
  "admin.unknown_alias": "Es gibt keinen Raum mit dem Alias {alias}.",
  "admin.not_a_meeting_room": "{room} ist kein von Plenum verwalteter Besprechungsraum.",
  "admin.unknown_room_action":
    "„{action}“ ist keine Raumaktion. Möglich sind info, lock, unlock, close oder restore-widget.",
  "admin.room_info":
    "„{title}“ ({id}) in {room}\n{when}, {status}\nOrganisation: {organizer}\nEingeladen: {invited}, beigetreten: {joined}\nBeitrittsregel: {join_rule}, gesperrt: {locked}",
  "admin.room_override": "Raumeinstellung {key} = {value}",
  "admin.yes": "ja",
  "admin.no": "nein",
  "admin.room_lock": "Der Raum von „{title}“ ({id}) ist gesperrt: Nur Admins können schreiben.",
  "admin.room_unlock": "Der Raum von „{title}“ ({id}) ist wieder freigegeben.",
  "admin.room_close": "Der Raum von „{title}“ ({id}) ist geschlossen: Mitglieder wurden entfernt.",
  "admin.room_restore_widget": "Das Anruf-Widget im Raum von „{title}“ ({id}) ist wiederhergestellt.",
  "admin.room_close_remaining": "Noch im Raum, mit so viel Berechtigung wie der Bot: {users}.",
  "admin.close_reason": "Der Raum wurde von der Administration ({user}) geschlossen.",
  "admin.unknown_policy_action":
    "„{action}“ ist keine Richtlinien-Aktion. Möglich sind show, set oder reset.",
  "admin.unknown_creators_action":
    "„{action}“ ist keine Aktion für creators. Möglich sind list, add oder remove.",
  "admin.creators_title": "Wer Besprechungen planen darf:",
  "admin.creator_present": "{actor} darf bereits Besprechungen planen.",
  "admin.creator_absent": "{actor} steht nicht auf der Liste.",
  "admin.actor.user": "Person",
  "admin.actor.glob": "Muster",
  "admin.actor.server": "alle Nutzer des Servers",
  "admin.actor.room": "Mitglieder des Raums",
  "command.admin.recordings": "Listet die gespeicherten Aufzeichnungen und wann sie ablaufen.",
  "command.admin.recording": "Löscht eine Aufzeichnung vor Ablauf ihrer Aufbewahrungsfrist.",
  "command.admin.stats": "Geplante und abgehaltene Besprechungen, Teilnehmende und Anrufminuten.",
  "arg.admin.recording_action": "delete",
  "arg.admin.recording_id": "die ID der Aufzeichnung, siehe !admin recordings",
  "arg.admin.stats_period": "week (Standard) oder month",
  "admin.recordings_empty": "Es sind keine Aufzeichnungen gespeichert.",
  "admin.recordings_title": "Aufzeichnungen ({count}), neueste zuerst:",
  "admin.recordings_item":
    "{id}: {file} ({size} MiB), Besprechung {meeting} in {room}, aufgezeichnet {created}, läuft ab {expires}",
  "admin.unknown_recording_action":
    "„{action}“ ist keine Aktion für Aufzeichnungen. Verwenden Sie: !admin recording delete <id>",
  "admin.recording_deleted": "Die Aufzeichnung {id} ist gelöscht; ihre Nachricht wurde entfernt.",
  "admin.recording_media_kept":
    "Die Datei bleibt im Medienspeicher des Homeservers: Es ist kein Admin-Token des Homeservers konfiguriert.",
  "command.admin.calendar":
    "Zeigt, ob eine Person einen Kalender-Abonnement-Link hat, wann er erstellt wurde und bis wann er gilt, oder schaltet ihn ab.",
  "arg.admin.calendar_user": "die Person, etwa @jane:example.org",
  "arg.admin.calendar_action": "off (schaltet ihren Link ab)",
  "admin.unknown_calendar_action":
    "„{action}“ ist keine Aktion für Kalender-Abonnements. Verwenden Sie: !admin calendar <Nutzer-ID> off",
  "admin.calendar_feed":
    "{user} hat einen Kalender-Abonnement-Link, erstellt am {created}; {validity}. !admin calendar {user} off schaltet ihn ab.",
  "admin.calendar_until": "er gilt bis {date}",
  "admin.calendar_no_expiry": "er gilt, bis er erneuert oder abgeschaltet wird",
  "admin.calendar_expired": "er ist am {date} abgelaufen und gilt nicht mehr",
  "admin.calendar_none": "{user} hat keinen Kalender-Abonnement-Link.",
  "admin.calendar_off":
    "Der Kalender-Abonnement-Link von {user} ist abgeschaltet und funktioniert nicht mehr. Mit !meet calendar kann die Person einen neuen erstellen.",
  "admin.unknown_stats_period": "„{value}“ ist kein Zeitraum. Möglich sind week oder month.",
  "admin.stats":
    "Nutzung {from} – {until}:\nGeplante Besprechungen: {scheduled}, abgehalten: {held}\nAnrufe: {calls}, Teilnehmende: {participants} (Gäste: {guests})\nAnrufminuten: {call_minutes} (Personenminuten: {person_minutes})",
  "admin.audit_empty": "Das Prüfprotokoll hat keine passenden Einträge.",
  "admin.audit_title": "Prüfprotokoll, neueste zuerst ({count}):",
  "admin.audit_item": "{at} {actor} {action} {target} in {room}: {reason}",
  "command.meet.recording":
    "Dem Besprechungsraum mitteilen, dass der Anruf aufgezeichnet wird oder nicht mehr",
  "arg.meet.recording_state": "on, wenn eine Aufzeichnung beginnt, off, wenn sie endet",
  "recording.state_expected": "Sagen Sie on oder off: !meet recording on oder !meet recording off.",
  "recording.no_call": "Der Termin {id} hat keinen Anruf, der jetzt aufgezeichnet werden könnte.",
  "recording.announced_on":
    "🔴 {user} kündigt an: Ab jetzt wird dieser Anruf aufgezeichnet. Wer teilnimmt, wird aufgezeichnet.",
  "recording.announced_off": "⏹️ {user} kündigt an: Die Aufzeichnung dieses Anrufs ist beendet.",
  "recording.room_told": "Ich habe es im Raum von „{title}“ mitgeteilt.",
  "crypto.new_device":
    "Ich habe ein neues Verschlüsselungsgerät: Mein bisheriges ging verloren und mit ihm die Schlüssel der Nachrichten, die mir vorher geschickt wurden. Haben Sie mir einen Befehl geschickt, der unbeantwortet blieb, senden Sie ihn bitte noch einmal.",
  "crypto.undecryptable":
    "Ich konnte eine Nachricht in diesem Raum (von {sender}) nicht entschlüsseln: Ihre Schlüssel wurden nicht mit meinem Gerät geteilt. War es ein Befehl, senden Sie ihn bitte noch einmal; passiert das öfter, prüfen Sie, ob Ihr Client Schlüssel auch mit nicht verifizierten Geräten teilt. Ich sage das nur einmal pro Raum.",
  "recording.started":
    "🔴 Ein Aufzeichnungsdienst ist dem Anruf beigetreten: Ab jetzt wird der Anruf aufgezeichnet oder gestreamt. Wer teilnimmt, wird aufgezeichnet.",
  "recording.posted":
    "🎬 Aufzeichnung des Anrufs vom {date}, {time} Uhr ({minutes} Min.), erstellt vom Aufzeichnungsdienst des Anrufs (Jibri).",
  "recording.participants": "Vom Aufzeichnungsdienst gesehene Teilnehmende: {names}",
  "recording.expires": "Sie wird am {date} gelöscht.",
  "recording.link":
    "🎬 Aufzeichnung {file} ({size} MiB), zu groß für den Chat: {link}\nDer Link gilt bis {until}; !meet recordings gibt einen neuen.",
  "command.meet.recordings":
    "Die in diesem Raum veröffentlichten Aufzeichnungen auflisten, mit neuen Download-Links",
  "recording.list_title": "Aufzeichnungen in diesem Raum, neueste zuerst:",
  "recording.list_empty": "In diesem Raum wurden keine Aufzeichnungen veröffentlicht.",
  "recording.list_link": "• {date}: {file} ({size} MiB): {link} (gilt bis {until})",
  "recording.list_media": "• {date}: {file}, im Verlauf dieses Raums",
  "recording.redact_retention": "Die Aufbewahrungsfrist der Aufzeichnung ist abgelaufen.",
  "recording.redact_admin":
    "Die Aufzeichnung wurde von einer Administratorin oder einem Administrator gelöscht.",
  "recording.media_kept":
    "Die Aufzeichnung {id} wurde aus diesem Raum entfernt, aber ihre Datei konnte nicht vom Homeserver gelöscht werden (kein Admin-Token konfiguriert). Bitte die Administration informieren, damit sie gelöscht wird.",
  "recording.not_found": "Es gibt keine Aufzeichnung mit der Kennung {id}.",
  "recording.deleted_already": "Die Aufzeichnung {id} wurde bereits gelöscht.",
  "call.attendance_csv": "Als CSV herunterladen (ein Link nur für Sie, gültig bis {until} Uhr): {link}",
  "call.attendance_csv_sent": "Einen Link zum Herunterladen als CSV habe ich Ihnen im Direktchat geschickt.",
  "api.session_required":
    "Ihre Sitzung fehlt oder ist abgelaufen; laden Sie das Widget neu, um sich erneut anzumelden.",
  "api.openid_invalid":
    "Der Homeserver hat Ihre Identität nicht bestätigt. Laden Sie das Widget neu und versuchen Sie es noch einmal.",
  "api.openid_wrong_server":
    "Diese Anmeldung stammt von {server}, einem Homeserver, dessen Nutzer dieses Plenum nicht zulässt.",
  "api.openid_homeserver_refused":
    "Der Homeserver {server} verweist auf eine private Netzwerkadresse, die Plenum nicht kontaktiert.",
  "api.homeserver_unreachable":
    "Der Homeserver ist nicht erreichbar; bitte versuchen Sie es gleich noch einmal.",
  "api.database_unavailable":
    "Die Datenbank von Plenum ist kurz nicht erreichbar; bitte versuchen Sie es gleich noch einmal.",
  "api.not_a_member":
    "Sie sind nicht Mitglied dieses Raums und können seine Termine daher weder sehen noch planen.",
  "api.bad_request": "Die Anfrage ist unvollständig oder fehlerhaft: {detail}",
  "api.not_found": "Diese Adresse gibt es in Plenums API nicht.",
  "service.token_required":
    "Dieser Endpunkt ist für eingerichtete Dienste: Senden Sie Authorization: Bearer mit dem Token des Dienstes.",
  "service.token_unknown": "Das Token gehört zu keinem eingerichteten Dienst.",
  "service.not_acting_for":
    "Der Dienst {service} darf nicht für {user} handeln: act_for nennt diese Person nicht.",
  "service.key_required":
    "Senden Sie mit jedem neuen Termin einen Idempotency-Key-Header (1 bis 255 sichtbare Zeichen).",
  "service.key_reused":
    "Der Idempotency-Key {key} wurde schon für eine andere Anfrage verwendet; nehmen Sie für einen neuen Termin einen neuen Schlüssel.",
  "service.key_pending":
    "Eine Anfrage mit dem Idempotency-Key {key} wird noch bearbeitet; wiederholen Sie sie gleich.",
  "service.end_and_duration": "Geben Sie entweder end oder duration an, nicht beides.",
  "service.end_before_start": "Das Ende {end} liegt nicht nach dem Beginn {start}.",
  "service.nothing_to_change":
    "Geben Sie mindestens eines von title, description, start, end, duration, invite oder uninvite an.",
  "command.meet.widget": "Den Terminplaner als Widget zu diesem Raum hinzufügen.",
  "meeting.widget_added":
    "Ich habe den Terminplaner zu diesem Raum hinzugefügt; Sie öffnen ihn über die Widgets des Raums (Erweiterungen).",
  "meeting.widget_forbidden":
    "Ich darf hier kein Planer-Widget hinzufügen. Geben Sie mir in diesem Raum Berechtigungsstufe 50 und versuchen Sie es dann noch einmal.",
  "meeting.widget_name": "Terminplaner",
  "command.meet.speak": "Wortmeldung: Sie kommen auf die Redeliste dieses Besprechungsraums",
  "command.meet.withdraw": "Die Wortmeldung zurückziehen (oder das Wort abgeben)",
  "command.meet.next": "Der nächsten Person das Wort erteilen, auf Wunsch mit Redezeit",
  "command.meet.queue": "Die Redeliste erneut zeigen",
  "command.meet.clear": "Die Redeliste leeren",
  "arg.meet.topic": "worüber Sie sprechen möchten (optional)",
  "arg.meet.speaking_time": "eine Redezeit wie 3m oder 90s",
  "speakers.title": "Redeliste: „{title}“",
  "speakers.current": "🎤 Es spricht: {user}{about}",
  "speakers.until": " (bis {time})",
  "speakers.nobody": "🎤 Niemand hat das Wort.",
  "speakers.queue": "Wortmeldungen:",
  "speakers.queue_item": "{position}. {user}{about}",
  "speakers.queue_empty": "Keine Wortmeldungen.",
  "speakers.about": " zu „{topic}“",
  "speakers.how": "Wortmeldung mit !meet speak [Thema], zurückziehen mit !meet withdraw.",
  "speakers.not_meeting_room":
    "Die Redeliste gehört zu einem Besprechungsraum; geben Sie den Befehl dort ein.",
  "speakers.not_live": "Die Redeliste öffnet, sobald der Termin läuft.",
  "speakers.already_speaking": "Sie haben bereits das Wort.",
  "speakers.already_waiting": "Sie stehen schon auf der Redeliste (Platz {position}).",
  "speakers.not_waiting": "Sie stehen nicht auf der Redeliste.",
  "speakers.topic_too_long": "Bitte fassen Sie das Thema in weniger als {max} Zeichen.",
  "speakers.time_unparseable": "„{text}“ ist keine Redezeit. Beispiele: 3m, 90s, 1m30s",
  "speakers.time_out_of_range": "Eine Redezeit liegt zwischen {min} Sekunden und {max} Minuten.",
  "speakers.added": "Sie stehen auf Platz {position} der Redeliste.",
  "speakers.withdrawn": "Ihre Wortmeldung ist zurückgezogen.",
  "speakers.gave_up_floor": "Sie haben das Wort abgegeben.",
  "speakers.next": "{user} hat das Wort.",
  "speakers.next_timed": "{user} hat das Wort für {time}.",
  "speakers.next_empty": "Keine Wortmeldungen; das Wort ist frei.",
  "speakers.cleared": "Die Redeliste ist jetzt leer.",
  "speakers.time_up": "{user}, Ihre Redezeit ist abgelaufen.",
  "command.meet.breakout":
    "Die Besprechung in Breakout-Räume aufteilen (Anzahl oder benannte Gruppen) oder diese beenden",
  "command.meet.broadcast": "Eine Nachricht in alle offenen Breakout-Räume senden",
  "arg.meet.breakout": 'wie viele Räume, benannte Gruppen wie "Haushalt" @a @b / "Personal" @c, oder end',
  "arg.meet.broadcast_text": "die Nachricht",
  "policy.key.lock_breakouts_on_end": "ob das Beenden der Breakouts die Breakout-Räume sperrt",
  "breakout.usage": "Geben Sie eine Anzahl Räume, benannte Gruppen oder end an. Beispiel: {example}",
  "breakout.not_a_user":
    "„{text}“ ist keine Benutzer-ID. Schreiben Sie die Mitglieder als @name:example.org hinter den Gruppennamen.",
  "breakout.count_out_of_range": "Eine Besprechung lässt sich in 1 bis {max} Breakout-Räume aufteilen.",
  "breakout.too_few_people":
    "Im Besprechungsraum sind {people} Personen; das reicht nicht für {count} Breakout-Räume.",
  "breakout.bad_name": "Jeder Breakout braucht einen Namen mit höchstens {max} Zeichen.",
  "breakout.duplicate_name": "Zwei Breakouts heißen „{name}“; bitte geben Sie jedem einen eigenen Namen.",
  "breakout.empty_group": "Für „{name}“ ist niemand eingeteilt; nennen Sie die Mitglieder nach dem Namen.",
  "breakout.twice": "{user} ist für zwei Breakouts eingeteilt; jede Person geht in einen.",
  "breakout.not_participant":
    "{user} nimmt an dieser Besprechung nicht teil; laden Sie die Person zuerst ein.",
  "breakout.not_live": "Breakout-Räume lassen sich öffnen, während die Besprechung läuft.",
  "breakout.already_open":
    "Die Breakout-Räume dieser Besprechung sind noch offen. Beenden Sie sie zuerst: !meet breakout end",
  "breakout.none_open": "Diese Besprechung hat keine offenen Breakout-Räume.",
  "breakout.topic": "Breakout-Raum von „{title}“",
  "breakout.default_name": "Gruppe {number}",
  "breakout.opened": "{count} Breakout-Räume geöffnet; alle Genannten sind eingeladen:",
  "breakout.opened_item": "• {name}: {members}",
  "breakout.broadcast": "📢 Von {user}: {text}",
  "breakout.broadcast_sent": "In {count} Breakout-Räume gesendet.",
  "breakout.ended": "Die Breakouts sind beendet. Bitte kommen Sie zurück in den Hauptanruf: {link}",
  "breakout.ended_reply": "{count} Breakout-Räume beendet.",
  "breakout.rolled_back": "Die Breakout-Räume ließen sich nicht öffnen und wurden wieder entfernt.",
  "command.meet.guest_link":
    "Ein Link, über den Gäste ohne Matrix-Konto über die Lobby am Anruf teilnehmen, oder alle solchen Links widerrufen",
  "arg.meet.guest_link": "wie lange der Link gilt (valid 2h, valid 7d; sonst einen Tag), oder revoke",
  "policy.key.guest_links": "ob Organisierende und Moderierende Gastlinks ausgeben dürfen",
  "policy.key.publish_recordings":
    "ob die Aufzeichnung einer öffentlichen Sitzung auch im Publikumsraum erscheint",
  "policy.key.planner_widget": "ob der Bot den Terminplaner jedem Raum hinzufügt, in dem er ist",
  "policy.planner_widget_placed":
    "Terminplaner hinzugefügt in Räumen: {added}. Räume, in denen ich keine Widgets hinzufügen darf (dafür brauche ich Berechtigungsstufe 50): {refused}.",
  "policy.rooms_left":
    "Räume, die ich verlassen habe, weil die Richtlinie nun ablehnt, wer mich dorthin eingeladen hat: {left}.",
  "policy.key.encrypt_meeting_rooms":
    "ob neue Besprechungs- und Breakout-Räume Ende-zu-Ende-verschlüsselt sind",
  "guest.usage":
    "Aufruf: !meet guest-link [<ID>] [valid <Dauer>], z. B. valid 2h, oder !meet guest-link revoke",
  "guest.validity_unparseable": "„{text}“ ist keine Gültigkeitsdauer. Beispiele: 30m, 12h, 7d",
  "guest.validity_out_of_range": "Ein Gastlink gilt zwischen 5 Minuten und 30 Tagen.",
  "guest.disabled": "Gastlinks sind durch die Zugangsrichtlinie abgeschaltet.",
  "guest.meeting_over": "„{title}“ ist vorbei oder abgesagt; Gäste können nicht mehr teilnehmen.",
  "guest.link":
    "Gastlink für „{title}“, gültig bis {until} ({zone}): {url}\nGäste geben ihren Namen ein und warten in der Lobby, bis eine moderierende Person sie einlässt. Alle Gastlinks widerrufen: !meet guest-link revoke",
  "guest.revoked": "Alle Gastlinks für „{title}“ sind widerrufen.",
  "guest.page_title": "Als Gast teilnehmen",
  "guest.page_intro":
    "Geben Sie den Namen ein, den die anderen sehen. Sie warten in der Lobby, bis eine moderierende Person Sie einlässt.",
  "guest.name_label": "Ihr Name",
  "guest.join_button": "Teilnehmen",
  "guest.rate_limited": "Zu viele Versuche mit diesem Link. Bitte in {seconds} Sekunden erneut versuchen.",
  "guest.bad_name": "Bitte geben Sie einen Namen mit höchstens {max} Zeichen ein.",
  "guest.refused.malformed": "Dieser Link ist ungültig.",
  "guest.refused.bad-signature": "Dieser Link ist ungültig.",
  "guest.refused.expired": "Dieser Gastlink ist abgelaufen. Bitten Sie die Organisation um einen neuen.",
  "guest.refused.revoked": "Dieser Gastlink wurde widerrufen. Bitten Sie die Organisation um einen neuen.",
  "guest.refused.disabled": "Gastlinks sind abgeschaltet.",
  "guest.refused.meeting_over": "Diese Besprechung ist vorbei.",
  "command.meet.public":
    "Die Besprechung als öffentliche Sitzung mit einem nur lesbaren Zuschauerraum kennzeichnen, oder das beenden",
  "arg.meet.public": "on oder off",
  "arg.meet.stream_url":
    "die https-Adresse des Streams oder Players, auf die der Zuschauerraum während der Sitzung verweist",
  "public.usage": "Aufruf: !meet public [<ID>] on [<Stream-Adresse>] oder !meet public [<ID>] off",
  "public.bad_stream_url": "„{text}“ ist keine https-Adresse eines Streams oder einer Player-Seite.",
  "public.meeting_over": "„{title}“ ist vorbei oder abgesagt und kann nicht mehr öffentlich werden.",
  "public.not_public": "„{title}“ ist keine öffentliche Sitzung.",
  "public.room_name": "{title} (öffentlich)",
  "public.room_topic": "Öffentliche Sitzung, {when}. Nur lesen: hier schreiben nur Moderierende.",
  "public.status_title": "Öffentliche Sitzung: „{title}“",
  "public.status_when": "Wann: {when}",
  "public.status_line": "Status: {status}",
  "public.status_upcoming": "geplant",
  "public.status_live": "🔴 läuft",
  "public.status_ended": "beendet",
  "public.status_cancelled": "abgesagt",
  "public.status_agenda": "Tagesordnung:",
  "public.status_stream": "Zum Stream: {url}",
  "public.status_visitors":
    "Live zuschauen im Anruf-Widget dieses Raums (nur zuschauen: keine Kamera, kein Mikrofon).",
  "public.status_closed":
    "Diese Sitzung ist nicht mehr öffentlich; neue Besucher können diesem Raum nicht beitreten.",
  "public.announced":
    "Diese Besprechung ist eine öffentliche Sitzung. Die Öffentlichkeit verfolgt sie, nur lesend, in {link}",
  "public.opened":
    "„{title}“ ist jetzt eine öffentliche Sitzung. Zuschauerraum (alle dürfen lesen, nur Moderierende schreiben): {link}",
  "public.closed": "„{title}“ ist nicht mehr öffentlich; der Zuschauerraum nimmt keine neuen Besucher auf.",
  // E-mail invitations (issue 24).
  "arg.invitees":
    "Personen (@erika:example.org), Räume (#team:example.org) oder E-Mail-Adressen (erika@example.org)",
  "arg.uninvitees": "Personen-IDs oder E-Mail-Adressen",
  "email.not_configured":
    "E-Mail-Einladungen sind in diesem Plenum nicht eingerichtet, daher wurde niemand eingeladen. Laden Sie Personen mit ihrer Matrix-ID ein oder bitten Sie Ihre Administration, email.smtp_url zu konfigurieren.",
  "email.bad_address":
    "„{address}“ ist keine E-Mail-Adresse, an die ich senden kann (Beispiel: erika.muster@example.org). Niemand wurde eingeladen.",
  "email.guest_links_off":
    "Eine E-Mail-Einladung enthält einen Gastlink, und Gastlinks sind durch die Zugangsrichtlinie abgeschaltet. Niemand wurde per E-Mail eingeladen.",
  "email.meeting_over": "„{title}“ ist vorbei oder abgesagt; dazu kann niemand mehr eingeladen werden.",
  "email.nobody_new": "Alle genannten Adressen sind zu {id} bereits eingeladen.",
  "email.nobody_to_uninvite": "Keine dieser Adressen ist zu {id} eingeladen.",
  "email.invited_notice":
    "{user} hat {count} weitere per E-Mail zu „{title}“ eingeladen. Die Einladungen gehen gleich hinaus; lehnt der Mailserver eine Adresse ab, erfährt die Organisatorin oder der Organisator es im Direktchat.",
  "email.uninvited_notice":
    "{user} hat {count} E-Mail-Einladung(en) zu „{title}“ zurückgezogen; die Absagen gehen gleich hinaus.",
  "email.info_addresses": "Per E-Mail zu „{title}“ ({id}) eingeladen: {addresses}",
  "email.info_addresses_sent": "Ich habe Ihnen die per E-Mail eingeladenen Adressen im Direktchat geschickt.",
  "email.refused_notice":
    "Der Mailserver hat die E-Mail zu „{title}“ ({id}) an {address} endgültig abgelehnt (SMTP {code}). Prüfen Sie die Adresse; für einen neuen Versuch laden Sie sie aus und erneut ein.",
  "email.subject.invite": "Einladung: {title}",
  "email.subject.update": "Geändert: {title}",
  "email.subject.cancel": "Abgesagt: {title}",
  "email.subject.uninvite": "Einladung zurückgezogen: {title}",
  "email.subject.occurrence_cancelled": "Abgesagt am {date}: {title}",
  "email.subject.occurrence_moved": "Verschoben vom {date}: {title}",
  "email.body.invite": "{organizer} lädt Sie zu „{title}“ ein.",
  "email.body.update": "„{title}“ wurde geändert. Dies sind die aktuellen Angaben.",
  "email.body.cancel": "„{title}“ wurde abgesagt.",
  "email.body.uninvite": "Ihre Einladung zu „{title}“ wurde zurückgezogen.",
  "email.body.occurrence_cancelled":
    "„{title}“ am {date} wurde abgesagt; die übrigen Termine bleiben bestehen.",
  "email.body.occurrence_moved":
    "„{title}“ am {date} wurde verschoben; die übrigen Termine bleiben, wie sie sind. Dieser Termin findet nun wie folgt statt.",
  "email.when": "Wann: {when}",
  "email.series": "Dies ist eine Terminserie; die Kalenderdatei in dieser E-Mail enthält alle Termine.",
  "email.join": "Nehmen Sie im Browser an der Videokonferenz teil, ganz ohne Konto:",
  "email.join_note":
    "Der Link ist für Sie bestimmt; bitte geben Sie ihn nicht weiter. Er gilt bis {until}. In der Konferenz lässt Sie eine Moderatorin oder ein Moderator aus der Lobby herein.",
  "email.footer":
    "Gesendet von Plenum im Auftrag von {organizer}. Öffnen Sie den beigefügten Kalendereintrag, um den Termin in Ihren Kalender zu übernehmen.",
  "command.meet.podium":
    "Podiumsmodus für die Konferenz: an, aus, oder wer auf dem Podium ist (Moderation des Raums)",
  "arg.meet.podium_action": "on, off, add oder remove",
  "arg.meet.podium_users": "die Personen, die auf das Podium kommen oder es verlassen",
  "command.meet.whisper_group":
    "Eine Flüstergruppe aus Mitgliedern des Raums festlegen, die in der Konferenz vertraulich sprechen, oder sie entfernen (Moderation des Raums)",
  "arg.meet.whisper_name": "der Name der Gruppe, in Anführungszeichen",
  "arg.meet.whisper_members": "die Mitglieder der Gruppe, oder remove",
  "command.meet.whisper_groups": "Die Flüstergruppen der Besprechung auflisten",
  "council.not_meeting_room":
    "Podium und Flüstergruppen gehören zu einem Besprechungsraum; geben Sie den Befehl dort ein.",
  "council.not_a_user": "„{text}“ ist keine Matrix-Benutzerkennung wie @name:example.org.",
  "council.nobody": "noch niemand",
  "podium.usage": "Verwendung: !meet podium on | off | add @person … | remove @person …",
  "podium.nothing_to_change":
    "Sagen Sie, was sich ändern soll: das Podium ein- oder ausschalten, oder jemanden hinzufügen oder entfernen.",
  "podium.already_on": "Der Podiumsmodus ist bereits eingeschaltet.",
  "podium.already_off": "Der Podiumsmodus ist bereits ausgeschaltet.",
  "podium.already_member": "{user} ist bereits auf dem Podium.",
  "podium.not_member": "{user} ist nicht auf dem Podium.",
  "podium.not_in_room": "{user} ist nicht Mitglied dieses Raums und kann daher nicht auf sein Podium.",
  "podium.too_many": "Auf ein Podium passen höchstens {max} Personen.",
  "podium.on":
    "Der Podiumsmodus ist eingeschaltet: Nur das Podium und wer das Wort hat, dürfen das Mikrofon einschalten. Auf dem Podium: {members}",
  "podium.off": "Der Podiumsmodus ist ausgeschaltet: Alle dürfen wieder sprechen.",
  "podium.members_while_off":
    "Auf dem Podium: {members}. Der Podiumsmodus ist ausgeschaltet; einschalten mit !meet podium on.",
  "whisper.usage":
    "Geben Sie einen Namen in Anführungszeichen und die Mitglieder an, oder remove. Beispiel: {example}",
  "whisper.name_empty": "Eine Flüstergruppe braucht einen Namen.",
  "whisper.name_too_long": "Der Name einer Flüstergruppe darf höchstens {max} Zeichen haben.",
  "whisper.name_unsafe":
    "Der Name einer Flüstergruppe darf keine Steuer- oder Schreibrichtungszeichen enthalten.",
  "whisper.no_members": "Eine Flüstergruppe braucht mindestens ein Mitglied.",
  "whisper.too_many_members": "Eine Flüstergruppe darf höchstens {max} Mitglieder haben.",
  "whisper.too_many_groups":
    "Eine Besprechung darf höchstens {max} Flüstergruppen haben; entfernen Sie zuerst eine.",
  "whisper.not_in_room":
    "{user} ist nicht Mitglied dieses Besprechungsraums und kann daher in keiner Flüstergruppe sein.",
  "whisper.unknown_group": "Diese Besprechung hat keine Flüstergruppe „{name}“.",
  "whisper.created": "Flüstergruppe „{name}“ angelegt: {members}",
  "whisper.replaced": "Flüstergruppe „{name}“ besteht jetzt aus: {members}",
  "whisper.removed": "Flüstergruppe „{name}“ entfernt.",
  "whisper.none": "Diese Besprechung hat keine Flüstergruppen.",
  "whisper.list_title": "Flüstergruppen dieser Besprechung:",
  "whisper.list_item": "• „{name}“: {members}",
  "api.not_a_moderator": "Nur die Moderation dieses Raums darf sein Podium ändern.",
  "api.not_in_whisper_group": "Sie sind nicht Mitglied dieser Flüstergruppe.",
  "api.too_many_hand_changes": "Ihre Hand wurde zu oft gehoben und gesenkt; bitte warten Sie einen Moment.",
  "api.not_listenable": "Sie dürfen von hier aus nicht in die Konferenz dieses Raums hineinhören.",
};

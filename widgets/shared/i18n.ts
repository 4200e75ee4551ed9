/** The widgets' own texts in English and German; the API's error sentences arrive translated. */
const en = {
  "page.outside_title": "Open this in a Matrix client",
  "page.outside_text":
    "This page is a widget. Add it to a room with “!meet widget” and open it there, in Element or another Matrix client.",
  "page.missing_title": "The widget address is incomplete",
  "page.missing_text":
    "These parameters are missing: {names}. Remove the widget and add it again with “!meet widget”.",
  "page.connecting": "Connecting to your Matrix client…",
  "page.no_answer":
    "Your Matrix client does not answer. Reload the widget; if that does not help, remove it and add it again.",
  "page.signin_failed_title": "Sign-in failed",
  "page.declined":
    "Plenum needs to confirm who you are. Allow the widget to verify your identity, then reload it.",
  "planner.title": "Meetings",
  "planner.tab_room": "This room",
  "planner.tab_month": "Month",
  "planner.tab_week": "Week",
  "planner.new": "New meeting",
  "planner.empty": "No upcoming meetings in this room.",
  "planner.loading": "Loading…",
  "planner.participants": "Participants: {names}",
  "planner.organizer": "Organizer: {name}",
  "planner.repeats": "Repeats",
  "planner.join": "Open meeting room",
  "planner.edit": "Edit",
  "planner.cancel_series": "Cancel meeting",
  "planner.cancel_one": "Cancel one date",
  "planner.cancel_confirm": "Cancel “{title}” for everyone?",
  "planner.status.scheduled": "scheduled",
  "planner.status.live": "live now",
  "planner.status.ended": "ended",
  "planner.status.cancelled": "cancelled",
  "form.new_title": "New meeting",
  "form.edit_title": "Change “{title}”",
  "form.title": "Title",
  "form.date": "Date",
  "form.time": "Time",
  "form.duration": "Duration (minutes)",
  "form.timezone": "Time zone",
  "form.repeat": "Repeats",
  "form.repeat.none": "Does not repeat",
  "form.repeat.daily": "Daily",
  "form.repeat.weekdays": "Every weekday",
  "form.repeat.weekly": "Weekly",
  "form.repeat.biweekly": "Every two weeks",
  "form.repeat.monthly": "Monthly",
  "form.until": "Until (date)",
  "form.count": "Or number of meetings",
  "form.members": "Participants from this room",
  "form.members_hint": "None chosen: all members of this room are invited.",
  "form.more_ids": "More participants (user ids, separated by spaces)",
  "form.description": "Description",
  "form.save": "Save",
  "form.schedule": "Schedule",
  "form.back": "Back",
  "form.cancel_date": "Date to cancel",
  "form.cancel_date_submit": "Cancel this date",
  "form.invite": "Invite (user ids)",
  "form.saved": "Saved.",
  "calendar.previous": "Previous",
  "calendar.next": "Next",
  "calendar.today": "Today",
  "calendar.empty": "No meetings in this period.",
  "call.join": "Join the call",
  "call.starts_in": "Starts in {time}",
  "call.started": "The meeting has started.",
  "call.no_meeting": "Call in this room",
  "call.no_access_title": "No access",
  "call.expired": "Your sign-in for the call expired. Join again to get a fresh one.",
  "call.unreachable_title": "The video service cannot be reached",
  "call.unreachable": "Jitsi at {domain} did not load. Check your connection and try again.",
  "call.recording": "This call is being recorded.",
  "call.retry": "Try again",
} as const;

export type WidgetMessageKey = keyof typeof en;

const de: Record<WidgetMessageKey, string> = {
  "page.outside_title": "Bitte in einem Matrix-Client öffnen",
  "page.outside_text":
    "Diese Seite ist ein Widget. Fügen Sie es mit „!meet widget“ zu einem Raum hinzu und öffnen Sie es dort, in Element oder einem anderen Matrix-Client.",
  "page.missing_title": "Die Widget-Adresse ist unvollständig",
  "page.missing_text":
    "Diese Parameter fehlen: {names}. Entfernen Sie das Widget und fügen Sie es mit „!meet widget“ neu hinzu.",
  "page.connecting": "Verbindung zu Ihrem Matrix-Client …",
  "page.no_answer":
    "Ihr Matrix-Client antwortet nicht. Laden Sie das Widget neu; hilft das nicht, entfernen Sie es und fügen Sie es neu hinzu.",
  "page.signin_failed_title": "Anmeldung fehlgeschlagen",
  "page.declined":
    "Plenum muss bestätigen, wer Sie sind. Erlauben Sie dem Widget, Ihre Identität zu prüfen, und laden Sie es dann neu.",
  "planner.title": "Termine",
  "planner.tab_room": "Dieser Raum",
  "planner.tab_month": "Monat",
  "planner.tab_week": "Woche",
  "planner.new": "Neuer Termin",
  "planner.empty": "Keine anstehenden Termine in diesem Raum.",
  "planner.loading": "Wird geladen …",
  "planner.participants": "Teilnehmende: {names}",
  "planner.organizer": "Organisiert von {name}",
  "planner.repeats": "Wiederholung",
  "planner.join": "Besprechungsraum öffnen",
  "planner.edit": "Ändern",
  "planner.cancel_series": "Termin absagen",
  "planner.cancel_one": "Einen Termin absagen",
  "planner.cancel_confirm": "„{title}“ für alle absagen?",
  "planner.status.scheduled": "geplant",
  "planner.status.live": "läuft gerade",
  "planner.status.ended": "beendet",
  "planner.status.cancelled": "abgesagt",
  "form.new_title": "Neuer Termin",
  "form.edit_title": "„{title}“ ändern",
  "form.title": "Titel",
  "form.date": "Datum",
  "form.time": "Uhrzeit",
  "form.duration": "Dauer (Minuten)",
  "form.timezone": "Zeitzone",
  "form.repeat": "Wiederholung",
  "form.repeat.none": "Keine Wiederholung",
  "form.repeat.daily": "Täglich",
  "form.repeat.weekdays": "Werktags",
  "form.repeat.weekly": "Wöchentlich",
  "form.repeat.biweekly": "Alle zwei Wochen",
  "form.repeat.monthly": "Monatlich",
  "form.until": "Bis (Datum)",
  "form.count": "Oder Anzahl der Termine",
  "form.members": "Teilnehmende aus diesem Raum",
  "form.members_hint": "Keine Auswahl: alle Mitglieder dieses Raums werden eingeladen.",
  "form.more_ids": "Weitere Teilnehmende (Nutzer-IDs, durch Leerzeichen getrennt)",
  "form.description": "Beschreibung",
  "form.save": "Speichern",
  "form.schedule": "Planen",
  "form.back": "Zurück",
  "form.cancel_date": "Abzusagender Tag",
  "form.cancel_date_submit": "Diesen Tag absagen",
  "form.invite": "Einladen (Nutzer-IDs)",
  "form.saved": "Gespeichert.",
  "calendar.previous": "Zurück",
  "calendar.next": "Weiter",
  "calendar.today": "Heute",
  "calendar.empty": "Keine Termine in diesem Zeitraum.",
  "call.join": "Dem Anruf beitreten",
  "call.starts_in": "Beginnt in {time}",
  "call.started": "Der Termin hat begonnen.",
  "call.no_meeting": "Anruf in diesem Raum",
  "call.no_access_title": "Kein Zugang",
  "call.expired":
    "Ihre Anmeldung für den Anruf ist abgelaufen. Treten Sie erneut bei, um eine neue zu erhalten.",
  "call.unreachable_title": "Der Videodienst ist nicht erreichbar",
  "call.unreachable":
    "Jitsi unter {domain} wurde nicht geladen. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
  "call.recording": "Dieser Anruf wird aufgezeichnet.",
  "call.retry": "Erneut versuchen",
};

export type WidgetLocale = "en" | "de";

/** "de", "de-DE" and "de_AT" are German; anything else falls back to English. */
export function widgetLocale(lang: string, fallback = ""): WidgetLocale {
  const tag = (lang || fallback).toLowerCase();
  return tag.startsWith("de") ? "de" : "en";
}

export type Translate = (key: WidgetMessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: WidgetLocale): Translate {
  const catalogue = locale === "de" ? de : en;
  return (key, params = {}) =>
    catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
}

import type { MessageKey } from "./en.js";

/** German catalogue; the compiler insists on the same keys as en.ts. */
export const de: Record<MessageKey, string> = {
  "help.title": "Plenum: Befehle für {prefix}",
  "help.usage":
    "Befehle einfach in diesen Raum schreiben. Angaben in <spitzen Klammern> sind nötig, in [eckigen Klammern] freiwillig.",
  "help.more": "Hilfe zu einem Befehl: {prefix} help <Befehl>",
  "command.meet.help": "Zeigt die verfügbaren Befehle oder die Einzelheiten eines Befehls.",
  "command.meet.help.arg.command": "einen Befehlsnamen",
  "error.unknown_command": "Den Befehl „{name}“ gibt es nicht. Mit {prefix} help erscheint die Liste.",
  "error.unknown_help_topic":
    "Zum Befehl „{name}“ gibt es keine Hilfe, weil es ihn nicht gibt. Mit {prefix} help erscheint die Liste.",
  "error.unterminated_quote": "Ein Anführungszeichen ist nicht geschlossen. Beispiel: {example}",
  "error.control_characters": "Der Befehl enthält Steuerzeichen; bitte als einfachen Text neu eingeben.",
  "error.too_many_arguments": "„{command}“ nimmt nicht mehr an als hier gezeigt: {usage}",
  "error.missing_argument": "„{command}“ braucht {argument}. Aufruf: {usage}",
  "error.permission_denied": "Den Befehl „{command}“ dürfen Sie hier nicht verwenden.",
  "error.internal":
    "In Plenum ist ein Fehler aufgetreten; es wurde nichts geändert. Bitte später erneut versuchen und bei Wiederholung die Administration informieren (Referenz {reference}).",
};

/**
 * Control characters, direction marks and overrides: text holding them may read differently from how
 * it is stored, or reorder the rest of the line it is shown in.
 */
export const UNSAFE_CHARACTERS = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** The most characters of a name someone else chose (a display name, a guest's name) shown in a message. */
export const MAX_SHOWN_NAME = 64;

/**
 * A name from someone else as a message shows it: on one line (control characters and the
 * direction overrides that could reorder the rest of the line become spaces) and cut to `max`
 * characters with an ellipsis, so a 64 KB display name cannot flood a message.
 */
export function shownName(name: string, max = MAX_SHOWN_NAME): string {
  const oneLine = name.replace(new RegExp(`${UNSAFE_CHARACTERS.source}+`, "gu"), " ").trim();
  const characters = [...oneLine];
  return characters.length > max ? `${characters.slice(0, max - 1).join("")}…` : oneLine;
}

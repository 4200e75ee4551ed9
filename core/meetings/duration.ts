import { UserError } from "../errors/user-error.js";

export const MIN_DURATION_MINUTES = 5;
export const MAX_DURATION_MINUTES = 24 * 60;

const MINUTES_PER_UNIT = new Map<string, number>([
  ...["h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden"].map((u) => [u, 60] as const),
  ...["m", "min", "mins", "minute", "minutes", "minuten"].map((u) => [u, 1] as const),
]);

/** One amount with its unit, e.g. "1,5 h", "30m", "eine Stunde"; the unit may end in a dot ("Std."). */
const PART = /\s*(?:(\d+(?:[.,]\d+)?)\s*|(?:an?|one|eine?)\s+)([a-zäöü]+)\.?/y;

/**
 * Minutes from what someone typed after "for"/"für": "30m", "1h30m", "1h 30m", "90 Minuten",
 * "1,5 h", "2 Stunden", "1 hour and 30 minutes". A number alone counts as minutes, the unit people
 * leave out for short meetings ("für 45"); hours always come with a unit. Fractions are rounded to
 * the minute.
 */
export function parseDuration(text: string): number {
  const typed = text.trim();
  const total = totalMinutes(typed.toLowerCase().replace(/\s+(?:and|und)\s+/g, " "));
  if (total === undefined) throw new UserError("duration.unparseable", { text: typed });
  const minutes = Math.round(total);
  if (minutes < MIN_DURATION_MINUTES || minutes > MAX_DURATION_MINUTES) {
    throw new UserError("duration.out_of_range", { text: typed, minutes });
  }
  return minutes;
}

function totalMinutes(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let index = 0;
  // Hours before minutes, each once: "30m 1h" or "1h 2h" is more likely a typo than a duration.
  let previousUnit = Infinity;
  while (index < text.length) {
    PART.lastIndex = index;
    const match = PART.exec(text);
    if (!match) return undefined;
    // Without digits the amount was a word such as "an" or "eine", which means one.
    const [, amount = "1", unit = ""] = match;
    const factor = MINUTES_PER_UNIT.get(unit);
    if (factor === undefined || factor >= previousUnit) return undefined;
    total += Number(amount.replace(",", ".")) * factor;
    previousUnit = factor;
    index = PART.lastIndex;
  }
  return index === 0 ? undefined : total;
}

import { UserError } from "../errors/user-error.js";

/** One breakout as asked for: its name and who is sent there. */
export interface BreakoutGroup {
  name: string;
  members: string[];
}

/** Each breakout is a room with its own call; more would be a second meeting, not a breakout. */
export const MAX_BREAKOUTS = 20;
export const MAX_BREAKOUT_NAME_LENGTH = 80;

/**
 * Shuffles `people` (Fisher–Yates with the given random source) and deals them round-robin into
 * `count` groups, so group sizes differ by at most one.
 */
export function splitEvenly(
  people: readonly string[],
  count: number,
  nameOf: (index: number) => string,
  random: () => number = Math.random,
): BreakoutGroup[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_BREAKOUTS)
    throw new UserError("breakout.count_out_of_range", { max: MAX_BREAKOUTS });
  if (people.length < count) throw new UserError("breakout.too_few_people", { count, people: people.length });
  const shuffled = [...people];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const groups = Array.from({ length: count }, (_, i) => ({ name: nameOf(i), members: [] as string[] }));
  shuffled.forEach((person, i) => groups[i % count]!.members.push(person));
  return groups;
}

/**
 * Checks explicit groups before anything is created: names present, distinct and short, every
 * group with someone in it, nobody in two groups, and only the meeting's participants sent anywhere.
 */
export function checkGroups(groups: readonly BreakoutGroup[], participants: ReadonlySet<string>): void {
  if (groups.length < 1 || groups.length > MAX_BREAKOUTS)
    throw new UserError("breakout.count_out_of_range", { max: MAX_BREAKOUTS });
  const names = new Set<string>();
  const placed = new Set<string>();
  for (const { name, members } of groups) {
    const trimmed = name.trim();
    if (trimmed === "" || trimmed.length > MAX_BREAKOUT_NAME_LENGTH)
      throw new UserError("breakout.bad_name", { max: MAX_BREAKOUT_NAME_LENGTH });
    if (names.has(trimmed.toLowerCase())) throw new UserError("breakout.duplicate_name", { name: trimmed });
    names.add(trimmed.toLowerCase());
    if (members.length === 0) throw new UserError("breakout.empty_group", { name: trimmed });
    for (const member of members) {
      if (placed.has(member)) throw new UserError("breakout.twice", { user: member });
      if (!participants.has(member)) throw new UserError("breakout.not_participant", { user: member });
      placed.add(member);
    }
  }
}

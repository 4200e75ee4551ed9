import { UserError } from "../../../core/errors/user-error.js";
import { checkTitle, parseParticipants, type ScheduleFields } from "../../../core/meetings/requests.js";
import { tokenizeQuoted, type Token } from "../parser.js";

/**
 * The parts of `!meet schedule "<title>" <when> [for <duration>] [every <rule>] [until <date>]
 * [with <participants>]` as typed; scheduleFromFields hands each to its own parser.
 */
export type ScheduleArgs = Omit<ScheduleFields, "description">;

const EXAMPLE = '!meet schedule "Team call" tomorrow 10:00';

type Detail = "duration" | "rule" | "until" | "participants";

/** English and German keywords; "jede Woche", "jeden Tag" and "alle 2 Wochen" all read naturally. */
const KEYWORDS = new Map<string, Detail>([
  ["for", "duration"],
  ["für", "duration"],
  ["every", "rule"],
  ["jede", "rule"],
  ["jeden", "rule"],
  ["jedes", "rule"],
  ["alle", "rule"],
  ["until", "until"],
  ["bis", "until"],
  ["with", "participants"],
  ["mit", "participants"],
]);

/** `rest` is the text after `schedule`. */
export function parseScheduleArgs(rest: string): ScheduleArgs {
  const [first, ...tokens] = tokenizeQuoted(rest, EXAMPLE);
  const title = parseTitle(first);
  const { when, details } = splitAtKeywords(tokens);
  if (when.length === 0) throw new UserError("schedule.missing_when");

  const args: ScheduleArgs = { title, when: when.join(" "), participants: [] };
  for (const [detail, { keyword, words }] of details) {
    if (detail === "participants") args.participants = parseParticipants(words.join(" "));
    else args[detail] = words.join(" ");
    // "with ," names nobody, just as "with" alone does.
    const empty = detail === "participants" ? args.participants.length === 0 : words.length === 0;
    if (empty) throw new UserError("schedule.missing_value", { keyword });
  }
  return args;
}

function parseTitle(token: Token | undefined): string {
  if (!token) throw new UserError("schedule.missing_title");
  // Without quotes there is no telling where "Team call tomorrow 10:00" stops being the title.
  if (!token.quoted) throw new UserError("schedule.title_unquoted");
  return checkTitle(token.text);
}

/** Words up to the first keyword are the time; each keyword collects the words up to the next one. */
function splitAtKeywords(tokens: Token[]): {
  when: string[];
  details: Map<Detail, { keyword: string; words: string[] }>;
} {
  const when: string[] = [];
  const details = new Map<Detail, { keyword: string; words: string[] }>();
  let current = when;
  for (const token of tokens) {
    // Quoting a keyword is the way to use it as an ordinary word.
    const detail = token.quoted ? undefined : KEYWORDS.get(token.text.toLowerCase());
    if (!detail) {
      current.push(token.text);
      continue;
    }
    if (details.has(detail)) throw new UserError("schedule.duplicate_keyword", { keyword: token.text });
    current = [];
    details.set(detail, { keyword: token.text, words: current });
  }
  return { when, details };
}

import { isUserId } from "../../../core/matrix/ids.js";
import { UserError } from "../../../core/errors/user-error.js";
import type { BreakoutGroup } from "../../../core/council/breakout-plan.js";
import { tokenizeQuoted } from "../parser.js";

export type BreakoutRequest =
  { kind: "count"; count: number } | { kind: "groups"; groups: BreakoutGroup[] } | { kind: "end" };

export const BREAKOUT_EXAMPLE =
  '!meet breakout "Budget" @a:example.org @b:example.org / "Staff" @c:example.org';

/**
 * `<n>`, `end`, or explicit groups: `"<name>" @a @b / "<name>" @c`. Each quoted name starts a group;
 * the slash between groups is optional, so a slash-less line reads the same.
 */
export function parseBreakoutRequest(text: string): BreakoutRequest {
  const tokens = tokenizeQuoted(text, BREAKOUT_EXAMPLE);
  const [first] = tokens;
  if (!first) throw new UserError("breakout.usage", { example: BREAKOUT_EXAMPLE });
  if (tokens.length === 1 && !first.quoted) {
    if (/^\d{1,3}$/.test(first.text)) return { kind: "count", count: Number(first.text) };
    if (first.text.toLowerCase() === "end") return { kind: "end" };
  }
  const groups: BreakoutGroup[] = [];
  for (const token of tokens) {
    if (token.quoted) groups.push({ name: token.text, members: [] });
    else if (token.text === "/") continue;
    else if (groups.length === 0) throw new UserError("breakout.usage", { example: BREAKOUT_EXAMPLE });
    else if (!isUserId(token.text))
      throw new UserError("breakout.not_a_user", { text: token.text.slice(0, 80) });
    else groups.at(-1)!.members.push(token.text);
  }
  return { kind: "groups", groups };
}

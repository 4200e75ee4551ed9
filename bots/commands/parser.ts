import { UserError } from "../../core/errors/user-error.js";
import { hasControlCharacter } from "../../core/text/control-characters.js";

export interface ParsedCommand {
  prefix: string;
  name: string | undefined;
  args: string[];
  /** The text after the command name, as typed. */
  rest: string;
}

export interface Token {
  text: string;
  /** Whether the user put this word (or words) in quotation marks. */
  quoted: boolean;
}

/**
 * The longest command accepted, in characters. Far below Matrix's 64 KB event size, so the parsers
 * behind the commands only ever see bounded text; enough for a schedule naming dozens of people or a
 * paragraph broadcast to breakout rooms.
 */
export const MAX_COMMAND_LENGTH = 4000;

/** Characters (code points) in `text`, counted no further than `limit + 1`. */
function lengthUpTo(text: string, limit: number): number {
  let count = 0;
  for (const _char of text) if (++count > limit) break;
  return count;
}

const QUOTES: Record<string, string> = { '"': '"', "“": "”", "„": "“", "«": "»", "»": "«" };

/** Returns undefined when the text is not addressed to one of the prefixes at all. */
export function parseCommand(
  text: string,
  prefixes: readonly string[],
  example: (prefix: string) => string,
): ParsedCommand | undefined {
  const trimmed = text.trim();
  const prefix = prefixes.find(
    (p) => trimmed === p || trimmed.startsWith(`${p} `) || trimmed.startsWith(`${p}\t`),
  );
  if (!prefix) return undefined;
  // Before any other parsing: an over-long text costs one count, and gets a one-line answer.
  if (lengthUpTo(trimmed, MAX_COMMAND_LENGTH) > MAX_COMMAND_LENGTH)
    throw new UserError("error.command_too_long", { length: [...trimmed].length, max: MAX_COMMAND_LENGTH });
  if (hasControlCharacter(trimmed.replace(/\t/g, " "))) throw new UserError("error.control_characters");
  const afterPrefix = trimmed.slice(prefix.length).trim();
  const [name, ...args] = tokenize(afterPrefix, example(prefix));
  const rest = afterPrefix.replace(/^\S+/, "").trim();
  return { prefix, name: name?.toLowerCase(), args, rest };
}

/** Splits on white space; quoted parts (straight, German or English typographic quotes) stay whole. */
export function tokenize(input: string, example: string): string[] {
  return tokenizeQuoted(input, example).map((token) => token.text);
}

/** Like tokenize, but says which words were quoted. */
export function tokenizeQuoted(input: string, example: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index]!;
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    const close = QUOTES[char];
    if (close !== undefined) {
      const end = input.indexOf(close, index + 1);
      if (end === -1) throw new UserError("error.unterminated_quote", { example });
      tokens.push({ text: input.slice(index + 1, end), quoted: true });
      index = end + 1;
      continue;
    }
    let end = index;
    while (end < input.length && !/\s/.test(input[end]!)) end++;
    tokens.push({ text: input.slice(index, end), quoted: false });
    index = end;
  }
  return tokens;
}

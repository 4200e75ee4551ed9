import { parseCommand, tokenize } from "../../bots/commands/parser.js";
import { UserError } from "../../core/errors/user-error.js";

const example = () => '!meet schedule "Team" tomorrow 10:00';

function errorKey(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error.key;
    throw error;
  }
  return undefined;
}

describe("command parser", () => {
  test("text not addressed to a known prefix is not a command", () => {
    expect(parseCommand("hello !meet help", ["!meet"], example)).toBeUndefined();
    expect(parseCommand("!meeting help", ["!meet"], example)).toBeUndefined();
  });

  test("the prefix alone is a command without a name", () => {
    expect(parseCommand("!meet", ["!meet"], example)).toEqual({
      prefix: "!meet",
      name: undefined,
      args: [],
      rest: "",
    });
  });

  test("the command name is case-insensitive and arguments keep their case", () => {
    expect(parseCommand("!meet HELP Schedule", ["!meet"], example)).toEqual({
      prefix: "!meet",
      name: "help",
      args: ["Schedule"],
      rest: "Schedule",
    });
  });

  test("quoted words stay together in straight, German and English quotes", () => {
    expect(tokenize(' "Team call" „Haushalt 2027“ “Q&A” plain', "")).toEqual([
      "Team call",
      "Haushalt 2027",
      "Q&A",
      "plain",
    ]);
  });

  test("an unclosed quote is refused with an example", () => {
    expect(errorKey(() => parseCommand('!meet schedule "Team call tomorrow', ["!meet"], example))).toBe(
      "error.unterminated_quote",
    );
  });

  test("a line break inside a command is refused as a control character", () => {
    expect(errorKey(() => parseCommand("!meet help\n!admin policy", ["!meet"], example))).toBe(
      "error.control_characters",
    );
  });

  test("other control characters are refused", () => {
    expect(errorKey(() => parseCommand("!meet help \u0007", ["!meet"], example))).toBe(
      "error.control_characters",
    );
  });
});

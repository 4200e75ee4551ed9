import fc from "fast-check";
import { MAX_COMMAND_LENGTH, parseCommand } from "../../bots/commands/parser.js";
import { parseScheduleArgs } from "../../bots/commands/meet/schedule-args.js";
import { UserError } from "../../core/errors/user-error.js";
import { MAX_WHEN_LENGTH, parseDate, parseWhen } from "../../core/meetings/when.js";
import { errorOf } from "../support/user-error.js";

// Friday 20 November 2026, 10:00 in Berlin.
const options = { now: new Date("2026-11-20T09:00:00Z"), timezone: "Europe/Berlin" };

/**
 * Pieces that make chrono work hard or that look like dates: German date forms, the words around
 * them, digits with separators, and long runs of punctuation.
 */
const piece = fc.oneof(
  fc.constantFrom(
    "morgen",
    "übermorgen",
    "nächsten",
    "Montag",
    "am",
    "um",
    "Uhr",
    "bis",
    "ab",
    "vom",
    "den",
    "1.",
    "12.",
    "1.12.",
    "2026",
    "10:00",
    "10.30",
    "in",
    "2",
    "Stunden",
    "Wochen",
    "tomorrow",
    "next",
    "monday",
    "-",
    ":",
    ".",
    ",",
    "/",
    " ",
  ),
  fc.string({ unit: fc.constantFrom(".", ",", ":", "-", "/", " ", "1", "0"), minLength: 1, maxLength: 400 }),
  fc.string({ maxLength: 8 }),
);
const adversarial = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(""));

/** Passes when `run` returns or refuses with a message for the user; any other failure is a bug. */
function outcomeOf(run: () => unknown): "ok" | UserError {
  try {
    run();
    return "ok";
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
}

describe("the command parser on long and adversarial input", () => {
  test("any text after a prefix is parsed or refused with a message; over the limit it is refused as too long", () => {
    const text = fc.oneof(adversarial, fc.string({ unit: "binary", maxLength: 200 }));
    fc.assert(
      fc.property(text, fc.nat({ max: 3 * MAX_COMMAND_LENGTH }), (typed, padding) => {
        const body = `!meet schedule "T" ${typed}${" x".repeat(padding / 2)}`;
        const outcome = outcomeOf(() => parseCommand(body, ["!meet"], () => "!meet help"));
        if ([...body.trim()].length > MAX_COMMAND_LENGTH)
          expect(outcome).toMatchObject({ key: "error.command_too_long" });
        else if (outcome !== "ok") expect(outcome.key).not.toBe("error.command_too_long");
      }),
      { numRuns: 300 },
    );
  });

  test("a 64 KB command is refused as too long, whatever it holds", () => {
    for (const filler of [".", ",", "„", '"', "1.", " x"]) {
      const body = `!meet schedule "T" morgen ${filler.repeat(64_000 / filler.length)}`;
      expect(errorOf(() => parseCommand(body, ["!meet"], () => "!meet help")).key).toBe(
        "error.command_too_long",
      );
    }
  });

  test("schedule arguments are read or refused with a message", () => {
    fc.assert(
      fc.property(adversarial, (typed) => {
        outcomeOf(() => parseScheduleArgs(`"Title" ${typed}`));
      }),
      { numRuns: 300 },
    );
  });
});

describe("the date parser on long and adversarial input", () => {
  test("a start is read or refused with a message; text over the limit is refused before it is parsed", () => {
    fc.assert(
      fc.property(adversarial, (typed) => {
        for (const parse of [parseWhen, parseDate]) {
          const outcome = outcomeOf(() => parse(typed, options));
          if (typed.trim().length > MAX_WHEN_LENGTH) expect(outcome).toMatchObject({ key: "when.too_long" });
          else if (outcome !== "ok") expect(outcome.key).not.toBe("when.too_long");
        }
      }),
      { numRuns: 300 },
    );
  });

  test("a run of punctuation after a German date is refused as too long, not handed to the parser", () => {
    const typed = `morgen 10 Uhr ${".,".repeat(2_000)}`;
    expect(errorOf(() => parseWhen(typed, options)).key).toBe("when.too_long");
  });

  test("a date at the limit is still read", () => {
    const typed = `morgen 10 Uhr${" ".repeat(MAX_WHEN_LENGTH - "morgen 10 Uhr".length - 1)}.`;
    expect(typed.length).toBe(MAX_WHEN_LENGTH);
    expect(parseWhen(typed, options).toISO()).toBe("2026-11-21T10:00:00.000+01:00");
  });
});

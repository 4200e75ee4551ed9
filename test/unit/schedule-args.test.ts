import { UserError } from "../../core/errors/user-error.js";
import fc from "fast-check";
import { parseScheduleArgs } from "../../bots/commands/meet/schedule-args.js";
import { checkTitle, parseParticipants } from "../../core/meetings/requests.js";
import { errorOf } from "../support/user-error.js";

describe("parseScheduleArgs", () => {
  test("a title and a time are enough", () => {
    expect(parseScheduleArgs('"Team call" tomorrow 10:00')).toEqual({
      title: "Team call",
      when: "tomorrow 10:00",
      participants: [],
    });
  });

  test("reads every detail in English", () => {
    expect(
      parseScheduleArgs(
        '"Team call" next monday 14:30 for 1h 30m every 2 weeks until 2027-03-31 with @alice:example.org, @bob:example.org',
      ),
    ).toEqual({
      title: "Team call",
      when: "next monday 14:30",
      duration: "1h 30m",
      rule: "2 weeks",
      until: "2027-03-31",
      participants: ["@alice:example.org", "@bob:example.org"],
    });
  });

  test("reads every detail in German", () => {
    expect(
      parseScheduleArgs(
        "„Haushalt 2027“ nächsten Montag 14:30 für 90 Minuten jede Woche bis 31.3.2027 mit @alice:example.org #team:example.org",
      ),
    ).toEqual({
      title: "Haushalt 2027",
      when: "nächsten Montag 14:30",
      duration: "90 Minuten",
      rule: "Woche",
      until: "31.3.2027",
      participants: ["@alice:example.org", "#team:example.org"],
    });
  });

  test.each([
    ["jeden Tag", "Tag"],
    ["jedes Monat", "Monat"],
    ["alle 2 Wochen", "2 Wochen"],
    ["every weekday", "weekday"],
    ["every RRULE:FREQ=WEEKLY;BYDAY=MO,WE", "RRULE:FREQ=WEEKLY;BYDAY=MO,WE"],
  ])("takes the words after the repetition keyword in %p as the rule", (typed, rule) => {
    expect(parseScheduleArgs(`"Jour fixe" morgen 9 Uhr ${typed}`).rule).toBe(rule);
  });

  test("details may come in any order", () => {
    expect(parseScheduleArgs('"Standup" 2026-12-01 09:00 with !room:example.org for 15m')).toEqual({
      title: "Standup",
      when: "2026-12-01 09:00",
      duration: "15m",
      participants: ["!room:example.org"],
    });
  });

  test("keywords are case-insensitive", () => {
    expect(parseScheduleArgs('"Standup" morgen 9 Uhr FÜR 15m Bis 31.12.2026').until).toBe("31.12.2026");
  });

  test("a keyword in quotation marks is an ordinary word", () => {
    expect(parseScheduleArgs('"Standup" morgen "bis" 9 Uhr').when).toBe("morgen bis 9 Uhr");
  });

  test("the title may be in German or English typographic quotes and keeps inner spaces", () => {
    expect(parseScheduleArgs("“Q&A  session” tomorrow 10:00").title).toBe("Q&A  session");
  });

  test("a participant named twice is listed once", () => {
    expect(parseScheduleArgs('"X" tomorrow 10:00 with @a:example.org @a:example.org').participants).toEqual([
      "@a:example.org",
    ]);
  });

  test("nothing at all is a missing title", () => {
    expect(errorOf(() => parseScheduleArgs("")).key).toBe("schedule.missing_title");
  });

  test("an empty quoted title is a missing title", () => {
    expect(errorOf(() => parseScheduleArgs('"  " tomorrow 10:00')).key).toBe("schedule.missing_title");
  });

  test.each(["Budget\nAgenda", "Bud\rget", "Bud\u0000get", "Budget\u0085"])(
    "a title with a line break or control character is refused, wherever it comes from: %j",
    (title) => {
      expect(errorOf(() => checkTitle(title)).key).toBe("schedule.title_control_characters");
    },
  );

  test("a title without quotation marks is refused", () => {
    expect(errorOf(() => parseScheduleArgs("Team call tomorrow 10:00")).key).toBe("schedule.title_unquoted");
  });

  test("an unclosed quotation mark is refused with the schedule example", () => {
    const error = errorOf(() => parseScheduleArgs('"Team call tomorrow 10:00'));
    expect(error.key).toBe("error.unterminated_quote");
    expect(error.params).toEqual({ example: '!meet schedule "Team call" tomorrow 10:00' });
  });

  test("a title of 200 characters is accepted", () => {
    expect(parseScheduleArgs(`"${"ä".repeat(200)}" tomorrow 10:00`).title).toHaveLength(200);
  });

  test("a title longer than 200 characters is refused, saying how long it is", () => {
    const error = errorOf(() => parseScheduleArgs(`"${"a".repeat(201)}" tomorrow 10:00`));
    expect(error.key).toBe("schedule.title_too_long");
    expect(error.params).toEqual({ length: 201, max: 200 });
  });

  test("a title without a time is refused", () => {
    expect(errorOf(() => parseScheduleArgs('"Team call"')).key).toBe("schedule.missing_when");
  });

  test("details without a time are refused", () => {
    expect(errorOf(() => parseScheduleArgs('"Team call" for 1h')).key).toBe("schedule.missing_when");
  });

  test("a keyword given twice is refused, naming the second one", () => {
    const error = errorOf(() => parseScheduleArgs('"Team call" tomorrow 10:00 for 1h für 2h'));
    expect(error.key).toBe("schedule.duplicate_keyword");
    expect(error.params).toEqual({ keyword: "für" });
  });

  test.each(["for", "every", "bis", "mit"])("nothing after %p is refused", (keyword) => {
    const error = errorOf(() => parseScheduleArgs(`"Team call" tomorrow 10:00 ${keyword}`));
    expect(error.key).toBe("schedule.missing_value");
    expect(error.params).toEqual({ keyword });
  });

  test("a participant list of nothing but commas is refused as empty", () => {
    expect(errorOf(() => parseScheduleArgs('"Team call" tomorrow 10:00 with , ,')).key).toBe(
      "schedule.missing_value",
    );
  });

  test("a participant that is no Matrix id is refused", () => {
    const error = errorOf(() => parseScheduleArgs('"Team call" tomorrow 10:00 with alice'));
    expect(error.key).toBe("schedule.bad_participant");
    expect(error.params).toEqual({ value: "alice", example: "@alice:example.org" });
  });

  test("on arbitrary text it fails only with messages for the user", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        try {
          parseScheduleArgs(text);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });

  test("on arbitrary text after a quoted title it fails only with messages for the user", () => {
    const words = fc.array(
      fc.oneof(
        fc.constantFrom(
          "for",
          "für",
          "every",
          "jede",
          "alle",
          "until",
          "bis",
          "with",
          "mit",
          ",",
          "@a:b.c",
          '"',
        ),
        fc.string({ maxLength: 12 }),
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(words, (typed) => {
        try {
          parseScheduleArgs(`"Title" ${typed.join(" ")}`);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("parseParticipants", () => {
  test.each([
    "@alice:example.org",
    "@a.b_c=d-e/f+g:example.org",
    "@alice:matrix.example.org:8448",
    "@alice:127.0.0.1",
    "@alice:[::1]:8448",
    "@alice:localhost",
    "!AbCdEfGhIjKlMnOp:example.org",
    "!kzMuQ3XG9FrLLLd9pqHs-WKipvUXBrPX9WubS1-mJVA",
    "#team-room:example.org",
  ])("accepts %s", (id) => {
    expect(parseParticipants(id)).toEqual([id]);
  });

  test("splits on spaces and commas", () => {
    expect(parseParticipants(" @a:x.org,@b:x.org ,  #c:x.org\t!d:x.org ")).toEqual([
      "@a:x.org",
      "@b:x.org",
      "#c:x.org",
      "!d:x.org",
    ]);
  });

  test("nothing is no one", () => {
    expect(parseParticipants("")).toEqual([]);
  });

  test.each([
    ["no sigil", "alice:example.org"],
    ["no server", "@alice"],
    ["an empty localpart", "@:example.org"],
    ["upper case in a user id", "@Alice:example.org"],
    ["a hyphen look-alike", "@team\u2010lead:example.org"],
    ["a Cyrillic look-alike in the server", "@alice:exаmple.org"],
    ["a full-width at sign", "＠alice:example.org"],
    ["a control character", "@alice:example.org\u0000"],
    ["a zero-width space", "@al\u200bice:example.org"],
    ["a server ending in a dot", "@alice:example.org."],
    ["a server label starting with a dash", "@alice:-example.org"],
    ["a bad port", "@alice:example.org:http"],
    ["a user id longer than 255 bytes", `@${"a".repeat(250)}:example.org`],
    ["a mail address", "alice@example.org"],
  ])("refuses %s", (_case, value) => {
    const error = errorOf(() => parseParticipants(`@ok:example.org ${value}`));
    expect(error.key).toBe("schedule.bad_participant");
    expect(error.params).toMatchObject({ value });
  });
});

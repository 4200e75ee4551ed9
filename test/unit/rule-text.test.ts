import { describeSeries } from "../../core/meetings/rule-text.js";
import type { Locale } from "../../core/i18n/translate.js";

/** Monday 7 December 2026, 10:00 in Berlin. */
const MONDAY = "2026-12-07T10:00:00+01:00";

function say(rrule: string, locale: Locale, start = MONDAY, timezone = "Europe/Berlin"): string {
  return describeSeries({ rrule, start, timezone }, locale);
}

describe("a series in words", () => {
  it.each<[string, string, string]>([
    ["FREQ=DAILY", "every day", "jeden Tag"],
    ["FREQ=DAILY;INTERVAL=3", "every 3 days", "alle 3 Tage"],
    ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday", "jeden Werktag"],
    ["FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "every weekday", "jeden Werktag"],
    ["FREQ=WEEKLY", "every week on Monday", "jede Woche am Montag"],
    ["FREQ=WEEKLY;BYDAY=FR,MO", "every week on Monday and Friday", "jede Woche am Montag und Freitag"],
    [
      "FREQ=WEEKLY;BYDAY=MO,WE,FR",
      "every week on Monday, Wednesday and Friday",
      "jede Woche am Montag, Mittwoch und Freitag",
    ],
    ["FREQ=WEEKLY;INTERVAL=2", "every 2 weeks on Monday", "alle 2 Wochen am Montag"],
    ["FREQ=MONTHLY", "every month on the 7th", "jeden Monat am 7."],
    ["FREQ=MONTHLY;BYMONTHDAY=1,15", "every month on the 1st and 15th", "jeden Monat am 1. und 15."],
    ["FREQ=MONTHLY;BYMONTHDAY=-1", "every month on the last day", "jeden Monat am letzten Tag"],
    ["FREQ=MONTHLY;BYDAY=2TU", "every month on the second Tuesday", "jeden Monat am zweiten Dienstag"],
    ["FREQ=MONTHLY;BYDAY=-1FR", "every month on the last Friday", "jeden Monat am letzten Freitag"],
    [
      "FREQ=MONTHLY;BYDAY=TH;BYSETPOS=1",
      "every month on the first Thursday",
      "jeden Monat am ersten Donnerstag",
    ],
    [
      "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO",
      "every 3 months on the first Monday",
      "alle 3 Monate am ersten Montag",
    ],
    ["FREQ=YEARLY", "every year on 7 December", "jedes Jahr am 7. Dezember"],
  ])("%s reads as “%s” and „%s“", (rule, english, german) => {
    expect(say(rule, "en")).toBe(english);
    expect(say(rule, "de")).toBe(german);
  });

  it("names the last day of a series ending at an instant in the meeting's zone", () => {
    // 21:59:59 UTC on 31 March is 23:59:59 in Berlin, still 31 March.
    expect(say("FREQ=WEEKLY;UNTIL=20270331T215959Z", "en")).toBe("every week on Monday until 31 March 2027");
    expect(say("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20270331T215959Z", "de")).toBe(
      "jeden Werktag bis 31.03.2027",
    );
  });

  it("counts the end day in the meeting's zone, not in UTC", () => {
    // 23:30 UTC on 30 March is already 31 March in Berlin.
    expect(say("FREQ=DAILY;UNTIL=20270330T233000Z", "en")).toBe("every day until 31 March 2027");
  });

  it("reads an end given as a date or a floating time", () => {
    expect(say("FREQ=DAILY;UNTIL=20270330", "de")).toBe("jeden Tag bis 30.03.2027");
    expect(say("FREQ=DAILY;UNTIL=20270330T235959", "en")).toBe("every day until 30 March 2027");
  });

  it("says how many times a counted series meets", () => {
    expect(say("FREQ=WEEKLY;COUNT=10", "en")).toBe("every week on Monday, 10 times");
    expect(say("FREQ=WEEKLY;COUNT=10", "de")).toBe("jede Woche am Montag, 10-mal");
    expect(say("FREQ=DAILY;COUNT=1", "en")).toBe("every day, once");
  });

  it("takes the weekday of the first meeting in the meeting's zone", () => {
    // 23:30 on Sunday in New York is Monday in UTC.
    expect(say("FREQ=WEEKLY", "en", "2026-12-06T23:30:00-05:00", "America/New_York")).toBe(
      "every week on Sunday",
    );
  });

  it("never shows a rule it cannot put in words, but says it repeats", () => {
    for (const rule of [
      "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
      "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1",
      "FREQ=DAILY;INTERVAL=2;BYDAY=MO",
    ]) {
      expect(say(rule, "en")).toBe("repeating by a custom rule");
      expect(say(`${rule};UNTIL=20270330`, "de")).toBe(
        "nach einer eigenen Regel wiederkehrend bis 30.03.2027",
      );
    }
  });
});

import { startsWhen } from "../../widgets/call/starts.js";
import { translator } from "../../widgets/shared/i18n.js";

// Local dates: the widget reads days in the viewer's zone, so the test does too, whatever TZ is.
const now = new Date(2026, 11, 3, 9, 15, 0);
const at = (day: number, hour: number, minute = 0) => new Date(2026, 11, day, hour, minute);
const en = (start: Date) => startsWhen(start, now, "en-GB", translator("en"));
const de = (start: Date) => startsWhen(start, now, "de-DE", translator("de"));

describe("the call widget says when the meeting starts as people speak", () => {
  test("within the coming minute it starts now", () => {
    expect(en(new Date(now.getTime() + 40_000))).toBe("Starts now");
    expect(de(new Date(now.getTime() + 40_000))).toBe("Beginnt jetzt");
  });

  test("within the hour it counts minutes", () => {
    expect(en(at(3, 9, 27))).toBe("Starts in 12 minutes");
    expect(de(at(3, 9, 27))).toBe("Beginnt in 12 Minuten");
  });

  test("later today and tomorrow it names the day and the time", () => {
    expect(en(at(3, 14))).toBe("Starts today at 14:00");
    expect(en(at(4, 10))).toBe("Starts tomorrow at 10:00");
    expect(de(at(4, 10))).toBe("Beginnt morgen um 10:00 Uhr");
  });

  test("within the week it names the weekday, beyond it the date", () => {
    expect(en(at(7, 10))).toBe("Starts on Monday at 10:00");
    expect(de(at(7, 10))).toBe("Beginnt am Montag um 10:00 Uhr");
    expect(en(at(24, 8, 30))).toBe("Starts on 24 December at 08:30");
    expect(de(new Date(2027, 0, 12, 10))).toBe("Beginnt am 12. Januar 2027 um 10:00 Uhr");
  });

  test("times follow the user's regional variant", () => {
    expect(startsWhen(at(4, 15), now, "en-US", translator("en"))).toBe("Starts tomorrow at 3:00 PM");
  });

  test("once the start has passed it says the meeting has started", () => {
    expect(en(at(3, 9))).toBe("The meeting has started.");
  });
});

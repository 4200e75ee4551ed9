import { errorOf } from "../support/user-error.js";
import { parseDuration } from "../../core/meetings/duration.js";

describe("parseDuration", () => {
  test.each([
    ["30m", 30],
    ["1h30m", 90],
    ["1h 30m", 90],
    ["90 min", 90],
    ["90 Minuten", 90],
    ["1,5 h", 90],
    ["1.5h", 90],
    ["2 Stunden", 120],
    ["2 Std.", 120],
    ["1 Stunde 15 Minuten", 75],
    ["1 hour and 30 minutes", 90],
    ["eine Stunde", 60],
    ["an hour", 60],
    ["24h", 1440],
  ])("reads %s as %i minutes", (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  test("a number alone counts as minutes", () => {
    expect(parseDuration("45")).toBe(45);
  });

  test("fractions are rounded to the minute", () => {
    expect(parseDuration("0.33h")).toBe(20);
  });

  test("units are case-insensitive and surrounding space is ignored", () => {
    expect(parseDuration("  1H 30MIN ")).toBe(90);
  });

  test.each(["", "soon", "1h30", "30m 1h", "1h 2h", "h", "1.5", "-30m", "1 fortnight"])(
    "%p is refused as unreadable",
    (text) => {
      const error = errorOf(() => parseDuration(text));
      expect(error.key).toBe("duration.unparseable");
      expect(error.params).toEqual({ text: text.trim() });
    },
  );

  test("less than five minutes is refused, saying how many minutes were understood", () => {
    const error = errorOf(() => parseDuration("4m"));
    expect(error.key).toBe("duration.out_of_range");
    expect(error.params).toEqual({ text: "4m", minutes: 4 });
  });

  test("more than a day is refused", () => {
    expect(errorOf(() => parseDuration("1441")).key).toBe("duration.out_of_range");
  });

  test("five minutes is the shortest meeting", () => {
    expect(parseDuration("5")).toBe(5);
  });
});

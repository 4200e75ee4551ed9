import { durationMs } from "../../core/time/duration-text.js";

describe("configured durations", () => {
  test("seconds, minutes and hours are read as milliseconds", () => {
    expect([durationMs("15s"), durationMs("2m"), durationMs("1h")]).toEqual([15_000, 120_000, 3_600_000]);
  });

  test("a duration without a unit is refused with a message naming it", () => {
    expect(() => durationMs("15")).toThrow('expected a duration such as 15s, 2m or 1h, got "15"');
  });
});

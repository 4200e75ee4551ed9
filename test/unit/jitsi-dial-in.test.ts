import { dialInLine, dialInNumbersResponse, formatPin } from "../../core/meetings/dial-in-numbers.js";
import { fixtureJson } from "../support/fixtures.js";

const fixture: unknown = fixtureJson("jitsi/dial-in-numbers.array.json");

// The configuration behind the fixture: Germany first, then the United States' local and toll-free numbers.
const fixtureConfig = { DE: ["+49 30 23125 456"], US: ["+1 202-555-0143", "+1 800-555-0199"] };
const PIN = 8374629105;

describe("dialInNumbersResponse", () => {
  test("gives the fixture's array for the fixture's numbers", () => {
    expect(dialInNumbersResponse(fixtureConfig)).toStrictEqual(fixture);
  });

  test("gives the sample configuration's single number as default", () => {
    expect(dialInNumbersResponse({ DE: ["+49 611 000000"] })).toStrictEqual([
      { countryCode: "DE", tollFree: false, formattedNumber: "+49 611 000000", default: true },
    ]);
  });

  test("marks exactly one number default: the first the operator listed", () => {
    const numbers = dialInNumbersResponse({
      US: ["+1 202-555-0143"],
      DE: ["+49 30 23125 456", "+49 611 000000"],
    });
    expect(numbers.filter((number) => number.default).map((number) => number.formattedNumber)).toEqual([
      "+1 202-555-0143",
    ]);
  });

  test("keeps the operator's order of countries and numbers", () => {
    const numbers = dialInNumbersResponse({
      US: ["+1 202-555-0143"],
      DE: ["+49 30 23125 456", "+49 611 000000"],
    });
    expect(numbers.map((number) => `${number.countryCode} ${number.formattedNumber}`)).toEqual([
      "US +1 202-555-0143",
      "DE +49 30 23125 456",
      "DE +49 611 000000",
    ]);
  });

  test("skips a country without numbers when choosing the default", () => {
    expect(dialInNumbersResponse({ AT: [], DE: ["+49 611 000000"] })[0]).toMatchObject({
      countryCode: "DE",
      default: true,
    });
  });

  test("is empty when no numbers are configured", () => {
    expect(dialInNumbersResponse({})).toEqual([]);
  });

  test.each([
    ["+1 800-555-0199", true],
    ["+1 (888) 555-0199", true],
    ["+49 800 1234567", true],
    ["+44 808 157 0192", true],
    ["+33 805 12 34 56", true],
    ["+1 202-555-0143", false],
    ["+49 30 23125 456", false],
    ["+49 900 1234567", false],
    ["0800 1234567", false],
    // Free in Spain, but Spain is not in the table, and a number Plenum is unsure of is never called free.
    ["+34 900 123 456", false],
  ])("calls %p toll-free: %p", (formattedNumber, tollFree) => {
    expect(dialInNumbersResponse({ XX: [formattedNumber] })[0]?.tollFree).toBe(tollFree);
  });
});

describe("dialInLine", () => {
  test("names the default number, its country and the PIN as Jitsi Meet shows it", () => {
    expect(dialInLine({ DE: ["+49 611 000000"] }, PIN)).toBe(
      "Dial-in: +49 611 000000 (DE), PIN 8374 6291 05",
    );
  });

  test("uses the number Jitsi Meet shows as default", () => {
    expect(dialInLine(fixtureConfig, PIN)).toBe("Dial-in: +49 30 23125 456 (DE), PIN 8374 6291 05");
  });

  test("is undefined without numbers", () => {
    expect(dialInLine({}, PIN)).toBeUndefined();
  });
});

describe("formatPin", () => {
  test.each([
    [8374629105, "8374 6291 05"],
    [123456, "12 34 56"],
    [1234567, "123 456 7"],
    [12, "1 2"],
  ])("groups %p as %p", (pin, text) => {
    expect(formatPin(pin)).toBe(text);
  });
});

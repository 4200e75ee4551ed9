import fc from "fast-check";
import { UserError } from "../../core/errors/user-error.js";
import {
  isMeetingId,
  newMeetingId,
  normalizeMeetingId,
  parseMeetingId,
} from "../../core/meetings/meeting-id.js";

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Hands out the given bytes in order, as many as asked for each time. */
function bytesFrom(values: number[]): (size: number) => Buffer {
  let next = 0;
  return (size) => {
    const chunk = Buffer.from(values.slice(next, next + size));
    next += size;
    return chunk;
  };
}

describe("newMeetingId", () => {
  test("is two groups of three characters joined by a dash", () => {
    expect(newMeetingId()).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  });

  test("uses only characters that cannot be mistaken for others", () => {
    const characters = Array.from({ length: 200 }, () => newMeetingId().replace("-", "")).join("");
    expect([...characters].every((c) => ALPHABET.includes(c))).toBe(true);
    expect(characters).not.toMatch(/[01ILOU]/);
  });

  test("maps each random byte onto the alphabet", () => {
    expect(newMeetingId(bytesFrom([0, 1, 2, 29, 30, 59]))).toBe("234-Z2Z");
  });

  test("draws again for bytes that would favour the first characters", () => {
    expect(newMeetingId(bytesFrom([240, 0, 255, 1, 2, 3, 4, 5, 6]))).toBe("234-567");
  });

  // Uniqueness is the scheduler's job (it draws again while an id is taken): among 30^6 ids a birthday
  // collision in a few thousand draws is likely enough to make a test of it flaky.
  test("can draw every character of the alphabet at every position", () => {
    const alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (const [index, character] of [...alphabet].entries()) {
      const triple = character.repeat(3);
      expect(newMeetingId(bytesFrom(Array<number>(6).fill(index)))).toBe(`${triple}-${triple}`);
    }
  });

  test("is a meeting id", () => {
    expect(isMeetingId(newMeetingId())).toBe(true);
  });
});

describe("normalizeMeetingId", () => {
  test("accepts lower case", () => {
    expect(normalizeMeetingId("k7q-4mx")).toBe("K7Q-4MX");
  });

  test("accepts a missing dash", () => {
    expect(normalizeMeetingId("K7Q4MX")).toBe("K7Q-4MX");
  });

  test("ignores surrounding white space", () => {
    expect(normalizeMeetingId("  k7q4mx ")).toBe("K7Q-4MX");
  });

  test.each(["", "K7Q-4M", "K7Q-4MXX", "K7Q--4MX", "K7Q 4MX", "O7Q-4MX", "K1Q-4MX", "KUQ-4MX", "K7Q_4MX"])(
    "refuses %p",
    (text) => {
      expect(normalizeMeetingId(text)).toBeUndefined();
    },
  );

  test("gives back every id newMeetingId makes, however it is typed", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 64, maxLength: 64 }),
        fc.boolean(),
        fc.boolean(),
        (bytes, lowerCase, withoutDash) => {
          const id = newMeetingId(bytesFrom(bytes));
          let typed = lowerCase ? id.toLowerCase() : id;
          if (withoutDash) typed = typed.replace("-", "");
          expect(normalizeMeetingId(typed)).toBe(id);
        },
      ),
    );
  });
});

describe("isMeetingId", () => {
  test("accepts only the canonical form", () => {
    expect(isMeetingId("K7Q-4MX")).toBe(true);
    expect(isMeetingId("k7q-4mx")).toBe(false);
    expect(isMeetingId("K7Q4MX")).toBe(false);
  });
});

describe("parseMeetingId", () => {
  test("normalizes like normalizeMeetingId", () => {
    expect(parseMeetingId("k7q4mx")).toBe("K7Q-4MX");
  });

  test("refuses text that is no id, showing what one looks like", () => {
    expect(() => parseMeetingId("tomorrow")).toThrow(UserError);
    try {
      parseMeetingId(" tomorrow ");
    } catch (error) {
      expect(error).toMatchObject({
        key: "meetingid.invalid",
        params: { text: "tomorrow", example: "K7Q-4MX" },
      });
    }
  });
});

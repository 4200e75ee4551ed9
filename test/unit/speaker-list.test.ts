import { errorOf } from "../support/user-error.js";
import {
  EMPTY_LIST,
  nextSpeaker,
  parseSpeakingTime,
  renderSpeakerList,
  requestToSpeak,
  withdraw,
} from "../../core/council/speaker-list.js";

const AT = Date.parse("2026-11-23T09:00:00Z");

describe("the list of speakers", () => {
  const two = requestToSpeak(requestToSpeak(EMPTY_LIST, "@a:x", "Budget", AT), "@b:x", null, AT + 1);

  test("speakers wait in the order they asked", () => {
    expect(two.waiting.map((r) => r.userId)).toEqual(["@a:x", "@b:x"]);
    expect(two.waiting[0]!.topic).toBe("Budget");
  });

  test("asking twice is refused with the position already held", () => {
    const error = errorOf(() => requestToSpeak(two, "@b:x", null, AT));
    expect([error.key, error.params]).toEqual(["speakers.already_waiting", { position: 2 }]);
  });

  test("the one who has the floor cannot ask again", () => {
    const speaking = nextSpeaker(two, AT);
    expect(errorOf(() => requestToSpeak(speaking, "@a:x", null, AT))?.key).toBe("speakers.already_speaking");
  });

  test("next gives the floor to the first in line, with an end when a speaking time is set", () => {
    const speaking = nextSpeaker(two, AT, 180);
    expect(speaking.current).toEqual({ userId: "@a:x", topic: "Budget", since: AT, until: AT + 180_000 });
    expect(speaking.waiting.map((r) => r.userId)).toEqual(["@b:x"]);
  });

  test("next on an empty queue leaves the floor free", () => {
    expect(nextSpeaker(nextSpeaker(EMPTY_LIST, AT), AT)).toEqual(EMPTY_LIST);
  });

  test("withdrawing leaves the queue; the speaker withdrawing gives up the floor", () => {
    expect(withdraw(two, "@a:x").waiting.map((r) => r.userId)).toEqual(["@b:x"]);
    expect(withdraw(nextSpeaker(two, AT), "@a:x").current).toBeNull();
  });

  test("withdrawing without being on the list is refused", () => {
    expect(errorOf(() => withdraw(two, "@c:x"))?.key).toBe("speakers.not_waiting");
  });

  test("an overlong topic is refused", () => {
    expect(errorOf(() => requestToSpeak(EMPTY_LIST, "@a:x", "x".repeat(121), AT))?.key).toBe(
      "speakers.topic_too_long",
    );
  });

  test("the rendered list names the speaker, the end of the speaking time and the queue", () => {
    const text = renderSpeakerList(nextSpeaker(two, AT, 180), {
      title: "Rat",
      locale: "en",
      zone: "Europe/Berlin",
    });
    expect(text).toBe(
      [
        "List of speakers: “Rat”",
        "🎤 Speaking: @a:x on “Budget” (until 10:03)",
        "Waiting:",
        "1. @b:x",
        "Ask to speak with !meet speak [topic], leave the list with !meet withdraw.",
      ].join("\n"),
    );
  });
});

describe("parseSpeakingTime", () => {
  test.each([
    ["3m", 180],
    ["90s", 90],
    ["1m30s", 90],
    ["2 min", 120],
    ["1 Minute", 60],
  ])("reads %s as %i seconds", (text, seconds) => {
    expect(parseSpeakingTime(text)).toBe(seconds);
  });

  test.each(["", "soon", "3h", "-1m"])("refuses “%s”", (text) => {
    expect(errorOf(() => parseSpeakingTime(text))?.key).toBe("speakers.time_unparseable");
  });

  test.each(["5s", "61m"])("refuses %s as out of range", (text) => {
    expect(errorOf(() => parseSpeakingTime(text))?.key).toBe("speakers.time_out_of_range");
  });
});

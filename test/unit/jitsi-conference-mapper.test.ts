import fc from "fast-check";
import { PIN_DIGITS, pinCandidate } from "../../core/meetings/dial-in-pin.js";
import {
  mapperNoPinResponse,
  mapperNotFoundResponse,
  mapperResponseForConference,
  mapperResponseForPin,
  mucDomainFor,
  parseMapperQuery,
} from "../../bridge/jitsi/conference-mapper.js";
import { roomIdForConference } from "../../core/meetings/conference.js";
import { fixtureJson } from "../support/fixtures.js";

function fixture(name: string): unknown {
  return fixtureJson(`jitsi/jigasi/${name}`);
}

const ELEMENT_NAME = "EFAWEQ3EIVTEO2CJNJFWYTLOJ5YDUZLYMFWXA3DFFZXXEZY";
const MUC = "conference.meet.example.org";
const PIN = 8374629105;
const SECRET = "change-me-hs-token-0000";

describe("mapper replies", () => {
  test("a conference lookup gets the fixture's reply, with the conference lower-cased", () => {
    expect(mapperResponseForConference(PIN, ELEMENT_NAME, MUC)).toStrictEqual(
      fixture("conference-mapper-by-conference.json"),
    );
  });

  test("a PIN lookup gets the fixture's reply", () => {
    expect(mapperResponseForPin(PIN, ELEMENT_NAME, MUC)).toStrictEqual(
      fixture("conference-mapper-by-id.json"),
    );
  });

  test("an unknown PIN is echoed with conference false, as the fixture shows", () => {
    expect(mapperNotFoundResponse(1234567890)).toStrictEqual(
      fixture("conference-mapper-by-id.not-found.json"),
    );
  });

  test("a conference without a PIN gets a message Jitsi Meet can show", () => {
    expect(mapperNoPinResponse("lobby", MUC, "No dial-in for this conference.")).toStrictEqual({
      message: "No dial-in for this conference.",
      conference: `lobby@${MUC}`,
    });
  });
});

describe("parseMapperQuery", () => {
  test("reads the web client's lookup and leads back to the Matrix room", () => {
    const query = { conference: `${ELEMENT_NAME}@${MUC}`, url: `https://meet.example.org/${ELEMENT_NAME}` };
    const parsed = parseMapperQuery(query, MUC);
    expect(parsed).toEqual({ kind: "conference", conferenceName: ELEMENT_NAME.toLowerCase() });
    expect(parsed.kind === "conference" && roomIdForConference(parsed.conferenceName)).toBe(
      "!AbCdEfGhIjKlMnOp:example.org",
    );
  });

  test("reads the IVR's PIN lookup", () => {
    expect(parseMapperQuery({ id: String(PIN) }, MUC)).toEqual({ kind: "pin", pin: PIN });
  });

  test("prefers the conference when both are given, as Jitsi's API description says", () => {
    expect(parseMapperQuery({ conference: `room@${MUC}`, id: "123" }, MUC)).toEqual({
      kind: "conference",
      conferenceName: "room",
    });
  });

  test("compares the MUC domain without regard to case", () => {
    expect(parseMapperQuery({ conference: `room@CONFERENCE.Meet.Example.org` }, MUC).kind).toBe("conference");
  });

  test.each([
    ["another MUC domain", { conference: "room@conference.elsewhere.org" }],
    ["no MUC domain", { conference: ELEMENT_NAME }],
    ["an empty room", { conference: `@${MUC}` }],
    ["a room with a resource", { conference: `a/b@${MUC}` }],
    ["two @", { conference: `a@b@${MUC}` }],
    ["a repeated conference", { conference: [`a@${MUC}`, `b@${MUC}`] }],
    ["a PIN with letters", { id: "12a4" }],
    ["an empty PIN", { id: "" }],
    ["a PIN too long to be a number", { id: "1234567890123456" }],
    ["a repeated PIN", { id: ["1", "2"] }],
    ["neither conference nor id", { url: "https://meet.example.org/room" }],
  ])("calls %s invalid", (_case, query) => {
    expect(parseMapperQuery(query, MUC).kind).toBe("invalid");
  });
});

describe("pinCandidate", () => {
  test("is the same for the same meeting, attempt and secret", () => {
    expect(pinCandidate("K7Q-4MX", 0, SECRET)).toBe(pinCandidate("K7Q-4MX", 0, SECRET));
  });

  test("changes with the attempt, so a collision can be retried", () => {
    expect(pinCandidate("K7Q-4MX", 1, SECRET)).not.toBe(pinCandidate("K7Q-4MX", 0, SECRET));
  });

  test("changes with the secret, so a meeting id alone does not reveal the PIN", () => {
    expect(pinCandidate("K7Q-4MX", 0, "another-secret-000000")).not.toBe(pinCandidate("K7Q-4MX", 0, SECRET));
  });

  test("always has ten digits, the first never 0", () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(1000), (meetingId, attempt) => {
        expect(String(pinCandidate(meetingId, attempt, SECRET))).toMatch(
          new RegExp(`^[1-9]\\d{${PIN_DIGITS - 1}}$`),
        );
      }),
    );
  });

  test("gives 10,000 meetings 10,000 different PINs", () => {
    const pins = new Set(Array.from({ length: 10_000 }, (_, index) => pinCandidate(`M${index}`, 0, SECRET)));
    expect(pins.size).toBe(10_000);
  });

  test.each([-1, 0.5, Number.NaN])("refuses attempt %p", (attempt) => {
    expect(() => pinCandidate("K7Q-4MX", attempt, SECRET)).toThrow(RangeError);
  });
});

describe("mucDomainFor", () => {
  test("is the configured MUC domain", () => {
    expect(mucDomainFor({ domain: "meet.example.org", muc_domain: "muc.example.org" })).toBe(
      "muc.example.org",
    );
  });

  test("defaults to Jitsi's conference.<domain>", () => {
    expect(mucDomainFor({ domain: "meet.example.org" })).toBe(MUC);
  });
});

import fc from "fast-check";
import { conferenceNameForRoom, roomIdForConference } from "../../core/meetings/conference.js";

// The room of test/fixtures/ and the name Element Web gives its Jitsi conference.
const roomId = "!AbCdEfGhIjKlMnOp:example.org";
const elementName = "EFAWEQ3EIVTEO2CJNJFWYTLOJ5YDUZLYMFWXA3DFFZXXEZY";
// Room version 12: the create event's reference hash, no server part.
const v12RoomId = "!kzMuQ3XG9FrLLLd9pqHs-WKipvUXBrPX9WubS1-mJVA";

describe("conferenceNameForRoom", () => {
  test("is the name Element Web uses for the same room", () => {
    expect(conferenceNameForRoom(roomId)).toBe(elementName);
  });

  test.each([
    ["f", "MY"],
    ["fo", "MZXQ"],
    ["foo", "MZXW6"],
    ["foob", "MZXW6YQ"],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI"],
  ])("encodes %p like the RFC 4648 test vectors, without padding", (text, encoded) => {
    expect(conferenceNameForRoom(text)).toBe(encoded);
  });

  test("encodes the UTF-8 bytes of non-ASCII room ids", () => {
    expect(conferenceNameForRoom("!ä:x")).toBe("EHB2IOTY");
  });
});

describe("roomIdForConference", () => {
  test("decodes Element's upper-case name", () => {
    expect(roomIdForConference(elementName)).toBe(roomId);
  });

  test("decodes the lower-case name Jitsi passes on", () => {
    expect(roomIdForConference(elementName.toLowerCase())).toBe(roomId);
  });

  test("decodes the name of a room version 12 room, whose id has no server part", () => {
    expect(roomIdForConference(conferenceNameForRoom(v12RoomId).toLowerCase())).toBe(v12RoomId);
  });

  test("decodes every name conferenceNameForRoom makes back to its room", () => {
    const localpart = fc.stringMatching(/^[A-Za-z0-9]{1,30}$/);
    const server = fc.domain();
    fc.assert(
      fc.property(localpart, server, (opaque, host) => {
        const id = `!${opaque}:${host}`;
        expect(roomIdForConference(conferenceNameForRoom(id))).toBe(id);
      }),
    );
  });

  test("decodes every room version 12 name back to its room", () => {
    const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(hash, (bytes) => {
        const id = `!${Buffer.from(bytes).toString("base64url")}`;
        expect(roomIdForConference(conferenceNameForRoom(id))).toBe(id);
      }),
    );
  });

  test.each([
    ["an empty name", ""],
    ["characters outside base32", "EFAWEQ3EIVTEO2CJ0"],
    ["padding", `${elementName}=`],
    ["a length no encoding produces", "EFA"],
    ["set padding bits", "MZ"],
    ["a decoding that is not a room id", conferenceNameForRoom("@alice:example.org")],
    ["a room id whose server is no server name", conferenceNameForRoom("!AbCdEf:example..org")],
    ["a room id with a look-alike letter", conferenceNameForRoom("!АbCdEf:example.org")],
    ["bytes that are not UTF-8", "74"],
    ["a name containing white space", conferenceNameForRoom("!a b:example.org")],
  ])("gives undefined for %s", (_case, name) => {
    expect(roomIdForConference(name)).toBeUndefined();
  });
});

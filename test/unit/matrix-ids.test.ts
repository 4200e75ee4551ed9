import {
  isConformingLocalpart,
  isConformingUserId,
  isEventId,
  isRoomAlias,
  isRoomId,
  isServerName,
  isUserId,
  parseUserId,
  roomIdSchema,
  userIdSchema,
  userServerName,
} from "../../core/matrix/ids.js";

// A room version 12 room id: "!" and a SHA-256 in URL-safe unpadded base64, as Synapse makes them.
const V12_ROOM_ID = "!kzMuQ3XG9FrLLLd9pqHs-WKipvUXBrPX9WubS1-mJVA";

describe("server names", () => {
  test.each([
    "matrix.org",
    "matrix.org:8888",
    "1.2.3.4",
    "1.2.3.4:1234",
    "[1234:5678::abcd]",
    "[1234:5678::abcd]:5678",
    "[::ffff:1.2.3.4]",
    "[::]",
    "[1:2:3:4:5:6:7:8]:8448",
    "[1:2:3:4:5:6:1.2.3.4]",
    "[fe80::]",
    "localhost",
    "Example.ORG",
    "xn--bcher-kva.example",
  ])("%s is one", (name) => {
    expect(isServerName(name)).toBe(true);
  });

  test.each([
    ["an empty text", ""],
    ["a name ending in a dot", "example.org."],
    ["an empty label", "example..org"],
    ["a label starting with a dash", "-example.org"],
    ["a label longer than 63 characters", `${"a".repeat(64)}.org`],
    ["an IPv4 address with a part above 255", "256.1.1.1"],
    ["a port that is not a number", "example.org:http"],
    ["an empty port", "example.org:"],
    ["a port above 65535", "example.org:65536"],
    ["an IPv6 address without brackets", "1234:5678::abcd"],
    ["a bracketed text that is no IPv6 address", "[1234:5678::abcg]"],
    ["an unclosed bracket", "[::1"],
    ["an IPv6 address with nine groups", "[1:2:3:4:5:6:7:8:9]"],
    ["an IPv6 address with seven groups and no ::", "[1:2:3:4:5:6:7]"],
    ["an IPv6 address with :: twice", "[1::2::3]"],
    ["an IPv6 group of five digits", "[12345::1]"],
    ["an IPv6 address starting with a single colon", "[:1::2]"],
    ["an IPv6 address with a bad IPv4 tail", "[::ffff:1.2.3.256]"],
    ["an IPv6 address with eight groups and ::", "[1:2:3:4::5:6:7:8]"],
    ["a Cyrillic look-alike letter", "exаmple.org"],
    ["a full-width dot", "example\uff0eorg"],
    ["a space", "example .org"],
    ["an underscore", "my_server.org"],
  ])("%s is none", (_what, name) => {
    expect(isServerName(name)).toBe(false);
  });
});

describe("user ids", () => {
  test.each([
    "@jane:matrix.org",
    "@x.y_z=1-2/3+4:example.org",
    "@jane:matrix.org:8888",
    "@jane:1.2.3.4:1234",
    "@jane:[1234:5678::abcd]",
    `@${"a".repeat(242)}:example.org`,
  ])("%s is one in today's grammar", (id) => {
    expect([isUserId(id), isConformingUserId(id)]).toEqual([true, true]);
  });

  test.each(["@Alice:example.org", "@alice(x)|y!:example.org", '@"quoted"@:example.org'])(
    "%s is a historical user id: accepted, but not in today's grammar",
    (id) => {
      expect([isUserId(id), isConformingUserId(id)]).toEqual([true, false]);
    },
  );

  test.each([
    ["no sigil", "alice:example.org"],
    ["no server", "@alice"],
    ["an empty localpart", "@:example.org"],
    ["an empty server", "@alice:"],
    ["a Cyrillic look-alike letter", "@аlice:example.org"],
    ["a Cyrillic look-alike letter in the server", "@alice:exаmple.org"],
    ["a full-width at sign", "＠alice:example.org"],
    ["a hyphen look-alike", "@team\u2010lead:example.org"],
    ["a zero-width space", "@al\u200bice:example.org"],
    ["a NUL", "@alice\u0000:example.org"],
    ["a line break", "@alice:example.org\n!admin"],
    ["a space", "@al ice:example.org"],
    ["a bad port", "@alice:example.org:http"],
    ["more than 255 bytes", `@${"a".repeat(243)}:example.org`],
    ["a mail address", "alice@example.org"],
  ])("one with %s is refused", (_what, id) => {
    expect(isUserId(id)).toBe(false);
    expect(isConformingUserId(id)).toBe(false);
  });

  test("a localpart of a-z, 0-9 and ._=-/+ is one in today's grammar, anything else is not", () => {
    expect(["plenum", "x.y_z=1-2/3+4"].map(isConformingLocalpart)).toEqual([true, true]);
    expect(["", "Plenum", "plenum:x", "plen um", "plеnum"].map(isConformingLocalpart)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  test("parsing splits the localpart from the server name at the first colon", () => {
    expect(parseUserId("@alice:[::1]:8448")).toEqual({ localpart: "alice", serverName: "[::1]:8448" });
    expect(userServerName("@alice:matrix.example.org:8448")).toBe("matrix.example.org:8448");
    expect(parseUserId("@alice")).toBeUndefined();
  });
});

describe("room ids", () => {
  test.each([
    ["up to room version 11, with a server", "!AbCdEfGhIjKlMnOp:example.org"],
    ["with a port and an IPv6 server", "!abc:[::1]:8448"],
    ["of room version 12, without a server", V12_ROOM_ID],
  ])("one %s is accepted", (_what, id) => {
    expect(isRoomId(id)).toBe(true);
  });

  test.each([
    ["no sigil", "AbCdEf:example.org"],
    ["only the sigil", "!"],
    ["an empty opaque part", "!:example.org"],
    ["an empty server", "!abc:"],
    ["a server that is no server name", "!abc:bad server"],
    ["a Cyrillic look-alike letter", V12_ROOM_ID.replace("k", "к")],
    ["a space", "!ab c"],
    ["an alias sigil", "#abc:example.org"],
    ["more than 255 bytes", `!${"a".repeat(255)}`],
  ])("one with %s is refused", (_what, id) => {
    expect(isRoomId(id)).toBe(false);
  });
});

describe("room aliases", () => {
  test("an alias names a server", () => {
    expect(isRoomAlias("#team:example.org")).toBe(true);
    expect(isRoomAlias("#team-room_1:matrix.example.org:8448")).toBe(true);
    expect(isRoomAlias("#team")).toBe(false);
  });

  test.each([
    ["an empty localpart", "#:example.org"],
    ["a Cyrillic look-alike letter", "#tеam:example.org"],
    ["a room id", "!team:example.org"],
    ["more than 255 bytes", `#${"a".repeat(243)}:example.org`],
  ])("one with %s is refused", (_what, alias) => {
    expect(isRoomAlias(alias)).toBe(false);
  });
});

describe("event ids", () => {
  test.each([
    ["of room versions 1 and 2, with a server", "$h29iv0s8:example.org"],
    ["of room version 3, in standard base64", "$LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE"],
    ["of room version 4 on, in URL-safe base64", "$kzMuQ3XG9FrLLLd9pqHs-WKipvUXBrPX9WubS1-mJVA"],
  ])("one %s is accepted", (_what, id) => {
    expect(isEventId(id)).toBe(true);
  });

  test.each([
    ["no sigil", "kzMuQ3XG9FrLLLd9pqHs"],
    ["only the sigil", "$"],
    ["a space", "$abc def"],
    ["a room sigil", V12_ROOM_ID],
  ])("one with %s is refused", (_what, id) => {
    expect(isEventId(id)).toBe(false);
  });
});

describe("zod refinements", () => {
  test("a schema's problem names the kind of id expected", () => {
    const result = userIdSchema.safeParse("@аlice:example.org");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("expected a Matrix user id such as @alice:example.org");
  });

  test("a room id schema accepts room version 12 ids", () => {
    expect(roomIdSchema.parse(V12_ROOM_ID)).toBe(V12_ROOM_ID);
  });
});

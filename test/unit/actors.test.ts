import { actorMatches, parseActor } from "../../core/access/actors.js";
import { errorOf } from "../support/user-error.js";

const nobodyJoined = { isJoined: async () => false };

describe("policy actors", () => {
  test.each([
    ["@jane:example.org", { kind: "user", userId: "@jane:example.org" }],
    ["@*:example.org", { kind: "glob", pattern: "@*:example.org" }],
    ["@team-*:example.org", { kind: "glob", pattern: "@team-*:example.org" }],
    ["Example.ORG", { kind: "server", serverName: "example.org" }],
    ["matrix.example.org:8448", { kind: "server", serverName: "matrix.example.org:8448" }],
    ["!staff:example.org", { kind: "room", roomId: "!staff:example.org" }],
    ["!Abc123_-xyz", { kind: "room", roomId: "!Abc123_-xyz" }],
  ])("“%s” is read as %o", (text, actor) => {
    expect(parseActor(text)).toEqual(actor);
  });

  test.each([
    ["a look-alike user id with a Cyrillic а", "@jаne:example.org"],
    ["a user id with a line break", "@jane:example.org\n!admin"],
    ["a user id without a server", "@jane"],
    ["a server name with a space", "example .org"],
    ["an empty text", ""],
    ["a text longer than any Matrix id", `@${"a".repeat(300)}:example.org`],
  ])("%s is refused", (_what, text) => {
    expect(errorOf(() => parseActor(text)).key).toBe("policy.invalid_actor");
  });

  test("a glob matches user ids of its pattern only", async () => {
    const glob = parseActor("@*:example.org");
    expect(await actorMatches(glob, "@jane:example.org", nobodyJoined)).toBe(true);
    expect(await actorMatches(glob, "@jane:example.org.evil.net", nobodyJoined)).toBe(false);
    expect(await actorMatches(glob, "@jane:evil.net", nobodyJoined)).toBe(false);
  });

  test("dots in a glob are literal", async () => {
    expect(await actorMatches(parseActor("@*:example.org"), "@jane:exampleXorg", nobodyJoined)).toBe(false);
  });

  test("a server actor matches every user of that server, ignoring case", async () => {
    expect(await actorMatches(parseActor("example.org"), "@jane:EXAMPLE.org", nobodyJoined)).toBe(true);
    expect(await actorMatches(parseActor("example.org"), "@jane:other.org", nobodyJoined)).toBe(false);
  });

  test("a room actor matches the members that room has now", async () => {
    const staff = {
      isJoined: async (roomId: string, userId: string) => roomId === "!staff:x" && userId === "@a:x",
    };
    expect(await actorMatches(parseActor("!staff:x"), "@a:x", staff)).toBe(true);
    expect(await actorMatches(parseActor("!staff:x"), "@b:x", staff)).toBe(false);
  });
});

import { ownUsers } from "../../core/access/own-users.js";

const own = ownUsers({ localpart: "plenum", domain: "example.org" });

/** Synapse matches a namespace regex from the start of the id (Python's re.match), not to its end. */
const synapseMatches = (userId: string) => new RegExp(`^(?:${own.registrationRegex})`).test(userId);

describe("which users are Plenum's own", () => {
  test.each(["@plenum:example.org", "@plenum_guest:example.org", "@plenum_appservice:example.org"])(
    "%s, in the namespace on this homeserver, is",
    (userId) => {
      expect(own.isOwn(userId)).toBe(true);
      expect(own.posesAsOwn(userId)).toBe(false);
    },
  );

  test.each([
    "@plenum:other.server",
    "@plenum_x:other.server",
    "@plenum:example.org.other.server",
    "@plenum:example.org:8448",
    "@plenum_x:example.org.evil",
    "@plenum:Example.org",
  ])("%s, named like the bot on another server, is not and poses as one", (userId) => {
    expect(own.isOwn(userId)).toBe(false);
    expect(own.posesAsOwn(userId)).toBe(true);
  });

  test.each(["@plenumx:example.org", "@alice:example.org", "@xplenum:example.org", "plenum:example.org"])(
    "%s, outside the namespace, is not and does not pose as one",
    (userId) => {
      expect(own.isOwn(userId)).toBe(false);
      expect(own.posesAsOwn(userId)).toBe(false);
    },
  );

  test("an id outside the user-id grammar is not, even with the right server", () => {
    expect(own.isOwn("@plenum_\u0430:example.org")).toBe(false);
    expect(own.isOwn("@plenum_ x:example.org")).toBe(false);
    expect(own.isOwn(`@plenum_${"x".repeat(260)}:example.org`)).toBe(false);
  });

  test("the registration's namespace admits exactly the own users among these ids", () => {
    const ids = [
      "@plenum:example.org",
      "@plenum_guest:example.org",
      "@plenum:other.server",
      "@plenum_x:other.server",
      "@plenum:example.org.other.server",
      "@plenum_x:example.org.evil",
      "@plenumx:example.org",
      "@alice:example.org",
    ];
    expect(ids.filter(synapseMatches)).toEqual(ids.filter(own.isOwn));
  });

  test("a server name with a port is matched exactly, port included", () => {
    const onPort = ownUsers({ localpart: "plenum_t1", domain: "127.0.0.1:8448" });
    expect(onPort.isOwn("@plenum_t1:127.0.0.1:8448")).toBe(true);
    expect(onPort.isOwn("@plenum_t1:127.0.0.1:8449")).toBe(false);
    expect(onPort.isOwn("@plenum_t1:127.0.0.1")).toBe(false);
  });
});

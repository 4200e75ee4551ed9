import fc from "fast-check";
import {
  UnsupportedRoomVersionError,
  canActOn,
  isSafePowerLevelChange,
  parsePowerLevels,
  requiredLevel,
  requiredLevelForEvent,
  roomCreators,
  roomVersionFeatures,
  userLevel,
  type CreateEvent,
  type PowerLevelAction,
} from "../../core/matrix/power-levels.js";

const BOT = "@bot:example.org";
const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";
const CAROL = "@carol:example.org";

// Before v11 the creator is named in the content; from v11 it is the sender.
const createdBy = (sender: string, content: Record<string, unknown> = { creator: sender }): CreateEvent => ({
  sender,
  content,
});

const DEFAULTS = {
  users: new Map(),
  usersDefault: 0,
  events: new Map(),
  eventsDefault: 0,
  stateDefault: 50,
  invite: 0,
  kick: 50,
  ban: 50,
  redact: 50,
  notifications: { room: 50 },
};

describe("roomVersionFeatures", () => {
  test.each([
    ["1", false, false, false, false],
    ["2", false, false, false, false],
    ["3", false, false, false, false],
    ["4", false, false, false, false],
    ["5", false, false, false, false],
    ["6", false, false, false, false],
    ["7", false, false, false, false],
    ["8", false, false, true, false],
    ["9", false, false, true, false],
    ["10", true, false, true, false],
    ["11", true, false, true, true],
    ["12", true, true, true, true],
    ["org.matrix.msc1767.10", true, false, true, false],
    ["org.matrix.msc3389.10", true, false, true, false],
    ["org.matrix.msc3757.10", true, false, true, false],
    ["org.matrix.msc3757.11", true, false, true, true],
    ["org.matrix.hydra.11", true, true, true, true],
    ["org.matrix.msc4242.12", true, true, true, true],
  ])(
    "room version %s: integer levels %p, infinite creators %p, restricted joins %p, implicit creator %p",
    (version, integerPowerLevels, creatorsHaveInfinitePower, restrictedJoins, implicitRoomCreator) => {
      expect(roomVersionFeatures(version)).toEqual({
        integerPowerLevels,
        creatorsHaveInfinitePower,
        restrictedJoins,
        implicitRoomCreator,
      });
    },
  );

  test.each(["13", "", "1.0", " 12", "org.matrix.msc9999.12"])(
    "room version %p is refused rather than guessed",
    (version) => {
      expect(() => roomVersionFeatures(version)).toThrow(UnsupportedRoomVersionError);
    },
  );
});

describe("parsePowerLevels", () => {
  test.each([
    { description: "an empty event in v1 gets every spec default", version: "1", content: {}, exists: true },
    {
      description: "an empty event in v10 gets every spec default",
      version: "10",
      content: {},
      exists: true,
    },
    {
      description: "an empty event in v12 gets every spec default",
      version: "12",
      content: {},
      exists: true,
    },
    {
      description: "no event at all in v1 gets the same defaults, state_default 50 included",
      version: "1",
      content: undefined,
      exists: false,
    },
    {
      description: "no event at all in v10 gets the same defaults",
      version: "10",
      content: undefined,
      exists: false,
    },
    {
      description: "no event at all in v12 gets the same defaults",
      version: "12",
      content: undefined,
      exists: false,
    },
    {
      description: "content that is not an object counts as empty",
      version: "1",
      content: [50],
      exists: true,
    },
  ])("$description", ({ version, content, exists }) => {
    expect(parsePowerLevels(content, version)).toEqual({ ...DEFAULTS, exists });
  });

  test("levels that are present replace their defaults", () => {
    const content = {
      users: { [ALICE]: 100 },
      users_default: 10,
      events: { "m.room.name": 60 },
      events_default: 20,
      state_default: 30,
      invite: 40,
      kick: 45,
      ban: 55,
      redact: 65,
      notifications: { room: 70 },
    };
    expect(parsePowerLevels(content, "12")).toEqual({
      exists: true,
      users: new Map([[ALICE, 100]]),
      usersDefault: 10,
      events: new Map([["m.room.name", 60]]),
      eventsDefault: 20,
      stateDefault: 30,
      invite: 40,
      kick: 45,
      ban: 55,
      redact: 65,
      notifications: { room: 70 },
    });
  });

  // Each row was checked against Python's int(), which Synapse applies to every level before v10.
  test.each([
    ["1", "75", 75],
    ["1", " 75", 75],
    ["1", "\t75\n", 75],
    ["1", "\u00a075\u3000", 75],
    ["1", "\u008575", 75],
    ["1", "+75", 75],
    ["1", "-75", -75],
    ["1", "075", 75],
    ["1", "7_5", 75],
    ["1", "\u0667\u0665", 75],
    ["1", "\uff17\uff15", 75],
    ["1", "\u{1d7d5}\u{1d7d3}", 75],
    ["1", "\u{1d7e9}\u{1d7e7}", 75],
    ["1", "0".repeat(4299) + "7", 7],
    ["1", true, 1],
    ["1", false, 0],
    ["1", 75.9, 75],
    ["1", -0.5, 0],
    ["9", "75", 75],
    ["1", "75.5", 50],
    ["1", "7.5e1", 50],
    ["1", "0x4b", 50],
    ["1", "7__5", 50],
    ["1", "_75", 50],
    ["1", "75_", 50],
    ["1", "", 50],
    ["1", "   ", 50],
    ["1", "\ufeff75", 50],
    ["1", "\u001c75", 50],
    ["1", "- 75", 50],
    ["1", "+-75", 50],
    ["1", "seventy-five", 50],
    ["1", "0".repeat(4300) + "7", 50],
    ["1", null, 50],
    ["1", [75], 50],
    ["1", { level: 75 }, 50],
    ["10", 75, 75],
    ["10", -75, -75],
    ["10", "75", 50],
    ["10", " 75", 50],
    ["10", true, 50],
    ["10", 75.5, 50],
    ["10", 2 ** 53, 50],
    ["10", null, 50],
    ["12", 75, 75],
    ["12", "75", 50],
    ["12", false, 50],
  ])("room version %s reads ban %p as %p", (version, ban, expected) => {
    expect(parsePowerLevels({ ban }, version).ban).toBe(expected);
  });

  const stringy = {
    users: { [ALICE]: "75", [BOB]: "many" },
    users_default: "5",
    events: { "m.room.name": "60" },
    events_default: "20",
    state_default: "30",
    invite: "40",
    kick: "45",
    ban: "55",
    redact: "65",
    notifications: { room: "70" },
  };
  test.each([
    {
      description: "v1 reads string levels in every position and drops the unreadable one",
      version: "1",
      expected: {
        exists: true,
        users: new Map([[ALICE, 75]]),
        usersDefault: 5,
        events: new Map([["m.room.name", 60]]),
        eventsDefault: 20,
        stateDefault: 30,
        invite: 40,
        kick: 45,
        ban: 55,
        redact: 65,
        notifications: { room: 70 },
      },
    },
    {
      description: "v10 ignores string levels in every position",
      version: "10",
      expected: { ...DEFAULTS, exists: true },
    },
  ])("$description", ({ version, expected }) => {
    expect(parsePowerLevels(stringy, version)).toEqual(expected);
  });
});

describe("userLevel", () => {
  test.each([
    {
      description: "v1: a listed user has their listed level",
      version: "1",
      content: { users: { [ALICE]: 75 }, users_default: 10 },
      create: createdBy(BOB),
      userId: ALICE,
      expected: 75,
    },
    {
      description: "v1: an unlisted user has users_default",
      version: "1",
      content: { users: { [ALICE]: 75 }, users_default: 10 },
      create: createdBy(BOB),
      userId: CAROL,
      expected: 10,
    },
    {
      description: "v1: a listed string level counts",
      version: "1",
      content: { users: { [ALICE]: "75" }, users_default: 10 },
      create: createdBy(BOB),
      userId: ALICE,
      expected: 75,
    },
    {
      description: "v1: a listed null falls back to users_default",
      version: "1",
      content: { users: { [ALICE]: null }, users_default: 10 },
      create: createdBy(BOB),
      userId: ALICE,
      expected: 10,
    },
    {
      description: "v1: a power-levels event outranks the creator's implicit 100",
      version: "1",
      content: { users: { [ALICE]: 75 } },
      create: createdBy(BOB),
      userId: BOB,
      expected: 0,
    },
    {
      description: "v1: without a power-levels event the creator has 100",
      version: "1",
      content: undefined,
      create: createdBy(BOB),
      userId: BOB,
      expected: 100,
    },
    {
      description: "v1: without a power-levels event everyone else has 0",
      version: "1",
      content: undefined,
      create: createdBy(BOB),
      userId: ALICE,
      expected: 0,
    },
    {
      description: "v1: the creator is content.creator, not the create event's sender",
      version: "1",
      content: undefined,
      create: createdBy(BOB, { creator: ALICE }),
      userId: ALICE,
      expected: 100,
    },
    {
      description: "v1: additional_creators grants nothing",
      version: "1",
      content: { users_default: 10 },
      create: createdBy(BOB, { creator: BOB, additional_creators: [ALICE] }),
      userId: ALICE,
      expected: 10,
    },
    {
      description: "v10: a listed string level is ignored in favour of users_default",
      version: "10",
      content: { users: { [ALICE]: "75" }, users_default: 10 },
      create: createdBy(BOB),
      userId: ALICE,
      expected: 10,
    },
    {
      description: "v10: without a power-levels event content.creator has 100",
      version: "10",
      content: undefined,
      create: createdBy(BOB, { creator: ALICE }),
      userId: ALICE,
      expected: 100,
    },
    {
      description: "v11: without a power-levels event the sender of the create event has 100",
      version: "11",
      content: undefined,
      create: createdBy(BOB, {}),
      userId: BOB,
      expected: 100,
    },
    {
      description: "v11: creators are bound by the power-levels event",
      version: "11",
      content: { users: { [BOB]: 50 } },
      create: createdBy(BOB, {}),
      userId: BOB,
      expected: 50,
    },
    {
      description: "v12: the creator has infinite power",
      version: "12",
      content: { users: { [ALICE]: 100 } },
      create: createdBy(BOB, {}),
      userId: BOB,
      expected: Infinity,
    },
    {
      description: "v12: the creator has infinite power even where the content lists them lower",
      version: "12",
      content: { users: { [BOB]: 0 } },
      create: createdBy(BOB, {}),
      userId: BOB,
      expected: Infinity,
    },
    {
      description: "v12: the creator has infinite power without a power-levels event",
      version: "12",
      content: undefined,
      create: createdBy(BOB, {}),
      userId: BOB,
      expected: Infinity,
    },
    {
      description: "v12: an additional creator has infinite power",
      version: "12",
      content: { users: { [ALICE]: 100 } },
      create: createdBy(BOB, { additional_creators: [CAROL] }),
      userId: CAROL,
      expected: Infinity,
    },
    {
      description: "v12: a malformed additional_creators grants nothing",
      version: "12",
      content: { users_default: 10 },
      create: createdBy(BOB, { additional_creators: CAROL }),
      userId: CAROL,
      expected: 10,
    },
    {
      description: "v12: a listed non-creator has their listed level",
      version: "12",
      content: { users: { [ALICE]: 100 }, users_default: 10 },
      create: createdBy(BOB, {}),
      userId: ALICE,
      expected: 100,
    },
    {
      description: "v12: an unlisted non-creator has users_default",
      version: "12",
      content: { users: { [ALICE]: 100 }, users_default: 10 },
      create: createdBy(BOB, {}),
      userId: CAROL,
      expected: 10,
    },
    {
      description: "v12: without a power-levels event a non-creator has 0",
      version: "12",
      content: undefined,
      create: createdBy(BOB, {}),
      userId: ALICE,
      expected: 0,
    },
    {
      description: "hydra.11: the creator has infinite power",
      version: "org.matrix.hydra.11",
      content: {},
      create: createdBy(BOB, {}),
      userId: BOB,
      expected: Infinity,
    },
  ])("$description", ({ version, content, create, userId, expected }) => {
    const powerLevels = parsePowerLevels(content, version);
    expect(userLevel({ powerLevels, create, roomVersion: version, userId })).toBe(expected);
  });

  test.each([
    ["1", createdBy(BOB, { creator: ALICE }), [ALICE]],
    ["1", createdBy(BOB, {}), []],
    ["11", createdBy(BOB, { creator: ALICE, additional_creators: [CAROL] }), [BOB]],
    ["12", createdBy(BOB, { additional_creators: [CAROL, 7, ALICE] }), [BOB, CAROL, ALICE]],
  ])("room version %s names the creators of %j as %j", (version, create, expected) => {
    expect(roomCreators(create, version)).toEqual(expected);
  });
});

describe("requiredLevelForEvent", () => {
  const overrides = {
    events: { "m.room.topic": 10, "m.reaction": 5, "m.room.name": null },
    state_default: 40,
  };
  const rows = [
    {
      description: "a state event without an override needs state_default",
      content: {},
      type: "m.room.topic",
      isState: true,
      expected: 50,
    },
    {
      description: "a message without an override needs events_default",
      content: {},
      type: "m.room.message",
      isState: false,
      expected: 0,
    },
    {
      description: "a state event with an override needs the override",
      content: overrides,
      type: "m.room.topic",
      isState: true,
      expected: 10,
    },
    {
      description: "a message with an override needs the override",
      content: overrides,
      type: "m.reaction",
      isState: false,
      expected: 5,
    },
    {
      description: "an override applies whether or not the event is state",
      content: overrides,
      type: "m.room.topic",
      isState: false,
      expected: 10,
    },
    {
      description: "a null override falls back to state_default",
      content: overrides,
      type: "m.room.name",
      isState: true,
      expected: 40,
    },
    {
      description: "a state event without an override needs a custom state_default",
      content: overrides,
      type: "m.room.avatar",
      isState: true,
      expected: 40,
    },
    {
      description: "a message needs a custom events_default",
      content: { events_default: 20 },
      type: "m.room.message",
      isState: false,
      expected: 20,
    },
    {
      description: "without a power-levels event a state event needs 50",
      content: undefined,
      type: "m.room.topic",
      isState: true,
      expected: 50,
    },
    {
      description: "without a power-levels event a message needs 0",
      content: undefined,
      type: "m.room.message",
      isState: false,
      expected: 0,
    },
  ];
  test.each(rows.flatMap((row) => ["1", "10", "12"].map((version) => ({ ...row, version }))))(
    "$description (room version $version)",
    ({ version, content, type, isState, expected }) => {
      expect(requiredLevelForEvent(parsePowerLevels(content, version), type, isState)).toBe(expected);
    },
  );

  test.each([
    ["1", 20],
    ["10", 50],
    ["12", 50],
  ])("room version %s needs %i for a state event whose override is the string '20'", (version, expected) => {
    const powerLevels = parsePowerLevels({ events: { "m.room.topic": "20" } }, version);
    expect(requiredLevelForEvent(powerLevels, "m.room.topic", true)).toBe(expected);
  });
});

describe("requiredLevel", () => {
  test.each<[string, unknown, PowerLevelAction, number]>([
    ["1", {}, "invite", 0],
    ["1", {}, "kick", 50],
    ["1", {}, "ban", 50],
    ["1", {}, "redact", 50],
    ["10", undefined, "invite", 0],
    ["10", undefined, "kick", 50],
    ["10", undefined, "ban", 50],
    ["10", undefined, "redact", 50],
    ["12", { invite: 10, kick: 20, ban: 30, redact: 40 }, "invite", 10],
    ["12", { invite: 10, kick: 20, ban: 30, redact: 40 }, "kick", 20],
    ["12", { invite: 10, kick: 20, ban: 30, redact: 40 }, "ban", 30],
    ["12", { invite: 10, kick: 20, ban: 30, redact: 40 }, "redact", 40],
  ])("room version %s with content %j requires for %s level %i", (version, content, action, expected) => {
    expect(requiredLevel(parsePowerLevels(content, version), action)).toBe(expected);
  });
});

describe("canActOn", () => {
  test.each([
    {
      actorLevel: 100,
      targetLevel: 50,
      requiredLevel: 50,
      expected: true,
      why: "outranks the target and meets the level",
    },
    {
      actorLevel: 50,
      targetLevel: 49,
      requiredLevel: 50,
      expected: true,
      why: "is exactly at the required level",
    },
    { actorLevel: 50, targetLevel: 50, requiredLevel: 50, expected: false, why: "only equals the target" },
    { actorLevel: 50, targetLevel: 100, requiredLevel: 50, expected: false, why: "is below the target" },
    {
      actorLevel: 49,
      targetLevel: 0,
      requiredLevel: 50,
      expected: false,
      why: "is below the required level",
    },
    {
      actorLevel: Infinity,
      targetLevel: 100,
      requiredLevel: 50,
      expected: true,
      why: "is a creator acting on a user",
    },
    {
      actorLevel: Infinity,
      targetLevel: Infinity,
      requiredLevel: 50,
      expected: false,
      why: "is a creator acting on a creator",
    },
    {
      actorLevel: 100,
      targetLevel: Infinity,
      requiredLevel: 50,
      expected: false,
      why: "is a user acting on a creator",
    },
  ])(
    "an actor at $actorLevel on a target at $targetLevel needing $requiredLevel: $expected, as it $why",
    ({ actorLevel, targetLevel, requiredLevel, expected }) => {
      expect(canActOn({ actorLevel, targetLevel, requiredLevel })).toBe(expected);
    },
  );

  // The bot holds 50, as does Alice; Bob holds 40; kicking needs 50 and banning 60.
  const content = { users: { [BOT]: 50, [ALICE]: 50, [BOB]: 40 }, kick: 50, ban: 60 };
  test.each<{
    description: string;
    version: string;
    create: CreateEvent;
    action: PowerLevelAction;
    target: string;
    expected: boolean;
  }>([
    {
      description: "v1: the bot may kick a lower user",
      version: "1",
      create: createdBy(CAROL),
      action: "kick",
      target: BOB,
      expected: true,
    },
    {
      description: "v1: the bot may not kick an equal user",
      version: "1",
      create: createdBy(CAROL),
      action: "kick",
      target: ALICE,
      expected: false,
    },
    {
      description: "v1: the bot may not ban a lower user without the ban level",
      version: "1",
      create: createdBy(CAROL),
      action: "ban",
      target: BOB,
      expected: false,
    },
    {
      description: "v10: the bot may kick a lower user",
      version: "10",
      create: createdBy(CAROL),
      action: "kick",
      target: BOB,
      expected: true,
    },
    {
      description: "v10: the bot may not kick an equal user",
      version: "10",
      create: createdBy(CAROL),
      action: "kick",
      target: ALICE,
      expected: false,
    },
    {
      description: "v12: the bot may kick a lower user",
      version: "12",
      create: createdBy(CAROL, {}),
      action: "kick",
      target: BOB,
      expected: true,
    },
    {
      description: "v12: the bot may not kick an equal user",
      version: "12",
      create: createdBy(CAROL, {}),
      action: "kick",
      target: ALICE,
      expected: false,
    },
    {
      description: "v12: the bot may not kick the creator",
      version: "12",
      create: createdBy(CAROL, {}),
      action: "kick",
      target: CAROL,
      expected: false,
    },
    {
      description: "v12: a creating bot may ban anyone who is not a creator",
      version: "12",
      create: createdBy(BOT, {}),
      action: "ban",
      target: ALICE,
      expected: true,
    },
    {
      description: "v12: a creating bot may not kick an additional creator",
      version: "12",
      create: createdBy(BOT, { additional_creators: [ALICE] }),
      action: "kick",
      target: ALICE,
      expected: false,
    },
  ])("$description", ({ version, create, action, target, expected }) => {
    const powerLevels = parsePowerLevels(content, version);
    const levelOf = (userId: string) => userLevel({ powerLevels, create, roomVersion: version, userId });
    const query = {
      actorLevel: levelOf(BOT),
      targetLevel: levelOf(target),
      requiredLevel: requiredLevel(powerLevels, action),
    };
    expect(canActOn(query)).toBe(expected);
  });
});

describe("isSafePowerLevelChange", () => {
  const base = { users: { [BOT]: 100, [ALICE]: 100, [BOB]: 50 }, users_default: 0 };
  test.each([
    {
      description: "promoting a user below the bot is safe",
      version: "1",
      current: base,
      next: { ...base, users: { ...base.users, [CAROL]: 50 } },
      expected: true,
    },
    {
      description: "promoting a user to the bot's own level is safe",
      version: "10",
      current: base,
      next: { ...base, users: { ...base.users, [BOB]: 100 } },
      expected: true,
    },
    {
      description: "demoting a user below the bot is safe",
      version: "10",
      current: base,
      next: { ...base, users: { ...base.users, [BOB]: 0 } },
      expected: true,
    },
    {
      description: "changing only event levels is safe",
      version: "12",
      current: base,
      next: { ...base, events: { "m.room.name": 100 } },
      expected: true,
    },
    {
      description: "rewriting the same content is safe",
      version: "12",
      current: base,
      next: base,
      expected: true,
    },
    {
      description: "the bot demoting itself is unsafe",
      version: "1",
      current: base,
      next: { ...base, users: { ...base.users, [BOT]: 50 } },
      expected: false,
    },
    {
      description: "dropping the bot's entry is unsafe when users_default is lower",
      version: "10",
      current: base,
      next: { ...base, users: { [ALICE]: 100, [BOB]: 50 } },
      expected: false,
    },
    {
      description: "dropping the bot's entry is safe when users_default keeps its level",
      version: "10",
      current: base,
      next: { users: { [ALICE]: 100, [BOB]: 50 }, users_default: 100 },
      expected: true,
    },
    {
      description: "v10 ignores the bot's string entry, so writing one demotes it",
      version: "10",
      current: base,
      next: { ...base, users: { ...base.users, [BOT]: "100" } },
      expected: false,
    },
    {
      description: "v1 reads the bot's string entry, so writing one keeps its level",
      version: "1",
      current: base,
      next: { ...base, users: { ...base.users, [BOT]: "100" } },
      expected: true,
    },
    {
      description: "demoting a peer at the bot's level is unsafe",
      version: "1",
      current: base,
      next: { ...base, users: { ...base.users, [ALICE]: 50 } },
      expected: false,
    },
    {
      description: "dropping a peer's entry is unsafe even when users_default matches it",
      version: "1",
      current: { ...base, users_default: 100 },
      next: { users: { [BOT]: 100, [BOB]: 50 }, users_default: 100 },
      expected: false,
    },
    {
      description: "demoting a user above the bot is unsafe",
      version: "10",
      current: { users: { [BOT]: 50, [ALICE]: 100 } },
      next: { users: { [BOT]: 50, [ALICE]: 0 } },
      expected: false,
    },
    {
      description: "promoting a user above the bot is unsafe",
      version: "12",
      current: base,
      next: { ...base, users: { ...base.users, [BOB]: 101 } },
      expected: false,
    },
    {
      description: "raising users_default up to the bot's level is safe",
      version: "1",
      current: base,
      next: { ...base, users_default: 100 },
      expected: true,
    },
    {
      description: "raising users_default above the bot's level is unsafe",
      version: "1",
      current: base,
      next: { ...base, users_default: 101 },
      expected: false,
    },
    {
      description: "changing users_default when it is at the bot's level is unsafe",
      version: "1",
      current: { ...base, users: { [BOT]: 50 }, users_default: 50 },
      next: { users: { [BOT]: 50 }, users_default: 0 },
      expected: false,
    },
  ])("$description", ({ version, current, next, expected }) => {
    const change = {
      current: parsePowerLevels(current, version),
      next: parsePowerLevels(next, version),
      create: createdBy(CAROL, version === "12" ? {} : { creator: CAROL }),
      roomVersion: version,
      botUserId: BOT,
    };
    expect(isSafePowerLevelChange(change)).toBe(expected);
  });

  test.each([
    {
      description: "v1: the creating bot writing the first power-levels event with itself at 100 is safe",
      version: "1",
      create: createdBy(BOT),
      current: undefined,
      next: { users: { [BOT]: 100 } },
      expected: true,
    },
    {
      description: "v1: the creating bot leaving itself out of the first power-levels event is unsafe",
      version: "1",
      create: createdBy(BOT),
      current: undefined,
      next: { users: { [ALICE]: 50 } },
      expected: false,
    },
    {
      description: "v12: a creating bot may change any non-creator",
      version: "12",
      create: createdBy(BOT, {}),
      current: { users: { [ALICE]: 100 } },
      next: { users: { [ALICE]: 0, [BOB]: 100 } },
      expected: true,
    },
    {
      description: "v12: listing the creating bot in users is unsafe, as Synapse refuses it",
      version: "12",
      create: createdBy(BOT, {}),
      current: { users: { [ALICE]: 100 } },
      next: { users: { [ALICE]: 100, [BOT]: 100 } },
      expected: false,
    },
    {
      description: "v12: listing an additional creator in users is unsafe",
      version: "12",
      create: createdBy(BOT, { additional_creators: [CAROL] }),
      current: { users: { [ALICE]: 100 } },
      next: { users: { [ALICE]: 100, [CAROL]: 100 } },
      expected: false,
    },
    {
      description: "v11: a bot that is the sender of the create event has no special standing",
      version: "11",
      create: createdBy(BOT, {}),
      current: { users: { [BOT]: 50, [ALICE]: 100 } },
      next: { users: { [BOT]: 50, [ALICE]: 0 } },
      expected: false,
    },
  ])("$description", ({ version, create, current, next, expected }) => {
    const change = {
      current: parsePowerLevels(current, version),
      next: parsePowerLevels(next, version),
      create,
      roomVersion: version,
      botUserId: BOT,
    };
    expect(isSafePowerLevelChange(change)).toBe(expected);
  });
});

describe("userLevel on arbitrary content", () => {
  const versions = ["1", "9", "10", "11", "12", "org.matrix.hydra.11"];
  const users = fc.oneof(fc.constantFrom(BOT, ALICE, BOB, "constructor", "__proto__"), fc.string());
  const level = fc.oneof(
    fc.jsonValue(),
    fc.integer().map(String),
    fc.constantFrom(" 50", "5_0", "50.5", true),
  );
  const powerLevelsContent = fc.oneof(
    fc.constant(undefined),
    fc.jsonValue(),
    fc.record(
      {
        users: fc.oneof(fc.dictionary(users, level), fc.jsonValue()),
        users_default: level,
        state_default: level,
        ban: level,
        notifications: fc.oneof(fc.record({ room: level }), fc.jsonValue()),
      },
      { requiredKeys: [] },
    ),
  );
  const createContent = fc.oneof(
    fc.jsonValue(),
    fc.record(
      {
        creator: fc.oneof(users, fc.jsonValue()),
        additional_creators: fc.oneof(fc.array(users), fc.jsonValue()),
      },
      { requiredKeys: [] },
    ),
  );

  test("never throws and always returns a number that is not NaN", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...versions),
        powerLevelsContent,
        users,
        createContent,
        users,
        (roomVersion, content, sender, createContentValue, userId) => {
          const powerLevels = parsePowerLevels(content, roomVersion);
          const result = userLevel({
            powerLevels,
            create: { sender, content: createContentValue },
            roomVersion,
            userId,
          });
          expect(typeof result).toBe("number");
          expect(Number.isNaN(result)).toBe(false);
        },
      ),
    );
  });

  test("in creator-power versions, is Infinity exactly for the creators", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("12", "org.matrix.hydra.11"),
        powerLevelsContent,
        users,
        createContent,
        users,
        (roomVersion, content, sender, createContentValue, userId) => {
          const create = { sender, content: createContentValue };
          const result = userLevel({
            powerLevels: parsePowerLevels(content, roomVersion),
            create,
            roomVersion,
            userId,
          });
          expect(result === Infinity).toBe(roomCreators(create, roomVersion).includes(userId));
        },
      ),
    );
  });
});

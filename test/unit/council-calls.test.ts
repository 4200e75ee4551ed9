import {
  listenTargets,
  mayModerateCall,
  mayWhisperIn,
  type CallEntry,
} from "../../core/access/authorization.js";
import { changedPodium, MAX_PODIUM_MEMBERS, podiumStateContent } from "../../core/council/podium.js";
import {
  checkWhisperName,
  definedGroups,
  MAX_WHISPER_GROUPS,
  whisperConferenceName,
  whisperGroupId,
} from "../../core/council/whisper-groups.js";
import { errorOf } from "../support/user-error.js";

const A = "@a:example.org";
const B = "@b:example.org";
const C = "@c:example.org";
const joined = new Set([A, B]);
const participant: CallEntry = { ok: true, role: "participant", moderator: false };
const visitor: CallEntry = { ok: true, role: "visitor" };
const refused: CallEntry = { ok: false, reason: "not_a_member" };

describe("the podium", () => {
  test("switching it on keeps its members and the state event says exactly that", () => {
    const podium = changedPodium({ enabled: false, members: [A] }, { enabled: true }, joined);
    expect(podiumStateContent(podium)).toEqual({ enabled: true, members: [A] });
  });

  test("adding and removing members keeps the order they were added in", () => {
    const podium = changedPodium({ enabled: true, members: [A] }, { add: [B], remove: [A] }, joined);
    expect(podium).toEqual({ enabled: true, members: [B] });
  });

  test.each([
    ["switching on what is on", { enabled: true, members: [] }, { enabled: true }, "podium.already_on"],
    ["switching off what is off", { enabled: false, members: [] }, { enabled: false }, "podium.already_off"],
    ["adding someone not in the room", { enabled: true, members: [] }, { add: [C] }, "podium.not_in_room"],
    ["adding someone twice", { enabled: true, members: [A] }, { add: [A] }, "podium.already_member"],
    ["removing someone not on it", { enabled: true, members: [] }, { remove: [B] }, "podium.not_member"],
    ["changing nothing", { enabled: true, members: [] }, {}, "podium.nothing_to_change"],
  ])("%s is refused", (_what, podium, change, key) => {
    expect(errorOf(() => changedPodium(podium, change, joined)).key).toBe(key);
  });

  test("a podium larger than the limit is refused", () => {
    const many = Array.from({ length: MAX_PODIUM_MEMBERS + 1 }, (_, i) => `@u${i}:example.org`);
    expect(
      errorOf(() => changedPodium({ enabled: true, members: [] }, { add: many }, new Set(many))).key,
    ).toBe("podium.too_many");
  });
});

describe("whisper groups", () => {
  test("a group's id is a slug of its name, umlauts spelled out", () => {
    expect(whisperGroupId("Fraktion Ä")).toBe("fraktion-ae");
    expect(whisperGroupId("  Grüne / Bündnis 90 ")).toBe("gruene-buendnis-90");
  });

  test("a name without letters or digits gets an id from its hash, safe in a conference name", () => {
    expect(whisperGroupId("💬💬")).toMatch(/^g-[0-9a-f]{10}$/);
    expect(whisperConferenceName("ABC234", whisperGroupId("<b>Chair</b>"))).toBe("ABC234-whisper-b-chair-b");
  });

  test("markup in a name is kept as text; control and text-direction characters are refused", () => {
    expect(checkWhisperName("  <script>x</script>  ")).toBe("<script>x</script>");
    expect(errorOf(() => checkWhisperName("Chair\u202Eevil")).key).toBe("whisper.name_unsafe");
    expect(errorOf(() => checkWhisperName("a\nb")).key).toBe("whisper.name_unsafe");
  });

  test("a name that is empty or too long is refused", () => {
    expect(errorOf(() => checkWhisperName("   ")).key).toBe("whisper.name_empty");
    expect(errorOf(() => checkWhisperName("x".repeat(61))).key).toBe("whisper.name_too_long");
  });

  test("a group of room members is defined, and the same name replaces it", () => {
    const first = definedGroups([], { name: "Chair", members: [A, A, B] }, joined);
    expect(first).toEqual({ group: { id: "chair", name: "Chair", members: [A, B] }, replaced: false });
    expect(definedGroups([first.group], { name: "chair", members: [B] }, joined).replaced).toBe(true);
  });

  test("a member who is not in the meeting room is refused", () => {
    const error = errorOf(() => definedGroups([], { name: "Chair", members: [A, C] }, joined));
    expect([error.key, error.params]).toEqual(["whisper.not_in_room", { user: C }]);
  });

  test("a group beyond the limit is refused, replacing one is not", () => {
    const groups = Array.from({ length: MAX_WHISPER_GROUPS }, (_, i) => ({
      id: `g${i}`,
      name: `G${i}`,
      members: [A],
    }));
    expect(errorOf(() => definedGroups(groups, { name: "New", members: [A] }, joined)).key).toBe(
      "whisper.too_many_groups",
    );
    expect(definedGroups(groups, { name: "G3", members: [B] }, joined).replaced).toBe(true);
  });
});

describe("who may moderate, whisper and listen in a council call", () => {
  const settings = (power: number) => ({ power, required: [50] });

  test("a joined member who may change the room's settings moderates; one who left does not", () => {
    expect(mayModerateCall({ membership: "join", settings: settings(50) })).toBe(true);
    expect(mayModerateCall({ membership: "join", settings: settings(0) })).toBe(false);
    expect(mayModerateCall({ membership: "leave", settings: settings(100) })).toBe(false);
  });

  test("only a group's members who may be in the call as participants whisper in it", () => {
    expect(mayWhisperIn({ entry: participant, userId: A, members: [A] })).toBe(true);
    expect(mayWhisperIn({ entry: participant, userId: B, members: [A] })).toBe(false);
    expect(mayWhisperIn({ entry: refused, userId: A, members: [A] })).toBe(false);
    expect(mayWhisperIn({ entry: visitor, userId: A, members: [A] })).toBe(false);
  });

  test("from a breakout, anyone in its call may listen to the main room", () => {
    const facts = { entry: participant, moderator: false, mainRoomId: "!main:x", breakoutRoomIds: [] };
    expect(listenTargets(facts)).toEqual(["!main:x"]);
  });

  test("from a main room, only its moderators may listen into its breakouts", () => {
    const facts = { entry: participant, breakoutRoomIds: ["!b1:x", "!b2:x"] };
    expect(listenTargets({ ...facts, moderator: true })).toEqual(["!b1:x", "!b2:x"]);
    expect(listenTargets({ ...facts, moderator: false })).toEqual([]);
  });

  test("someone who may not be in the call, or only as a visitor, may listen nowhere", () => {
    const facts = { moderator: true, mainRoomId: "!main:x", breakoutRoomIds: [] };
    expect(listenTargets({ ...facts, entry: refused })).toEqual([]);
    expect(listenTargets({ ...facts, entry: visitor })).toEqual([]);
  });
});

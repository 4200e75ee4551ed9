import { nextSpeaker, requestToSpeak } from "../../core/council/speaker-list.js";
import { breakoutsRepository } from "../../core/storage/breakouts.js";
import { councilCallsRepository } from "../../core/storage/council-calls.js";
import { guestLinksRepository } from "../../core/storage/guest-links.js";
import { meetingsRepository } from "../../core/storage/meetings.js";
import { publicSessionsRepository } from "../../core/storage/public-sessions.js";
import { speakerListsRepository } from "../../core/storage/speaker-lists.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";
import { storedMeeting } from "../support/stored-meeting.js";

const AT = Date.parse("2026-11-23T09:00:00Z");
const ROOM = "!council:example.org";

const meeting = storedMeeting(ROOM, AT);

describe.each(databaseKinds())("council session storage on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  beforeEach(async () => meetingsRepository(db()).insert(meeting));

  test("a list of speakers is stored, replaced in place, and its turns are kept in order", async () => {
    const speakers = speakerListsRepository(db());
    expect(await speakers.get(ROOM)).toEqual({ list: { current: null, waiting: [] }, messageId: null });
    const waiting = requestToSpeak(
      requestToSpeak({ current: null, waiting: [] }, "@a:x", "Budget", AT),
      "@b:x",
      null,
      AT,
    );
    await speakers.save(meeting.id, ROOM, { list: waiting, messageId: "$list" }, AT);
    const speaking = nextSpeaker(waiting, AT + 1, 60);
    await speakers.save(meeting.id, ROOM, { list: speaking, messageId: "$list" }, AT + 1);
    expect(await speakers.get(ROOM)).toEqual({ list: speaking, messageId: "$list" });
    await speakers.recordTurn(meeting.id, ROOM, speaking.current!);
    await speakers.recordTurn(meeting.id, ROOM, { userId: "@b:x", topic: null, since: AT + 2, until: null });
    expect(await speakers.turns(ROOM)).toEqual([
      { userId: "@a:x", topic: "Budget", startedAt: AT + 1 },
      { userId: "@b:x", topic: null, startedAt: AT + 2 },
    ]);
  });

  test("breakouts are found by room and listed as open until ended", async () => {
    const breakouts = breakoutsRepository(db());
    const base = { meetingId: meeting.id, parentRoomId: ROOM, createdAt: AT, endedAt: null };
    await breakouts.insert({ ...base, roomId: "!b1:x", name: "Budget", members: ["@a:x"] });
    await breakouts.insert({ ...base, roomId: "!b2:x", name: "Staff", members: ["@b:x"] });
    expect((await breakouts.byRoomId("!b2:x"))?.members).toEqual(["@b:x"]);
    expect((await breakouts.open(meeting.id)).map((b) => b.name)).toEqual(["Budget", "Staff"]);
    await breakouts.end("!b1:x", AT + 5);
    await breakouts.delete("!b2:x");
    expect(await breakouts.open(meeting.id)).toEqual([]);
    expect((await breakouts.byRoomId("!b1:x"))?.endedAt).toBe(AT + 5);
  });

  test("each revocation bumps a meeting's guest link generation", async () => {
    const guestLinks = guestLinksRepository(db());
    expect(await guestLinks.generation(meeting.id)).toBe(0);
    expect(await guestLinks.revoke(meeting.id, "@org:example.org", AT)).toBe(1);
    expect(await guestLinks.revoke(meeting.id, "@org:example.org", AT)).toBe(2);
    expect(await guestLinks.generation(meeting.id)).toBe(2);
  });

  test("a public session is stored once per meeting and updated in place", async () => {
    const sessions = publicSessionsRepository(db());
    expect(await sessions.get(meeting.id)).toBeUndefined();
    const session = {
      meetingId: meeting.id,
      audienceRoomId: "!aud:x",
      streamUrl: "https://stream.example.org/c.m3u8",
      statusMessageId: null,
      isPublic: true,
    };
    await sessions.save(session, AT);
    await sessions.save({ ...session, statusMessageId: "$status", isPublic: false }, AT + 1);
    expect(await sessions.get(meeting.id)).toEqual({
      ...session,
      statusMessageId: "$status",
      isPublic: false,
    });
  });
  test("a podium is off and empty until saved, and is replaced in place", async () => {
    const council = councilCallsRepository(db());
    expect(await council.podium(ROOM)).toEqual({ enabled: false, members: [] });
    const by = { userId: "@org:example.org", now: AT };
    await council.savePodium(meeting.id, ROOM, { enabled: true, members: ["@a:x"] }, by);
    await council.savePodium(meeting.id, ROOM, { enabled: true, members: ["@b:x", "@a:x"] }, by);
    expect(await council.podium(ROOM)).toEqual({ enabled: true, members: ["@b:x", "@a:x"] });
  });

  test("whisper groups are stored per meeting, replaced by id and deleted once", async () => {
    const council = councilCallsRepository(db());
    const by = { userId: "@org:example.org", now: AT };
    await council.saveWhisperGroup(meeting.id, { id: "chair", name: "Chair", members: ["@a:x"] }, by);
    await council.saveWhisperGroup(meeting.id, { id: "a", name: "A", members: ["@b:x"] }, by);
    await council.saveWhisperGroup(meeting.id, { id: "chair", name: "chair", members: ["@c:x"] }, by);
    expect(await council.whisperGroups(meeting.id)).toEqual([
      { id: "a", name: "A", members: ["@b:x"] },
      { id: "chair", name: "chair", members: ["@c:x"] },
    ]);
    expect(await council.deleteWhisperGroup(meeting.id, "chair")).toBe(true);
    expect(await council.deleteWhisperGroup(meeting.id, "chair")).toBe(false);
    expect((await council.whisperGroups(meeting.id)).map((g) => g.id)).toEqual(["a"]);
  });

  test("a user's latest participant id in a room's conference is kept", async () => {
    const council = councilCallsRepository(db());
    await council.setPresence(ROOM, "@a:x", "abc123", AT);
    await council.setPresence(ROOM, "@a:x", "def456", AT + 1);
    await council.setPresence(ROOM, "@b:x", "0f0f", AT + 1);
    expect(await council.presence(ROOM)).toEqual({ "@a:x": "def456", "@b:x": "0f0f" });
  });
});

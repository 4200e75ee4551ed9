import { postNotice, publishMeetingState, upsertPinnedNotice } from "../../core/meetings/room-updates.js";
import { MEETING_STATE, meetingStateContent } from "../../core/meetings/room-state.js";
import { FakeMatrix } from "../support/fakes/matrix.js";
import { testMeeting } from "../support/stored-meeting.js";

const ROOM = "!meeting:example.org";

async function inRoom() {
  const matrix = new FakeMatrix();
  await matrix.addRoom({ roomId: ROOM });
  return { matrix, deps: { gateway: matrix } };
}

describe("the meeting state of a room", () => {
  test("carries the meeting's current details", async () => {
    const { matrix, deps } = await inRoom();
    const meeting = testMeeting({ roomId: ROOM, title: "Budget" });
    await publishMeetingState(deps, meeting);
    expect(matrix.state(ROOM, MEETING_STATE)).toEqual(meetingStateContent(meeting));
  });

  test("is not written for a meeting that has no room yet", async () => {
    const { matrix, deps } = await inRoom();
    await publishMeetingState(deps, testMeeting({ roomId: null }));
    expect(matrix.state(ROOM, MEETING_STATE)).toBeUndefined();
  });
});

describe("notices", () => {
  test("are sent as m.notice with the transaction id given, so a retry posts them once", async () => {
    const { matrix, deps } = await inRoom();
    const first = await postNotice(deps, ROOM, "Moved", "plenum.moved.1");
    const again = await postNotice(deps, ROOM, "Moved", "plenum.moved.1");
    expect(again).toBe(first);
    expect(matrix.sent).toEqual([
      expect.objectContaining({ txnId: "plenum.moved.1", content: { msgtype: "m.notice", body: "Moved" } }),
    ]);
  });

  test("carry their HTML as org.matrix.custom.html beside the plain text", async () => {
    const { matrix, deps } = await inRoom();
    await postNotice(deps, ROOM, "Council", "txn", "<b>Council</b>");
    expect(matrix.sent[0]!.content).toEqual({
      msgtype: "m.notice",
      body: "Council",
      format: "org.matrix.custom.html",
      formatted_body: "<b>Council</b>",
    });
  });
});

describe("a pinned notice", () => {
  test("is posted and pinned the first time", async () => {
    const { matrix, deps } = await inRoom();
    const eventId = await upsertPinnedNotice(deps, ROOM, "Speakers: none", null, "plenum.speakers.1");
    expect(matrix.messages(ROOM)).toEqual(["Speakers: none"]);
    expect(matrix.state(ROOM, "m.room.pinned_events")).toEqual({ pinned: [eventId] });
  });

  test("keeps the events the room had pinned before", async () => {
    const { matrix, deps } = await inRoom();
    await matrix.sendState(ROOM, "m.room.pinned_events", "", { pinned: ["$welcome"] });
    const eventId = await upsertPinnedNotice(deps, ROOM, "Speakers: none", null, "plenum.speakers.1");
    expect(matrix.state(ROOM, "m.room.pinned_events")).toEqual({ pinned: ["$welcome", eventId] });
  });

  test("is edited in place later: an m.replace of the first message, which stays the one pinned", async () => {
    const { matrix, deps } = await inRoom();
    const eventId = await upsertPinnedNotice(deps, ROOM, "Speakers: none", null, "plenum.speakers.1");
    const edited = await upsertPinnedNotice(
      deps,
      ROOM,
      "Speakers: @a:example.org",
      eventId,
      "plenum.speakers.2",
    );
    expect(edited).toBe(eventId);
    expect(matrix.sent[1]!.content).toEqual({
      msgtype: "m.notice",
      body: "* Speakers: @a:example.org",
      "m.new_content": { msgtype: "m.notice", body: "Speakers: @a:example.org" },
      "m.relates_to": { rel_type: "m.replace", event_id: eventId },
    });
    expect(matrix.state(ROOM, "m.room.pinned_events")).toEqual({ pinned: [eventId] });
  });
});

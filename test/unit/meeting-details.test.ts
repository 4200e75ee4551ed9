import { detailChanges } from "../../core/meetings/changes.js";
import { testMeeting } from "../support/stored-meeting.js";

const before = testMeeting({
  title: "Steering Committee",
  description: "Quarterly review",
  organizer: "@alice:example.org",
  originRoomId: "!AbCdEfGhIjKlMnOp:example.org",
  start: "2026-12-01T10:00:00+01:00",
  durationMinutes: 90,
  conferenceName: "steering",
  sequence: 3,
  participants: ["@alice:example.org"],
  createdAt: 1773320700000,
  updatedAt: 1773320700000,
});

describe("what a change of a meeting's details says", () => {
  test("a new title is named", () => {
    expect(detailChanges(before, { ...before, title: "Board" }, "en")).toEqual(["it is now called “Board”"]);
  });

  test("a new length is told as the new time range, in the reader's zone", () => {
    expect(detailChanges(before, { ...before, durationMinutes: 45 }, "en", "Europe/London")).toEqual([
      expect.stringMatching(/^it now runs .*09:00.09:45/),
    ]);
  });

  test("a removed description is told as removed, in German too", () => {
    expect(detailChanges(before, { ...before, description: null }, "de")).toEqual(["Beschreibung entfernt"]);
  });

  test("the same details say nothing, so the change is refused as unchanged", () => {
    expect(detailChanges(before, { ...before }, "en")).toEqual([]);
  });
});

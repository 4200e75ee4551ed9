import { meetingsRepository } from "../../core/storage/meetings.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";
import { testMeeting } from "../support/stored-meeting.js";

describe.each(databaseKinds())("moved dates of a series on %s", (kind) => {
  const db = freshDatabasePerTest(kind);

  test("a meeting keeps its moved dates across saving and reading", async () => {
    const meetings = meetingsRepository(db());
    const meeting = testMeeting({
      rrule: "FREQ=WEEKLY;COUNT=4",
      overrides: [{ recurrenceId: "2026-11-30T10:00:00+01:00", start: "2026-12-02T15:00:00+01:00" }],
    });
    await meetings.insert(meeting);
    expect((await meetings.get(meeting.id))?.overrides).toEqual(meeting.overrides);
    await meetings.update({ ...meeting, overrides: [] });
    expect((await meetings.get(meeting.id))?.overrides).toEqual([]);
  });
});

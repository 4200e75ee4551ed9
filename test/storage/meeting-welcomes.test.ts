import { meetingWelcomesRepository } from "../../core/storage/meeting-welcomes.js";
import { meetingsRepository } from "../../core/storage/meetings.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";
import { storedMeeting } from "../support/stored-meeting.js";

const meeting = storedMeeting("!budget:example.org", Date.parse("2026-11-23T09:00:00Z"));

describe.each(databaseKinds())("meeting welcome messages on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  beforeEach(async () => meetingsRepository(db()).insert(meeting));

  test("a meeting without a stored welcome has none", async () => {
    expect(await meetingWelcomesRepository(db()).get(meeting.id)).toBeUndefined();
  });

  test("a meeting's welcome event id is kept, and stored again it is replaced", async () => {
    const welcomes = meetingWelcomesRepository(db());
    await welcomes.set(meeting.id, "$first");
    expect(await welcomes.get(meeting.id)).toBe("$first");
    await welcomes.set(meeting.id, "$second");
    expect(await welcomes.get(meeting.id)).toBe("$second");
  });
});

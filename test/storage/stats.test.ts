import type { Meeting } from "../../core/meetings/model.js";
import { meetingStats } from "../../core/meetings/stats.js";
import { attendanceRepository, type AttendanceRecord } from "../../core/storage/attendance.js";
import { meetingsRepository } from "../../core/storage/meetings.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";
import { testMeeting } from "../support/stored-meeting.js";

const MINUTE = 60_000;
const NOV_2 = Date.parse("2026-11-02T09:00:00Z");
const WEEK = 7 * 24 * 60 * MINUTE;

function weekly(overrides: Partial<Meeting> = {}): Meeting {
  return testMeeting({
    title: "Weekly",
    organizer: "@alice:example.org",
    roomId: "!weekly:example.org",
    timezone: "UTC",
    start: "2026-11-02T09:00:00+00:00",
    rrule: "FREQ=WEEKLY;COUNT=10",
    conferenceName: "WEEKLY",
    participants: ["@alice:example.org"],
    ...overrides,
  });
}

function stay(overrides: Partial<AttendanceRecord>): AttendanceRecord {
  return {
    meetingId: null,
    roomId: "!weekly:example.org",
    conference: "weekly",
    breakoutRoomId: null,
    occupantJid: "uuid-alice@meet.example.org/abc",
    userId: "@alice:example.org",
    name: "Alice",
    isGuest: false,
    joinedAt: NOV_2,
    leftAt: NOV_2 + 30 * MINUTE,
    ...overrides,
  };
}

describe.each(databaseKinds())("usage statistics on %s", (kind) => {
  const db = freshDatabasePerTest(kind);

  test("a month counts scheduled occurrences, held meetings, people and minutes from attendance", async () => {
    const meetings = meetingsRepository(db());
    const attendance = attendanceRepository(db());
    await meetings.insert(weekly());
    await meetings.insert(weekly({ id: "CAN-CEL", roomId: "!cancelled:example.org", status: "cancelled" }));
    // Two sessions held: alice twice (rejoining once), a phone guest once; one call in a plain room.
    await attendance.startCall("!weekly:example.org", NOV_2);
    await attendance.recordJoin(stay({}));
    await attendance.recordJoin(
      stay({
        occupantJid: "uuid-alice@meet.example.org/def",
        joinedAt: NOV_2 + 40 * MINUTE,
        leftAt: NOV_2 + 50 * MINUTE,
      }),
    );
    await attendance.startCall("!weekly:example.org", NOV_2 + WEEK);
    await attendance.recordJoin(stay({ joinedAt: NOV_2 + WEEK, leftAt: NOV_2 + WEEK + 60 * MINUTE }));
    await attendance.recordJoin(
      stay({
        occupantJid: "jigasi-1@meet.example.org/x",
        userId: null,
        name: "+49 611",
        isGuest: true,
        joinedAt: NOV_2 + WEEK,
        leftAt: NOV_2 + WEEK + 20 * MINUTE,
      }),
    );
    const calls = await attendance.callsStartedBetween(0, Number.MAX_SAFE_INTEGER);
    await attendance.endCall(calls[0]!.id, NOV_2 + 50 * MINUTE);
    await attendance.endCall(calls[1]!.id, NOV_2 + WEEK + 60 * MINUTE);
    await attendance.startCall("!adhoc:example.org", NOV_2 + 2 * WEEK);
    await attendance.recordJoin(
      stay({
        roomId: "!adhoc:example.org",
        joinedAt: NOV_2 + 2 * WEEK,
        leftAt: NOV_2 + 2 * WEEK + 10 * MINUTE,
      }),
    );

    const november = { from: Date.parse("2026-11-01T00:00:00Z"), until: Date.parse("2026-12-01T00:00:00Z") };
    expect(
      await meetingStats({ meetings, attendance }, november, Date.parse("2026-12-15T00:00:00Z")),
    ).toEqual({
      meetingsScheduled: 5,
      meetingsHeld: 1,
      calls: 3,
      participants: 2,
      guests: 1,
      personMinutes: 30 + 10 + 60 + 20 + 10,
      // The ad-hoc call's end was never reported: it ran until its last person left.
      callMinutes: 50 + 60 + 10,
    });
  });
});

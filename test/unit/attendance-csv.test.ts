import { attendanceCsv, csvCell } from "../../core/meetings/attendance-csv.js";
import type { AttendanceRecord } from "../../core/storage/attendance.js";

const START = Date.parse("2026-03-12T13:05:00Z");

function stay(overrides: Partial<AttendanceRecord>): AttendanceRecord {
  return {
    meetingId: "K7Q-4MX",
    roomId: "!room:example.org",
    conference: "c",
    breakoutRoomId: null,
    occupantJid: "uuid@meet.example.org/abc",
    userId: "@alice:example.org",
    name: "Alice Example",
    isGuest: false,
    joinedAt: START,
    leftAt: START + 30 * 60_000,
    ...overrides,
  };
}

describe("attendance as CSV", () => {
  test("cells a spreadsheet would run as formulas get a leading apostrophe", () => {
    expect(["=1+1", "+49 611 000000", "-2", "@SUM(A1)", "\tx"].map(csvCell)).toEqual([
      "'=1+1",
      "'+49 611 000000",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
    ]);
  });

  test("a Matrix user id stays as it is, but one with formula characters does not", () => {
    expect(csvCell("@alice:example.org")).toBe("@alice:example.org");
    expect(csvCell("@x:y|cmd")).toBe("'@x:y|cmd");
  });

  test("commas, quotes and line breaks are quoted; empty values are empty cells", () => {
    expect(csvCell('Doe, "Jo"\nline')).toBe('"Doe, ""Jo""\nline"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(false)).toBe("false");
  });

  test("each stay is one CRLF line with times in the meeting's zone, after a BOM and the header", () => {
    const call = {
      id: 1,
      roomId: "!room:example.org",
      startedAt: START,
      endedAt: START + 3_600_000,
      maxParticipants: 2,
    };
    const csv = attendanceCsv(
      [
        {
          call,
          stays: [stay({}), stay({ userId: null, name: '=HYPERLINK("x")', isGuest: true, leftAt: null })],
        },
      ],
      "Europe/Berlin",
    );
    expect(csv.split("\r\n")).toEqual([
      "\ufeffcall_started,call_ended,name,matrix_user_id,guest,breakout_room,joined,left,minutes",
      "2026-03-12T14:05:00+01:00,2026-03-12T15:05:00+01:00,Alice Example,@alice:example.org,false,,2026-03-12T14:05:00+01:00,2026-03-12T14:35:00+01:00,30",
      '2026-03-12T14:05:00+01:00,2026-03-12T15:05:00+01:00,"\'=HYPERLINK(""x"")",,true,,2026-03-12T14:05:00+01:00,,',
      "",
    ]);
  });
});

import {
  attendanceRepository,
  type AttendanceRecord,
  type AttendanceRepository,
} from "../../core/storage/attendance.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const ROOM = "!room:example.org";

function alice(overrides: Partial<AttendanceRecord> = {}): AttendanceRecord {
  return {
    meetingId: null,
    roomId: ROOM,
    conference: "efaweq3eivteo2cjnjfwytloj5yduzlymfwxa3dffzxxezy",
    breakoutRoomId: null,
    occupantJid: "c28d9be8-d74d-4e1f-a3d1-24e5b583a75b@meet.example.org/0VbwkBbk",
    userId: "@alice:example.org",
    name: "Alice Example",
    isGuest: false,
    joinedAt: 1_773_320_702_000,
    leftAt: null,
    ...overrides,
  };
}

describe.each(databaseKinds())("call attendance on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let attendance: AttendanceRepository;

  beforeEach(async () => {
    attendance = attendanceRepository(db());
  });

  test("the same join delivered twice is stored once", async () => {
    await attendance.recordJoin(alice());
    await attendance.recordJoin(alice());
    expect(await attendance.between(ROOM, 0, Number.MAX_SAFE_INTEGER)).toEqual([alice()]);
  });

  test("a leave is recorded on the stay it ends, and a guest stays a guest", async () => {
    const guest = alice({
      occupantJid: "c5041a82-0cde-457b-a487-947baff2bd7b@meet.example.org/s8zB6qLD",
      userId: null,
      name: "Bob Beispiel",
      isGuest: true,
      joinedAt: 1_773_322_501_000,
    });
    await attendance.recordJoin(alice());
    await attendance.recordJoin(guest);
    await attendance.recordLeave(ROOM, alice().occupantJid, alice().joinedAt, 1_773_323_825_000);
    expect(await attendance.between(ROOM, 0, Number.MAX_SAFE_INTEGER)).toEqual([
      alice({ leftAt: 1_773_323_825_000 }),
      guest,
    ]);
  });

  test("a call started twice at the same moment is one call, and it ends once", async () => {
    const first = await attendance.startCall(ROOM, 1_000);
    const again = await attendance.startCall(ROOM, 1_000);
    expect(again).toEqual(first);
    expect(await attendance.openCall(ROOM)).toEqual(first);
    await attendance.endCall(first.id, 5_000);
    expect(await attendance.openCall(ROOM)).toBeUndefined();
    expect(await attendance.callAt(ROOM, 1_000)).toMatchObject({ endedAt: 5_000 });
  });

  test("the most participants at once only ever grows", async () => {
    const call = await attendance.startCall(ROOM, 1_000);
    await attendance.raiseMaxParticipants(call.id, 3);
    await attendance.raiseMaxParticipants(call.id, 2);
    expect((await attendance.callAt(ROOM, 1_000))?.maxParticipants).toBe(3);
  });

  test("recent calls come newest first, and stays left open are closed when the call ends", async () => {
    await attendance.startCall(ROOM, 1_000);
    await attendance.startCall(ROOM, 9_000);
    await attendance.recordJoin(alice({ joinedAt: 2_000 }));
    await attendance.closeOpen(ROOM, 1_000, 5_000);
    expect((await attendance.recentCalls(ROOM, 5)).map((call) => call.startedAt)).toEqual([9_000, 1_000]);
    expect((await attendance.between(ROOM, 1_000, 5_000))[0]?.leftAt).toBe(5_000);
  });
});

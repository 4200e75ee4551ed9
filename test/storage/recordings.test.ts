import {
  recordingsRepository,
  type Recording,
  type RecordingsRepository,
} from "../../core/storage/recordings.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

function recording(overrides: Partial<Recording> = {}): Recording {
  return {
    id: "REC-K7Q4MX",
    uploadKey: "a".repeat(64),
    roomId: "!room:example.org",
    meetingId: null,
    sessionId: "92b37fec-7f53-4297-9829-1caf1b28633f",
    fileName: "efaweq3eivteo2cjnjfwytloj5yduzlymfwxa3dffzxxezy_2026-03-12-14-06-05.mp4",
    mimetype: "video/mp4",
    size: 123_456,
    durationMs: 2_000,
    storage: "media",
    mediaUri: "mxc://example.org/video",
    thumbnailUri: "mxc://example.org/thumb",
    localPath: null,
    videoEventId: "$video",
    noticeEventId: "$notice",
    createdAt: 1_000,
    expiresAt: 2_000,
    deletedAt: null,
    deletedBy: null,
    ...overrides,
  };
}

describe.each(databaseKinds())("recordings on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let recordings: RecordingsRepository;

  beforeEach(() => {
    recordings = recordingsRepository(db());
  });

  test("a recording reads back as stored, by id and by upload key", async () => {
    expect(await recordings.insert(recording())).toBe(true);
    expect(await recordings.get("REC-K7Q4MX")).toEqual(recording());
    expect(await recordings.byUploadKey("a".repeat(64))).toEqual(recording());
  });

  test("a recording's copies in other rooms are remembered once each", async () => {
    await recordings.insert(recording());
    const copy = { roomId: "!audience:example.org", eventId: "$copy" };
    await recordings.recordCopies("REC-K7Q4MX", [copy]);
    await recordings.recordCopies("REC-K7Q4MX", [copy]);
    expect(await recordings.copiesOf("REC-K7Q4MX")).toEqual([copy]);
  });

  test("the recordings posted in a room are its own and those copied into it, newest first, without deleted ones", async () => {
    await recordings.insert(recording());
    await recordings.insert(
      recording({ id: "REC-COPIED", uploadKey: "b".repeat(64), roomId: "!other:x", createdAt: 3_000 }),
    );
    await recordings.insert(recording({ id: "REC-ELSEWH", uploadKey: "c".repeat(64), roomId: "!other:x" }));
    await recordings.insert(
      recording({ id: "REC-GONE00", uploadKey: "d".repeat(64), deletedAt: 1_500, deletedBy: "@a:x" }),
    );
    await recordings.recordCopies("REC-COPIED", [{ roomId: "!room:example.org", eventId: "$copy" }]);
    const posted = await recordings.postedIn("!room:example.org", 10);
    expect(posted.map((r) => r.id)).toEqual(["REC-COPIED", "REC-K7Q4MX"]);
    expect(await recordings.postedIn("!room:example.org", 1)).toHaveLength(1);
  });

  test("a second recording with the same upload key is not stored", async () => {
    await recordings.insert(recording());
    expect(await recordings.insert(recording({ id: "REC-AAAAAA" }))).toBe(false);
    expect(await recordings.list({ limit: 10 })).toEqual([recording()]);
  });

  test("a deleted recording is listed only when asked for, and is deleted once", async () => {
    await recordings.insert(recording());
    await recordings.markDeleted("REC-K7Q4MX", 5_000, "@admin:example.org");
    await recordings.markDeleted("REC-K7Q4MX", 6_000, "@other:example.org");
    expect(await recordings.list({ limit: 10 })).toEqual([]);
    expect(await recordings.list({ limit: 10, includeDeleted: true })).toEqual([
      recording({ deletedAt: 5_000, deletedBy: "@admin:example.org" }),
    ]);
  });
});

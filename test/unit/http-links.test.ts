import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { configuredLinkSigner, publicUrl } from "../../core/http/signed-links.js";
import { attendanceCsvLink } from "../../core/meetings/attendance.js";
import { localRecordingPath, recordingDownloadLink } from "../../core/recordings/links.js";
import { calendarTokensRepository } from "../../core/storage/calendar-tokens.js";
import { HttpRole } from "../support/http-role.js";
import { storedMeeting } from "../support/stored-meeting.js";

const DAY_MS = 86_400_000;

/** Links that carry their own authorization, checked by the public HTTP server with the real clock. */
describe("links that expire", () => {
  let http: HttpRole;

  beforeAll(async () => {
    http = await HttpRole.start();
  });

  afterAll(async () => {
    await http?.stop();
  });

  /** `url` (on the configured public URL) fetched from the test's server. */
  const get = (url: string) => {
    const { pathname, search } = new URL(url);
    return fetch(`${http.url}${pathname}${search}`);
  };
  const status = async (url: string) => (await get(url)).status;

  test("a calendar feed works until its expiry, then gets the same 404 as an unknown token", async () => {
    const tokens = calendarTokensRepository(http.plenum.db);
    const working = await tokens.feedFor("@alice:example.org", Date.now(), DAY_MS);
    const expired = await tokens.feedFor("@bob:example.org", Date.now() - 2 * DAY_MS, DAY_MS);
    expect((await fetch(`${http.url}/calendar/${working.token}.ics`)).status).toBe(200);
    expect((await fetch(`${http.url}/calendar/${expired.token}.ics`)).status).toBe(404);
  });

  test("a recording link made to work for 30 days, as links posted before short-lived links did, is refused with a request to ask for a fresh one", async () => {
    const id = "rec-kept-by-plenum";
    const file = join(http.dir, "recording.mp4");
    writeFileSync(file, "not really a video");
    await http.plenum.recordingDeps.recordings.insert({
      id,
      uploadKey: "a".repeat(64),
      roomId: "!room:example.org",
      meetingId: null,
      sessionId: null,
      fileName: "recording.mp4",
      mimetype: "video/mp4",
      size: 18,
      durationMs: null,
      storage: "local",
      mediaUri: null,
      thumbnailUri: null,
      localPath: file,
      videoEventId: "$video",
      noticeEventId: null,
      createdAt: Date.now(),
      expiresAt: Date.now() + 365 * DAY_MS,
      deletedAt: null,
      deletedBy: null,
    });
    const old = publicUrl(
      http.config,
      configuredLinkSigner(http.config).sign(localRecordingPath(id), Date.now() + 30 * DAY_MS),
    );
    const refused = await get(old);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toBe(
      "This link was made to work longer than download links now do; ask for a fresh one with !meet recordings in the room it was posted in",
    );
    expect((await get(recordingDownloadLink(http.config, id, Date.now()).url)).status).toBe(200);
  });

  test("an attendance CSV link works only for the editor it was made for, and only for its lifetime", async () => {
    const meeting = storedMeeting("!room:example.org", Date.now());
    await http.plenum.meetingDeps.meetings.insert(meeting);
    const { config } = http;
    const link = (holder: string, madeAt: number) =>
      attendanceCsvLink(config, meeting.id, holder, madeAt).url;
    expect(await status(link(meeting.organizer, Date.now()))).toBe(200);
    expect(await status(link("@bob:example.org", Date.now()))).toBe(403);
    expect(await status(link(meeting.organizer, Date.now() - 16 * 60_000))).toBe(403);
  });
});

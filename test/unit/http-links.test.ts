import { attendanceCsvLink } from "../../core/meetings/attendance.js";
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
  const status = async (url: string) => {
    const { pathname, search } = new URL(url);
    return (await fetch(`${http.url}${pathname}${search}`)).status;
  };

  test("a calendar feed works until its expiry, then gets the same 404 as an unknown token", async () => {
    const tokens = calendarTokensRepository(http.plenum.db);
    const working = await tokens.feedFor("@alice:example.org", Date.now(), DAY_MS);
    const expired = await tokens.feedFor("@bob:example.org", Date.now() - 2 * DAY_MS, DAY_MS);
    expect((await fetch(`${http.url}/calendar/${working.token}.ics`)).status).toBe(200);
    expect((await fetch(`${http.url}/calendar/${expired.token}.ics`)).status).toBe(404);
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

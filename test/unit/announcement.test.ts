import { meetingAnnouncement } from "../../core/meetings/announcement.js";
import { testMeeting } from "../support/stored-meeting.js";

const meeting = testMeeting({
  id: "ABC-123",
  title: "Budget review",
  organizer: "@alice:example.org",
  start: "2026-11-24T10:00:00+01:00",
  durationMinutes: 30,
  participants: ["@alice:example.org"],
});
const LINK = "https://matrix.to/#/!meeting%3Aexample.org?via=example.org";

describe("the announcement of a new meeting", () => {
  test("carries title, id, time with zone, organizer and room link as text", () => {
    expect(meetingAnnouncement(meeting, LINK, "en", "Europe/Berlin").text).toBe(
      [
        "New meeting “Budget review” (ABC-123)",
        "When: Tue, Nov 24, 2026, 10:00–10:30 (Europe/Berlin)",
        "Organizer: @alice:example.org",
        `Meeting room: ${LINK}`,
      ].join("\n"),
    );
  });

  test("names the series and is written in German for a German reader", () => {
    const { text } = meetingAnnouncement({ ...meeting, rrule: "FREQ=WEEKLY" }, LINK, "de", "Europe/Berlin");
    expect(text).toMatch(/^Neuer Termin „Budget review“ \(ABC-123\)\nWann: Di\., 24\. Nov\. 2026/);
    expect(text).toContain("\nWiederholung: ");
  });

  test("names a series in words in the meeting's zone, never as the raw rule", () => {
    const { text } = meetingAnnouncement(
      { ...meeting, rrule: "FREQ=WEEKLY;UNTIL=20270331T215959Z" },
      LINK,
      "en",
      "Europe/Berlin",
    );
    expect(text).not.toContain("FREQ=");
    expect(text).toContain("\nRepeats: every week on Tuesday until ");
  });

  test("in HTML, bolds the title, pills the organizer and links the room by its title", () => {
    const { html } = meetingAnnouncement(meeting, LINK, "en", "Europe/Berlin");
    expect(html).toContain("<p>New meeting “<strong>Budget review</strong>” (ABC-123)</p><ul>");
    expect(html).toContain('<a href="https://matrix.to/#/%40alice%3Aexample.org">@alice:example.org</a>');
    expect(html).toContain(`<a href="${LINK}">Budget review</a>`);
  });

  test("escapes a hostile title in HTML", () => {
    const title = '<script>alert(1)</script><a href="https://evil.example">x</a>';
    const { html } = meetingAnnouncement({ ...meeting, title }, LINK, "en", "Europe/Berlin");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain('<a href="https://evil.example">');
    expect(html).toContain(
      "&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href=&quot;https://evil.example&quot;&gt;",
    );
  });
});

import {
  audienceRoomRequest,
  parseStreamUrl,
  renderAudienceStatus,
} from "../../core/council/public-session.js";
import { errorOf } from "../support/user-error.js";
import { testMeeting } from "../support/stored-meeting.js";

const meeting = testMeeting({
  description: "1. Budget\n2. Any other business",
  start: "2026-11-23T09:30:00+01:00",
  status: "live",
});
const session = {
  meetingId: "K7Q-4MX",
  audienceRoomId: "!aud:x",
  streamUrl: "https://stream.example.org/c.m3u8",
  statusMessageId: null,
  isPublic: true,
};

describe("the audience room", () => {
  const request = audienceRoomRequest({
    meeting,
    name: "Council (public)",
    topic: "Public session",
    botUserId: "@bot:x",
    speakers: { "@org:x": 100, "@mod:x": 50 },
    roomVersion: "10",
  });

  test("anyone may join and read it, even before joining", () => {
    expect(request.initial_state).toContainEqual({
      type: "m.room.join_rules",
      state_key: "",
      content: { join_rule: "public" },
    });
    expect(request.initial_state).toContainEqual({
      type: "m.room.history_visibility",
      state_key: "",
      content: { history_visibility: "world_readable" },
    });
  });

  test("only the bot and the meeting's moderators may post, and only the bot may change it", () => {
    expect(request.power_level_content_override).toMatchObject({
      users: { "@bot:x": 100, "@org:x": 50, "@mod:x": 50 },
      users_default: 0,
      events_default: 50,
      state_default: 100,
    });
  });
});

describe("the audience status", () => {
  test("a live session shows its agenda and the stream", () => {
    const text = renderAudienceStatus(meeting, session, "en");
    expect(text).toContain("Status: 🔴 live");
    expect(text).toContain("Agenda:\n1. Budget\n2. Any other business");
    expect(text).toContain("Watch the stream: https://stream.example.org/c.m3u8");
  });

  test("an ended session shows no stream", () => {
    const text = renderAudienceStatus({ ...meeting, status: "ended" }, session, "de");
    expect(text).toContain("Status: beendet");
    expect(text).not.toContain("Stream");
  });
});

describe("stream addresses", () => {
  test("an https address is kept", () => {
    expect(parseStreamUrl("https://stream.example.org/c.m3u8")).toBe("https://stream.example.org/c.m3u8");
  });

  test.each([
    "http://stream.example.org/c",
    "javascript:alert(1)",
    "stream",
    `https://x.org/${"a".repeat(500)}`,
  ])("%s is refused", (text) => {
    expect(errorOf(() => parseStreamUrl(text)).key).toBe("public.bad_stream_url");
  });
});

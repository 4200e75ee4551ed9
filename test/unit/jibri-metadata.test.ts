import {
  conferenceFromFileName,
  conferenceFromMeetingUrl,
  parseJibriMetadata,
  roomIdForRecording,
} from "../../core/recordings/jibri-metadata.js";
import { conferenceNameForRoom } from "../../core/meetings/conference.js";
import { fixtureText } from "../support/fixtures.js";

const FIXTURE = fixtureText("jitsi/jibri/metadata.json");
const FIXTURE_ROOM = "!AbCdEfGhIjKlMnOp:example.org";
const FILE = "efaweq3eivteo2cjnjfwytloj5yduzlymfwxa3dffzxxezy_2026-03-12-14-06-05.mp4";

function parsed(text: string) {
  const result = parseJibriMetadata(text);
  if (!result.ok) throw new Error(result.problem);
  return result.metadata;
}

describe("Jibri's metadata.json", () => {
  test("the fixture names its conference, room and the participants with identities", () => {
    expect(parsed(FIXTURE)).toEqual({
      meetingUrl: "https://meet.example.org/efaweq3eivteo2cjnjfwytloj5yduzlymfwxa3dffzxxezy",
      conference: "efaweq3eivteo2cjnjfwytloj5yduzlymfwxa3dffzxxezy",
      matrixRoomId: FIXTURE_ROOM,
      participants: [{ id: "@alice:example.org", name: "Alice Example" }, { name: "Bob Beispiel" }],
    });
  });

  test("the compact one-line form Jibri writes parses the same as the pretty fixture", () => {
    expect(parsed(JSON.stringify(JSON.parse(FIXTURE)))).toEqual(parsed(FIXTURE));
  });

  test("the meeting URL's conference decides the room, in any case, with tenant, query or fragment", () => {
    for (const url of [
      "https://meet.example.org/EFAWEQ3EIVTEO2CJNJFWYTLOJ5YDUZLYMFWXA3DFFZXXEZY",
      "https://meet.example.org/tenant/efaweq3eivteo2cjnjfwytloj5yduzlymfwxa3dffzxxezy?jwt=x#config.a=1",
    ]) {
      expect(conferenceFromMeetingUrl(url)).toBe("efaweq3eivteo2cjnjfwytloj5yduzlymfwxa3dffzxxezy");
      expect(roomIdForRecording(parsed(JSON.stringify({ meeting_url: url })), FILE)).toBe(FIXTURE_ROOM);
    }
  });

  test("the conference of a room version 12 room, whose id has no server part, names that room", () => {
    const roomId = "!kzMuQ3XG9FrLLLd9pqHs-WKipvUXBrPX9WubS1-mJVA";
    const conference = conferenceNameForRoom(roomId).toLowerCase();
    const metadata = parsed(JSON.stringify({ meeting_url: `https://meet.example.org/${conference}` }));
    expect(roomIdForRecording(metadata, `${conference}_2026-03-12-14-06-05.mp4`)).toBe(roomId);
  });

  test("a session from Jibri's HTTP API with a conference that is no room id falls back to the file name", () => {
    const metadata = parsed(
      JSON.stringify({ meeting_url: "https://meet.example.org/board", participants: [] }),
    );
    expect(conferenceFromFileName(FILE)).toBe("efaweq3eivteo2cjnjfwytloj5yduzlymfwxa3dffzxxezy");
    expect(roomIdForRecording(metadata, FILE)).toBe(FIXTURE_ROOM);
    expect(roomIdForRecording(metadata, "board_2026-03-12-14-06-05.mp4")).toBeUndefined();
  });

  test("metadata that is not JSON, not an object, or names no meeting is refused with the reason", () => {
    expect(parseJibriMetadata("{")).toEqual({ ok: false, problem: "metadata: not JSON" });
    expect(parseJibriMetadata("[]")).toEqual({ ok: false, problem: "metadata: expected a JSON object" });
    expect(parseJibriMetadata('{"participants":[]}')).toEqual({
      ok: false,
      problem: "metadata: neither meeting_url nor matrix_room_id",
    });
  });
});

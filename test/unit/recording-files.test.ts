import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  makeThumbnail,
  mediaInfoFromProbe,
  probeMedia,
  thumbnailSize,
} from "../../core/recordings/media-probe.js";
import { recordingMediaType } from "../../core/recordings/media-type.js";
import { randomTempName, removeStaleUploads } from "../../core/recordings/publish.js";

const MP4_HEAD = Buffer.from("000000206674797069736f6d00000200", "hex");
const WEBM_HEAD = Buffer.from("1a45dfa39f4286810142f7810142f281", "hex");

describe("which uploads count as recordings", () => {
  test("an MP4 declared as video/mp4 or as a generic byte stream is a video/mp4 recording", () => {
    expect(recordingMediaType("video/mp4", "call_2026-03-12-14-06-05.mp4", MP4_HEAD)).toBe("video/mp4");
    expect(recordingMediaType("application/octet-stream", "call.MP4", MP4_HEAD)).toBe("video/mp4");
    expect(recordingMediaType("video/webm", "call.webm", WEBM_HEAD)).toBe("video/webm");
  });

  test("a type that does not match the name or the content is refused", () => {
    expect(recordingMediaType("video/mp4", "call.mp4", Buffer.from("just text, no video"))).toBeUndefined();
    expect(recordingMediaType("video/mp4", "call.webm", MP4_HEAD)).toBeUndefined();
    expect(recordingMediaType("text/html", "call.mp4", MP4_HEAD)).toBeUndefined();
  });
});

describe("what ffprobe says about a recording", () => {
  test("duration in milliseconds and the video stream's size are read from ffprobe's JSON", () => {
    const probe = {
      streams: [
        { codec_type: "audio", duration: "2.000000" },
        { codec_type: "video", width: 1280, height: 720 },
      ],
      format: { duration: "2.023000" },
    };
    expect(mediaInfoFromProbe(probe)).toEqual({ durationMs: 2023, width: 1280, height: 720 });
  });

  test("an audio-only file or an unreadable answer gives only what is known", () => {
    expect(mediaInfoFromProbe({ streams: [{ codec_type: "audio" }], format: { duration: "5.5" } })).toEqual({
      durationMs: 5500,
    });
    expect(mediaInfoFromProbe(null)).toEqual({});
    expect(mediaInfoFromProbe({ format: { duration: "N/A" } })).toEqual({});
  });

  test("without ffprobe and ffmpeg a recording has no duration and no thumbnail, and nothing fails", async () => {
    expect(await probeMedia("/nonexistent.mp4", "/nonexistent/ffprobe")).toEqual({});
    expect(
      await makeThumbnail("/nonexistent.mp4", { width: 320, height: 240 }, "/nonexistent/ffmpeg"),
    ).toBeUndefined();
  });

  test("thumbnails are at most 640 pixels wide, keep the aspect and have an even height", () => {
    expect(thumbnailSize(1280, 720)).toEqual({ width: 640, height: 360 });
    expect(thumbnailSize(320, 240)).toEqual({ width: 320, height: 240 });
    expect(thumbnailSize(1000, 333)).toEqual({ width: 640, height: 214 });
  });
});

describe("uploads a crash left half-written", () => {
  test("are removed once older than the longest upload; recent ones and other files stay", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plenum-uploads-"));
    try {
      const [stale, recent] = [randomTempName(), randomTempName()];
      for (const name of [stale, recent, "REC-K7Q4MX.mp4"]) writeFileSync(join(dir, name), "x");
      const now = Date.now();
      const twoHoursAgo = (now - 2 * 3_600_000) / 1000;
      utimesSync(join(dir, stale), twoHoursAgo, twoHoursAgo);
      utimesSync(join(dir, "REC-K7Q4MX.mp4"), twoHoursAgo, twoHoursAgo);
      expect(await removeStaleUploads(dir, now, 3_600_000)).toEqual([stale]);
      expect(readdirSync(dir).sort()).toEqual([recent, "REC-K7Q4MX.mp4"].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Duration, size and a thumbnail of a recording, from ffprobe and ffmpeg (Debian's `ffmpeg`
 * package). Both are optional: without them, or for a file they cannot read, a recording is
 * published without duration and thumbnail rather than not at all.
 */
import { execFile } from "node:child_process";

export interface MediaInfo {
  durationMs?: number;
  width?: number;
  height?: number;
}

export interface Thumbnail {
  data: Buffer;
  mimetype: "image/jpeg";
  width: number;
  height: number;
}

const TIMEOUT_MS = 60_000;
const THUMBNAIL_WIDTH = 640;

function run(command: string, args: string[]): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { encoding: "buffer", timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => resolve(error ? undefined : stdout),
    );
  });
}

/** What ffprobe's JSON says about duration and the first video stream's size. */
export function mediaInfoFromProbe(json: unknown): MediaInfo {
  const probe = json as {
    format?: { duration?: string };
    streams?: { codec_type?: string; width?: number; height?: number; duration?: string }[];
  };
  const info: MediaInfo = {};
  const seconds = Number(probe?.format?.duration);
  if (Number.isFinite(seconds) && seconds > 0) info.durationMs = Math.round(seconds * 1000);
  const video = probe?.streams?.find((stream) => stream.codec_type === "video");
  if (video && Number.isInteger(video.width) && Number.isInteger(video.height)) {
    info.width = video.width;
    info.height = video.height;
  }
  return info;
}

export async function probeMedia(path: string, ffprobe = "ffprobe"): Promise<MediaInfo> {
  const output = await run(ffprobe, [
    "-v",
    "error",
    "-print_format",
    "json",
    "-show_format",
    "-show_streams",
    path,
  ]);
  if (!output) return {};
  try {
    return mediaInfoFromProbe(JSON.parse(output.toString("utf8")));
  } catch {
    return {};
  }
}

/** The thumbnail's size: at most THUMBNAIL_WIDTH wide, aspect kept, height even (as `scale=…:-2`). */
export function thumbnailSize(width: number, height: number): { width: number; height: number } {
  const w = Math.min(THUMBNAIL_WIDTH, width);
  return { width: w, height: Math.max(2, 2 * Math.round((height * w) / width / 2)) };
}

/** A JPEG frame from one second in (or the middle of a shorter video). */
export async function makeThumbnail(
  path: string,
  info: MediaInfo,
  ffmpeg = "ffmpeg",
): Promise<Thumbnail | undefined> {
  if (!info.width || !info.height) return undefined;
  const at = Math.min(1, (info.durationMs ?? 0) / 2000);
  const size = thumbnailSize(info.width, info.height);
  const output = await run(ffmpeg, [
    "-v",
    "error",
    "-ss",
    at.toFixed(3),
    "-i",
    path,
    "-frames:v",
    "1",
    "-vf",
    `scale=${size.width}:-2`,
    "-f",
    "image2",
    "-c:v",
    "mjpeg",
    "pipe:1",
  ]);
  if (!output || output.length === 0) return undefined;
  return { data: output, mimetype: "image/jpeg", ...size };
}

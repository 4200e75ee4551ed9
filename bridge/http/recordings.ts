import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import express, { type Request, type Router } from "express";
import type { ConfigSlice } from "../../core/config/slice.js";
import { ErrCode, HttpError, sendError } from "../../core/http/errors.js";
import type { RecordingDeps } from "../../core/recordings/deps.js";
import { parseJibriMetadata, roomIdForRecording } from "../../core/recordings/jibri-metadata.js";
import { HEAD_BYTES, RECORDING_TYPES, recordingMediaType } from "../../core/recordings/media-type.js";
import { checkRecordingLink } from "../../core/recordings/links.js";
import { publishRecording, randomTempName, recordingsDir } from "../../core/recordings/publish.js";
import type { MeetingsRepository } from "../../core/storage/meetings.js";
import type { RoomStateRepository } from "../../core/storage/room-state.js";
import { bearerGate } from "./bearer-gate.js";

export interface RecordingsRouterOptions {
  config: ConfigSlice<{
    jitsi: "recordings_token" | "recordings_max_size";
    appservice: "as_token";
    http: "recording_link_lifetime";
  }>;
  recordingDeps: RecordingDeps;
  meetings: MeetingsRepository;
  roomState: RoomStateRepository;
}

const MIB = 1024 * 1024;
/** Room for the multipart framing and the metadata part around the file. */
const ENVELOPE_BYTES = 2 * MIB;

interface ReceivedParts {
  file?: {
    tempPath: string;
    fileName: string;
    declaredType: string;
    size: number;
    sha256: string;
    head: Buffer;
  };
  metadata?: string;
  sessionId?: string;
  tooLarge: boolean;
  problems: string[];
}

/**
 * Recording uploads from `bin/plenum-jibri-finalize` on the Jibri host, and downloads of recordings
 * too large for the homeserver. Trust boundary: uploads need `jitsi.recordings_token` as bearer
 * (checked before the body is read; without the token configured the endpoint is off, 404). The
 * metadata still only names a room Plenum knows, so a token holder cannot post into arbitrary rooms.
 * Downloads need a link signed by Plenum that has not expired and expires no later than a link made
 * now would; links are posted only into the rooms the recording was posted in, and work for hours
 * (core/recordings/links.ts).
 */
export function recordingsRouter(options: RecordingsRouterOptions): Router {
  const deps = options.recordingDeps;
  const { config } = options;
  const log = deps.logger.child({ module: "recordings-http" });
  const router = express.Router();

  const gate = bearerGate(config.jitsi.recordings_token);

  router.post("/api/v1/recordings", gate, async (request, response) => {
    const maxBytes = config.jitsi.recordings_max_size * MIB;
    let received: ReceivedParts | undefined;
    try {
      if (!/^multipart\/form-data\s*;/i.test(request.header("content-type") ?? ""))
        throw new HttpError(
          ErrCode.UnsupportedMediaType,
          "Expected multipart/form-data with file and metadata parts",
        );
      if (Number(request.header("content-length") ?? 0) > maxBytes + ENVELOPE_BYTES) throw tooLarge(maxBytes);
      received = await receiveParts(request, maxBytes, recordingsDir(deps));
      const file = received.file;
      if (received.tooLarge) throw tooLarge(maxBytes);
      if (received.problems.length > 0) throw new HttpError(ErrCode.BadParam, received.problems.join("; "));
      if (!file) throw new HttpError(ErrCode.MissingParam, "The file part is missing");
      if (received.metadata === undefined)
        throw new HttpError(ErrCode.MissingParam, "The metadata part (Jibri's metadata.json) is missing");
      const parsed = parseJibriMetadata(received.metadata);
      if (!parsed.ok) throw new HttpError(ErrCode.BadJson, parsed.problem);
      const mimetype = recordingMediaType(file.declaredType, file.fileName, file.head);
      if (!mimetype)
        throw new HttpError(
          ErrCode.UnsupportedMediaType,
          `The file is not a recording Plenum accepts (${RECORDING_TYPES.join(", ")}, matching its name and content)`,
        );
      const roomId = roomIdForRecording(parsed.metadata, file.fileName);
      const meeting = roomId ? await options.meetings.byRoomId(roomId) : undefined;
      if (!roomId || (!meeting && !(await options.roomState.knows(roomId))))
        throw new HttpError(ErrCode.NotFound, "No meeting room uses this conference");
      const { recording, created } = await publishRecording(
        deps,
        { roomId, meeting },
        {
          tempPath: file.tempPath,
          fileName: file.fileName,
          mimetype,
          size: file.size,
          sha256: file.sha256,
          sessionId: received.sessionId ?? null,
          metadata: parsed.metadata,
        },
      );
      response.status(created ? 201 : 200).json({ id: recording.id, event_id: recording.videoEventId });
    } catch (error) {
      if (received?.file) await rm(received.file.tempPath, { force: true });
      if (error instanceof HttpError) {
        log.info({ status: error.status, reason: error.message }, "recording upload refused");
        sendError(response, error);
        return;
      }
      log.error({ err: error }, "recording upload failed");
      const failed = "The recording could not be stored; try again later";
      sendError(response, new HttpError(ErrCode.Unknown, failed, { status: 502 }));
    }
  });

  router.get("/api/v1/recordings/:id/file", async (request, response) => {
    const id = String(request.params.id);
    const link = checkRecordingLink(config, id, request.query, deps.clock.now());
    if (link !== "valid") {
      const reason =
        link === "too-long"
          ? "This link was made to work longer than download links now do; ask for a fresh one with !meet recordings in the room it was posted in"
          : "This link is not valid or has expired";
      sendError(response, new HttpError(ErrCode.Forbidden, reason));
      return;
    }
    const recording = await deps.recordings.get(id);
    if (!recording || recording.deletedAt !== null || !recording.localPath) {
      sendError(response, new HttpError(ErrCode.NotFound, "This recording has been deleted"));
      return;
    }
    const size = (await stat(recording.localPath)).size;
    response.status(200).set({
      "content-type": recording.mimetype,
      "content-length": String(size),
      "content-disposition": `attachment; filename="${recording.fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "private, no-store",
    });
    await pipeline(createReadStream(recording.localPath), response);
  });

  return router;
}

/** The rest of a body too large is not read: the connection is closed after the answer. */
function tooLarge(maxBytes: number): HttpError {
  return new HttpError(ErrCode.TooLarge, `Recordings may be at most ${maxBytes / MIB} MiB`, {
    headers: { connection: "close" },
  });
}

/**
 * Streams the multipart body: the `file` part into a temporary file next to the final location
 * (hashing as it goes), the `metadata` part (a field, or a file part as `curl -F metadata=@…` sends
 * it) and `session_id` into memory. Resolves when everything is on disk; a file over the limit is
 * cut off and reported as too large.
 */
async function receiveParts(request: Request, maxBytes: number, dir: string): Promise<ReceivedParts> {
  await mkdir(dir, { recursive: true });
  const received: ReceivedParts = { tooLarge: false, problems: [] };
  const writes: Promise<void>[] = [];
  const fileStreams: NodeJS.ReadableStream[] = [];
  const parser = busboy({
    headers: request.headers,
    limits: { fileSize: maxBytes, files: 2, fields: 4, fieldSize: MIB, parts: 6 },
  });
  parser.on("file", (name, stream, info) => {
    if (name === "metadata") {
      const chunks: Buffer[] = [];
      let length = 0;
      stream.on("data", (chunk: Buffer) => {
        length += chunk.length;
        if (length <= MIB) chunks.push(chunk);
      });
      stream.on("end", () => {
        if (length > MIB) received.problems.push("metadata: larger than 1 MiB");
        else received.metadata = Buffer.concat(chunks).toString("utf8");
      });
      return;
    }
    if (name !== "file" || received.file) {
      if (name === "file") received.problems.push("file: more than one file part");
      stream.resume();
      return;
    }
    fileStreams.push(stream);
    const tempPath = join(dir, randomTempName());
    const hash = createHash("sha256");
    const file = {
      tempPath,
      fileName: info.filename ?? "recording",
      declaredType: info.mimeType,
      size: 0,
      sha256: "",
      head: Buffer.alloc(0),
    };
    received.file = file;
    stream.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      file.size += chunk.length;
      if (file.head.length < HEAD_BYTES)
        file.head = Buffer.concat([file.head, chunk]).subarray(0, HEAD_BYTES);
    });
    stream.on("limit", () => {
      received.tooLarge = true;
    });
    writes.push(
      pipeline(stream, createWriteStream(tempPath)).then(() => {
        file.sha256 = hash.digest("hex");
      }),
    );
  });
  parser.on("field", (name, value, info) => {
    if (info.valueTruncated) received.problems.push(`${name}: larger than 1 MiB`);
    else if (name === "metadata") received.metadata = value;
    else if (name === "session_id") received.sessionId = value.slice(0, 255);
  });
  parser.on("partsLimit", () => received.problems.push("too many parts"));
  parser.on("filesLimit", () => received.problems.push("too many file parts"));
  await new Promise<void>((resolve, reject) => {
    parser.on("close", resolve);
    parser.on("error", (error: Error) =>
      reject(new HttpError(ErrCode.BadParam, `Malformed multipart body: ${error.message}`)),
    );
    request.on("error", reject);
    request.on("close", () => {
      if (!request.complete) reject(new HttpError(ErrCode.BadParam, "The upload was interrupted"));
    });
    request.pipe(parser);
  }).catch(async (error) => {
    for (const stream of fileStreams) (stream as unknown as { destroy(): void }).destroy();
    await Promise.allSettled(writes);
    if (received.file) await rm(received.file.tempPath, { force: true });
    throw error;
  });
  await Promise.all(writes);
  return received;
}

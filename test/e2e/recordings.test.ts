import { execFileSync, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../../core/errors/user-error.js";
import { conferenceNameForRoom } from "../../core/meetings/conference.js";
import { deleteRecording, listRecordings } from "../../core/recordings/manage.js";
import type { RecordingsResponse, SessionResponse } from "../../core/widgets/api-types.js";
import { registerUser } from "../../scripts/synapse-admin.js";
import { ManualClock } from "../support/clock.js";
import { fixtureText } from "../support/fixtures.js";
import { STATE_ENV, type E2eState } from "../support/global-setup.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const TOKEN = "recordings-bearer-token-for-tests";
const EVENTS_TOKEN = "events-bearer-token-for-recording-tests";
const FINALIZE = fileURLToPath(new URL("../../bin/plenum-jibri-finalize", import.meta.url));
const FIXTURE_CONFERENCE = "efaweq3eivteo2cjnjfwytloj5yduzlymfwxa3dffzxxezy";
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

type RoomEvent = { event_id: string; sender: string; type: string; content: Record<string, unknown> };

/** A small real MP4 (video and audio), made by Debian's ffmpeg. */
function makeMp4(path: string, seconds: number): Buffer {
  execFileSync("ffmpeg", [
    "-v", "error", "-y",
    "-f", "lavfi", "-i", `testsrc=duration=${seconds}:size=320x240:rate=10`,
    "-f", "lavfi", "-i", `sine=duration=${seconds}`,
    "-shortest", "-pix_fmt", "yuv420p", path,
  ]); // prettier-ignore
  return readFileSync(path);
}

interface RecordingEnv {
  env: TestEnv;
  clock: ManualClock;
  work: string;
  recordingsDir: string;
}

/** Plenum on a clock the test moves, storing recordings in a fresh directory, with these config sections. */
async function startRecordingEnv(
  config: (recordingsDir: string) => Record<string, Record<string, unknown>>,
): Promise<RecordingEnv> {
  const work = mkdtempSync(join(tmpdir(), "plenum-recordings-"));
  const recordingsDir = join(work, "plenum-store");
  const clock = new ManualClock(Date.now());
  const env = await TestEnv.start({
    locale: "en",
    start: { clock, schedulerTimer: false },
    config: config(recordingsDir),
  });
  return { env, clock, work, recordingsDir };
}

describe("recordings from Jibri published into the meeting room, against the real homeserver", () => {
  let env: TestEnv;
  let clock: ManualClock;
  let alice: TestUser;
  let roomId: string;
  let conference: string;
  let work: string;
  let recordingsDir: string;
  let video: Buffer;
  let published: { id: string; event_id: string };

  beforeAll(async () => {
    const state = JSON.parse(process.env[STATE_ENV]!) as E2eState;
    const admin = await registerUser(state.homeserver, `admin-${randomUUID().slice(0, 8)}`, { admin: true });
    ({ env, clock, work, recordingsDir } = await startRecordingEnv((dir) => ({
      homeserver: { admin_token: admin.accessToken },
      jitsi: {
        events_token: EVENTS_TOKEN,
        recordings_token: TOKEN,
        recordings_dir: dir,
        recordings_max_size: 1,
      },
    })));
    alice = await env.createUser("alice");
    const team = await env.roomWithBot(alice, "Team");
    const command = await env.say(alice, team, `!meet schedule "Board" tomorrow 10:00`);
    const reply = String((await env.replyTo(alice, team, command)).getContent().body);
    const meetingId = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    const meeting = (await env.plenum.meetingDeps.meetings.get(meetingId))!;
    roomId = meeting.roomId!;
    conference = meeting.conferenceName.toLowerCase();
    video = makeMp4(join(work, "source.mp4"), 2);
  });

  afterAll(async () => {
    await env?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** A session directory exactly as Jibri leaves it for the finalize script. */
  function jibriSession(bytes: Buffer, conferenceName = conference): string {
    const dir = join(work, "jibri", randomUUID());
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${conferenceName}_2026-03-12-14-06-05.mp4`), bytes);
    const metadata = JSON.parse(
      fixtureText("jitsi/jibri/metadata.json").replaceAll(FIXTURE_CONFERENCE, conferenceName),
    );
    delete metadata.matrix_room_id;
    metadata.participants[0].user.id = alice.userId;
    writeFileSync(join(dir, "metadata.json"), JSON.stringify(metadata));
    return dir;
  }

  function finalize(
    sessionDir: string,
    env_: Record<string, string> = {},
  ): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn(FINALIZE, [sessionDir], {
        env: {
          PATH: process.env.PATH,
          PLENUM_URL: env.httpUrl,
          PLENUM_RECORDINGS_TOKEN: TOKEN,
          PLENUM_FINALIZE_FOREGROUND: "1",
          PLENUM_FINALIZE_BACKOFF_MS: "100",
          PLENUM_FINALIZE_MAX_BACKOFF_MS: "400",
          ...env_,
        },
      });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      child.on("close", (code) => resolve({ code, output }));
    });
  }

  async function events(): Promise<RoomEvent[]> {
    return (await env.roomMessages("bot", roomId)) as RoomEvent[];
  }

  async function videos(): Promise<RoomEvent[]> {
    return (await events()).filter((e) => e.type === "m.room.message" && e.content.msgtype === "m.video");
  }

  async function download(mxc: string): Promise<Response> {
    const [server, mediaId] = mxc.slice("mxc://".length).split("/");
    return fetch(`${env.state.homeserver.url}/_matrix/client/v1/media/download/${server}/${mediaId}`, {
      headers: { authorization: `Bearer ${alice.accessToken}` },
    });
  }

  function post(form: FormData | string, authorization = `Bearer ${TOKEN}`): Promise<Response> {
    const headers: Record<string, string> = authorization ? { authorization } : {};
    if (typeof form === "string") headers["content-type"] = "application/json";
    return fetch(`${env.httpUrl}/api/v1/recordings`, { method: "POST", headers, body: form });
  }

  function uploadForm(bytes: Buffer, conferenceName = conference, fileName?: string): FormData {
    const dir = jibriSession(bytes, conferenceName);
    const form = new FormData();
    form.set("metadata", readFileSync(join(dir, "metadata.json"), "utf8"));
    form.set(
      "file",
      new Blob([bytes], { type: "video/mp4" }),
      fileName ?? `${conferenceName}_2026-03-12-14-06-05.mp4`,
    );
    return form;
  }

  function leftovers(): string[] {
    return existsSync(recordingsDir)
      ? readdirSync(recordingsDir).filter((name) => name.startsWith(".incoming"))
      : [];
  }

  test("when Jibri joins the call, the room is told that the call is being recorded", async () => {
    const joined = JSON.parse(
      fixtureText("jitsi/event-sync/occupant-joined.json").replaceAll(FIXTURE_CONFERENCE, conference),
    );
    joined.occupant = {
      occupant_jid: "recorder@recorder.meet.example.org/m3SKC3FU",
      joined_at: joined.occupant.joined_at,
    };
    const response = await fetch(`${env.httpUrl}/api/v1/jitsi/events/occupant/joined`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${EVENTS_TOKEN}` },
      body: JSON.stringify(joined),
    });
    expect(response.status).toBe(200);
    await env.waitForMessage(roomId, "🔴 A recorder has joined the call");
    expect(await env.plenum.db("attendance")).toEqual([]);
  });

  test("the finalize script publishes a Jibri session as an m.video whose media downloads byte-identical", async () => {
    const session = jibriSession(video);
    const { code, output } = await finalize(session);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining("recording published") });
    const [event] = await videos();
    expect(event!.content).toMatchObject({
      body: `${conference}_2026-03-12-14-06-05.mp4`,
      url: expect.stringMatching(/^mxc:\/\//),
      info: {
        mimetype: "video/mp4",
        size: video.length,
        w: 320,
        h: 240,
        thumbnail_url: expect.stringMatching(/^mxc:\/\//),
        thumbnail_info: { mimetype: "image/jpeg", w: 320, h: 240, size: expect.any(Number) },
      },
    });
    const duration = (event!.content.info as { duration: number }).duration;
    expect(duration).toBeGreaterThanOrEqual(1900);
    expect(duration).toBeLessThanOrEqual(2200);
    const media = await download(String(event!.content.url));
    expect(media.status).toBe(200);
    expect(Buffer.from(await media.arrayBuffer()).equals(video)).toBe(true);
    const notice = await env.waitForMessage(roomId, "🎬 Recording of the call");
    expect(String(notice.content.body)).toContain(
      "Participants seen by the recorder: Alice Example, Bob Beispiel",
    );
    expect(existsSync(session)).toBe(false);
    const row = (await env.plenum.db("recordings").first()) as Record<string, unknown>;
    published = { id: String(row.id), event_id: event!.event_id };
    expect(row.video_event_id).toBe(event!.event_id);
  });

  test("the same recording uploaded again answers 200 with the same body and is posted once", async () => {
    const again = await finalize(jibriSession(video));
    expect(again.code).toBe(0);
    expect(again.output).toContain("recording was already published");
    const response = await post(uploadForm(video));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(published);
    expect(await videos()).toHaveLength(1);
    expect(leftovers()).toEqual([]);
  });

  test("a missing or forged bearer token is refused and nothing is stored", async () => {
    const missing = await post(uploadForm(video), "");
    const forged = await post(uploadForm(video), "Bearer recordings-bearer-token-for-tests-2");
    expect([missing.status, forged.status]).toEqual([401, 403]);
    expect(await forged.json()).toEqual({ errcode: "M_FORBIDDEN", error: "Wrong token" });
    expect(await env.plenum.db("recordings")).toHaveLength(1);
  });

  test("a recording of a conference that belongs to no known room is refused and nothing is stored", async () => {
    const other = Buffer.concat([video, Buffer.from("different bytes")]);
    const response = await post(uploadForm(other, "unknownconference"));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      errcode: "M_NOT_FOUND",
      error: "No meeting room uses this conference",
    });
    expect(await env.plenum.db("recordings")).toHaveLength(1);
    expect(leftovers()).toEqual([]);
  });

  test("the finalize script keeps the files when Plenum refuses them", async () => {
    const session = jibriSession(Buffer.concat([video, Buffer.from("x")]), "unknownconference");
    const { code, output } = await finalize(session);
    expect(code).toBe(1);
    expect(output).toContain("Plenum refused");
    expect(readdirSync(session).sort()).toEqual([
      "metadata.json",
      "unknownconference_2026-03-12-14-06-05.mp4",
    ]);
  });

  test("an upload that is not multipart, or whose file is not a video, is refused with 415", async () => {
    const json = await post(JSON.stringify({ file: "nope" }));
    expect(json.status).toBe(415);
    const text = await post(uploadForm(Buffer.from("just some text, not a video")));
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: string }).error).toContain("video/mp4");
    expect(leftovers()).toEqual([]);
  });

  test("a recording larger than recordings_max_size is refused with 413 and leaves no file behind", async () => {
    const big = Buffer.concat([video, Buffer.alloc(1024 * 1024 + 1)]);
    const response = await post(uploadForm(big)).catch(() => undefined);
    // The server may close the connection while the client still sends; either way nothing is kept.
    if (response) expect(response.status).toBe(413);
    await env.eventually(async () => leftovers().length === 0, "the partial upload to be removed");
    expect(await env.plenum.db("recordings")).toHaveLength(1);
  });

  test("the finalize script retries while Plenum is down and uploads once it is back", async () => {
    const second = makeMp4(join(work, "second.mp4"), 1);
    await env.plenum.stop();
    const session = jibriSession(second);
    const running = finalize(session, { PLENUM_FINALIZE_ATTEMPTS: "100" });
    await new Promise((done) => setTimeout(done, 700));
    await env.startPlenum();
    const { code, output } = await running;
    expect(output).toContain("upload failed; will retry");
    expect(code).toBe(0);
    await env.eventually(async () => (await videos()).length === 2, "the second recording to be posted");
  });

  test("after the retention period the recording's events are redacted, its media deleted and the deletion audited", async () => {
    clock.advance(31 * DAY_MS);
    await env.plenum.scheduler!.tick();
    const all = await events();
    const original = all.find((e) => e.event_id === published.event_id)!;
    expect(original.content).toEqual({});
    expect(await videos()).toEqual([]);
    const rows = (await env.plenum.db("recordings")) as Record<string, unknown>[];
    expect(rows.every((row) => row.deleted_at !== null)).toBe(true);
    const mxc = String(rows.find((row) => row.id === published.id)!.media_uri);
    expect((await download(mxc)).status).toBe(404);
    const audit = await env.plenum.db("audit_log").where({ action: "recording.delete" });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      actor: env.botUserId,
      room_id: roomId,
      reason: "retention; file deleted",
    });
  });

  let publicCopy: { audience: string; audienceVideos: () => Promise<unknown[]> } | undefined;

  test("a public session's recording is posted into its audience room only when policy publish_recordings is on", async () => {
    // Its own meeting: the tests before it have moved the clock past the first one.
    const team = await env.roomWithBot(alice, "Hearings");
    const scheduled = await env.say(alice, team, `!meet schedule "Hearing" tomorrow 10:00`);
    const reply = String((await env.replyTo(alice, team, scheduled)).getContent().body);
    const meeting = (await env.plenum.meetingDeps.meetings.get(
      /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!,
    ))!;
    const hearing = meeting.conferenceName.toLowerCase();
    await alice.client.joinRoom(meeting.roomId!);
    const command = await env.say(alice, meeting.roomId!, "!meet public on");
    await env.replyTo(alice, meeting.roomId!, command);
    const audience = (await env.plenum.meetingDeps.publicSessions.get(meeting.id))!.audienceRoomId;
    const audienceVideos = async () =>
      (await env.roomMessages("bot", audience)).filter((e) => e.content.msgtype === "m.video");
    const policy = env.plenum.meetingDeps.policy;

    expect((await finalize(jibriSession(makeMp4(join(work, "off.mp4"), 3), hearing))).code).toBe(0);
    expect(await audienceVideos()).toHaveLength(0);

    await policy.set("publish_recordings", "on", alice.userId);
    try {
      expect((await finalize(jibriSession(makeMp4(join(work, "on.mp4"), 4), hearing))).code).toBe(0);
      const [posted] = await audienceVideos();
      expect(posted?.content).toMatchObject({ msgtype: "m.video", url: expect.stringMatching(/^mxc:\/\//) });
      await env.waitForMessage(audience, "🎬 Recording of the call");
    } finally {
      await policy.reset("publish_recordings", alice.userId);
    }
    publicCopy = { audience, audienceVideos };
  });

  test("deleting a recording redacts its copy in the audience room too", async () => {
    const { audience, audienceVideos } = publicCopy!;
    const copies = (await env.plenum.db("recording_copies")) as { recording_id: string; room_id: string }[];
    expect(copies.map((c) => c.room_id)).toEqual([audience, audience]);
    await deleteRecording(env.plenum.recordingDeps, copies[0]!.recording_id, "@admin:example.org");
    expect(await audienceVideos()).toEqual([]);
    const notices = (await env.roomMessages("bot", audience)).filter((e) => e.type === "m.room.message");
    expect(notices.every((e) => !String(e.content.body ?? "").startsWith("🎬"))).toBe(true);
  });
});

describe("recordings kept by Plenum itself, and deletion without a homeserver admin token", () => {
  let ctx: RecordingEnv;
  let alice: TestUser;
  let roomId: string;
  let conference: string;

  beforeAll(async () => {
    ctx = await startRecordingEnv((dir) => ({
      jitsi: {
        recordings_token: TOKEN,
        recordings_dir: dir,
        recordings_max_size: 4,
        recordings_media_limit: 1,
      },
    }));
    alice = await ctx.env.createUser("alice");
    roomId = await ctx.env.roomWithBot(alice, "Board");
    // A room without a meeting counts once Plenum's copy of its state has it.
    await ctx.env.eventually(
      () => ctx.env.plenum.meetingDeps.roomState.knows(roomId),
      "Plenum to record the room's state",
    );
    conference = conferenceNameForRoom(roomId).toLowerCase();
  });

  afterAll(async () => {
    await ctx?.env.stop();
    if (ctx?.work) rmSync(ctx.work, { recursive: true, force: true });
  });

  async function upload(bytes: Buffer): Promise<{ id: string; event_id: string }> {
    const form = new FormData();
    form.set(
      "metadata",
      JSON.stringify({ meeting_url: `https://meet.example.org/${conference}`, participants: [] }),
    );
    form.set("file", new Blob([bytes], { type: "video/mp4" }), `${conference}_2026-03-12-14-06-05.mp4`);
    const response = await fetch(`${ctx.env.httpUrl}/api/v1/recordings`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: form,
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; event_id: string };
  }

  test("a recording above the media limit is posted as a signed link that downloads byte-identical", async () => {
    const bytes = Buffer.concat([makeMp4(join(ctx.work, "big.mp4"), 2), randomBytes(1024 * 1024 + 10)]);
    await upload(bytes);
    const message = await ctx.env.waitForMessage(roomId, `🎬 Recording ${conference}`);
    const link = new URL(/(http\S+)/.exec(String(message.content.body))![1]!);
    const local = `${ctx.env.httpUrl}${link.pathname}${link.search}`;
    const response = await fetch(local);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(local.replace(/sig=[^&]+/, "sig=forged"))).status).toBe(403);
  });

  /** The first download link in `text`, on the test's bridge. */
  function downloadLink(text: string): string {
    const link = new URL(/(http\S+\/file\?\S+?)(?=[\s)]|$)/.exec(text)![1]!);
    return `${ctx.env.httpUrl}${link.pathname}${link.search}`;
  }

  async function status(url: string): Promise<number> {
    const response = await fetch(url);
    await response.body?.cancel();
    return response.status;
  }

  test("a posted download link works for hours only, and !meet recordings gives a member a fresh one", async () => {
    const message = await ctx.env.waitForMessage(roomId, `🎬 Recording ${conference}`);
    const posted = downloadLink(String(message.content.body));
    expect(String(message.content.body)).toContain("!meet recordings gives a new one");
    ctx.clock.advance(6 * HOUR_MS + 60_000);
    expect(await status(posted)).toBe(403);
    const reply = await ctx.env.ask(alice, roomId, "!meet recordings");
    expect(reply).toMatch(/^Recordings in this room, newest first:\n• .+: \S+\.mp4 \(2 MiB\): http/);
    expect(await status(downloadLink(reply))).toBe(200);
  });

  test("the widget API gives a room's members fresh download links, and refuses everyone else", async () => {
    const bob = await ctx.env.createUser("bob");
    const list = async (user: TestUser) => {
      const session = await fetch(`${ctx.env.httpUrl}/api/v1/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          openid_token: await ctx.env.openIdToken(user),
          matrix_server_name: ctx.env.state.homeserver.serverName,
        }),
      });
      const { token } = (await session.json()) as SessionResponse;
      return fetch(`${ctx.env.httpUrl}/api/v1/rooms/${encodeURIComponent(roomId)}/recordings`, {
        headers: { authorization: `Bearer ${token}`, "accept-language": "en" },
      });
    };
    const member = await list(alice);
    expect(member.status).toBe(200);
    const { recordings } = (await member.json()) as RecordingsResponse;
    expect(recordings).toHaveLength(1);
    expect(recordings[0]).toMatchObject({ media_uri: null, download_url: expect.stringContaining("/file?") });
    expect(Date.parse(recordings[0]!.download_expires_at!) - ctx.clock.now()).toBe(6 * HOUR_MS);
    expect(await status(downloadLink(recordings[0]!.download_url!))).toBe(200);
    expect((await list(bob)).status).toBe(403);
  });

  test("after the retention period the locally kept file is deleted", async () => {
    const stored = () => readdirSync(ctx.recordingsDir).filter((name) => name.startsWith("REC-"));
    expect(stored()).toHaveLength(1);
    ctx.clock.advance(31 * DAY_MS);
    await ctx.env.plenum.scheduler!.tick();
    expect(stored()).toEqual([]);
  });

  test("an admin deleting a recording without an admin token redacts it and says its media stays", async () => {
    const { id, event_id: eventId } = await upload(makeMp4(join(ctx.work, "small.mp4"), 1));
    const outcome = await deleteRecording(ctx.env.plenum.recordingDeps, id, "@admin:example.org");
    expect(outcome.fileDeleted).toBe(false);
    await ctx.env.waitForMessage(
      roomId,
      `The recording ${id} was removed from this room, but its file could not be deleted`,
    );
    const redacted = ((await ctx.env.roomMessages("bot", roomId)) as RoomEvent[]).find(
      (e) => e.event_id === eventId,
    );
    expect(redacted!.content).toEqual({});
    const audit = await ctx.env.plenum.db("audit_log").where({ action: "recording.delete", target: id });
    expect(audit).toEqual([
      expect.objectContaining({
        actor: "@admin:example.org",
        reason: "admin; media kept on the homeserver (no admin token)",
      }),
    ]);
  });

  test("deleting an unknown or already deleted recording is refused with a translated reason", async () => {
    const [deleted] = await listRecordings(ctx.env.plenum.recordingDeps, { includeDeleted: true });
    await expect(
      deleteRecording(ctx.env.plenum.recordingDeps, "REC-NOPE22", "@admin:example.org"),
    ).rejects.toEqual(new UserError("recording.not_found", { id: "REC-NOPE22" }));
    await expect(
      deleteRecording(ctx.env.plenum.recordingDeps, deleted!.id, "@admin:example.org"),
    ).rejects.toEqual(new UserError("recording.deleted_already", { id: deleted!.id }));
    expect(await listRecordings(ctx.env.plenum.recordingDeps)).toEqual([]);
  });
});

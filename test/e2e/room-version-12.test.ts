import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conferenceNameForRoom, roomIdForConference } from "../../core/meetings/conference.js";
import { freePort, startSynapse, stopSynapse } from "../../scripts/synapse-process.mjs";
import { ManualClock } from "../support/clock.js";
import { verifiedClaims } from "../support/jitsi-token.js";
import { ownAppservice } from "../support/global-setup.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/**
 * Room version 12 (MSC4291): a room's id is `!` and the hash of its create event, without the
 * `:server` part of earlier versions. This file runs its own Synapse with `default_room_version: "12"`,
 * so the rooms people make and the meeting and breakout rooms Plenum makes are all of that version.
 */

const SERVER_NAME = "localhost";
const MUC = "conference.meet.example.org";
const EVENTS_TOKEN = "events-bearer-token-for-v12-tests";
const RECORDINGS_TOKEN = "recordings-bearer-token-for-v12-tests";
const APP_SECRET = "jitsi-app-secret-for-v12-tests-01";
/** Monday 2026-11-23 09:00 Europe/Berlin; the session starts at 09:30. */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");
const SESSION_START = Date.parse("2026-11-23T08:30:00Z");
const V12_ROOM_ID = /^![A-Za-z0-9_-]{43}$/;

describe("rooms of room version 12, whose ids have no server part, on a real Synapse", () => {
  const instance = `v12-${process.pid}`;
  let dir: string;
  let env: TestEnv;
  let clock: ManualClock;
  let alice: TestUser;
  let bob: TestUser;
  let team: string;
  let meetingId: string;
  let meetingRoom: string;
  let conference: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "plenum-v12-"));
    const { slot, registration } = await ownAppservice(dir, "plenum-v12", "plenum_v12", SERVER_NAME);
    const homeserver = await startSynapse({
      instance,
      port: await freePort(),
      serverName: SERVER_NAME,
      registrations: [registration],
      defaultRoomVersion: "12",
    });
    clock = new ManualClock(MONDAY_9AM);
    env = await TestEnv.start({
      locale: "en",
      homeserver: { homeserver, slots: [slot] },
      start: { clock, schedulerTimer: false },
      config: {
        jitsi: {
          app_secret: APP_SECRET,
          events_token: EVENTS_TOKEN,
          recordings_token: RECORDINGS_TOKEN,
          recordings_dir: join(dir, "recordings"),
        },
      },
    });
    alice = await env.createUser("alice");
    bob = await env.createUser("bob");
    team = await env.roomWithMembers(alice, [bob], "Council");
    const reply = await env.ask(
      alice,
      team,
      `!meet schedule "Council" 2026-11-23 09:30 for 2h with ${bob.userId}`,
    );
    meetingId = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    const meeting = (await env.plenum.meetingDeps.meetings.get(meetingId))!;
    meetingRoom = meeting.roomId!;
    conference = meeting.conferenceName.toLowerCase();
    await alice.client.joinRoom(meetingRoom);
    await bob.client.joinRoom(meetingRoom);
  }, 180_000);

  afterAll(async () => {
    await env?.stop();
    await stopSynapse(instance).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const state = (roomId: string, type: string, key = "") => env.plenum.gateway.getState(roomId, type, key);

  /** The conferences of the room's Jitsi widgets, read from the homeserver as the bot. */
  async function widgetConferences(roomId: string): Promise<string[]> {
    const asBot = `?user_id=${encodeURIComponent(env.botUserId)}`;
    const response = await fetch(
      `${env.state.homeserver.url}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state${asBot}`,
      { headers: { authorization: `Bearer ${env.slot.asToken}` } },
    );
    const events = (await response.json()) as {
      type: string;
      content: { data?: { conferenceId?: string } };
    }[];
    return events
      .filter((e) => e.type === "im.vector.modular.widgets" && e.content.data?.conferenceId)
      .map((e) => e.content.data!.conferenceId!);
  }

  function eventSync(kind: string, body: Record<string, unknown>): Promise<Response> {
    return fetch(`${env.httpUrl}/api/v1/jitsi/events/${kind}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${EVENTS_TOKEN}` },
      body: JSON.stringify(body),
    });
  }

  /** Prosody's event-sync bodies for a first participant joining the call of `conferenceName`. */
  async function callStarts(conferenceName: string, user: TestUser): Promise<number[]> {
    const room = { room_name: conferenceName, room_jid: `${conferenceName}@${MUC}`, is_breakout: false };
    const createdAt = Math.floor(clock.now() / 1000);
    const created = await eventSync("room/created", {
      event_name: "muc-room-created",
      ...room,
      created_at: createdAt,
    });
    const joined = await eventSync("occupant/joined", {
      event_name: "muc-occupant-joined",
      ...room,
      active_occupants_count: 1,
      occupant: {
        name: "Alice Example",
        id: user.userId,
        occupant_jid: `${randomBytes(8).toString("hex")}@meet.example.org/${randomBytes(4).toString("hex")}`,
        joined_at: createdAt + 2,
      },
    });
    return [created.status, joined.status];
  }

  test("a meeting scheduled from a version 12 room gets a version 12 meeting room with its meeting, widget and organizer", async () => {
    expect([team, meetingRoom]).toEqual([
      expect.stringMatching(V12_ROOM_ID),
      expect.stringMatching(V12_ROOM_ID),
    ]);
    expect((await state(meetingRoom, "m.room.create"))?.room_version).toBe("12");
    expect(await state(meetingRoom, "org.plenum.meeting")).toMatchObject({
      id: meetingId,
      origin_room_id: team,
    });
    const levels = (await state(meetingRoom, "m.room.power_levels"))!;
    // The bot created the room and so outranks everyone; version 12 refuses creators in `users`.
    expect(levels.users).toEqual({ [alice.userId]: 100 });
    expect(await widgetConferences(meetingRoom)).toEqual([conferenceNameForRoom(meetingRoom)]);
  });

  test("!meet now in a version 12 room adds a call widget whose conference names that room", async () => {
    await alice.client.setPowerLevel(team, env.botUserId, 50);
    expect(await env.ask(alice, team, '!meet now "Quick call"')).not.toContain("power level");
    const conferences = await widgetConferences(team);
    expect(conferences.map((name) => roomIdForConference(name.toLowerCase()))).toEqual([team]);
  });

  test("the call of !meet now in a version 12 room is taken from Jitsi's webhooks and announced there", async () => {
    expect(await callStarts(conferenceNameForRoom(team).toLowerCase(), alice)).toEqual([200, 200]);
    await env.waitForMessage(team, "📞 The call has started: Alice Example joined.");
  });

  test("the call in a version 12 meeting room is recorded as the meeting's attendance", async () => {
    expect(await callStarts(conference, alice)).toEqual([200, 200]);
    await env.waitForMessage(meetingRoom, "📞 The call has started: Alice Example joined.");
    const rows = await env.plenum.db("attendance").where({ room_id: meetingRoom });
    expect(rows).toEqual([expect.objectContaining({ meeting_id: meetingId, user_id: alice.userId })]);
  });

  test("the conference mapper gives a version 12 meeting room's conference a PIN that leads back to it", async () => {
    const jid = `${conference}@${MUC}`;
    const mapper = `${env.httpUrl}/api/v1/jitsi/conference-mapper`;
    const byConference = await fetch(`${mapper}?conference=${encodeURIComponent(jid)}`);
    expect(byConference.status).toBe(200);
    const { id } = (await byConference.json()) as { id: number };
    const byPin = (await (await fetch(`${mapper}?id=${id}`)).json()) as { conference: string };
    expect(byPin.conference).toBe(jid);
  });

  test("a member of a version 12 meeting room gets a call token for its conference", async () => {
    const response = await fetch(`${env.httpUrl}/api/v1/jitsi/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        openid_token: await env.openIdToken(bob),
        matrix_server_name: SERVER_NAME,
        room_id: meetingRoom,
      }),
    });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(await verifiedClaims(token, APP_SECRET, new Date(clock.now()))).toMatchObject({
      room: conference,
    });
  });

  test("a Jibri recording of a version 12 meeting room's call is posted into that room", async () => {
    const video = join(dir, "recording.mp4");
    execFileSync("ffmpeg", [
      "-v", "error", "-y",
      "-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=5",
      "-pix_fmt", "yuv420p", video,
    ]); // prettier-ignore
    const form = new FormData();
    form.set(
      "metadata",
      JSON.stringify({
        meeting_url: `https://meet.example.org/${conference}`,
        participants: [{ user: { id: alice.userId, name: "Alice Example" } }],
      }),
    );
    form.set(
      "file",
      new Blob([readFileSync(video)], { type: "video/mp4" }),
      `${conference}_2026-11-23-09-35-00.mp4`,
    );
    const response = await fetch(`${env.httpUrl}/api/v1/recordings`, {
      method: "POST",
      headers: { authorization: `Bearer ${RECORDINGS_TOKEN}` },
      body: form,
    });
    expect(response.status).toBe(201);
    const messages = await env.roomMessages("bot", meetingRoom);
    expect(messages.filter((e) => e.content.msgtype === "m.video")).toHaveLength(1);
  });

  test("breakout rooms of a version 12 meeting are version 12 rooms with call widgets that name them", async () => {
    clock.set(SESSION_START);
    await env.plenum.scheduler!.tick();
    await env.eventually(
      async () => (await env.plenum.meetingDeps.meetings.get(meetingId))?.status === "live",
      "the session to go live",
    );
    expect(await env.ask(alice, meetingRoom, `!meet breakout "Budget" ${bob.userId}`)).toMatch(
      /^Opened 1 breakout room/,
    );
    const [budget] = await env.plenum.meetingDeps.breakouts.open(meetingId);
    expect(budget!.roomId).toMatch(V12_ROOM_ID);
    expect(await state(budget!.roomId, "m.room.create")).toMatchObject({
      type: "org.plenum.breakout",
      room_version: "12",
    });
    expect(await state(budget!.roomId, "m.space.parent", meetingRoom)).toMatchObject({ canonical: true });
    expect((await state(budget!.roomId, "m.room.member", bob.userId))?.membership).toBe("invite");
    const conferences = await widgetConferences(budget!.roomId);
    expect(conferences.map((name) => roomIdForConference(name.toLowerCase()))).toEqual([budget!.roomId]);
  });
});

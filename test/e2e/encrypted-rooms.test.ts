import type { MatrixEvent } from "matrix-js-sdk";
import { ManualClock } from "../support/clock.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Tests run at a fixed, known instant: Monday 2026-11-23 09:00 Europe/Berlin (08:00 UTC). */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");

describe("encrypted rooms, with staff on Element's Rust crypto, on a real Synapse", () => {
  let env: TestEnv;
  let alice: TestUser;
  let team: string;

  beforeAll(async () => {
    env = await TestEnv.start({
      locale: "en",
      config: { appservice: { encryption: true }, meetings: { encrypt_meeting_rooms: true } },
      start: { clock: new ManualClock(MONDAY_9AM), schedulerTimer: false },
    });
    alice = await env.createUser("alice", { crypto: true });
    team = await env.roomWithBot(alice, "Team", { encrypted: true });
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function botDevice(): Promise<string> {
    const row = await env.plenum.db("crypto_device").where({ user_id: env.botUserId }).first();
    return String(row.device_id);
  }

  /** Element encrypts only for devices it knows; a freshly started bot device is known after a key query. */
  async function aliceKnowsBotDevice(): Promise<void> {
    const deviceId = await botDevice();
    await env.eventually(async () => {
      const devices = await alice.client.getCrypto()!.getUserDeviceInfo([env.botUserId], true);
      return devices.get(env.botUserId)?.has(deviceId) ?? false;
    }, `alice's client to know the bot's device ${deviceId}`);
  }

  async function command(roomId: string, body: string): Promise<MatrixEvent> {
    const eventId = await env.say(alice, roomId, body);
    return env.replyTo(alice, roomId, eventId, `the bot's answer to ${body}`);
  }

  /** Sends an event that claims a megolm session nobody shared, as a client whose keys went astray would. */
  async function sendUndecryptable(roomId: string, n: number): Promise<string> {
    const url = `${env.state.homeserver.url}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.encrypted/undecryptable-${n}-${Date.now()}`;
    const response = await fetch(url, {
      method: "PUT",
      headers: { authorization: `Bearer ${alice.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        algorithm: "m.megolm.v1.aes-sha2",
        ciphertext: "AwgAEnAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        device_id: alice.deviceId,
        sender_key: "c2VuZGVyLWtleS10aGF0LW5vLWRldmljZS1oYXMtZm9yLXJlYWw",
        session_id: `never-shared-session-${n}`,
      }),
    });
    if (!response.ok) throw new Error(`sending the undecryptable event failed: ${response.status}`);
    return ((await response.json()) as { event_id: string }).event_id;
  }

  test("the team room is encrypted and the bot's reply to !meet help arrives encrypted and readable", async () => {
    await aliceKnowsBotDevice();
    const reply = await command(team, "!meet help");
    expect(reply.isEncrypted()).toBe(true);
    expect(reply.isDecryptionFailure()).toBe(false);
    expect(String(reply.getContent().body)).toContain("!meet");
  });

  test("a schedule command in the encrypted room creates the meeting and answers encrypted", async () => {
    const reply = await command(team, `!meet schedule "Standup" tomorrow 10:00 for 15m`);
    expect(reply.isEncrypted()).toBe(true);
    expect(String(reply.getContent().body)).toMatch(/^Scheduled “Standup”/);
  });

  test("an encrypted meeting room gets its welcome encrypted, and the organizer's client reads it", async () => {
    const reply = await command(team, `!meet schedule "Retro" tomorrow 14:00 for 30m`);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(String(reply.getContent().body))![1]!;
    const meeting = await env.plenum.meetingDeps.meetings.get(id);
    const roomId = meeting!.roomId!;
    const encryption = await env.plenum.gateway.getState(roomId, "m.room.encryption", "");
    expect(encryption).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
    await alice.client.joinRoom(roomId);
    const welcome = await env.waitForEvent(
      alice,
      roomId,
      (e) =>
        e.getSender() === env.botUserId && String(e.getContent().body ?? "").startsWith("Welcome to “Retro”"),
      "the welcome in the encrypted meeting room",
    );
    expect(welcome.isEncrypted()).toBe(true);
    const help = await command(roomId, "!meet help");
    expect(help.isEncrypted()).toBe(true);
  });

  test("after a restart the bot has one new device, and answers encrypted commands again", async () => {
    const before = await botDevice();
    await env.restartPlenum();
    const after = await botDevice();
    expect(after).not.toBe(before);
    await aliceKnowsBotDevice();
    const devices = await alice.client.getCrypto()!.getUserDeviceInfo([env.botUserId], true);
    expect([...devices.get(env.botUserId)!.keys()]).toEqual([after]);
    const reply = await command(team, "!meet help");
    expect(reply.isEncrypted()).toBe(true);
    expect(String(reply.getContent().body)).toContain("!meet");
  });

  test("an undecryptable message gets one explanatory notice per room, however many follow", async () => {
    const room = await env.roomWithBot(alice, "Keys lost", { encrypted: true });
    const first = await sendUndecryptable(room, 1);
    const notice = await env.waitForEvent(
      alice,
      room,
      (e) =>
        e.getSender() === env.botUserId &&
        String(e.getContent().body ?? "").startsWith("I could not decrypt"),
      "the undecryptable notice",
    );
    expect(notice.isEncrypted()).toBe(true);
    const second = await sendUndecryptable(room, 2);
    await env.eventually(
      async () => env.logLines.some((line) => line.includes(second) && line.includes("told before")),
      "the second undecryptable event to be judged",
      20_000,
    );
    // The bot's only message in this room is the notice; encrypted, it shows as m.room.encrypted.
    const botMessages = (await env.roomMessages(alice, room)).filter(
      (e) => e.sender === env.botUserId && e.type === "m.room.encrypted",
    );
    expect(botMessages).toHaveLength(1);
    expect(first).not.toBe(second);
  });
});

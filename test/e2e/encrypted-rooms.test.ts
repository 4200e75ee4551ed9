import type { MatrixEvent } from "matrix-js-sdk";
import { startPlenum } from "../../app/start.js";
import { buildConfig } from "../../core/config/load.js";
import { replaceBotDevice } from "../../core/matrix/crypto-device-admin.js";
import { openDatabase } from "../../core/storage/database.js";
import { systemClock } from "../../core/time/clock.js";
import { ManualClock } from "../support/clock.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

/** Tests run at a fixed, known instant: Monday 2026-11-23 09:00 Europe/Berlin (08:00 UTC). */
const MONDAY_9AM = Date.parse("2026-11-23T08:00:00Z");
const STORE_KEY = "encrypted-rooms-test-store-key-0123456789";

describe("encrypted rooms, with staff on Element's Rust crypto, on a real Synapse", () => {
  let env: TestEnv;
  let alice: TestUser;
  let team: string;

  beforeAll(async () => {
    env = await TestEnv.start({
      locale: "en",
      config: {
        appservice: { encryption: true, crypto_store_key: STORE_KEY },
        meetings: { encrypt_meeting_rooms: true },
      },
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

  function botNotice(roomId: string, prefix: string, what: string): Promise<MatrixEvent> {
    return env.waitForEvent(
      alice,
      roomId,
      (e) => e.getSender() === env.botUserId && String(e.getContent().body ?? "").startsWith(prefix),
      what,
    );
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
    expect(String(reply.getContent().body)).toMatch(/^New meeting “Standup”/);
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

  test("an undecryptable message gets one explanatory notice per room, however many follow", async () => {
    const room = await env.roomWithBot(alice, "Keys lost", { encrypted: true });
    const first = await sendUndecryptable(room, 1);
    const notice = await botNotice(room, "I could not decrypt", "the undecryptable notice");
    expect(notice.isEncrypted()).toBe(true);
    // Only after asking the sender's devices for the key again.
    expect(
      env.logLines.some((line) => line.includes(first) && line.includes("asking the sender's devices")),
    ).toBe(true);
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

  /** What the homeserver publishes about the bot's devices and cross-signing keys, as Element reads it. */
  async function botKeys(): Promise<{
    devices: Record<
      string,
      { keys: Record<string, string>; signatures: Record<string, Record<string, string>> }
    >;
    master?: { keys: Record<string, string> };
    selfSigning?: { keys: Record<string, string> };
  }> {
    const response = await fetch(`${env.state.homeserver.url}/_matrix/client/v3/keys/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${alice.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ device_keys: { [env.botUserId]: [] } }),
    });
    const json = (await response.json()) as {
      device_keys: Record<string, never>;
      master_keys?: Record<string, { keys: Record<string, string> }>;
      self_signing_keys?: Record<string, { keys: Record<string, string> }>;
    };
    return {
      devices: json.device_keys[env.botUserId] ?? {},
      master: json.master_keys?.[env.botUserId],
      selfSigning: json.self_signing_keys?.[env.botUserId],
    };
  }

  /** The bot's replies to one event, as the homeserver holds them (relations stay outside the ciphertext). */
  async function answersTo(roomId: string, eventId: string): Promise<number> {
    return (await env.roomMessages(alice, roomId)).filter((e) => {
      const relation = e.content["m.relates_to"] as { "m.in_reply_to"?: { event_id?: string } } | undefined;
      return e.sender === env.botUserId && relation?.["m.in_reply_to"]?.event_id === eventId;
    }).length;
  }

  test("after a restart the bot is the same device with the same keys, its cross-signing keys too, and answers encrypted commands", async () => {
    const before = await botDevice();
    const keysBefore = await botKeys();
    expect(keysBefore.devices[before]?.keys).toBeDefined();
    const [selfSigningKeyId] = Object.keys(keysBefore.selfSigning?.keys ?? {});
    expect(Object.keys(keysBefore.master?.keys ?? {})).toEqual([expect.stringMatching(/^ed25519:/)]);
    expect(selfSigningKeyId).toMatch(/^ed25519:/);
    await env.restartPlenum();
    expect(await botDevice()).toBe(before);
    const reply = await command(team, "!meet help");
    expect(reply.isEncrypted()).toBe(true);
    expect(String(reply.getContent().body)).toContain("!meet");
    const keysAfter = await botKeys();
    expect(keysAfter.devices[before]?.keys).toEqual(keysBefore.devices[before]?.keys);
    // Private cross-signing keys missing from the store would have the bot make and upload new ones.
    expect(keysAfter.master?.keys).toEqual(keysBefore.master?.keys);
    expect(keysAfter.selfSigning?.keys).toEqual(keysBefore.selfSigning?.keys);
    expect(keysAfter.devices[before]?.signatures[env.botUserId]?.[selfSigningKeyId!]).toBeDefined();
  });

  test("the bot's device is signed by its owner's self-signing key, so clients see it verified by its owner", async () => {
    const deviceId = await botDevice();
    const { devices, selfSigning } = await botKeys();
    const [selfSigningKeyId] = Object.keys(selfSigning?.keys ?? {});
    expect(selfSigningKeyId).toMatch(/^ed25519:/);
    expect(devices[deviceId]?.signatures[env.botUserId]?.[selfSigningKeyId!]).toBeDefined();
    await alice.client.getCrypto()!.getUserDeviceInfo([env.botUserId], true);
    const status = await alice.client.getCrypto()!.getDeviceVerificationStatus(env.botUserId, deviceId);
    expect(status?.signedByOwner).toBe(true);
  });

  test("a command sent while Plenum is stopped, with a room key sent meanwhile, is answered once after it starts", async () => {
    await env.plenum.stop();
    // A new megolm session: its key goes to the bot's device as a to-device message while Plenum is down.
    await alice.client.getCrypto()!.forceDiscardSession(team);
    const whileDown = await env.say(alice, team, "!meet help");
    await env.startPlenum();
    const reply = await env.replyTo(
      alice,
      team,
      whileDown,
      "the answer to the command sent while Plenum was down",
    );
    expect(reply.isEncrypted()).toBe(true);
    expect(String(reply.getContent().body)).toContain("!meet");
    // The room's next command is answered after it, so a second answer to the first would be here by now.
    await command(team, "!meet help");
    expect(await answersTo(team, whileDown)).toBe(1);
    expect(
      env.logLines.some((line) => line.includes(whileDown) && line.includes("could not be decrypted")),
    ).toBe(false);
  });

  test("more commands than one sync returns, sent while Plenum is stopped, are all answered in the order sent", async () => {
    const room = await env.roomWithBot(alice, "Busy", { encrypted: true });
    await aliceKnowsBotDevice();
    await command(room, "!meet help");
    await env.plenum.stop();
    const sent: string[] = [];
    for (let n = 1; n <= 14; n++) sent.push(await env.say(alice, room, `!meet list ${n}`));
    await env.startPlenum();
    await env.replyTo(alice, room, sent.at(-1)!, "the answer to the last command sent while Plenum was down");
    const answered = (await env.roomMessages(alice, room))
      .filter((e) => e.sender === env.botUserId)
      .map(
        (e) =>
          (e.content["m.relates_to"] as { "m.in_reply_to"?: { event_id?: string } } | undefined)?.[
            "m.in_reply_to"
          ]?.event_id,
      )
      .filter((id): id is string => id !== undefined && sent.includes(id))
      .reverse();
    expect(answered).toEqual(sent);
  });

  test("the store in the database is unreadable without its key, and Plenum does not start with another one", async () => {
    const deviceId = await botDevice();
    const rows = (await env.plenum.db("crypto_store").select("payload")) as { payload: Uint8Array }[];
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(Buffer.from(row.payload).toString("latin1")).not.toContain(deviceId);
    await env.plenum.stop();
    const wrongKey = buildConfig({
      ...env.rawConfig,
      appservice: {
        ...env.rawConfig.appservice,
        crypto_store_key: "another-key-that-is-long-enough-0123456789",
      },
    }).config;
    await expect(startPlenum(wrongKey, { logDestination: { write: () => undefined } })).rejects.toThrow(
      "does not open the bot's crypto store",
    );
    await env.startPlenum();
    expect(await botDevice()).toBe(deviceId);
  });

  test("after the operator makes a new device, the encrypted rooms are told, and commands are answered again", async () => {
    const old = await botDevice();
    await env.plenum.stop();
    const db = openDatabase(env.config.database.url);
    try {
      const retired = await replaceBotDevice({
        config: env.config,
        db,
        holder: "test operator",
        clock: systemClock,
      });
      expect(retired).toBe(old);
    } finally {
      await db.destroy();
    }
    await env.startPlenum();
    const fresh = await botDevice();
    expect(fresh).not.toBe(old);
    expect(Object.keys((await botKeys()).devices)).not.toContain(old);
    const notice = await botNotice(team, "I have a new encryption device", "the notice about the new device");
    expect(notice.isEncrypted()).toBe(true);
    await aliceKnowsBotDevice();
    const reply = await command(team, "!meet help");
    expect(String(reply.getContent().body)).toContain("!meet");
  });
});

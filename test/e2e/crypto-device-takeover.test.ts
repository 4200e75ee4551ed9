import type { MatrixEvent } from "matrix-js-sdk";
import { DEVICE_LEASE } from "../../core/storage/crypto-device.js";
import { openDatabase, type Database } from "../../core/storage/database.js";
import { describeOnPostgres, postgresDatabase, type TestDatabase } from "../support/databases.js";
import { freePort } from "../support/global-setup.js";
import { PlenumProcess } from "../support/plenum-process.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const LEASE_MS = 3_000;
const STORE_KEY = "takeover-drill-store-key-0123456789abcdef";
const METRICS_TOKEN = "takeover-drill-metrics-token-0123";

/**
 * The scale-out drill's two Plenum processes on one PostgreSQL database, with encryption on: one
 * holds the bot's device, the other waits. The holder is killed with SIGKILL; an encrypted command
 * sent then must be answered once, by the other process, with the same device. Each process also
 * serves HTTP, so its /metrics and /readyz say which of them holds the device.
 */
describeOnPostgres("the bot's device shared by two instances on PostgreSQL", () => {
  let database: TestDatabase;
  let db: Database;
  let env: TestEnv;
  let alice: TestUser;
  let team: string;
  let first: PlenumProcess | undefined;
  let second: PlenumProcess | undefined;
  let firstUrl: string;
  let secondUrl: string;
  let deviceId: string;
  let beforeKill: string;

  beforeAll(async () => {
    database = await postgresDatabase(process.env.PLENUM_TEST_POSTGRES_URL!);
    env = await TestEnv.start({
      config: {
        database: { url: database.url },
        appservice: { encryption: true, crypto_store_key: STORE_KEY },
        metrics: { token: METRICS_TOKEN },
        scaling: { leader_lease: `${LEASE_MS / 1000}s` },
      },
    });
    alice = await env.createUser("alice", { crypto: true });
    team = await env.roomWithBot(alice, "Team", { encrypted: true });
    db = openDatabase(database.url);
  });

  afterAll(async () => {
    await first?.kill();
    await second?.kill();
    await env?.stop();
    await db?.destroy();
    await database?.drop();
  });

  async function deviceHolder(): Promise<string | undefined> {
    const row = await db("leader_leases").where({ name: DEVICE_LEASE }).first();
    return row ? String(row.holder) : undefined;
  }

  /** Lease holders name their process (host/pid/random), see core/scaling/instance.ts. */
  function holds(instance: PlenumProcess, holder: string | undefined): boolean {
    return holder?.split("/")[1] === String(instance.child.pid);
  }

  async function botDevice(): Promise<string> {
    const row = await db("crypto_device").where({ user_id: env.botUserId }).first();
    return String(row.device_id);
  }

  function answer(eventId: string): Promise<MatrixEvent> {
    return env.replyTo(alice, team, eventId, `the bot's answer to ${eventId}`);
  }

  async function answersTo(eventId: string): Promise<number> {
    return (await env.roomMessages(alice, team)).filter((e) => {
      const relation = e.content["m.relates_to"] as { "m.in_reply_to"?: { event_id?: string } } | undefined;
      return e.sender === env.botUserId && relation?.["m.in_reply_to"]?.event_id === eventId;
    }).length;
  }

  /** What the process serving HTTP at `url` says of the device: its held gauge and its readiness. */
  async function reports(url: string): Promise<{ held: number; ready: number; encryption: unknown }> {
    const metrics = await (
      await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    const held = /^plenum_encryption_device_held (\d+)$/m.exec(metrics)?.[1];
    const readyz = await fetch(`${url}/readyz`);
    const body = (await readyz.json()) as { checks: { encryption?: unknown } };
    return { held: Number(held), ready: readyz.status, encryption: body.checks.encryption };
  }

  test("of two instances exactly one reports the device held; the other, which hands its sends over, stays ready", async () => {
    deviceId = await botDevice();
    await env.stopPlenum();
    const raw: Record<string, Record<string, unknown>> = { ...env.rawConfig, logging: { level: "info" } };
    first = await PlenumProcess.start(raw, env.dataDir, "appservice,http");
    firstUrl = `http://127.0.0.1:${String(raw.http!.port)}`;
    expect(holds(first, await deviceHolder())).toBe(true);
    const secondHttpPort = await freePort();
    second = await PlenumProcess.start(
      {
        ...raw,
        appservice: { ...raw.appservice, port: await freePort() },
        http: { ...raw.http, port: secondHttpPort },
      },
      env.dataDir,
      "appservice,http",
    );
    secondUrl = `http://127.0.0.1:${secondHttpPort}`;
    expect(second.logLines.some((line) => line.includes("another instance holds the bot's device"))).toBe(
      true,
    );
    expect([await reports(firstUrl), await reports(secondUrl)]).toEqual([
      { held: 1, ready: 200, encryption: "held" },
      { held: 0, ready: 200, encryption: "held_elsewhere" },
    ]);
  }, 120_000);

  test("when the instance holding the device is killed, the other takes the same device over and an encrypted command gets one answer", async () => {
    beforeKill = await env.say(alice, team, "!meet help");
    await answer(beforeKill);

    await first!.kill();
    expect(second!.logLines.some((line) => line.includes('"holding the bot\'s device"'))).toBe(false);
    const afterKill = await env.say(alice, team, "!meet help");
    const reply = await env.waitForEvent(
      alice,
      team,
      (e) => e.getSender() === env.botUserId && env.repliesTo(e, afterKill),
      "the surviving instance's answer to the command sent after the kill",
      60_000,
    );
    expect(reply.isEncrypted()).toBe(true);
    expect(String(reply.getContent().body)).toContain("!meet");
    expect(holds(second!, await deviceHolder())).toBe(true);
    expect(await botDevice()).toBe(deviceId);

    // The room's next command is answered after it, so a second answer to either would be here by now.
    await answer(await env.say(alice, team, "!meet help"));
    expect(await answersTo(beforeKill)).toBe(1);
    expect(await answersTo(afterKill)).toBe(1);
  }, 180_000);

  test("after the holder is killed, the survivor reports the device held", async () => {
    expect(await reports(secondUrl)).toEqual({ held: 1, ready: 200, encryption: "held" });
  });
});

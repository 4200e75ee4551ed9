import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Meeting } from "../../core/meetings/model.js";
import type { Database } from "../../core/storage/database.js";
import { describeOnPostgres, type TestDatabase } from "../support/databases.js";
import { freePort } from "../support/global-setup.js";
import { LoadBalancer } from "../support/load-balancer.js";
import { buildWithAddedMigrations } from "../support/plenum-builds.js";
import { bundledMain, PlenumProcess } from "../support/plenum-process.js";
import {
  doneReminders,
  drillMeetings,
  expectEveryReminderOnce,
  insertReminders,
  reminderDrillSetup,
} from "../support/reminder-drill.js";
import { TestEnv, type TestUser } from "../support/testenv.js";

const NOOP = "29990101000000_upgrade_drill_noop";
const BREAKING = "29990101000001_upgrade_drill_breaking";
const ROOMS = 4;
const REMINDERS_PER_ROOM = 25;
/** Reminders fall due one after the other over this long, so that some are due in every phase. */
const REMINDER_SPREAD_MS = 30_000;

type Raw = Record<string, Record<string, unknown>>;

/**
 * The upgrade drill: two builds of Plenum on one PostgreSQL database behind one appservice URL (a
 * load balancer, as in production). The running version ("old", today's code) serves; the new
 * version (today's code plus a migration older code runs beside) starts beside it and migrates;
 * then the old one is stopped with SIGTERM. Reminders fall due and commands arrive throughout.
 * Then a version whose migration older code cannot run against is tried beside the running one.
 */
describeOnPostgres("upgrading with two versions on one PostgreSQL database", () => {
  let database: TestDatabase;
  let db: Database;
  let env: TestEnv;
  let balancer: LoadBalancer;
  let organizer: TestUser;
  let meetings: Meeting[];
  const builds: Record<"old" | "next" | "breaking", string> = { old: "", next: "", breaking: "" };
  const running: PlenumProcess[] = [];
  const ports = { old: 0, next: 0, breaking: 0 };
  const httpPorts = { old: 0, next: 0, breaking: 0 };
  let raw: Raw;

  beforeAll(async () => {
    ({ database, env, db } = await reminderDrillSetup({ leader: "3s", claim: "5s" }));
    builds.old = await bundledMain();
    builds.next = await buildWithAddedMigrations("next", [{ name: NOOP, runsBesideOlder: true }]);
    builds.breaking = await buildWithAddedMigrations("breaking", [
      { name: NOOP, runsBesideOlder: true },
      { name: BREAKING, runsBesideOlder: false },
    ]);
    organizer = await env.createUser("organizer");
    meetings = await drillMeetings(env, organizer, ROOMS, "Upgrade");
    await env.stopPlenum();
    for (const name of ["old", "next", "breaking"] as const) {
      ports[name] = await freePort();
      httpPorts[name] = await freePort();
    }
    // The registration's URL (the appservice slot's port) is the balancer's.
    balancer = new LoadBalancer(env.slot.port, [ports.old, ports.next, ports.breaking]);
    await balancer.start();
    raw = { ...env.rawConfig, logging: { level: "info" } };
  }, 120_000);

  afterAll(async () => {
    for (const instance of running) await instance.kill();
    await balancer?.stop();
    await env?.stop();
    await db?.destroy();
    await database?.drop();
  });

  function start(build: keyof typeof builds): Promise<PlenumProcess> {
    const config = {
      ...raw,
      appservice: { ...raw.appservice, port: ports[build] },
      http: { ...raw.http, port: httpPorts[build] },
    };
    return PlenumProcess.start(config, env.dataDir, "appservice,http,scheduler", builds[build]).then(
      (instance) => {
        running.push(instance);
        return instance;
      },
    );
  }

  async function readiness(
    build: keyof typeof builds,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`http://127.0.0.1:${httpPorts[build]}/readyz`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function leaseHolder(): Promise<string | undefined> {
    const row = await db("leader_leases").where({ name: "scheduler" }).first();
    return row ? String(row.holder) : undefined;
  }

  function holds(instance: PlenumProcess, holder: string | undefined): boolean {
    return holder?.split("/")[1] === String(instance.child.pid);
  }

  function loggedAt(instance: PlenumProcess, message: string): number | undefined {
    const line = instance.logLines.find((l) => l.includes(`"${message}"`));
    return line ? Date.parse((JSON.parse(line) as { time: string }).time) : undefined;
  }

  async function appliedMigrations(): Promise<string[]> {
    return (await db("knex_migrations").select("name")).map((row: { name: string }) => row.name);
  }

  async function dueReminders(): Promise<void> {
    const now = Date.now();
    const total = ROOMS * REMINDERS_PER_ROOM;
    await insertReminders(db, meetings, REMINDERS_PER_ROOM, (i, r) =>
      Math.floor(now + ((i * ROOMS + r) * REMINDER_SPREAD_MS) / total),
    );
  }

  /** Commands typed now, one per room; each must be answered exactly once, whichever instance takes it. */
  async function commands(count: number): Promise<{ roomId: string; eventId: string }[]> {
    const typed: { roomId: string; eventId: string }[] = [];
    for (let i = 0; i < count; i++) {
      const roomId = meetings[i % ROOMS]!.roomId!;
      typed.push({ roomId, eventId: await env.say(organizer, roomId, "!meet help") });
    }
    return typed;
  }

  let old: PlenumProcess;
  let next: PlenumProcess;

  test("the new version starts beside the old one and migrates, the old one is stopped, and no command, job or reminder is lost or doubled", async () => {
    await dueReminders();
    old = await start("old");
    await env.eventually(async () => holds(old, await leaseHolder()), "the old version to lead");
    const typed = await commands(3);
    await env.eventually(
      async () => (await doneReminders(db)) > 0,
      "the old version to send reminders",
      20_000,
    );

    next = await start("next");
    const overlapFrom = Date.now();
    expect(await appliedMigrations()).toContain(NOOP);
    expect(next.logLines.some((l) => l.includes('"database migrated"') && l.includes(NOOP))).toBe(true);
    // Both serve: the old one beside a migration it does not know, recorded as safe for it.
    expect(await readiness("old")).toMatchObject({ status: 200, body: { checks: { migrations: "ok" } } });
    expect(await readiness("next")).toMatchObject({ status: 200, body: { status: "ready" } });
    typed.push(...(await commands(3)));
    const doneBeforeOverlap = await doneReminders(db);
    await env.eventually(
      async () => (await doneReminders(db)) >= doneBeforeOverlap + 10,
      "reminders to be sent while both versions run",
      20_000,
    );
    const doneDuringOverlap = (await doneReminders(db)) - doneBeforeOverlap;

    await old.stop();
    const stoppedAt = Date.now();
    expect(old.child.exitCode).toBe(0);
    await env.eventually(async () => holds(next, await leaseHolder()), "the new version to lead", 20_000);
    typed.push(...(await commands(3)));

    await expectEveryReminderOnce(env, db, meetings, REMINDERS_PER_ROOM, 120_000);
    for (const [i, { roomId, eventId }] of typed.entries()) {
      await env.eventually(
        async () => (await env.replyCount(roomId, eventId)) > 0,
        `an answer to command ${i + 1}`,
        30_000,
      );
      expect(await env.replyCount(roomId, eventId)).toBe(1);
    }
    const waiting = await db("inbox").whereNull("processed_at").count({ n: "*" }).first();
    expect(Number(waiting?.n)).toBe(0);

    // The drill's figures, for the operating notes.
    mkdirSync(join(process.cwd(), ".e2e"), { recursive: true });
    writeFileSync(
      join(process.cwd(), ".e2e", "upgrade-drill.json"),
      JSON.stringify(
        {
          reminders: ROOMS * REMINDERS_PER_ROOM,
          reminders_done_while_both_ran: doneDuringOverlap,
          commands: typed.length,
          overlap_ms: stoppedAt - overlapFrom,
          new_version_led_after_old_stopped_ms: (loggedAt(next, "became leader") ?? NaN) - stoppedAt,
          transactions_by_instance: {
            old: balancer.answered.get(ports.old) ?? 0,
            new: balancer.answered.get(ports.next) ?? 0,
          },
        },
        null,
        2,
      ),
    );
  }, 300_000);

  test("the old version can start again against the upgraded database, since the migration runs beside it", async () => {
    const again = await start("old");
    expect(again.logLines.some((l) => l.includes("runs beside") && l.includes(NOOP))).toBe(true);
    expect(await readiness("old")).toMatchObject({ status: 200 });
    await again.stop();
  }, 60_000);

  test("a migration that older code cannot run against is refused while an older version runs, naming it, and changes nothing", async () => {
    const attempt = start("breaking");
    await expect(attempt).rejects.toThrow(
      new RegExp(`Migration ${BREAKING} .*/${next.child.pid}/.*Stop them`),
    );
    expect(await appliedMigrations()).not.toContain(BREAKING);
    expect(await readiness("next")).toMatchObject({ status: 200 });
  }, 60_000);

  test("once the older version has stopped the migration is applied, and the older version is then refused with a message", async () => {
    await next.stop();
    const breaking = await start("breaking");
    expect(await appliedMigrations()).toContain(BREAKING);
    await expect(start("old")).rejects.toThrow(
      new RegExp(
        `Plenum did not start: The database was migrated by a newer Plenum \\(migrations this version does not know: ${BREAKING}\\)`,
      ),
    );
    await breaking.stop();
  }, 60_000);
});

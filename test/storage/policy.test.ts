import fc from "fast-check";
import { createDispatcher } from "../../bots/commands/dispatcher.js";
import { adminTable } from "../../bots/commands/admin-table.js";
import type { AdminCommandDeps } from "../../bots/commands/admin/deps.js";
import { buildConfig } from "../../core/config/load.js";
import { createLogger } from "../../core/logging/logger.js";
import { createMetrics } from "../../core/metrics/registry.js";
import { policyService, type PolicyService } from "../../core/policy/policy.js";
import { attendanceRepository } from "../../core/storage/attendance.js";
import { auditRepository } from "../../core/storage/audit.js";
import { calendarTokensRepository } from "../../core/storage/calendar-tokens.js";
import { recordingsRepository } from "../../core/storage/recordings.js";
import { policyRepository } from "../../core/storage/policy.js";
import { roomStateRepository } from "../../core/storage/room-state.js";
import { ManualClock } from "../support/clock.js";
import { validRawConfig } from "../support/config.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";
import { openMeetingWorld } from "../support/meeting-world.js";
import { UserError } from "../../core/errors/user-error.js";

const quiet = createLogger({ level: "silent", secrets: [], destination: { write: () => undefined } });

/** The message key a refused operation gives; fails the test when it is not refused. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error.key;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe.each(databaseKinds())("access policy on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  const { config } = buildConfig({
    ...validRawConfig(),
    access: { partner_servers: ["partner.example.net"] },
  });
  let policy: PolicyService;

  beforeEach(() => {
    policy = policyService({
      config,
      store: policyRepository(db()),
      audit: auditRepository(db()),
      roomState: roomStateRepository(db()),
      clock: new ManualClock(Date.parse("2026-11-23T09:00:00Z")),
      logger: quiet,
    });
  });

  test("without settings, the config's values are the policy", async () => {
    const current = await policy.current();
    expect(current.max_participants).toBe(300);
    expect(current.allowed_servers).toEqual(["example.org"]);
  });

  test("a set value is the policy from then on, and the change is audited with before and after", async () => {
    expect(await policy.set("max_participants", "25", "@admin:example.org")).toEqual({
      key: "max_participants",
      before: "300",
      after: "25",
    });
    expect((await policy.current()).max_participants).toBe(25);
    expect(await auditRepository(db()).recent(5)).toEqual([
      expect.objectContaining({
        actor: "@admin:example.org",
        action: "policy_set",
        target: "max_participants",
        reason: "300 → 25",
      }),
    ]);
  });

  test("a reset returns a key to the config's value", async () => {
    await policy.set("after_end", "close", "@admin:example.org");
    expect(await policy.reset("after_end", "@admin:example.org")).toEqual({
      key: "after_end",
      before: "close",
      after: "keep",
    });
    expect((await policy.current()).after_end).toBe("keep");
  });

  test("setting a key to its current value changes and audits nothing", async () => {
    await policy.set("max_participants", "300", "@admin:example.org");
    expect(await auditRepository(db()).recent(5)).toEqual([]);
  });

  test("a meeting room may allow a partner server, which then counts for that room only", async () => {
    await policy.setForRoom("!m:example.org", "allowed_servers", "partner.example.net", "@org:example.org");
    expect(await policy.exclusion("@p:partner.example.net", "!m:example.org")).toBeUndefined();
    expect(await policy.exclusion("@p:partner.example.net", "!other:example.org")).toBe("server");
  });

  test("a meeting room may not allow a server that is no partner", async () => {
    expect(
      await refusal(policy.setForRoom("!m:example.org", "allowed_servers", "evil.net", "@org:example.org")),
    ).toBe("policy.room_server_not_partner");
  });

  test("a meeting room may not raise the participant limit above the global one", async () => {
    expect(
      await refusal(policy.setForRoom("!m:example.org", "max_participants", "301", "@org:example.org")),
    ).toBe("policy.room_wider");
    await policy.setForRoom("!m:example.org", "max_participants", "10", "@org:example.org");
    expect((await policy.forRoom("!m:example.org")).max_participants).toBe(10);
  });

  test("a partner withdrawn by the admins stops counting for rooms that allowed it", async () => {
    await policy.setForRoom("!m:example.org", "allowed_servers", "partner.example.net", "@org:example.org");
    await policy.set("partner_servers", "none", "@admin:example.org");
    expect(await policy.exclusion("@p:partner.example.net", "!m:example.org")).toBe("server");
  });

  test("a blocked user is excluded, and a blocked creator may not schedule", async () => {
    await policy.set("blocked", "@mallory:example.org", "@admin:example.org");
    expect(await policy.exclusion("@mallory:example.org")).toBe("blocked");
    expect(await policy.mayCreate("@mallory:example.org")).toBe(false);
    expect(await policy.mayCreate("@jane:example.org")).toBe(true);
  });

  test("hostile !admin commands never crash and change the policy only when the reply shows a change", async () => {
    // Every admin command gets what it uses, over this suite's database: the fuzz may reach any of them.
    const world = await openMeetingWorld({
      db: db(),
      config: { access: { partner_servers: ["partner.example.net"] } },
    });
    const { policy } = world.deps;
    const audit = auditRepository(db());
    const deps: AdminCommandDeps = {
      meetings: world.deps,
      audit,
      attendance: attendanceRepository(db()),
      recordings: { ...world.deps, audit, recordings: recordingsRepository(db()) },
      invites: { leaveRoomsOfRefusedInviters: async () => 0 },
      calendarTokens: calendarTokensRepository(db()),
    };
    const replies: string[] = [];
    const dispatch = createDispatcher({
      tables: [adminTable],
      deps,
      adminGuard: { allows: async () => true },
      metrics: createMetrics(),
      logger: quiet,
      send: async (_origin, reply) => void replies.push(reply.text),
    });
    const words = fc.oneof(
      fc.constantFrom(
        "policy",
        "set",
        "reset",
        "creators",
        "add",
        "remove",
        "max_participants",
        "blocked",
        "allowed_servers",
        "__proto__",
        "constructor",
        "prototype",
        "50",
        "none",
        "@a:example.org",
        "\r\n",
        "\u0000",
        '"',
      ),
      fc.string({ maxLength: 30 }),
      fc.string({ unit: "binary", maxLength: 10 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(words, { maxLength: 6 }), async (parts) => {
        const before = JSON.stringify(await policy.current());
        replies.length = 0;
        await dispatch({
          sender: "@admin:example.org",
          roomId: "!admins:example.org",
          eventId: "$e",
          body: `!admin ${parts.join(" ")}`,
          locale: "en",
        });
        const reply = replies[0] ?? "";
        expect(reply).not.toMatch(/Something went wrong inside Plenum/);
        const changed = JSON.stringify(await policy.current()) !== before;
        expect(changed).toBe(/^Policy \S+: .* → /.test(reply));
      }),
      { numRuns: kind === "sqlite" ? 300 : 100 },
    );
  });
});

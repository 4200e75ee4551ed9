import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";

const RULES = resolve("docs/prometheus-alerts.yml");

/**
 * Prometheus's own rule checker. scripts/test-prerequisites.sh unpacks it from Debian's prometheus
 * package into the cache (the package itself would install and start a Prometheus server).
 */
function promtool(): string {
  const cached = join(
    process.env.PLENUM_CACHE_DIR ?? join(homedir(), ".cache", "plenum"),
    "promtool",
    "promtool",
  );
  const path = process.env.PLENUM_PROMTOOL ?? cached;
  if (!existsSync(path))
    throw new Error(
      `no promtool at ${path}: run npm test as root once (scripts/test-prerequisites.sh unpacks it)`,
    );
  return path;
}

interface Rule {
  alert: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const rules = new Map(
  (parse(readFileSync(RULES, "utf8")) as { groups: { rules: Rule[] }[] }).groups
    .flatMap((group) => group.rules)
    .map((rule) => [rule.alert, rule]),
);

/**
 * One scenario: series (promtool's expanding notation, one sample a minute) and whether the alert
 * fires at `at`. A firing alert's annotations are its templates with the given values filled in.
 */
interface Scenario {
  alert: string;
  series: Record<string, string>;
  at: string;
  fires?: { labels?: Record<string, string>; shown?: Record<string, string> };
}

function expected(scenario: Scenario) {
  if (!scenario.fires) return [];
  const rule = rules.get(scenario.alert)!;
  const fill = (text: string) =>
    Object.entries(scenario.fires!.shown ?? {}).reduce(
      (t, [template, value]) => t.split(template).join(value),
      text,
    );
  return [
    {
      exp_labels: { ...rule.labels, ...scenario.fires.labels },
      exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, fill(v)])),
    },
  ];
}

const scenarios: Scenario[] = [
  {
    alert: "PlenumInboxBackingUp",
    series: { 'plenum_inbox_oldest_pending_seconds{instance="a"}': "0+60x20" },
    at: "10m",
    fires: { shown: { "{{ $value | humanizeDuration }}": "10m 0s" } },
  },
  {
    alert: "PlenumInboxBackingUp",
    series: { 'plenum_inbox_oldest_pending_seconds{instance="a"}': "30x20" },
    at: "10m",
  },
  {
    alert: "PlenumSchedulerLagging",
    series: { 'plenum_scheduler_oldest_due_seconds{instance="a"}': "0+60x20" },
    at: "15m",
    fires: { shown: { "{{ $value | humanizeDuration }}": "15m 0s" } },
  },
  {
    alert: "PlenumSchedulerLagging",
    series: { 'plenum_scheduler_oldest_due_seconds{instance="a"}': "0x20" },
    at: "15m",
  },
  {
    alert: "PlenumSchedulerSlow",
    series: {
      'plenum_scheduler_lag_seconds_bucket{instance="a",le="60"}': "0x60",
      'plenum_scheduler_lag_seconds_bucket{instance="a",le="300"}': "0+10x60",
      'plenum_scheduler_lag_seconds_bucket{instance="a",le="+Inf"}': "0+10x60",
    },
    at: "40m",
    fires: { shown: { "{{ $value | humanizeDuration }}": "4m 48s" } },
  },
  {
    alert: "PlenumSchedulerSlow",
    series: {
      'plenum_scheduler_lag_seconds_bucket{instance="a",le="1"}': "0+10x60",
      'plenum_scheduler_lag_seconds_bucket{instance="a",le="+Inf"}': "0+10x60",
    },
    at: "40m",
  },
  {
    alert: "PlenumNoLeader",
    series: { 'plenum_scheduler_leader{instance="a"}': "1 1 1 0x10" },
    at: "10m",
    fires: {},
  },
  {
    alert: "PlenumNoLeader",
    series: { 'plenum_inbox_pending_events{instance="a"}': "0x10" },
    at: "10m",
    fires: {},
  },
  {
    alert: "PlenumNoLeader",
    series: {
      'plenum_scheduler_leader{instance="a"}': "1 1 1 0x10",
      'plenum_scheduler_leader{instance="b"}': "0 0 0 1x10",
    },
    at: "10m",
  },
  {
    alert: "PlenumHomeserverUnreachable",
    series: {
      'plenum_homeserver_reachable{instance="a"}': "1 0x10",
      'plenum_homeserver_reachable{instance="b"}': "1x10",
    },
    at: "10m",
    fires: { labels: { instance: "a" }, shown: { "{{ $labels.instance }}": "a" } },
  },
  {
    alert: "PlenumHomeserverFailing",
    series: {
      'plenum_homeserver_requests_total{instance="a",outcome="ok"}': "0+10x30",
      'plenum_homeserver_requests_total{instance="a",outcome="unreachable"}': "0+10x30",
    },
    at: "20m",
    fires: { shown: { "{{ $value | humanizePercentage }}": "50%" } },
  },
  {
    alert: "PlenumHomeserverFailing",
    series: {
      'plenum_homeserver_requests_total{instance="a",outcome="ok"}': "0+100x30",
      'plenum_homeserver_requests_total{instance="a",outcome="rate_limited"}': "0+10x30",
    },
    at: "20m",
  },
  {
    alert: "PlenumEncryptionDeviceLost",
    series: {
      'plenum_encryption_enabled{instance="a"}': "1x10",
      'plenum_encryption_device_held{instance="a"}': "1 0x10",
    },
    at: "10m",
    fires: {},
  },
  {
    alert: "PlenumEncryptionDeviceLost",
    series: {
      'plenum_encryption_enabled{instance="a"}': "0x10",
      'plenum_encryption_device_held{instance="a"}': "0x10",
    },
    at: "10m",
  },
  {
    alert: "PlenumEncryptionDeviceLost",
    series: {
      'plenum_encryption_enabled{instance="a"}': "1x10",
      'plenum_encryption_device_held{instance="a"}': "0x10",
      'plenum_encryption_enabled{instance="b"}': "1x10",
      'plenum_encryption_device_held{instance="b"}': "1x10",
    },
    at: "10m",
  },
  {
    // The holder lost the device (its store could not be written); the other still waits for the lease.
    alert: "PlenumEncryptionDeviceLost",
    series: {
      'plenum_encryption_enabled{instance="a"}': "1x10",
      'plenum_encryption_device_held{instance="a"}': "1 0x10",
      'plenum_encryption_enabled{instance="b"}': "1x10",
      'plenum_encryption_device_held{instance="b"}': "0x10",
    },
    at: "10m",
    fires: {},
  },
  {
    // The holder died and the other took the device over within a minute.
    alert: "PlenumEncryptionDeviceLost",
    series: {
      'plenum_encryption_enabled{instance="a"}': "1x10",
      'plenum_encryption_device_held{instance="a"}': "1 0x10",
      'plenum_encryption_enabled{instance="b"}': "1x10",
      'plenum_encryption_device_held{instance="b"}': "0 1x10",
    },
    at: "10m",
  },
  {
    alert: "PlenumDatabaseUnreachable",
    series: { 'plenum_database_reachable{instance="a"}': "1 0x10" },
    at: "10m",
    fires: { labels: { instance: "a" }, shown: { "{{ $labels.instance }}": "a" } },
  },
  {
    alert: "PlenumSendsOnHold",
    series: { 'plenum_homeserver_sends_on_hold{instance="a"}': "3x20" },
    at: "15m",
    fires: { shown: { "{{ $value }}": "3" } },
  },
  {
    alert: "PlenumSendsOnHold",
    series: { 'plenum_homeserver_sends_on_hold{instance="a"}': "3 0x20" },
    at: "15m",
  },
];

describe("the Prometheus alert rules (docs/prometheus-alerts.yml)", () => {
  test("are valid rules for Prometheus", () => {
    expect(() => execFileSync(promtool(), ["check", "rules", RULES], { stdio: "pipe" })).not.toThrow();
  });

  test("fire for the conditions that need a person, and stay quiet otherwise", () => {
    const dir = mkdtempSync(join(tmpdir(), "plenum-alerts-"));
    try {
      const file = join(dir, "alerts.test.yml");
      writeFileSync(
        file,
        stringify({
          rule_files: [RULES],
          evaluation_interval: "1m",
          tests: scenarios.map((scenario) => ({
            interval: "1m",
            input_series: Object.entries(scenario.series).map(([series, values]) => ({ series, values })),
            alert_rule_test: [
              { eval_time: scenario.at, alertname: scenario.alert, exp_alerts: expected(scenario) },
            ],
          })),
        }),
      );
      let output = "";
      try {
        output = execFileSync(promtool(), ["test", "rules", file], { encoding: "utf8", stdio: "pipe" });
      } catch (error) {
        const { stdout, stderr } = error as { stdout: string; stderr: string };
        output = `${stdout}${stderr}`;
      }
      expect(output).toContain("SUCCESS");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("every alert has a scenario where it fires", () => {
    const firing = new Set(scenarios.filter((s) => s.fires).map((s) => s.alert));
    expect([...rules.keys()].filter((alert) => !firing.has(alert))).toEqual([]);
  });
});

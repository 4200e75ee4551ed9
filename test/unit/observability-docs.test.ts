import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { createMetrics } from "../../core/metrics/registry.js";
import { registerStateGauges } from "../../core/metrics/state-gauges.js";
import { systemClock } from "../../core/time/clock.js";

/** Every series name a Plenum process with all roles exports (histograms as their three series). */
async function exportedNames(): Promise<Set<string>> {
  const metrics = createMetrics();
  registerStateGauges(metrics.registry, {
    backlog: { read: async () => ({ pendingEvents: 0, dueJobs: 0 }) },
    pingHomeserver: async () => undefined,
    sendsOnHold: () => 0,
    clock: systemClock,
    leading: () => true,
    encryption: () => "held",
  });
  const names = new Set<string>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    if (String(metric.type) === "histogram")
      for (const suffix of ["_bucket", "_sum", "_count"]) names.add(`${metric.name}${suffix}`);
    else names.add(metric.name);
  }
  return names;
}

function metricNamesIn(text: string): string[] {
  return [...new Set(text.match(/\bplenum_[a-z0-9_]+/g) ?? [])];
}

describe("the dashboard and the alert rules in docs/", () => {
  test("every metric the Grafana dashboard queries is one Plenum exports", async () => {
    const dashboard = JSON.parse(readFileSync("docs/grafana-dashboard.json", "utf8")) as {
      panels: { targets?: { expr: string }[] }[];
    };
    const queried = metricNamesIn(
      dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => t.expr)).join("\n"),
    );
    expect(queried.length).toBeGreaterThan(10);
    const exported = await exportedNames();
    expect(queried.filter((name) => !exported.has(name))).toEqual([]);
  });

  test("every metric the alert rules watch is one Plenum exports", async () => {
    const rules = parse(readFileSync("docs/prometheus-alerts.yml", "utf8")) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const watched = metricNamesIn(rules.groups.flatMap((g) => g.rules.map((r) => r.expr)).join("\n"));
    const exported = await exportedNames();
    expect(watched.filter((name) => !exported.has(name))).toEqual([]);
  });
});

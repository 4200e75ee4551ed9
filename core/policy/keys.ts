import type { Config } from "../config/schema.js";
import { formatActor, parseActor, type Actor } from "../access/actors.js";
import { isServerName } from "../matrix/ids.js";
import { ADMIN_POWER, ORGANIZER_POWERS } from "../matrix/power-levels.js";
import { UserError } from "../errors/user-error.js";
import type { MessageKey } from "../i18n/translate.js";

/** What a value parser may need to know beyond the text. */
export interface ParseContext {
  /** The homeserver's own domain, which must stay allowed. */
  ownDomain: string;
}

/**
 * One policy key: its documentation, its value when nobody has set it (from the config, which seeds
 * the policy), and the grammar admins type it in. `format(parse(text))` is the canonical text that
 * is stored, so a stored value is read back through the same validation.
 */
export interface PolicyKeySpec<T> {
  doc: MessageKey;
  /** The expected form, shown when a value is refused. */
  expected: string;
  seed(config: Config): T;
  parse(text: string, context: ParseContext): T;
  format(value: T): string;
}

function invalid(key: string, text: string, expected: string): UserError {
  return new UserError("policy.invalid_value", { key, value: text.slice(0, 80), expected });
}

function integer(key: string, min: number, max: number) {
  const expected = `${min}–${max}`;
  return {
    expected,
    parse(text: string): number {
      const value = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
      if (!(value >= min && value <= max)) throw invalid(key, text, expected);
      return value;
    },
    format: String,
  };
}

function oneOf<T extends string | number>(key: string, values: readonly T[]) {
  const expected = values.join(" | ");
  return {
    expected,
    parse(text: string): T {
      const value = values.find((v) => String(v) === text.toLowerCase());
      if (value === undefined) throw invalid(key, text, expected);
      return value;
    },
    format: String,
  };
}

function boolean(key: string) {
  const expected = "on | off";
  return {
    expected,
    parse(text: string): boolean {
      const lower = text.toLowerCase();
      if (["on", "true", "yes", "ja"].includes(lower)) return true;
      if (["off", "false", "no", "nein"].includes(lower)) return false;
      throw invalid(key, text, expected);
    },
    format: (value: boolean) => (value ? "on" : "off"),
  };
}

/** A comma-separated list; "none" is the empty list. */
function list<T>(key: string, expected: string, item: (text: string) => T, show: (value: T) => string) {
  return {
    expected: `${expected}, … | none`,
    parse(text: string): T[] {
      if (text.toLowerCase() === "none") return [];
      const parts = text.split(",").map((part) => part.trim());
      if (parts.some((part) => part === "")) throw invalid(key, text, `${expected}, …`);
      const values = parts.map(item);
      return values.filter((v, i) => values.findIndex((w) => show(w) === show(v)) === i);
    },
    format: (values: T[]) => (values.length === 0 ? "none" : values.map(show).join(", ")),
  };
}

function servers(key: string) {
  return list(
    key,
    "example.org",
    (text) => {
      if (!isServerName(text)) throw new UserError("policy.invalid_server", { server: text.slice(0, 80) });
      return text.toLowerCase();
    },
    (server: string) => server,
  );
}

function actors(key: string) {
  return list<Actor>(
    key,
    "@user:example.org | @*:example.org | example.org | !room:example.org",
    parseActor,
    formatActor,
  );
}

const defaultToOwnDomain = (values: readonly string[], config: Config): string[] =>
  values.length > 0 ? [...values] : [config.homeserver.domain.toLowerCase()];

/** Checks an entry of the table against PolicyKeySpec while keeping its value type. */
const define = <T>(spec: PolicyKeySpec<T>): PolicyKeySpec<T> => spec;

export const JOIN_RULES_POLICY_CAN_OPEN = ["public", "knock", "knock_restricted"] as const;
export type OpenJoinRule = (typeof JOIN_RULES_POLICY_CAN_OPEN)[number];

const allowedServers = servers("allowed_servers");

export const policyKeys = {
  creators: define({
    doc: "policy.key.creators",
    ...actors("creators"),
    seed: (config: Config) => defaultToOwnDomain(config.access.creators, config).map(parseActor),
  }),
  allowed_servers: define({
    doc: "policy.key.allowed_servers",
    ...allowedServers,
    parse(text: string, context: ParseContext): string[] {
      const values = allowedServers.parse(text);
      if (!values.includes(context.ownDomain.toLowerCase()))
        throw new UserError("policy.own_domain_required", { domain: context.ownDomain });
      return values;
    },
    seed: (config: Config) => defaultToOwnDomain(config.access.allowed_servers, config),
  }),
  partner_servers: define({
    doc: "policy.key.partner_servers",
    ...servers("partner_servers"),
    seed: (config: Config) => config.access.partner_servers.map((s) => s.toLowerCase()),
  }),
  blocked: define({
    doc: "policy.key.blocked",
    ...actors("blocked"),
    seed: (config: Config) => config.access.blocked.map(parseActor),
  }),
  open_join_rules: define({
    doc: "policy.key.open_join_rules",
    ...list(
      "open_join_rules",
      JOIN_RULES_POLICY_CAN_OPEN.join(" | "),
      (text) => {
        const rule = JOIN_RULES_POLICY_CAN_OPEN.find((r) => r === text.toLowerCase());
        if (!rule) throw invalid("open_join_rules", text, JOIN_RULES_POLICY_CAN_OPEN.join(" | "));
        return rule;
      },
      (rule: OpenJoinRule) => rule,
    ),
    seed: (config: Config) => [...config.access.open_join_rules],
  }),
  organizer_power: define({
    doc: "policy.key.organizer_power",
    ...oneOf("organizer_power", ORGANIZER_POWERS),
    seed: (config: Config) => config.meetings.organizer_power,
  }),
  moderator_power: define({
    doc: "policy.key.moderator_power",
    ...integer("moderator_power", 0, ADMIN_POWER),
    seed: (config: Config) => config.jitsi.moderator_power,
  }),
  after_end: define({
    doc: "policy.key.after_end",
    ...oneOf("after_end", ["keep", "lock", "close"] as const),
    seed: (config: Config) => config.meetings.after_end,
  }),
  after_end_delay: define({
    doc: "policy.key.after_end_delay",
    ...integer("after_end_delay", 0, 43200),
    seed: (config: Config) => config.meetings.after_end_delay,
  }),
  max_participants: define({
    doc: "policy.key.max_participants",
    ...integer("max_participants", 1, 10000),
    seed: (config: Config) => config.meetings.max_participants,
  }),
  recording_retention_days: define({
    doc: "policy.key.recording_retention_days",
    ...integer("recording_retention_days", 1, 3650),
    seed: (config: Config) => config.meetings.recording_retention_days,
  }),
  allow_open_ended_series: define({
    doc: "policy.key.allow_open_ended_series",
    ...boolean("allow_open_ended_series"),
    seed: (config: Config) => config.meetings.allow_open_ended_series,
  }),
  lock_on_cancel: define({
    doc: "policy.key.lock_on_cancel",
    ...boolean("lock_on_cancel"),
    seed: (config: Config) => config.meetings.lock_on_cancel,
  }),
  lock_breakouts_on_end: define({
    doc: "policy.key.lock_breakouts_on_end",
    ...boolean("lock_breakouts_on_end"),
    seed: (config: Config) => config.meetings.lock_breakouts_on_end,
  }),
  guest_links: define({
    doc: "policy.key.guest_links",
    ...boolean("guest_links"),
    seed: (config: Config) => config.meetings.guest_links,
  }),
  publish_recordings: define({
    doc: "policy.key.publish_recordings",
    ...boolean("publish_recordings"),
    seed: (config: Config) => config.meetings.publish_recordings,
  }),
  planner_widget: define({
    doc: "policy.key.planner_widget",
    ...boolean("planner_widget"),
    seed: (config: Config) => config.meetings.planner_widget,
  }),
  encrypt_meeting_rooms: define({
    doc: "policy.key.encrypt_meeting_rooms",
    ...boolean("encrypt_meeting_rooms"),
    seed: (config: Config) => config.meetings.encrypt_meeting_rooms,
  }),
};

export type PolicyKey = keyof typeof policyKeys;
type ValueOf<S> = S extends PolicyKeySpec<infer T> ? T : never;
export type Policy = { [K in PolicyKey]: ValueOf<(typeof policyKeys)[K]> };

export const POLICY_KEYS = Object.keys(policyKeys) as PolicyKey[];

/** Looks a key up without letting `__proto__`, `constructor` and the like through. */
export function policyKey(text: string): PolicyKey | undefined {
  const lower = text.toLowerCase();
  return (POLICY_KEYS as string[]).includes(lower) ? (lower as PolicyKey) : undefined;
}

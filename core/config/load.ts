import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { configFields, configLists, configSchema, type Config, type FieldSpec } from "./schema.js";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export interface LoadedConfig {
  config: Config;
  warnings: string[];
  /** Values that must never appear in logs. */
  secrets: string[];
}

type Raw = Record<string, unknown>;
const sections = configFields as unknown as Record<string, Record<string, FieldSpec>>;
const lists = configLists as unknown as Record<string, { fields: Record<string, FieldSpec> }>;

export function configPath(env: NodeJS.ProcessEnv): string {
  return env.PLENUM_CONFIG ?? "./config.yaml";
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError([`cannot read config file ${path}: ${(error as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError([`${path} is not valid YAML: ${(error as Error).message}`]);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError([`${path} must hold a mapping of sections (homeserver:, appservice:, ...)`]);
  }
  return buildConfig(raw as Raw, env);
}

/** Builds the config from an already parsed object plus the environment; tests use this directly. */
export function buildConfig(raw: Raw, env: NodeJS.ProcessEnv = {}): LoadedConfig {
  const warnings = unknownKeys(raw);
  const problems: string[] = [];
  const merged: Raw = {};
  for (const [sectionName, fields] of Object.entries(sections)) {
    const given = raw[sectionName];
    if (given !== undefined && (typeof given !== "object" || given === null || Array.isArray(given))) {
      problems.push(`${sectionName}: expected a mapping of keys, got ${describe(given)}`);
      continue;
    }
    const section: Raw = { ...((given as Raw | undefined) ?? {}) };
    for (const [key, spec] of Object.entries(fields)) {
      applyFileSecret(section, sectionName, key, spec, env, problems);
      applyEnvOverride(section, sectionName, key, spec, env, problems);
    }
    for (const key of Object.keys(section)) if (key.endsWith("_file")) delete section[key];
    if (given !== undefined || Object.keys(section).length > 0) merged[sectionName] = section;
  }
  for (const [listName, { fields }] of Object.entries(lists)) {
    const given = raw[listName];
    if (given === undefined) continue;
    if (!Array.isArray(given)) {
      problems.push(`${listName}: expected a list, got ${describe(given)}`);
      continue;
    }
    merged[listName] = given.map((entry: unknown, index) =>
      typeof entry === "object" && entry !== null && !Array.isArray(entry)
        ? withFileSecrets({ ...(entry as Raw) }, `${listName}.${index}`, fields, problems)
        : entry,
    );
  }
  const result = configSchema.safeParse(merged);
  if (!result.success) problems.push(...result.error.issues.map(formatIssue));
  // An unknown key is often the misspelling of a missing one, so it is named beside the error.
  if (problems.length > 0 || !result.success) throw new ConfigError([...problems, ...warnings]);
  const config = deepFreeze(result.data) as Config;
  return { config, warnings, secrets: secretValues(config) };
}

function envName(section: string, key: string): string {
  return `PLENUM_${section}_${key}`.toUpperCase();
}

function applyFileSecret(
  section: Raw,
  sectionName: string,
  key: string,
  spec: FieldSpec,
  env: NodeJS.ProcessEnv,
  problems: string[],
) {
  if (!spec.secret) return;
  const path = env[`${envName(sectionName, key)}_FILE`] ?? section[`${key}_file`];
  if (path === undefined) return;
  if (typeof path !== "string") {
    problems.push(`${sectionName}.${key}_file: expected a file path, got ${describe(path)}`);
    return;
  }
  const text = readSecretFile(path, `${sectionName}.${key}_file`, problems);
  if (text !== undefined) section[key] = text;
}

/** An entry of a list with each `<key>_file` of its secrets read into `<key>`. */
function withFileSecrets(
  entry: Raw,
  where: string,
  fields: Record<string, FieldSpec>,
  problems: string[],
): Raw {
  for (const [key, spec] of Object.entries(fields)) {
    const path = entry[`${key}_file`];
    if (!spec.secret || path === undefined) continue;
    delete entry[`${key}_file`];
    if (typeof path !== "string")
      problems.push(`${where}.${key}_file: expected a file path, got ${describe(path)}`);
    else entry[key] = readSecretFile(path, `${where}.${key}_file`, problems) ?? entry[key];
  }
  return entry;
}

function readSecretFile(path: string, where: string, problems: string[]): string | undefined {
  try {
    return readFileSync(path, "utf8").trim();
  } catch (error) {
    problems.push(`${where}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
    return undefined;
  }
}

function applyEnvOverride(
  section: Raw,
  sectionName: string,
  key: string,
  spec: FieldSpec,
  env: NodeJS.ProcessEnv,
  problems: string[],
) {
  const name = envName(sectionName, key);
  const value = env[name];
  if (value === undefined) return;
  if (typeof spec.example === "boolean") {
    if (value !== "true" && value !== "false")
      problems.push(`${name}: expected true or false, got "${value}"`);
    else section[key] = value === "true";
  } else if (Array.isArray(spec.example)) {
    const items = value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
    section[key] = typeof spec.example[0] === "number" ? items.map(Number) : items;
  } else if (typeof spec.example === "number") {
    const parsed = Number(value);
    if (Number.isNaN(parsed)) problems.push(`${name}: expected a number, got "${value}"`);
    else section[key] = parsed;
  } else {
    section[key] = value;
  }
}

function unknownKeys(raw: Raw): string[] {
  const warnings: string[] = [];
  for (const [sectionName, value] of Object.entries(raw)) {
    const fields = sections[sectionName];
    // A list's entries are checked strictly by the schema: a misspelt key there is an error.
    if (lists[sectionName]) continue;
    if (!fields) {
      warnings.push(
        `unknown section "${sectionName}"${suggest(sectionName, [...Object.keys(sections), ...Object.keys(lists)])}; it is ignored`,
      );
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    const known = Object.entries(fields).flatMap(([key, spec]) =>
      spec.secret ? [key, `${key}_file`] : [key],
    );
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        warnings.push(
          `unknown key "${sectionName}.${key}"${suggest(key, known, `${sectionName}.`)}; it is ignored`,
        );
      }
    }
  }
  return warnings;
}

function suggest(name: string, candidates: string[], prefix = ""): string {
  const best = candidates
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .sort((a, b) => a.distance - b.distance)[0];
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3))
    ? ` (did you mean "${prefix}${best.candidate}"?)`
    : "";
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join(".");
  const spec = lookup(issue.path.map(String));
  const missing = issue.code === "invalid_type" && /received undefined/.test(issue.message);
  const what = missing ? "missing (required)" : issue.message;
  const hint = spec ? ` — ${spec.doc} Example: ${JSON.stringify(spec.example)}` : "";
  return `${path || "(top level)"}: ${what}${hint}`;
}

function lookup(path: string[]): FieldSpec | undefined {
  const [section, key, listKey] = path;
  if (section && lists[section]) return listKey ? lists[section].fields[listKey] : undefined;
  return section && key ? sections[section]?.[key] : undefined;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? "a list" : value === null ? "null" : typeof value;
}

function secretValues(config: Config): string[] {
  const values: string[] = [];
  for (const [sectionName, fields] of Object.entries(sections)) {
    for (const [key, spec] of Object.entries(fields)) {
      const value = (config as unknown as Record<string, Raw>)[sectionName]?.[key];
      if (spec.secret && typeof value === "string") values.push(value, ...passwordOf(value));
    }
  }
  for (const service of config.services) values.push(service.token);
  return values;
}

/** A database URL is a secret because of its password; the password alone must not leak either. */
function passwordOf(value: string): string[] {
  try {
    const password = decodeURIComponent(new URL(value).password);
    return password ? [password] : [];
  } catch {
    return [];
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

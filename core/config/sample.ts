import { stringify } from "yaml";
import { configFields, configLists, type FieldSpec } from "./schema.js";

const sections = configFields as unknown as Record<string, Record<string, FieldSpec>>;
const lists = configLists as unknown as Record<string, { doc: string; fields: Record<string, FieldSpec> }>;

function statusOf(spec: FieldSpec, format: (value: string) => string): string {
  const parsed = spec.schema.safeParse(undefined);
  if (!parsed.success) return "required";
  return parsed.data === undefined ? "optional" : `default: ${format(JSON.stringify(parsed.data))}`;
}

/** The documented sample configuration, generated from the schema table. */
export function sampleConfigYaml(): string {
  const lines = [
    "# Plenum configuration (generated from core/config/schema.ts by `npm run sample-config`).",
    "# Every secret may instead be given as <key>_file: /path/to/file, or by the environment",
    "# variable PLENUM_<SECTION>_<KEY> (or PLENUM_<SECTION>_<KEY>_FILE). Unknown keys are warned about.",
    "",
  ];
  for (const [sectionName, fields] of Object.entries(sections)) {
    lines.push(`${sectionName}:`);
    for (const [key, spec] of Object.entries(fields)) {
      const status = statusOf(spec, (value) => value);
      lines.push(`  # ${spec.doc} (${status}${spec.secret ? ", secret" : ""})`);
      const value = stringify({ [key]: spec.example })
        .trimEnd()
        .split("\n");
      lines.push(...value.map((line) => `  ${line}`));
    }
    lines.push("");
  }
  for (const [listName, { doc, fields }] of Object.entries(lists)) {
    lines.push(`# ${doc} (default: [])`, `${listName}:`);
    Object.entries(fields).forEach(([key, spec], index) => {
      lines.push(`${index === 0 ? "  " : "    "}# ${spec.doc} (required${spec.secret ? ", secret" : ""})`);
      const value = stringify({ [key]: spec.example })
        .trimEnd()
        .split("\n");
      lines.push(...value.map((line, row) => `${index === 0 && row === 0 ? "  - " : "    "}${line}`));
    });
    lines.push("");
  }
  return lines.join("\n");
}

/** The configuration reference in docs/configuration.md, generated from the same table. */
export function configReferenceMarkdown(): string {
  const rows = ["| Key | Required or default | Environment override | Description |", "|---|---|---|---|"];
  for (const [sectionName, fields] of Object.entries(sections)) {
    for (const [key, spec] of Object.entries(fields)) {
      const status = statusOf(spec, (value) => `\`${value}\``);
      const env = `\`PLENUM_${sectionName}_${key}\``.toUpperCase();
      const secret = spec.secret ? " Secret: also `" + key + "_file`." : "";
      rows.push(`| \`${sectionName}.${key}\` | ${status} | ${env} | ${spec.doc}${secret} |`);
    }
  }
  for (const [listName, { doc, fields }] of Object.entries(lists)) {
    rows.push(`| \`${listName}\` | default: \`[]\` | none | ${doc} |`);
    for (const [key, spec] of Object.entries(fields)) {
      const secret = spec.secret ? " Secret: also `" + key + "_file` in the entry." : "";
      rows.push(`| \`${listName}[].${key}\` | required | none | ${spec.doc}${secret} |`);
    }
  }
  return rows.join("\n");
}

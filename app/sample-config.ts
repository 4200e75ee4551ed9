import { readFileSync, writeFileSync } from "node:fs";
import { configReferenceMarkdown, sampleConfigYaml } from "../core/config/sample.js";

/**
 * `npm run sample-config`: regenerates config.sample.yaml and the configuration reference in
 * docs/configuration.md from the schema. With --check it only reports whether they are current (CI runs
 * that).
 */
const check = process.argv.includes("--check");
const begin = "<!-- config-reference:begin -->";
const end = "<!-- config-reference:end -->";
const referenceFile = "docs/configuration.md";
const reference = readFileSync(referenceFile, "utf8");
const [before, rest] = reference.split(begin);
const after = rest?.split(end)[1];
if (before === undefined || after === undefined) {
  process.stderr.write(`${referenceFile} lacks the ${begin} / ${end} markers.\n`);
  process.exit(1);
}
const wanted = {
  "config.sample.yaml": sampleConfigYaml(),
  [referenceFile]: `${before}${begin}\n${configReferenceMarkdown()}\n${end}${after}`,
};
let stale = false;
for (const [file, text] of Object.entries(wanted)) {
  const current = (() => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return "";
    }
  })();
  if (current === text) continue;
  if (check) {
    process.stderr.write(`${file} is out of date; run npm run sample-config.\n`);
    stale = true;
  } else {
    writeFileSync(file, text);
    process.stdout.write(`Wrote ${file}.\n`);
  }
}
process.exitCode = stale ? 1 : 0;

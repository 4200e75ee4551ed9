import { readFileSync, writeFileSync } from "node:fs";
import { configReferenceMarkdown, sampleConfigYaml } from "../core/config/sample.js";

/**
 * `npm run sample-config`: regenerates config.sample.yaml and the README's configuration reference
 * from the schema. With --check it only reports whether they are current (CI runs that).
 */
const check = process.argv.includes("--check");
const begin = "<!-- config-reference:begin -->";
const end = "<!-- config-reference:end -->";
const readme = readFileSync("README.md", "utf8");
const [before, rest] = readme.split(begin);
const after = rest?.split(end)[1];
if (before === undefined || after === undefined) {
  process.stderr.write(`README.md lacks the ${begin} / ${end} markers.\n`);
  process.exit(1);
}
const wanted = {
  "config.sample.yaml": sampleConfigYaml(),
  "README.md": `${before}${begin}\n${configReferenceMarkdown()}\n${end}${after}`,
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

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** Each widget and its page title (the widget then sets the language it speaks). */
const WIDGETS = { planner: "Plenum meeting planner", call: "Plenum call" } as const;

/**
 * Bundles each widget (widgets/<name>/main.ts and the CSS it imports) into content-hashed assets
 * and writes its index.html naming them, into `outDir/<name>/`. Runs in `npm run build`; the e2e
 * tests call it too, so they always test the widgets as they are in the tree.
 */
export async function buildWidgets(root: string, outDir = join(root, "widgets", "dist")): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  const template = readFileSync(join(root, "widgets", "shared", "index.html"), "utf8");
  // One build per widget, so each serves its own copy of the font from its own `assets/`.
  for (const [name, title] of Object.entries(WIDGETS)) {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [`widgets/${name}/main.ts`],
      outdir: join(outDir, name),
      entryNames: "assets/[name]-[hash]",
      assetNames: "assets/[name]-[hash]",
      // Inter, Element's typeface, ships inside the stylesheet's assets: nothing is loaded from elsewhere.
      loader: { ".woff2": "file" },
      bundle: true,
      format: "esm",
      platform: "browser",
      target: ["es2022"],
      minify: true,
      sourcemap: "linked",
      metafile: true,
      logLevel: "warning",
      // matrix-widget-api's require("events") resolves to the `events` package, Node's EventEmitter for browsers.
    });
    const [script, meta] = Object.entries(result.metafile.outputs).find(
      ([, output]) => output.entryPoint === `widgets/${name}/main.ts`,
    )!;
    const html = template
      .replace("%TITLE%", title)
      .replace("%SCRIPT%", `assets/${basename(script)}`)
      .replace("%STYLE%", meta.cssBundle ? `assets/${basename(meta.cssBundle)}` : "");
    mkdirSync(join(outDir, name), { recursive: true });
    writeFileSync(join(outDir, name, "index.html"), html);
  }
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === "") {
  await buildWidgets(root);
}

import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));

function sources(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.includes("node_modules"))
    .map((file) => join(folder, file));
}

/** Each relative import of a file, resolved to a path from the repository's root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1] ?? "");
  return specifiers.map((specifier) => relative(root, resolve(join(root, file, ".."), specifier)));
}

function offending(folder: string, forbidden: (target: string) => boolean): string[] {
  return sources(folder).flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((target) => `${file} → ${target}`),
  );
}

describe("the layers of the code", () => {
  test("core imports neither bots nor bridge", () => {
    expect(offending("core", (target) => /^(bots|bridge)\//.test(target))).toEqual([]);
  });

  test("bots and bridge never import each other", () => {
    expect([
      ...offending("bots", (target) => target.startsWith("bridge/")),
      ...offending("bridge", (target) => target.startsWith("bots/")),
    ]).toEqual([]);
  });

  test("the access rules import nothing that sends, kicks or translates: acting is the guards' job", () => {
    const acting =
      /^core\/(matrix\/(gateway|capabilities|crypto|encrypting|direct-chats|retry)|i18n|guards|scheduling)/;
    expect(offending("core/access", (target) => acting.test(target))).toEqual([]);
  });
});

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// The file maps live in each folder's README (docs/architecture.md). A source file is named in the
// README of its folder or of the nearest folder above it that has one, by a backticked path that
// ends in the file's path and names no other file of that map (`deps.ts` alone is ambiguous where
// two folders of one map hold one each; `meet/deps.ts` is not). migrations/ (dated, listed by
// knex) and test/ (named by their tests) keep no such map.
const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const MAPPED = ["app", "bench", "bots", "bridge", "core", "scripts", "widgets"];
const SOURCE = /\.(ts|mts|mjs|sh)$/;
const NOT_SOURCE = new Set(["node_modules", "dist", "results", ".git"]);

function walk(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(folder, entry.name);
    if (entry.isDirectory()) return NOT_SOURCE.has(entry.name) ? [] : [path + "/", ...walk(path)];
    return [path];
  });
}

const everything = walk(".").map((path) => path.replace(/^\.\//, ""));
const mapped = everything.filter((path) => MAPPED.some((top) => path.startsWith(top + "/")));
const sources = mapped.filter((path) => SOURCE.test(path));
const mapFolders = mapped
  .filter((path) => path.endsWith("/README.md"))
  .map((path) => path.slice(0, -"/README.md".length))
  .concat(MAPPED.filter((top) => existsSync(join(root, top, "README.md"))));

function mapOf(file: string): string {
  let folder = dirname(file);
  while (!mapFolders.includes(folder) && folder !== ".") folder = dirname(folder);
  return folder;
}

/** The backticked words of a README, fenced code left out. */
function namesIn(folder: string): string[] {
  const text = readFileSync(join(root, folder, "README.md"), "utf8").replace(/```[\s\S]*?```/g, "");
  return [...text.matchAll(/`([^`]+)`/g)].map((match) => (match[1] ?? "").trim());
}

const names = new Map([...new Set(mapFolders)].map((folder) => [folder, namesIn(folder)]));

function ends(path: string, name: string): boolean {
  return path === name || path.endsWith("/" + name);
}

function unnamed(): string[] {
  return sources.flatMap((file) => {
    const folder = mapOf(file);
    const own = sources.filter((other) => mapOf(other) === folder).map((other) => relative(folder, other));
    const path = relative(folder, file);
    const named = (names.get(folder) ?? []).some(
      (name) => ends(path, name) && own.filter((other) => ends(other, name)).length === 1,
    );
    return named ? [] : [`${file} (not in ${folder}/README.md)`];
  });
}

/** A name as a pattern over paths; `*` and `<figure>` stand for any part of one name. */
function pattern(name: string, anchored: boolean): RegExp {
  const escaped = name.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*|<[^>]*>/g, "[^/]*");
  return new RegExp((anchored ? "^" : "(^|/)") + escaped + "$");
}

/** Found from the repository's root, from the README's folder, or as the end of a path below it. */
function exists(folder: string, name: string): boolean {
  const fromRoot = pattern(name, true);
  const fromHere = pattern(posix.join(folder, name), true);
  const below = pattern(name, false);
  return everything.some(
    (path) =>
      fromRoot.test(path) || fromHere.test(path) || (path.startsWith(folder + "/") && below.test(path)),
  );
}

function missing(): string[] {
  return [...names].flatMap(([folder, words]) =>
    words
      .filter((word) => /^[\w./*<>-]+$/.test(word) && SOURCE.test(word) && !exists(folder, word))
      .map((word) => `${folder}/README.md names \`${word}\``),
  );
}

function unlinked(): string[] {
  return mapFolders
    .filter((folder) => folder.includes("/"))
    .flatMap((folder) => {
      const above = mapOf(folder);
      const name = relative(above, folder);
      const text = readFileSync(join(root, above, "README.md"), "utf8");
      return text.includes(`(${name}/README.md)`) || text.includes(`\`${name}/\``)
        ? []
        : [`${folder}/ (not in ${above}/README.md)`];
    });
}

describe("the file maps in the folder READMEs", () => {
  test("name every source file in the README of its folder or of the nearest folder above it", () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(unnamed()).toEqual([]);
  });

  test("name no source file that does not exist", () => {
    expect(missing()).toEqual([]);
  });

  test("link every folder that has a README from the README above it", () => {
    expect(unlinked()).toEqual([]);
  });
});

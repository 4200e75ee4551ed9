import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Path of a file under test/fixtures/ (see its README for each file's upstream source). */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/** A fixture's text exactly as stored. */
export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), "utf8");
}

/** A JSON fixture, parsed; the caller names the shape it expects. */
export function fixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

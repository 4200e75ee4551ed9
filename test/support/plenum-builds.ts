import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "esbuild";
import { bundledMain } from "./plenum-process.js";

export interface AddedMigration {
  name: string;
  /** Whether the versions before it may keep running against the database it leaves. */
  runsBesideOlder: boolean;
}

/**
 * A later version of Plenum for an upgrade drill: today's code with migrations added after its
 * own, each a no-op. Built like PlenumProcess's bundle, with migrations/index replaced by a module
 * that appends them.
 */
export async function buildWithAddedMigrations(name: string, added: AddedMigration[]): Promise<string> {
  const dir = join(process.cwd(), ".e2e", "plenum-process");
  mkdirSync(dir, { recursive: true });
  const released = join(process.cwd(), "migrations", "index.ts");
  const replacement = join(dir, `${name}-migrations-${process.pid}.ts`);
  writeFileSync(
    replacement,
    [
      `import { migrations as released, type Migration } from ${JSON.stringify(released)};`,
      `export type { Migration };`,
      `const added: Migration[] = ${JSON.stringify(added)}.map((m) => ({`,
      `  ...m,`,
      `  up: async (knex) => void (await knex.raw("select 1")),`,
      `  down: async () => undefined,`,
      `}));`,
      `export const migrations: Migration[] = [...released, ...added];`,
      "",
    ].join("\n"),
  );
  const swapMigrations: Plugin = {
    name: "added-migrations",
    setup(build) {
      build.onResolve({ filter: /(^|\/)migrations\/index(\.js|\.ts)?$/ }, (args) =>
        args.importer === replacement ? undefined : { path: replacement },
      );
    },
  };
  return bundledMain({ name, plugins: [swapMigrations] });
}

import { cp, copyFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import Sqlite from "better-sqlite3";
import type { StatePart } from "./state.js";

/** A backup or restore that cannot be done; the message says why and what to do. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

export interface BackupManifest {
  format: 1;
  created_at: string;
  /** The database's migrations, so that it is clear which Plenum version the backup needs. */
  migrations: string[];
  parts: { name: string; kind: StatePart["kind"]; file: string }[];
}

export const MANIFEST = "plenum-backup.json";

async function isEmptyOrMissing(path: string): Promise<boolean> {
  const entries = await readdir(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  return entries.length === 0;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The migrations recorded in an SQLite file (none if it has no migration table yet). */
function migrationsIn(file: string): string[] {
  const db = new Sqlite(file, { readonly: true });
  try {
    const table = db
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'knex_migrations'")
      .get();
    if (!table) return [];
    return (db.prepare("select name from knex_migrations order by id").all() as { name: string }[]).map(
      (row) => row.name,
    );
  } finally {
    db.close();
  }
}

/**
 * Copies the installation's state into `target` (a new or empty directory) while Plenum runs: an
 * SQLite database through SQLite's online backup (a consistent snapshot even while Plenum writes),
 * directories file by file without the files their part skips. The database goes first, so files
 * it names were there when it was copied. A manifest lists what the backup holds.
 */
export async function backUp(
  parts: readonly StatePart[],
  target: string,
  now: Date,
): Promise<BackupManifest> {
  if (!(await isEmptyOrMissing(target)))
    throw new BackupError(`${target} exists and is not empty; name a new directory.`);
  await mkdir(target, { recursive: true });
  const manifest: BackupManifest = { format: 1, created_at: now.toISOString(), migrations: [], parts: [] };
  const ordered = [...parts].sort((a, b) => Number(b.kind === "sqlite") - Number(a.kind === "sqlite"));
  for (const part of ordered) {
    if (part.kind === "sqlite") {
      if (!(await exists(part.path))) throw new BackupError(`There is no database at ${part.path}.`);
      const file = `${part.name}.sqlite`;
      const source = new Sqlite(part.path, { fileMustExist: true });
      try {
        source.pragma("busy_timeout = 5000");
        await source.backup(join(target, file));
      } finally {
        source.close();
      }
      manifest.migrations = migrationsIn(join(target, file));
      manifest.parts.push({ name: part.name, kind: part.kind, file });
    } else {
      const file = part.name;
      await mkdir(join(target, file));
      if (await exists(part.path)) {
        const skip = part.skip;
        await cp(part.path, join(target, file), {
          recursive: true,
          ...(skip ? { filter: (source: string) => !skip(basename(source)) } : {}),
        });
      }
      manifest.parts.push({ name: part.name, kind: part.kind, file });
    }
  }
  await writeFile(join(target, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Puts a backup's parts where the installation's config places them. Only into a fresh installation:
 * if a part's destination holds anything (a database file, a non-empty directory), nothing is
 * copied and the error names it. Plenum must not run meanwhile.
 */
export async function restore(parts: readonly StatePart[], source: string): Promise<BackupManifest> {
  const manifest = JSON.parse(
    await readFile(join(source, MANIFEST), "utf8").catch(() => {
      throw new BackupError(`${source} holds no ${MANIFEST}; is it a Plenum backup?`);
    }),
  ) as BackupManifest;
  const plan = manifest.parts.map((saved) => {
    const part = parts.find((p) => p.name === saved.name && p.kind === saved.kind);
    if (!part)
      throw new BackupError(
        `The backup holds the ${saved.name} (${saved.kind}), which this configuration has no place for` +
          (saved.kind === "sqlite" ? " (database.url is not sqlite://…)." : "."),
      );
    return { saved, part };
  });
  const occupied: string[] = [];
  for (const { part } of plan) {
    const taken =
      part.kind === "sqlite"
        ? (await exists(part.path)) || (await exists(`${part.path}-wal`))
        : !(await isEmptyOrMissing(part.path));
    if (taken) occupied.push(part.path);
  }
  if (occupied.length > 0)
    throw new BackupError(
      `A backup is restored into a fresh installation only, and these already exist: ${occupied.join(", ")}. ` +
        "Move them away (keep them until the restored installation runs), then restore again.",
    );
  for (const { saved, part } of plan) {
    if (part.kind === "sqlite") {
      await mkdir(join(part.path, ".."), { recursive: true });
      await copyFile(join(source, saved.file), part.path);
    } else {
      await cp(join(source, saved.file), part.path, { recursive: true });
    }
  }
  return manifest;
}

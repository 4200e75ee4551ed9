import { resolve } from "node:path";
import type { Config } from "../config/schema.js";
import { isUploadInProgress } from "../recordings/publish.js";
import { databaseKind, sqliteFilename } from "../storage/database.js";

/**
 * One piece of what an installation keeps on disk. `sqlite` is copied with SQLite's online backup,
 * so the copy is consistent while Plenum writes; `directory` is copied file by file, leaving out
 * what `skip` names (files being written).
 */
export type StatePart =
  | { name: string; kind: "sqlite"; path: string }
  | { name: string; kind: "directory"; path: string; skip?: (fileName: string) => boolean };

/**
 * Everything a Plenum installation keeps on disk, as the config places it; a backup copies these
 * and a restore puts them back. State that Plenum gains later (a file-based crypto store, say) is
 * one more part here. A PostgreSQL database is not among them: pg_dump backs it up (see
 * docs/operating.md#backups).
 */
export function installationState(config: Config): StatePart[] {
  const parts: StatePart[] = [];
  if (databaseKind(config.database.url) === "sqlite")
    parts.push({ name: "database", kind: "sqlite", path: resolve(sqliteFilename(config.database.url)) });
  parts.push({
    name: "recordings",
    kind: "directory",
    path: resolve(config.jitsi.recordings_dir),
    skip: isUploadInProgress,
  });
  return parts;
}

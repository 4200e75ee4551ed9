import { join } from "node:path";
import { backUp, BackupError } from "../core/backup/backup.js";
import { installationState } from "../core/backup/state.js";
import { databaseKind } from "../core/storage/database.js";
import { loadConfigOrExit } from "./load-config.js";

/**
 * `npm run backup [-- <directory>]`: a consistent copy of the installation's state (the SQLite
 * database, recordings_dir) while Plenum runs, into a new directory (default
 * ./backups/plenum-<time>). A PostgreSQL database is backed up with pg_dump instead.
 */
const { config } = loadConfigOrExit();
const now = new Date();
const target = process.argv[2] ?? join("backups", `plenum-${now.toISOString().replace(/[:.]/g, "-")}`);
try {
  const manifest = await backUp(installationState(config), target, now);
  process.stdout.write(`Backed up ${manifest.parts.map((p) => p.name).join(", ")} to ${target}.\n`);
  if (databaseKind(config.database.url) === "postgres")
    process.stdout.write(
      "The database is PostgreSQL and not in this backup: back it up with pg_dump (docs/operating.md#backups).\n",
    );
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}

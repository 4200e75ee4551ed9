import { restore, BackupError } from "../core/backup/backup.js";
import { installationState } from "../core/backup/state.js";
import { loadConfigOrExit } from "./load-config.js";

/**
 * `npm run restore -- <backup directory>`: puts a backup where this config places the
 * installation's state. Only into a fresh installation, with Plenum stopped; start Plenum after.
 */
const { config } = loadConfigOrExit();
const source = process.argv[2];
if (!source) {
  process.stderr.write("Name the backup directory: npm run restore -- <directory>\n");
  process.exit(2);
}
try {
  const manifest = await restore(installationState(config), source);
  process.stdout.write(
    `Restored ${manifest.parts.map((p) => p.name).join(", ")} from the backup of ${manifest.created_at}. Start Plenum now.\n`,
  );
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}

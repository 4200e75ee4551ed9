import { migrateToLatest, openDatabase } from "../core/storage/database.js";
import { loadConfigOrExit } from "./load-config.js";

/** `npm run migrate`: applies pending migrations (start-up does the same). */
const { config } = loadConfigOrExit();
const db = openDatabase(config.database.url);
try {
  const applied = await migrateToLatest(db);
  process.stdout.write(applied.length ? `Applied: ${applied.join(", ")}\n` : "Database is up to date.\n");
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}

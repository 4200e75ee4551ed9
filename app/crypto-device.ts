import { readFileSync } from "node:fs";
import { replaceBotDevice, rekeyCryptoStore } from "../core/matrix/crypto-device-admin.js";
import { instanceName } from "../core/scaling/instance.js";
import { migrateToLatest, openDatabase } from "../core/storage/database.js";
import { systemClock } from "../core/time/clock.js";
import { loadConfigOrExit } from "./load-config.js";

const usage = `Usage (with every Plenum instance stopped):
  npm run crypto-device -- new                          a new device for the bot, when its store or its key is lost
  npm run crypto-device -- rekey --new-key-file PATH    seal the store under a new appservice.crypto_store_key
`;

/** `npm run crypto-device`: operator actions on the bot's encryption device (docs/encrypted-rooms.md). */
const [action, flag, path] = process.argv.slice(2);
if (action !== "new" && !(action === "rekey" && flag === "--new-key-file" && path)) {
  process.stderr.write(usage);
  process.exit(2);
}
const { config } = loadConfigOrExit();
const db = openDatabase(config.database.url);
const deps = { config, db, holder: `crypto-device command ${instanceName()}`, clock: systemClock };
try {
  await migrateToLatest(db);
  if (action === "new") {
    const retired = await replaceBotDevice(deps);
    process.stdout.write(
      `${retired ? `Device ${retired} retired and deleted on the homeserver.` : "There was no device."} ` +
        "The next start makes a new device and tells the encrypted rooms.\n",
    );
  } else {
    const newKey = readFileSync(path!, "utf8").trim();
    if (newKey.length < 32) throw new Error("the new key must be at least 32 characters long");
    await rekeyCryptoStore(deps, newKey);
    process.stdout.write(
      "The store is sealed under the new key. Set it as appservice.crypto_store_key (or _file) before the next start.\n",
    );
  }
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}

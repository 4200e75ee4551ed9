import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { appserviceRegistration } from "../core/matrix/registration.js";
import { loadConfigOrExit } from "./load-config.js";

/** `npm run registration [-- <file>]`: writes Synapse's appservice registration (default ./registration.yaml). */
const { config } = loadConfigOrExit();
const target = process.argv[2] ?? "./registration.yaml";
writeFileSync(target, stringify(appserviceRegistration(config)), { mode: 0o600 });
process.stdout.write(
  `Wrote ${target}. Add it to app_service_config_files in homeserver.yaml and restart Synapse.\n`,
);

import { loadConfigOrExit } from "./load-config.js";

/** `npm run validate-config`: checks the config file (PLENUM_CONFIG) without starting anything. */
const { path, warnings } = loadConfigOrExit();
process.stdout.write(`${path} is valid${warnings.length ? ` (${warnings.length} warning(s) above)` : ""}.\n`);

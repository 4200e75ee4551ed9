import { allRoles, startPlenum, type Role } from "./start.js";
import { loadConfigOrExit } from "./load-config.js";
import { DatabaseNewerThanCodeError, OlderInstancesRunningError } from "../core/storage/database.js";

/** `npm start`: every role in one process, or those named by --roles appservice,http,scheduler. */
function rolesFromArgs(argv: string[]): Role[] {
  const index = argv.indexOf("--roles");
  if (index === -1) return [...allRoles];
  const names = (argv[index + 1] ?? "").split(",").filter(Boolean);
  const unknown = names.filter((name) => !allRoles.includes(name as Role));
  if (unknown.length > 0 || names.length === 0) {
    process.stderr.write(`--roles takes a comma-separated list of: ${allRoles.join(", ")}\n`);
    process.exit(2);
  }
  return names as Role[];
}

const { config, secrets } = loadConfigOrExit();
const plenum = await startPlenum(config, { secrets, roles: rolesFromArgs(process.argv.slice(2)) }).catch(
  (error: unknown) => {
    // Refusals that say what to do: the message is for the operator, a stack trace would bury it.
    if (error instanceof DatabaseNewerThanCodeError || error instanceof OlderInstancesRunningError) {
      process.stderr.write(`Plenum did not start: ${error.message}\n`);
      process.exit(3);
    }
    throw error;
  },
);
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    plenum.logger.info({ signal }, "shutting down");
    plenum.stop().then(
      () => process.exit(0),
      (error) => {
        plenum.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}

// Hooks for the last moment of a process, for the scripts and test harnesses that start servers as
// processes of their own (Synapse, Plenum) and must not leave them running however they end. Plain
// JavaScript, like synapse-process.mjs, so that Jest's global setup and the dev scripts load it natively.
import { runInThisContext } from "node:vm";

/**
 * The process itself, also from inside a Jest test file: Jest gives each test file a copy of
 * `process` whose events never fire (jest-environment-node), so an exit hook on that copy never ran.
 * @type {NodeJS.Process}
 */
const realProcess = runInThisContext("process");

/**
 * Runs `hook` (synchronous work only) when this process exits: at its natural end, after an uncaught
 * error, at process.exit, and at Ctrl-C, SIGTERM or SIGHUP, which end a process without its exit
 * event unless they are turned into an exit. Only a signal nothing else handles is: the dev script
 * handles them itself and stops what it started on its own.
 * @param {() => void} hook
 * @returns {() => void} takes the hook back (what it would stop has stopped already)
 */
export function atExit(hook) {
  realProcess.on("exit", hook);
  for (const [signal, code] of /** @type {const} */ ([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ])) {
    if (realProcess.listenerCount(signal) === 0) realProcess.once(signal, () => realProcess.exit(code));
  }
  return () => void realProcess.off("exit", hook);
}

// matrix-js-sdk logs every sync step, and warns about push rules and call sessions, through the
// console. Plenum's own logs are captured by TestEnv; PLENUM_TEST_VERBOSE=1 shows everything.
if (!process.env.PLENUM_TEST_VERBOSE) {
  for (const method of ["log", "info", "debug", "trace", "warn", "error"] as const)
    console[method] = () => undefined;
}

import { loadConfigOrExit } from "./load-config.js";

/**
 * `node dist/app/healthcheck.js`: asks this installation's own readiness endpoint and exits 0 when
 * it is ready, 1 otherwise, printing the answer: the container image's HEALTHCHECK. It reads the
 * same config as Plenum (PLENUM_CONFIG and PLENUM_* variables) to find the public HTTP port.
 */
const { config } = loadConfigOrExit();
const wildcard = ["0.0.0.0", "::", "[::]"].includes(config.http.bind);
const host = wildcard
  ? "127.0.0.1"
  : config.http.bind.includes(":")
    ? `[${config.http.bind}]`
    : config.http.bind;
try {
  const response = await fetch(`http://${host}:${config.http.port}/readyz`, {
    signal: AbortSignal.timeout(10_000),
  });
  process.stdout.write(`${await response.text()}\n`);
  process.exitCode = response.status === 200 ? 0 : 1;
} catch (error) {
  process.stdout.write(`readiness could not be asked: ${(error as Error).message}\n`);
  process.exitCode = 1;
}

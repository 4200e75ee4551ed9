// Jest global setup of the storage and e2e projects (the e2e one calls it from global-setup.ts).
// Plain JavaScript, like scripts/postgres-cluster.mjs, because Jest loads global setups natively.
import { PostgresCluster } from "../../scripts/postgres-cluster.mjs";

/** @type {PostgresCluster | undefined} */
let cluster;

/**
 * Gives the run a PostgreSQL server for the storage suite and the PostgreSQL drills: the one
 * PLENUM_TEST_POSTGRES_URL names, else a throwaway server of the run's own when PostgreSQL's server
 * programs are installed (npm test installs them as root), else none, and the suite runs on SQLite only.
 * @returns {Promise<void>}
 */
export default async function providePostgres() {
  if (process.env.PLENUM_TEST_POSTGRES_URL) return;
  if (!PostgresCluster.available()) {
    process.stderr.write(
      "PostgreSQL's server programs are not installed: the storage suite runs on SQLite only " +
        "(install the postgresql package, or set PLENUM_TEST_POSTGRES_URL).\n",
    );
    return;
  }
  cluster = await PostgresCluster.create();
  // Workers start after the global setups, so they inherit it.
  process.env.PLENUM_TEST_POSTGRES_URL = cluster.url;
}

/**
 * Stops and deletes the throwaway server, if this run started one.
 * @returns {Promise<void>}
 */
export async function removePostgres() {
  if (!cluster) return;
  const started = cluster;
  cluster = undefined;
  delete process.env.PLENUM_TEST_POSTGRES_URL;
  await started.remove();
}

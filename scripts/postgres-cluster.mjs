// A throwaway PostgreSQL server. Plain JavaScript on purpose, like synapse-process.mjs: Jest's global
// setup loads it natively (without the TypeScript transform) to give the test run a server of its own.
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./synapse-process.mjs";

const run = promisify(execFile);

/** Debian installs each PostgreSQL major version's server binaries under /usr/lib/postgresql/<version>/bin. */
const INSTALL_ROOT = "/usr/lib/postgresql";

/**
 * The newest installed server's binaries, so no test names a version.
 * @returns {string}
 */
function binDir() {
  const versions = existsSync(INSTALL_ROOT)
    ? readdirSync(INSTALL_ROOT).filter((v) => existsSync(join(INSTALL_ROOT, v, "bin", "pg_ctl")))
    : [];
  const newest = versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))[0];
  if (!newest) throw new Error(`no PostgreSQL server under ${INSTALL_ROOT}; install the postgresql package`);
  return join(INSTALL_ROOT, newest, "bin");
}

/**
 * A throwaway PostgreSQL server of its own (initdb into a temporary directory, on a free port), so a
 * drill can stop and start a real database server without touching the shared one, and the bench
 * runs on PostgreSQL on a machine where none is set up. PostgreSQL
 * refuses to run as root; as root, the server runs as the `postgres` system user the package creates.
 */
export class PostgresCluster {
  /**
   * Use PostgresCluster.create().
   * @private
   * @param {string} dir
   * @param {number} port
   * @param {boolean} asPostgres
   * @param {boolean} durable
   */
  constructor(dir, port, asPostgres, durable) {
    /** @private @readonly */
    this.dir = dir;
    /** @private @readonly */
    this.port = port;
    /** @private @readonly */
    this.asPostgres = asPostgres;
    /** @private @readonly */
    this.durable = durable;
  }

  /**
   * The superuser `plenum` (trust authentication, local only) on the cluster's `postgres` database.
   * @returns {string}
   */
  get url() {
    return `postgres://plenum@127.0.0.1:${this.port}/postgres`;
  }

  /**
   * Whether PostgreSQL's server programs are installed.
   * @returns {boolean}
   */
  static available() {
    try {
      binDir();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * `durable: false` (drills, tests) turns fsync off, which a test's throwaway data does not need; the
   * bench keeps PostgreSQL's defaults, so its figures are those of a real installation.
   * @param {{ durable?: boolean }} [options]
   * @returns {Promise<PostgresCluster>}
   */
  static async create(options = {}) {
    const dir = mkdtempSync(join(tmpdir(), "plenum-pg-"));
    const asPostgres = process.getuid?.() === 0;
    const cluster = new PostgresCluster(dir, await freePort(), asPostgres, options.durable ?? false);
    try {
      if (asPostgres) {
        /** @param {string} flag */
        const id = async (flag) => Number((await run("id", [flag, "postgres"])).stdout.trim());
        chownSync(dir, await id("-u"), await id("-g"));
      }
      await cluster.pg("initdb", ["-D", cluster.dataDir, "-U", "plenum", "--auth=trust", "-E", "UTF8"]);
      await cluster.start();
    } catch (error) {
      await cluster.remove();
      throw error;
    }
    return cluster;
  }

  /**
   * @private
   * @returns {string}
   */
  get dataDir() {
    return join(this.dir, "data");
  }

  /**
   * Runs one of the server's programs, as `postgres` when this process is root.
   * @private
   * @param {string} program
   * @param {string[]} args
   * @returns {Promise<void>}
   */
  async pg(program, args) {
    const command = join(binDir(), program);
    const [file, argv] = this.asPostgres
      ? ["runuser", ["-u", "postgres", "--", command, ...args]]
      : [command, args];
    // From the cluster's own directory: the postgres user may not enter the test's working directory.
    await run(file, argv, { cwd: this.dir });
  }

  /**
   * Starts the server and waits until it accepts connections.
   * @returns {Promise<void>}
   */
  async start() {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1${this.durable ? "" : " -c fsync=off"}`;
    await this.pg("pg_ctl", [
      "start",
      "-w",
      "-D",
      this.dataDir,
      "-l",
      join(this.dir, "server.log"),
      "-o",
      options,
    ]);
  }

  /**
   * Stops the server the way an operator's restart does: sessions are terminated, nothing waits for clients.
   * @returns {Promise<void>}
   */
  async stop() {
    await this.pg("pg_ctl", ["stop", "-w", "-m", "fast", "-D", this.dataDir]);
  }

  /**
   * Stops the server if it runs and deletes everything the cluster wrote.
   * @returns {Promise<void>}
   */
  async remove() {
    if (existsSync(join(this.dataDir, "postmaster.pid")))
      await this.pg("pg_ctl", ["stop", "-w", "-m", "immediate", "-D", this.dataDir]).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPlenum, type Plenum } from "../../app/start.js";
import { buildConfig } from "../../core/config/load.js";
import type { Config } from "../../core/config/schema.js";
import { validRawConfig } from "./config.js";
import { freePort } from "./global-setup.js";

/**
 * Plenum's public HTTP role alone, on a fresh SQLite database, with its log captured. It contacts no
 * homeserver while starting, so HTTP behaviour that needs no Matrix (headers, limits, timeouts,
 * logs, refusals) is tested without Synapse.
 */
export class HttpRole {
  readonly logLines: string[] = [];
  plenum!: Plenum;

  private constructor(
    readonly config: Config,
    private readonly secrets: string[],
    /** A fresh directory of the test's own, removed on stop (the database lives in it). */
    readonly dir: string,
  ) {}

  /** `sections` are merged over a valid config, section by section. */
  static async start(sections: Record<string, Record<string, unknown>> = {}): Promise<HttpRole> {
    const dir = mkdtempSync(join(tmpdir(), "plenum-http-"));
    const raw = validRawConfig();
    raw.http = { ...raw.http, port: await freePort() };
    raw.database = { url: `sqlite://${join(dir, "plenum.sqlite")}` };
    for (const [section, values] of Object.entries(sections)) raw[section] = { ...raw[section], ...values };
    const { config, secrets } = buildConfig(raw);
    const role = new HttpRole(config, secrets, dir);
    role.plenum = await startPlenum(config, {
      roles: ["http"],
      secrets,
      logDestination: { write: (line) => void role.logLines.push(line) },
    });
    return role;
  }

  get url(): string {
    return `http://127.0.0.1:${this.plenum.http!.port}`;
  }

  /** The log lines as parsed JSON objects. */
  get logs(): Record<string, unknown>[] {
    return this.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  async stop(): Promise<void> {
    await this.plenum.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { stringify } from "yaml";
import { atExit } from "../../scripts/at-exit.mjs";

const bundleDir = join(process.cwd(), ".e2e", "plenum-process");

export interface BundleVariant {
  name: string;
  plugins?: Plugin[];
  /** The entry point, from the repository's root; app/main.ts (Plenum itself) by default. */
  entry?: string;
}

/**
 * app/main.ts as one JavaScript file (packages stay external and load from node_modules), so a
 * drill can run Plenum as a real separate process and kill it. A drill that needs another build of
 * Plenum (an upgrade) names it and passes the esbuild plugins that make the difference; one that
 * runs another command (a backup) names its entry point.
 */
export async function bundledMain(variant: BundleVariant = { name: "main" }): Promise<string> {
  mkdirSync(bundleDir, { recursive: true });
  const outfile = join(bundleDir, `${variant.name}-${process.pid}.mjs`);
  await build({
    plugins: variant.plugins ?? [],
    entryPoints: [join(process.cwd(), variant.entry ?? "app/main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile,
    logLevel: "error",
  });
  return outfile;
}

/** Plenum as a child process on the given raw config; `ready` resolves when its appservice listens. */
export class PlenumProcess {
  readonly logLines: string[] = [];
  private constructor(
    readonly child: ChildProcess,
    readonly ready: Promise<void>,
  ) {}

  static async start(
    raw: Record<string, Record<string, unknown>>,
    dataDir: string,
    roles = "appservice",
    /** A bundle from bundledMain; the current code by default. */
    main?: string,
  ): Promise<PlenumProcess> {
    const configFile = join(dataDir, "plenum-process.yaml");
    writeFileSync(configFile, stringify(raw));
    const child = spawn(process.execPath, [main ?? (await bundledMain()), "--roles", roles], {
      env: { ...process.env, PLENUM_CONFIG: configFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // A test that fails or is interrupted before it stops the process must not leave it running.
    child.once(
      "exit",
      atExit(() => child.kill("SIGKILL")),
    );
    let buffer = "";
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) {
          process_.logLines.push(line);
          if (line.includes('"Plenum started"')) resolve();
        }
      });
      child.stderr!.on("data", (chunk: Buffer) => process_.logLines.push(chunk.toString()));
      child.on("exit", (code, signal) =>
        reject(
          new Error(`Plenum exited (${code ?? signal}) before it started:\n${process_.logLines.join("\n")}`),
        ),
      );
    });
    const process_ = new PlenumProcess(child, ready);
    await ready;
    return process_;
  }

  /** SIGKILL: no shutdown, nothing in hand is finished. */
  kill(): Promise<void> {
    return this.signal("SIGKILL");
  }

  /** SIGTERM: Plenum finishes the events in hand and exits. */
  stop(): Promise<void> {
    return this.signal("SIGTERM");
  }

  private signal(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill(signal);
    return exited;
  }
}

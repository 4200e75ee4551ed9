import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { freePort } from "../support/global-setup.js";
import { TestEnv } from "../support/testenv.js";

const run = promisify(execFile);
const TAG = "localhost/plenum:e2e-test";
const buildah = (...args: string[]) =>
  run("buildah", ["--storage-driver", "vfs", ...args], { maxBuffer: 1 << 24 });

interface ImageConfig {
  User: string;
  Env: string[];
  Entrypoint: string[];
  WorkingDir: string;
  Volumes: Record<string, unknown>;
  StopSignal: string;
  Healthcheck: { Test: string[] };
}

/**
 * The container image (`npm run image`, scripts/image.sh) as a container runtime would run it.
 * Containers cannot be started on these machines (podman stops at setting up cgroups), so the
 * image's own file system (a buildah working container of it, mounted) runs under chroot, as the
 * image's user, with the image's environment, working directory and entry point, /proc and /dev
 * mounted and the configuration file placed where a volume would put it; only the isolation a
 * runtime adds is missing. It talks to the test Synapse as the bot of this worker's appservice slot.
 */
describe("the container image, its file system run under chroot as its user", () => {
  let env: TestEnv;
  let root: string;
  let container: string;
  let config: ImageConfig;
  let uid: number;
  let httpPort: number;
  let plenum: ChildProcess | undefined;
  const output: string[] = [];
  const mounted: string[] = [];

  /** A command in the image's file system, as the image's user, with the image's environment. */
  function inImage(command: string[]): [string, string[]] {
    return [
      "chroot",
      [
        `--userspec=${uid}:${uid}`,
        root,
        "/usr/bin/env",
        "-i",
        "-C",
        config.WorkingDir,
        ...config.Env,
        ...command,
      ],
    ];
  }

  beforeAll(async () => {
    await run("bash", ["scripts/image.sh", "build", "--tag", TAG], { maxBuffer: 1 << 24 });
    container = (await buildah("from", "--quiet", TAG)).stdout.trim();
    root = (await buildah("mount", container)).stdout.trim();
    const inspected = JSON.parse((await buildah("inspect", "--type", "image", TAG)).stdout) as {
      Docker: { config: ImageConfig };
    };
    config = inspected.Docker.config;
    const [userName] = config.User.split(":");
    const passwd = readFileSync(join(root, "etc", "passwd"), "utf8").split("\n");
    uid = Number(passwd.find((line) => line.startsWith(`${userName}:`))?.split(":")[2]);

    env = await TestEnv.start();
    await env.stopPlenum();
    httpPort = await freePort();
    // The mounted configuration file: what the operator writes; the image's PLENUM_* variables
    // (database in /data, listeners on all addresses) complete it.
    const { database: _database, ...raw } = env.rawConfig;
    writeFileSync(
      join(root, "etc", "plenum", "config.yaml"),
      stringify({ ...raw, http: { ...raw.http, port: httpPort }, logging: { level: "info" } }),
    );
    for (const [target, args] of [
      ["proc", ["-t", "proc", "proc"]],
      ["dev", ["--bind", "/dev"]],
    ] as const) {
      mkdirSync(join(root, target), { recursive: true });
      await run("mount", [...args, join(root, target)]);
      mounted.push(join(root, target));
    }
    const [command, args] = inImage(config.Entrypoint);
    plenum = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    plenum.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    plenum.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    await env.eventually(
      async () => output.join("").includes('"Plenum started"') || plenum!.exitCode !== null,
      "the image's Plenum to start",
      60_000,
    );
    if (plenum.exitCode !== null) throw new Error(`the image's Plenum exited:\n${output.join("")}`);
  }, 900_000);

  afterAll(async () => {
    plenum?.kill("SIGKILL");
    for (const target of mounted.reverse()) await run("umount", ["-l", target]).catch(() => undefined);
    if (container) await buildah("rm", container).catch(() => undefined);
    await buildah("rmi", TAG).catch(() => undefined);
    await env?.stop();
  });

  test("the image runs Plenum as a user of its own, not root", () => {
    expect(uid).toBeGreaterThan(0);
    const status = readFileSync(`/proc/${plenum!.pid}/status`, "utf8");
    expect(status).toMatch(new RegExp(`^Uid:\\s+${uid}\\s`, "m"));
  });

  test("the bot answers !meet help", async () => {
    const user = await env.createUser("operator");
    const roomId = await env.roomWithBot(user, "Image");
    expect(await env.ask(user, roomId, "!meet help")).toContain("!meet schedule");
  });

  test("its state is in the /data volume, owned by the image's user", () => {
    expect(Object.keys(config.Volumes)).toEqual(["/data"]);
    expect(statSync(join(root, "data", "plenum.sqlite")).uid).toBe(uid);
  });

  test("its HEALTHCHECK asks the readiness endpoint and finds the instance ready", async () => {
    const [kind, ...probe] = config.Healthcheck.Test;
    expect(kind).toBe("CMD");
    const [command, args] = inImage(probe);
    const { stdout } = await run(command, args);
    expect(JSON.parse(stdout)).toMatchObject({
      status: "ready",
      checks: { database: "ok", migrations: "ok", homeserver: "ok" },
    });
  });

  test("SIGTERM, its stop signal, stops Plenum cleanly", async () => {
    expect(config.StopSignal).toBe("SIGTERM");
    const exited = new Promise<number | null>((resolve) => plenum!.once("exit", (code) => resolve(code)));
    plenum!.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output.join("")).toContain('"stopped"');
  });
});

import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const script = resolve(fileURLToPath(new URL("../../scripts/test-prerequisites.sh", import.meta.url)));

/**
 * scripts/test-prerequisites.sh as someone other than root (the suite itself runs as root, so as
 * `nobody`), from a copy in a folder anyone may read, on a PATH whose dpkg-query reports every
 * package installed but `absent`, and whose apt-get, sudo and debootstrap only note that they ran.
 */
function runAsOtherUser(absent: string) {
  const folder = mkdtempSync(join(tmpdir(), "plenum-prerequisites-"));
  const bin = join(folder, "bin");
  mkdirSync(join(folder, "scripts"));
  mkdirSync(bin);
  copyFileSync(script, join(folder, "scripts", "test-prerequisites.sh"));
  const tool = (name: string, body: string) =>
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  tool("dpkg-query", `for last; do :; done\n[ "$last" = "${absent}" ] && exit 1\nprintf installed`);
  const noted = ["apt-get", "sudo", "debootstrap"];
  for (const name of noted) tool(name, `touch "${folder}/ran-${name}"`);
  chmodSync(folder, 0o777);
  const asOther = process.getuid?.() === 0 ? ["runuser", "-u", "nobody", "--"] : [];
  const env = [`PATH=${bin}:/usr/bin:/bin`, `HOME=${folder}`, "PLENUM_TEST_POSTGRES_URL=postgres://a-server"];
  const [command, ...args] = [...asOther, "env", ...env, "bash", "scripts/test-prerequisites.sh"];
  const run = spawnSync(command!, args, { cwd: folder, encoding: "utf8" });
  const ran = noted.filter((name) => existsSync(join(folder, `ran-${name}`)));
  rmSync(folder, { recursive: true, force: true });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, ran };
}

describe("npm test's prerequisites, not run as root", () => {
  test("install nothing and stop with one message naming the command to run, sudo npm test", () => {
    const { status, stdout, stderr, ran } = runAsOtherUser("none-of-them");
    expect({ status, stdout, ran }).toEqual({ status: 1, stdout: "", ran: [] });
    expect(stderr).toBe(
      "npm test: the end-to-end tests start Synapse in a chroot, which needs root.\nRun it as root: sudo npm test\n",
    );
  });

  test("name a missing package in that one message, and still install nothing", () => {
    const { status, stderr, ran } = runAsOtherUser("ffmpeg");
    expect({ status, ran }).toEqual({ status: 1, ran: [] });
    expect(stderr.split("\n")).toEqual([
      "npm test: the end-to-end tests start Synapse in a chroot, which needs root, and these Debian packages are missing (npm test installs them as root):",
      "  ffmpeg             the recording tests make an MP4 and read it back with ffprobe",
      "Run it as root: sudo npm test",
      "",
    ]);
  });
});

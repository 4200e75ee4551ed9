import { jest } from "@jest/globals";
import { execFile } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { step } from "../../scripts/progress.mjs";

/** Issue #23: the developer scripts say what they do as each step starts, and how long it took. */
describe("progress lines", () => {
  let written: string[];
  const out = { write: (text: string) => void written.push(text) };

  beforeEach(() => {
    written = [];
    // Fakes performance.now() too: the step's duration is the time advanced below.
    jest.useFakeTimers();
  });

  afterEach(() => jest.useRealTimers());

  test("a step that succeeds says when it starts, then that it is done and how long it took", async () => {
    const result = await step(
      "starting Synapse",
      async () => {
        jest.advanceTimersByTime(2_345);
        return "up";
      },
      out,
    );
    expect(result).toBe("up");
    expect(written).toEqual(["→ starting Synapse…\n", "✓ starting Synapse (2.3 s)\n"]);
  });

  test("a step that fails says how long it ran, and its error reaches the caller", async () => {
    const failing = step(
      "starting Plenum",
      async () => {
        jest.advanceTimersByTime(61_070);
        throw new Error("EADDRINUSE");
      },
      out,
    );
    await expect(failing).rejects.toThrow("EADDRINUSE");
    expect(written).toEqual(["→ starting Plenum…\n", "✗ starting Plenum failed after 61.1 s\n"]);
  });
});

/**
 * `npm run dev`'s launcher (scripts/dev-launch.mjs), copied beside a stand-in for the built dev
 * script and run with a stand-in `npm` first on its PATH that records how it was called.
 */
describe("npm run dev's launcher", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "plenum-launch-"));
    mkdirSync(join(dir, "scripts"));
    mkdirSync(join(dir, "dist", "scripts"), { recursive: true });
    mkdirSync(join(dir, "bin"));
    for (const file of ["dev-launch.mjs", "progress.mjs"])
      copyFileSync(join(process.cwd(), "scripts", file), join(dir, "scripts", file));
    writeFileSync(join(dir, "dist", "scripts", "dev.js"), 'console.log("the dev script runs");\n');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function launch(buildExitCode: number): Promise<{ code: number; output: string }> {
    const npm = join(dir, "bin", "npm");
    writeFileSync(npm, `#!/bin/sh\necho "$@" > "${join(dir, "npm-args")}"\nexit ${buildExitCode}\n`);
    chmodSync(npm, 0o755);
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [join(dir, "scripts", "dev-launch.mjs")],
        { env: { ...process.env, PATH: `${join(dir, "bin")}:${process.env.PATH}` } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, output: stdout + stderr }),
      );
    });
  }

  test("says that it builds Plenum, builds it, then says how long that took and runs the dev script", async () => {
    const { code, output } = await launch(0);
    expect(code).toBe(0);
    expect(readFileSync(join(dir, "npm-args"), "utf8").trim()).toBe("run build --silent");
    expect(output).toMatch(
      /^→ building Plenum \(TypeScript and widgets\)…\n✓ building Plenum \(TypeScript and widgets\) \(\d+\.\d s\)\nthe dev script runs\n$/,
    );
  });

  test("says when the build failed, and stops before the dev script", async () => {
    const { code, output } = await launch(2);
    expect(code).toBe(1);
    expect(output).toMatch(
      /^→ building Plenum \(TypeScript and widgets\)…\n✗ building Plenum \(TypeScript and widgets\) failed after \d+\.\d s\n$/,
    );
  });
});

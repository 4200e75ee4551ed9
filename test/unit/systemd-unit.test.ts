import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);
const UNIT = "contrib/systemd/plenum.service";

/** The [Service] section's settings, each key with every value it is given. */
function serviceSettings(): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  let section = "";
  for (const line of readFileSync(UNIT, "utf8").split("\n")) {
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) section = header[1]!;
    const setting = /^(\w+)=(.*)$/.exec(line);
    if (section === "Service" && setting) {
      settings.set(setting[1]!, [...(settings.get(setting[1]!) ?? []), setting[2]!]);
    }
  }
  return settings;
}

describe("the systemd unit (contrib/systemd/plenum.service)", () => {
  test("systemd-analyze verify accepts it without a single complaint", async () => {
    const { stdout, stderr } = await run("systemd-analyze", ["verify", UNIT]);
    expect(`${stdout}${stderr}`).toBe("");
  });

  test("it runs Plenum as its own user, without new privileges, on a read-only system with a private /tmp and a state directory", () => {
    const settings = serviceSettings();
    expect(settings.get("User")).toEqual(["plenum"]);
    expect(settings.get("NoNewPrivileges")).toEqual(["yes"]);
    expect(settings.get("ProtectSystem")).toEqual(["strict"]);
    expect(settings.get("PrivateTmp")).toEqual(["yes"]);
    expect(settings.get("StateDirectory")).toEqual(["plenum"]);
    expect(settings.get("Environment")).toContain(
      "PLENUM_DATABASE_URL=sqlite:///var/lib/plenum/plenum.sqlite",
    );
  });
});

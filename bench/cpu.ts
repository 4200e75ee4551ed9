import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after "pid (comm) ": comm may hold spaces; utime and stime are the 14th and 15th fields.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/**
 * Runs `work` and says how much CPU Plenum (this process) and the homeserver spent on it, in ms;
 * Plenum's also as the part spent in the kernel (loopback sockets: its HTTP and database traffic).
 */
export async function cpuOf<T>(
  homeserverPid: number,
  work: () => Promise<T>,
): Promise<{ result: T; plenumMs: number; plenumSystemMs: number; homeserverMs: number }> {
  const plenum = process.cpuUsage();
  const homeserver = processCpuMs(homeserverPid);
  const result = await work();
  const used = process.cpuUsage(plenum);
  return {
    result,
    plenumMs: (used.user + used.system) / 1000,
    plenumSystemMs: used.system / 1000,
    homeserverMs: processCpuMs(homeserverPid) - homeserver,
  };
}

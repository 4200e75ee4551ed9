import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** Names this process among the instances sharing a database, readable in logs and lease rows. */
export function instanceName(): string {
  return `${hostname()}/${process.pid}/${randomBytes(3).toString("hex")}`;
}

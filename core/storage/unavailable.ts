/** Node socket errors of a database that is down, restarting or unreachable. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "EAI_AGAIN",
]);
/** PostgreSQL: shutting down or starting up (57P01–57P03); SQLite: another writer holds the lock. */
const SERVER_CODES = new Set(["57P01", "57P02", "57P03", "SQLITE_BUSY"]);

/**
 * Whether an error says the database cannot be used right now, as opposed to a faulty query:
 * callers answer "try again later" (HTTP 503) instead of reporting a bug, and nothing needs a
 * restart, because the connection pool opens fresh connections once the database is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Duck-typed: socket errors may come from another realm (a test VM), where instanceof Error fails.
  if (typeof error !== "object" || error === null) return false;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  const text = String(code ?? "");
  if (SOCKET_CODES.has(text) || SERVER_CODES.has(text) || text.startsWith("08")) return true;
  // The pool gave up waiting for a connection, or the server closed one mid-query.
  if (name === "KnexTimeoutError") return true;
  return /Connection terminated|terminating connection|Client has encountered a connection error/i.test(
    String(message ?? ""),
  );
}

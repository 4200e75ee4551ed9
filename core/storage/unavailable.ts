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
  if (!(error instanceof Error)) return false;
  const code = String((error as { code?: unknown }).code ?? "");
  if (SOCKET_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith("08")) return true;
  // The pool gave up waiting for a connection, or the server closed one mid-query.
  if (error.name === "KnexTimeoutError") return true;
  return /Connection terminated|terminating connection|Client has encountered a connection error/i.test(
    error.message,
  );
}

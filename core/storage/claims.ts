import type { Knex } from "knex";
import type { Database } from "./database.js";

export interface ClaimRequest {
  table: string;
  key: string;
  /** The rows free to take now, ordered and limited. */
  find(db: Knex): Knex.QueryBuilder;
  until: number;
  /** Jobs count every claim as an attempt. */
  countAttempt?: boolean;
  /**
   * The numeric columns `find` orders by, ties last. Given them, PostgreSQL claims in a single
   * statement (the rows are put back in that order), sparing the transaction's round trips.
   */
  orderedBy?: string[];
}

/**
 * Reserves what `find` selects until `until`, in one transaction or statement. On PostgreSQL the rows are
 * locked FOR UPDATE SKIP LOCKED, so instances claiming at once take different rows instead of
 * waiting for each other; SQLite has one writer (one process), which needs no row locks.
 */
export async function claimRows(db: Database, request: ClaimRequest): Promise<Record<string, unknown>[]> {
  const postgres = db.client.config.client === "pg";
  if (postgres && request.orderedBy) return claimInOneStatement(db, request, request.orderedBy);
  return db.transaction(async (trx) => {
    const query = request.find(trx);
    const rows: Record<string, unknown>[] = await (postgres ? query.forUpdate().skipLocked() : query);
    if (rows.length === 0) return [];
    const update = trx(request.table)
      .whereIn(
        request.key,
        rows.map((row) => row[request.key] as number),
      )
      .update({ claimed_until: request.until });
    await (request.countAttempt ? update.increment("attempts", 1) : update);
    return rows;
  });
}

/**
 * The same claim as one statement: the rows found are locked (SKIP LOCKED) and reserved together.
 * Like the transaction, it returns the rows as they were found (attempts before this claim).
 */
async function claimInOneStatement(
  db: Database,
  request: ClaimRequest,
  orderedBy: string[],
): Promise<Record<string, unknown>[]> {
  const found = request.find(db).forUpdate().skipLocked().toSQL();
  const attempt = request.countAttempt ? ", attempts = claimed.attempts + 1" : "";
  const result = await db.raw(
    // MATERIALIZED: the locking, limited select runs once, as written, never merged into the update.
    `WITH found AS MATERIALIZED (${found.sql}) UPDATE ?? AS claimed SET claimed_until = ?${attempt} FROM found ` +
      "WHERE claimed.?? = found.?? RETURNING found.*",
    [...found.bindings, request.table, request.until, request.key, request.key],
  );
  const rows = (result as { rows: Record<string, unknown>[] }).rows;
  const order = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    orderedBy.map((column) => Number(a[column]) - Number(b[column])).find((difference) => difference !== 0) ??
    0;
  return rows.sort(order);
}

/**
 * SQLite serves one process by design, so at start-up every reservation still in the tables was left
 * by this installation's previous run (a crash): it is released, and that work resumes at once rather
 * than after the claim lease. On PostgreSQL other instances may be alive, so their claims must lapse.
 */
export async function releaseClaimsOfPreviousRun(db: Database): Promise<void> {
  if (db.client.config.client === "pg") return;
  for (const table of ["inbox", "jobs"])
    await db(table).whereNotNull("claimed_until").update({ claimed_until: null });
}

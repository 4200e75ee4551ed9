/**
 * Told about a stored row Plenum cannot read (hand-edited, or written by a buggy version). The row is
 * left out of what the repository returns, so one bad row cannot stop start-up or the scheduler.
 */
export type CorruptRowReporter = (row: {
  table: string;
  key: Record<string, unknown>;
  error: unknown;
}) => void;

export interface RepositoryOptions {
  onCorruptRow?: CorruptRowReporter;
}

/** Parses each row with `read`, leaving out (and reporting) the rows it throws on. */
export function readableRows<R extends Record<string, unknown>, T>(
  rows: R[],
  read: (row: R) => T,
  report: { table: string; key: (row: R) => Record<string, unknown>; onCorruptRow?: CorruptRowReporter },
): T[] {
  return rows.flatMap((row) => {
    try {
      return [read(row)];
    } catch (error) {
      report.onCorruptRow?.({ table: report.table, key: report.key(row), error });
      return [];
    }
  });
}

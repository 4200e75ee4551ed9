/** A failed homeserver request, translated once at the Matrix boundary. */
export class MatrixRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${errcode} (${status}): ${message}`);
    this.name = "MatrixRequestError";
  }
}

interface SdkMatrixError {
  statusCode?: number;
  errcode?: string;
  error?: string;
  retryAfterMs?: number;
  body?: { errcode?: string; error?: string; retry_after_ms?: number };
}

export function translateMatrixError(error: unknown): unknown {
  if (error instanceof MatrixRequestError || typeof error !== "object" || error === null) return error;
  const e = error as SdkMatrixError;
  const errcode = e.errcode ?? e.body?.errcode;
  if (!errcode || e.statusCode === undefined) return error;
  return new MatrixRequestError(
    e.statusCode,
    errcode,
    e.error ?? e.body?.error ?? "",
    e.retryAfterMs ?? e.body?.retry_after_ms,
  );
}

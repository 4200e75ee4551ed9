import { MatrixRequestError, translateMatrixError } from "./errors.js";

/** How long and how often an outbound send is tried again while the homeserver is away. */
export interface RetryPolicy {
  /** Give up (and throw the last error) once waiting again would pass this much time in total. */
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryEnvironment {
  sleep(ms: number): Promise<void>;
  /** In [0, 1); spreads the waits of many senders so they do not return all at once. */
  random(): number;
  now(): number;
  /** Told about every wait, so the gateway can log and health can count sends on hold. */
  onRetry?(info: { attempt: number; delayMs: number; error: unknown }): void;
}

// Errors of a request that never got an answer: the homeserver is down, restarting or unreachable.
const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/**
 * Whether a failed request is worth sending again, and after how long the homeserver asked us to
 * wait. Rate limits, gateway errors and lost connections are passing; 4xx answers are not.
 */
export function retryVerdict(error: unknown): { retry: boolean; afterMs?: number } {
  const translated = translateMatrixError(error);
  if (translated instanceof MatrixRequestError) {
    if (translated.status === 429) return { retry: true, afterMs: translated.retryAfterMs };
    return { retry: translated.status >= 500 };
  }
  if (typeof error !== "object" || error === null) return { retry: false };
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === "number") return { retry: statusCode === 429 || statusCode >= 500 };
  return { retry: typeof code === "string" && networkCodes.has(code) };
}

/**
 * Whether the homeserver may have carried out a request that failed: the answer was lost (the
 * connection broke or timed out after the request went out) or was a server error. A refused
 * connection, a rate limit and any other 4xx mean it was not.
 */
export function mayHaveTakenEffect(error: unknown): boolean {
  const translated = translateMatrixError(error);
  const status =
    translated instanceof MatrixRequestError
      ? translated.status
      : (translated as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === "number") return status >= 500;
  return retryVerdict(error).retry && (error as { code?: unknown }).code !== "ECONNREFUSED";
}

/**
 * Runs `request` until it succeeds, a failure is not worth retrying, or the policy's time is up.
 * Waits grow exponentially with full jitter; a 429's `retry_after_ms` is honoured as given. Only
 * requests that are idempotent (PUT with a transaction id, state events) may be wrapped: a retry
 * after an ambiguous failure then returns the first event instead of posting another.
 */
export async function withRetries<T>(
  request: () => Promise<T>,
  policy: RetryPolicy,
  env: RetryEnvironment,
): Promise<T> {
  const started = env.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const verdict = retryVerdict(error);
      if (!verdict.retry) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = verdict.afterMs ?? Math.round(env.random() * ceiling);
      if (env.now() - started + delayMs > policy.maxElapsedMs) throw error;
      env.onRetry?.({ attempt, delayMs, error });
      await env.sleep(delayMs);
    }
  }
}

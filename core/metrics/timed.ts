import type { Histogram } from "prom-client";

/**
 * `call` with each call's duration observed in `histogram`, labelled `outcome`: "ok", or what
 * `failure` names the error (a fixed, small set of values).
 */
export function timedCalls<A extends unknown[], R>(
  call: (...args: A) => Promise<R>,
  histogram: Histogram<"outcome">,
  failure: (error: unknown) => string,
): (...args: A) => Promise<R> {
  return async (...args) => {
    const end = histogram.startTimer();
    try {
      const result = await call(...args);
      end({ outcome: "ok" });
      return result;
    } catch (error) {
      end({ outcome: failure(error) });
      throw error;
    }
  };
}

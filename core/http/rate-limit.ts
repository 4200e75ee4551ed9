/**
 * A fixed-window counter per key: at most `limit` attempts in each window of `windowMs`, on the time
 * the caller passes. It lives in one process's memory; when `maxKeys` keys are tracked, the oldest
 * window is forgotten first so the map cannot grow unbounded.
 *
 * The invite policy counts invites per server with it, outside any HTTP request, on Plenum's injected
 * clock. The maintained limiters do not fit that: express-rate-limit's MemoryStore and
 * rate-limiter-flexible's RateLimiterMemory both read `Date.now()` themselves and expire windows with
 * their own timers, so a window would not follow the clock the rest of Plenum runs on (the
 * scheduler's; a ManualClock in tests that move time). HTTP routes use express-rate-limit: the guest
 * page its middleware, the call widget's hand changes (bridge/http/council-api.ts) its MemoryStore.
 */
export interface RateLimiterOptions {
  limit: number;
  windowMs: number;
  maxKeys?: number;
}

export interface RateLimiter {
  /** Counts an attempt; returns 0 when it is allowed, else the milliseconds until the key may try again. */
  hit(key: string, now: number): number;
}

export function fixedWindowLimiter({ limit, windowMs, maxKeys = 10_000 }: RateLimiterOptions): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key, now) {
      let window = windows.get(key);
      if (!window || now - window.start >= windowMs) {
        windows.delete(key);
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count++;
      return window.count <= limit ? 0 : window.start + windowMs - now;
    },
  };
}

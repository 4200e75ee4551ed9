import { fixedWindowLimiter } from "../../core/http/rate-limit.js";

describe("a fixed-window rate limiter", () => {
  test("allows up to the limit in a window and then says how long to wait", () => {
    const limiter = fixedWindowLimiter({ limit: 2, windowMs: 60_000 });
    expect(limiter.hit("a", 1_000)).toBe(0);
    expect(limiter.hit("a", 2_000)).toBe(0);
    expect(limiter.hit("a", 11_000)).toBe(50_000);
  });

  test("counts each key on its own", () => {
    const limiter = fixedWindowLimiter({ limit: 1, windowMs: 60_000 });
    expect(limiter.hit("a", 0)).toBe(0);
    expect(limiter.hit("b", 0)).toBe(0);
    expect(limiter.hit("a", 0)).toBeGreaterThan(0);
  });

  test("allows again once the window has passed", () => {
    const limiter = fixedWindowLimiter({ limit: 1, windowMs: 60_000 });
    limiter.hit("a", 0);
    expect(limiter.hit("a", 30_000)).toBe(30_000);
    expect(limiter.hit("a", 60_000)).toBe(0);
  });

  test("forgets the oldest key first when it tracks as many keys as it may", () => {
    const limiter = fixedWindowLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2 });
    limiter.hit("a", 0);
    limiter.hit("b", 0);
    limiter.hit("c", 0);
    expect(limiter.hit("a", 0)).toBe(0);
    expect(limiter.hit("c", 0)).toBeGreaterThan(0);
  });
});

import { createHash, timingSafeEqual } from "node:crypto";

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * Whether an `Authorization` header is exactly `Bearer <token>`. Compared in constant time over
 * digests, so neither the token's content nor its length leaks through timing.
 */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  return timingSafeEqual(digest(authorization ?? ""), digest(`Bearer ${token}`));
}

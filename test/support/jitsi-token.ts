import { jwtVerify } from "jose";
import type { JitsiTokenClaims } from "../../bridge/jitsi/token-claims.js";

/**
 * The claims of a Jitsi token, checked as Prosody's token authentication checks it: HS256 with the
 * shared secret (the algorithm fixed by the key, never by the token), the header's `"typ": "JWT"`,
 * and `nbf` and `exp` at `now`. Rejects, saying why, when the token does not verify.
 */
export async function verifiedClaims(
  token: string,
  secret: string,
  now = new Date(),
): Promise<JitsiTokenClaims> {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
    algorithms: ["HS256"],
    typ: "JWT",
    currentDate: now,
  });
  return payload as unknown as JitsiTokenClaims;
}

import type { ClientRequest, IncomingMessage } from "node:http";

/** Answers larger than this are no answer a homeserver gives Plenum's requests; reading stops there. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * A homeserver's answer read whole, up to 64 KiB (beyond, the request is destroyed with an error),
 * and parsed as JSON: undefined when it is empty or not JSON.
 */
export function readJsonAnswer(
  call: ClientRequest,
  response: IncomingMessage,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) call.destroy(new Error("answer too large"));
      else chunks.push(chunk);
    });
    response.on("error", reject);
    response.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      resolve({ status: response.statusCode ?? 0, body });
    });
  });
}

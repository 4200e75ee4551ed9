import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { readJsonAnswer } from "./json-answer.js";

// Kept-alive connections to the configured homeservers: a call token waits for one userinfo call,
// and a new connection (or fetch's streams and abort signals) per call cost more CPU than the call.
const agents = {
  "http:": new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  "https:": new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * GET on a homeserver the operator configured, answered as status and parsed JSON body (undefined
 * when it is not JSON). Redirects are not followed. Rejects when the server cannot be reached or does
 * not answer within `timeoutMs`.
 */
export function homeserverGet(url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const target = new URL(url);
  const protocol = target.protocol === "https:" ? "https:" : "http:";
  const request = protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(target, { method: "GET", agent: agents[protocol], timeout: timeoutMs });
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on("error", reject);
    outgoing.on("response", (response: IncomingMessage) =>
      readJsonAnswer(outgoing, response).then(resolve, reject),
    );
    outgoing.end();
  });
}

import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { homeserverGet } from "../core/matrix/homeserver-get.js";

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The least any Node service can do for a call token: take the POST, ask the homeserver's userinfo
 * once (over the same kept-alive client Plenum uses) and answer with the user it names. No framework,
 * no database, no signature. Its ratio to the userinfo call is the bound this machine sets on the
 * token figure; Plenum's ratio to it is what Plenum adds. A GET is answered at once: Node's HTTP
 * server alone, the floor under every figure here.
 */
export async function startRelay(
  homeserverUrl: string,
): Promise<{ url: string; bareUrl: string; stop(): Promise<void> }> {
  const server = createServer((request, response) => {
    if (request.method === "GET") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{}");
      return;
    }
    body(request)
      .then(async (text) => {
        const { openid_token: token } = JSON.parse(text) as { openid_token: string };
        const answer = await homeserverGet(
          `${homeserverUrl}/_matrix/federation/v1/openid/userinfo?access_token=${encodeURIComponent(token)}`,
          10_000,
        );
        const sub = (answer.body as { sub?: string } | undefined)?.sub;
        response.writeHead(answer.status === 200 && sub ? 200 : 401, { "content-type": "application/json" });
        response.end(JSON.stringify({ sub }));
      })
      .catch(() => {
        response.writeHead(500);
        response.end();
      });
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    bareUrl: `http://127.0.0.1:${port}/bare`,
    stop: () => new Promise((closed) => server.close(() => closed())),
  };
}

import {
  createServer,
  request as forward,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";

/**
 * A load balancer in front of several Plenum instances' appservice listeners, as the one URL the
 * homeserver's registration names: requests go round robin to the backends, and one that refuses
 * the connection (stopped, or not yet listening) is passed over for the next.
 */
export class LoadBalancer {
  private server: Server | undefined;
  private next = 0;
  /** How many requests each backend answered, by port. */
  readonly answered = new Map<number, number>();

  constructor(
    private readonly port: number,
    readonly backends: number[] = [],
  ) {}

  async start(): Promise<void> {
    const server = createServer((request, response) => void this.pass(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", resolve);
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async pass(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const start = this.next++;
    for (let i = 0; i < this.backends.length; i++) {
      const port = this.backends[(start + i) % this.backends.length]!;
      const answer = await this.send(port, request, body).catch(() => undefined);
      if (!answer) continue;
      this.answered.set(port, (this.answered.get(port) ?? 0) + 1);
      response.writeHead(answer.status, answer.headers).end(answer.body);
      return;
    }
    response.writeHead(502).end();
  }

  private send(
    port: number,
    request: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const upstream = forward(
        { host: "127.0.0.1", port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => parts.push(chunk));
          answer.on("end", () =>
            resolve({
              status: answer.statusCode ?? 502,
              headers: { "content-type": String(answer.headers["content-type"] ?? "application/json") },
              body: Buffer.concat(parts),
            }),
          );
          answer.on("error", reject);
        },
      );
      upstream.on("error", reject);
      upstream.end(body);
    });
  }
}

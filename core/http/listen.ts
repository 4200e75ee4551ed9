import { createServer, type Server } from "node:http";
import type { RequestListener } from "node:http";

export interface RunningServer {
  server: Server;
  port: number;
  /** Stops accepting connections and waits for requests in flight to finish. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Longest time to receive one whole request (Node's default is 5 minutes). */
  requestTimeoutMs?: number;
  /** Longest time to receive a request's headers (Node's default is a minute); at most requestTimeoutMs. */
  headersTimeoutMs?: number;
}

export function listen(
  handler: RequestListener,
  bind: string,
  port: number,
  options: ListenOptions = {},
): Promise<RunningServer> {
  const server = createServer(
    {
      ...(options.requestTimeoutMs !== undefined ? { requestTimeout: options.requestTimeoutMs } : {}),
      ...(options.headersTimeoutMs !== undefined ? { headersTimeout: options.headersTimeoutMs } : {}),
    },
    handler,
  );
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, bind, () => {
      server.off("error", reject);
      const address = server.address();
      resolve({
        server,
        port: typeof address === "object" && address ? address.port : port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}

import { createServer, type Server } from "node:http";
import type { RequestListener } from "node:http";

export interface RunningServer {
  server: Server;
  port: number;
  /** Stops accepting connections and waits for requests in flight to finish. */
  close(): Promise<void>;
}

export function listen(handler: RequestListener, bind: string, port: number): Promise<RunningServer> {
  const server = createServer(handler);
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

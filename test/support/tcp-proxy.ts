import { postgresDatabase, type TestDatabase } from "./databases.js";
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from "node:net";

/**
 * A TCP relay a test can cut: while cut, open connections are dropped and new ones are closed at
 * once, which is what a process sees when its database goes away; restored, connections work again.
 */
export class TcpProxy {
  private cut = false;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const proxy = new TcpProxy(server, (server.address() as AddressInfo).port);
    server.on("connection", (client) => proxy.relay(client, targetHost, targetPort));
    return proxy;
  }

  private relay(client: Socket, host: string, port: number): void {
    if (this.cut) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host, port });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  }

  /** `url` with its host and port pointing at this relay. */
  rewrite(url: string): string {
    const parsed = new URL(url);
    parsed.host = `127.0.0.1:${this.port}`;
    return parsed.toString();
  }

  disconnect(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  reconnect(): void {
    this.cut = false;
  }

  async stop(): Promise<void> {
    this.disconnect();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

/** A fresh PostgreSQL database and a relay in front of it, for drills that cut the database off. */
export async function relayedPostgres(): Promise<{
  database: TestDatabase;
  proxy: TcpProxy;
  relayedUrl: string;
}> {
  const database = await postgresDatabase(process.env.PLENUM_TEST_POSTGRES_URL!);
  const target = new URL(database.url);
  const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
  return { database, proxy, relayedUrl: proxy.rewrite(database.url) };
}

import {
  createServer,
  request as forward,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type RequestMatcher = (request: { method: string; path: string }) => boolean;

export interface Hold {
  /** Resolves when the first matching request has arrived (and, if held after forwarding, been answered). */
  arrived: Promise<void>;
  release(): void;
}

interface ActiveHold extends Hold {
  matches: RequestMatcher;
  afterForwarding: boolean;
  gate: Promise<void>;
  arrive(): void;
}

/**
 * An HTTP proxy between Plenum and the homeserver that drills can break: `cut()` makes the homeserver
 * unreachable (connections refused) until `restore()`; `hold()` stops chosen requests, before the
 * homeserver sees them or after it answered, until released. Test users talk to Synapse directly.
 */
export class HomeserverProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private holds: ActiveHold[] = [];
  private port = 0;

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((request, response) => void this.pass(request, response));
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", resolve);
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** The homeserver goes away: open connections drop, new ones are refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** The homeserver is back, on the same address. */
  restore(): Promise<void> {
    return this.start();
  }

  /** Matching requests wait (before reaching the homeserver, or with its answer held back) until released. */
  hold(matches: RequestMatcher, options: { afterForwarding?: boolean } = {}): Hold {
    let release!: () => void;
    let arrive!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const hold: ActiveHold = {
      matches,
      afterForwarding: options.afterForwarding ?? false,
      gate,
      arrived,
      arrive,
      release: () => {
        this.holds = this.holds.filter((h) => h !== hold);
        release();
      },
    };
    this.holds.push(hold);
    return hold;
  }

  async stop(): Promise<void> {
    for (const hold of this.holds) hold.release();
    await this.cut();
  }

  private async pass(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const seen = { method: request.method ?? "GET", path: request.url ?? "/" };
    const hold = this.holds.find((h) => h.matches(seen));
    if (hold && !hold.afterForwarding) {
      hold.arrive();
      await hold.gate;
    }
    // The client may have gone (killed, or given up) while its request was held.
    if (request.socket.destroyed) return;
    const upstream = forward(`${this.target}${seen.path}`, { method: seen.method, headers: request.headers });
    upstream.on("error", () => response.destroy());
    upstream.on("response", async (answer) => {
      if (hold?.afterForwarding) {
        hold.arrive();
        await hold.gate;
      }
      if (request.socket.destroyed) {
        answer.resume();
        return;
      }
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    request.pipe(upstream);
  }
}

/** Whether a request sends a message event into `roomId`. */
export function sendsMessageInto(roomId: string): RequestMatcher {
  const prefix = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/`;
  return ({ method, path }) => method === "PUT" && path.startsWith(prefix);
}

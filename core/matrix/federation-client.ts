import { promises as dns } from "node:dns";
import { request } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { InternalAddressError, isPublicAddress, publicOnlyLookup } from "../http/public-address.js";
import { readJsonAnswer } from "./json-answer.js";
import {
  discoverServer,
  type DiscoveryResolvers,
  type FederationTarget,
  type SrvTarget,
} from "./server-discovery.js";

export interface FederationResponse {
  status: number;
  body: unknown;
  /** `Location` of a redirect, which the caller decides whether to follow. */
  location?: string;
}

export interface FederationClientOptions {
  timeoutMs?: number;
  /** Replaces DNS for connections (tests); the default refuses internal addresses. */
  lookup?: LookupFunction;
  /** Replaces SRV lookups (tests). */
  resolveSrv?: (name: string) => Promise<SrvTarget[]>;
  /** Extra trusted certificate authorities (tests); the system's are used otherwise. */
  ca?: string | Buffer;
}

const WELL_KNOWN_REDIRECTS = 3;

export class FederationRefusal extends Error {
  constructor(readonly reason: "internal_address" | "invalid_server_name") {
    super(reason);
    this.name = "FederationRefusal";
  }
}

/**
 * Outbound HTTPS to other homeservers on behalf of their users. Trust boundaries: every connection goes
 * through a lookup that refuses internal addresses (checked at connect time, so DNS rebinding does not
 * help), IP literals are checked before connecting, TLS certificates must match the spec's name, bodies
 * are capped, and nothing follows a redirect except the credential-free `.well-known` lookup.
 */
export function federationClient(options: FederationClientOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const lookup = options.lookup ?? publicOnlyLookup;

  function get(target: FederationTarget, path: string): Promise<FederationResponse> {
    if (isIP(target.host) !== 0 && !isPublicAddress(target.host))
      return Promise.reject(new FederationRefusal("internal_address"));
    return new Promise((resolve, reject) => {
      const call = request(
        {
          host: target.host,
          port: target.port,
          path,
          method: "GET",
          headers: { host: target.hostHeader, accept: "application/json" },
          ...(isIP(target.certificateName) === 0 ? { servername: target.certificateName } : {}),
          lookup,
          ...(options.ca ? { ca: options.ca } : {}),
          timeout: timeoutMs,
          agent: false,
        },
        (response) => {
          readJsonAnswer(call, response).then(
            (answer) =>
              resolve({
                ...answer,
                ...(response.headers.location ? { location: response.headers.location } : {}),
              }),
            reject,
          );
        },
      );
      call.on("timeout", () => call.destroy(new Error("timed out")));
      call.on("error", (error) =>
        reject(error instanceof InternalAddressError ? new FederationRefusal("internal_address") : error),
      );
      call.end();
    });
  }

  async function wellKnown(hostname: string): Promise<string | undefined> {
    let url = new URL(`https://${hostname}/.well-known/matrix/server`);
    for (let hop = 0; hop <= WELL_KNOWN_REDIRECTS; hop++) {
      const host = url.hostname.replace(/^\[|\]$/g, "");
      const response = await get(
        { host, port: Number(url.port || 443), hostHeader: url.host, certificateName: host },
        url.pathname + url.search,
      );
      if (response.status >= 300 && response.status < 400 && response.location) {
        url = new URL(response.location, url);
        if (url.protocol !== "https:") return undefined;
        continue;
      }
      const server = (response.body as { "m.server"?: unknown } | undefined)?.["m.server"];
      return response.status === 200 && typeof server === "string" ? server : undefined;
    }
    return undefined;
  }

  const resolvers: DiscoveryResolvers = {
    wellKnown,
    srv: options.resolveSrv ?? ((name) => dns.resolveSrv(name)),
  };

  return {
    /** GET `path` on the federation API of `serverName`, found by server discovery. */
    async get(serverName: string, path: string): Promise<FederationResponse> {
      const target = await discoverServer(serverName, resolvers);
      if (!target) throw new FederationRefusal("invalid_server_name");
      return get(target, path);
    },
  };
}

export type FederationClient = ReturnType<typeof federationClient>;

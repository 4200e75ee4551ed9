import { isIP } from "node:net";

/** Where and how to reach a homeserver's federation API, per the server-server spec's resolution steps. */
export interface FederationTarget {
  /** Host to connect to (an IP literal or a DNS name). */
  host: string;
  port: number;
  /** `Host` header of the request. */
  hostHeader: string;
  /** Name the TLS certificate must be valid for (SNI); an IP literal when connecting by address. */
  certificateName: string;
}

export interface SrvTarget {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

export interface DiscoveryResolvers {
  /** The `m.server` value of `https://<hostname>/.well-known/matrix/server`, or undefined if absent or invalid. */
  wellKnown(hostname: string): Promise<string | undefined>;
  /** SRV records of `name`, empty when there are none. */
  srv(name: string): Promise<SrvTarget[]>;
}

const DEFAULT_PORT = 8448;

interface HostAndPort {
  hostname: string;
  port: number | undefined;
}

/** Splits a server name into hostname and optional port; undefined when it is not a valid server name. */
export function parseServerName(serverName: string): HostAndPort | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[0-9.]+|[a-zA-Z0-9.-]+)(?::(\d{1,5}))?$/.exec(serverName);
  if (!match?.[1] || serverName.length > 255) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const hostname = match[1];
  if (hostname.startsWith("[") && isIP(hostname.slice(1, -1)) !== 6) return undefined;
  if (/^[0-9.]+$/.test(hostname) && isIP(hostname) !== 4) return undefined;
  return { hostname, port };
}

const isIpLiteral = (hostname: string) => isIP(hostname.replace(/^\[|\]$/g, "")) !== 0;
const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, "");

function preferred(records: SrvTarget[]): SrvTarget | undefined {
  return [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
}

/** Steps of SRV lookup shared by the delegated and the undelegated case: `_matrix-fed`, then the deprecated `_matrix`. */
async function bySrv(hostname: string, resolvers: DiscoveryResolvers): Promise<FederationTarget | undefined> {
  for (const service of ["_matrix-fed._tcp", "_matrix._tcp"]) {
    const record = preferred(await resolvers.srv(`${service}.${hostname}`).catch(() => []));
    if (record && record.name !== ".")
      return { host: record.name, port: record.port, hostHeader: hostname, certificateName: hostname };
  }
  return undefined;
}

function direct(hostname: string, port: number | undefined, hostHeader: string): FederationTarget {
  return { host: bare(hostname), port: port ?? DEFAULT_PORT, hostHeader, certificateName: bare(hostname) };
}

/**
 * Resolves a server name the way homeservers find each other (server-server API, "Resolving server
 * names"): IP literal; explicit port; `.well-known/matrix/server` delegation (itself an IP literal, with
 * a port, or resolved further by SRV); SRV records; finally port 8448. Undefined for an invalid name.
 */
export async function discoverServer(
  serverName: string,
  resolvers: DiscoveryResolvers,
): Promise<FederationTarget | undefined> {
  const parsed = parseServerName(serverName);
  if (!parsed) return undefined;
  const { hostname, port } = parsed;
  if (isIpLiteral(hostname) || port !== undefined) return direct(hostname, port, serverName);

  const delegatedName = await resolvers.wellKnown(hostname).catch(() => undefined);
  const delegated = delegatedName === undefined ? undefined : parseServerName(delegatedName);
  if (delegated && delegatedName) {
    if (isIpLiteral(delegated.hostname) || delegated.port !== undefined)
      return direct(delegated.hostname, delegated.port, delegatedName);
    return (
      (await bySrv(delegated.hostname, resolvers)) ??
      direct(delegated.hostname, undefined, delegated.hostname)
    );
  }
  return (await bySrv(hostname, resolvers)) ?? direct(hostname, undefined, hostname);
}

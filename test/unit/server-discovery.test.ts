import { discoverServer, type SrvTarget } from "../../core/matrix/server-discovery.js";

/** Resolvers answering from fixed tables, so each resolution step can be shown on its own. */
function resolvers(wellKnown: Record<string, string> = {}, srv: Record<string, SrvTarget[]> = {}) {
  const asked: string[] = [];
  return {
    asked,
    wellKnown: async (hostname: string) => {
      asked.push(`well-known ${hostname}`);
      return wellKnown[hostname];
    },
    srv: async (name: string) => {
      asked.push(`srv ${name}`);
      return srv[name] ?? [];
    },
  };
}

const record = (name: string, port: number, priority = 10, weight = 0): SrvTarget => ({
  name,
  port,
  priority,
  weight,
});

describe("finding a homeserver's federation API from its server name", () => {
  test("an IP literal is used as it is, on port 8448 unless a port is given, without any lookup", async () => {
    const dns = resolvers();
    expect(await discoverServer("203.0.113.7", dns)).toEqual({
      host: "203.0.113.7",
      port: 8448,
      hostHeader: "203.0.113.7",
      certificateName: "203.0.113.7",
    });
    expect(await discoverServer("[2001:db8::1]:8449", dns)).toMatchObject({
      host: "2001:db8::1",
      port: 8449,
      hostHeader: "[2001:db8::1]:8449",
    });
    expect(dns.asked).toEqual([]);
  });

  test("a hostname with an explicit port is used directly, with the port in the Host header", async () => {
    const dns = resolvers({ "example.org": "elsewhere.org" });
    expect(await discoverServer("example.org:8009", dns)).toEqual({
      host: "example.org",
      port: 8009,
      hostHeader: "example.org:8009",
      certificateName: "example.org",
    });
    expect(dns.asked).toEqual([]);
  });

  test("a well-known delegation with a port is used directly, named after the delegated host", async () => {
    const dns = resolvers({ "example.org": "matrix.example.org:443" });
    expect(await discoverServer("example.org", dns)).toEqual({
      host: "matrix.example.org",
      port: 443,
      hostHeader: "matrix.example.org:443",
      certificateName: "matrix.example.org",
    });
    expect(dns.asked).toEqual(["well-known example.org"]);
  });

  test("a well-known delegation without a port is resolved further by the delegated host's SRV record", async () => {
    const dns = resolvers(
      { "example.org": "matrix.example.org" },
      { "_matrix-fed._tcp.matrix.example.org": [record("fed1.example.net", 8500)] },
    );
    expect(await discoverServer("example.org", dns)).toEqual({
      host: "fed1.example.net",
      port: 8500,
      hostHeader: "matrix.example.org",
      certificateName: "matrix.example.org",
    });
  });

  test("a delegated host without SRV records is asked on port 8448", async () => {
    const dns = resolvers({ "example.org": "matrix.example.org" });
    expect(await discoverServer("example.org", dns)).toMatchObject({
      host: "matrix.example.org",
      port: 8448,
      hostHeader: "matrix.example.org",
    });
  });

  test("without well-known, the server's _matrix-fed SRV record is used, lowest priority first", async () => {
    const dns = resolvers(
      {},
      {
        "_matrix-fed._tcp.example.org": [
          record("backup.example.org", 8448, 20),
          record("main.example.org", 8443, 5),
        ],
      },
    );
    expect(await discoverServer("example.org", dns)).toEqual({
      host: "main.example.org",
      port: 8443,
      hostHeader: "example.org",
      certificateName: "example.org",
    });
  });

  test("the deprecated _matrix SRV record is used only when there is no _matrix-fed record", async () => {
    const dns = resolvers({}, { "_matrix._tcp.example.org": [record("old.example.org", 8448)] });
    expect(await discoverServer("example.org", dns)).toMatchObject({ host: "old.example.org" });
    expect(dns.asked).toEqual([
      "well-known example.org",
      "srv _matrix-fed._tcp.example.org",
      "srv _matrix._tcp.example.org",
    ]);
  });

  test("with neither well-known nor SRV, the server name itself is asked on port 8448", async () => {
    expect(await discoverServer("example.org", resolvers())).toEqual({
      host: "example.org",
      port: 8448,
      hostHeader: "example.org",
      certificateName: "example.org",
    });
  });

  test("an invalid well-known delegation is ignored like a missing one", async () => {
    expect(await discoverServer("example.org", resolvers({ "example.org": "not a name!" }))).toMatchObject({
      host: "example.org",
      port: 8448,
    });
  });

  test("a server name that is not a valid host is not resolved at all", async () => {
    const dns = resolvers();
    for (const name of [
      "",
      "exa mple.org",
      "example.org:0",
      "example.org:99999",
      "[not-ip]",
      "1.2.3.4.5",
      "a/b",
    ])
      expect(await discoverServer(name, dns)).toBeUndefined();
    expect(dns.asked).toEqual([]);
  });
});

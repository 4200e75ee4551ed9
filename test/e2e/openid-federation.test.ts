import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { createServer as createTcpServer, type LookupFunction, type Server as TcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { federationClient } from "../../core/matrix/federation-client.js";
import { OpenIdError, openIdVerifier } from "../../core/matrix/openid.js";
import { systemClock } from "../../core/time/clock.js";
import { registerUser, type RegisteredUser } from "../../scripts/synapse-admin.js";
import { freePort, startSynapse, stopSynapse } from "../../scripts/synapse-process.mjs";
import { TestEnv, type TestUser } from "../support/testenv.js";

const UVS_TOKEN = "uvs-bearer-token-for-tests-0123";
const PARTNER = "partner.test";

/** A self-signed certificate for the partner's server name, as a real partner would present one. */
function certificateFor(name: string): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "plenum-tls-"));
  execFileSync("openssl", [
    ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"],
    ...["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1"],
    ...["-subj", `/CN=${name}`, "-addext", `subjectAltName=DNS:${name}`],
  ]);
  return {
    key: readFileSync(join(dir, "key.pem"), "utf8"),
    cert: readFileSync(join(dir, "cert.pem"), "utf8"),
  };
}

describe("OpenID tokens of users on other homeservers", () => {
  let partner: { url: string; serverName: string; sharedSecret: string; instance: string };
  let carol: RegisteredUser;
  let env: TestEnv;
  let alice: TestUser;
  let roomId: string;

  beforeAll(async () => {
    partner = await startSynapse({
      instance: `partner-${process.pid}`,
      port: await freePort(),
      serverName: PARTNER,
      registrations: [],
    });
    carol = await registerUser(partner, "carol");
    env = await TestEnv.start({
      locale: "en",
      config: {
        homeserver: { local_servers: { [PARTNER]: partner.url } },
        jitsi: { app_secret: "jitsi-app-secret-for-tests-0123", uvs_token: UVS_TOKEN },
      },
    });
    alice = await env.createUser("alice");
    const team = await env.roomWithBot(alice, "Team");
    const eventId = await env.say(alice, team, '!meet schedule "Partner call" tomorrow 10:00');
    const reply = String((await env.replyTo(alice, team, eventId)).getContent().body);
    const id = /\(([A-Z0-9]{3}-[A-Z0-9]{3})\)/.exec(reply)![1]!;
    roomId = (await env.plenum.meetingDeps.meetings.get(id))!.roomId!;
  });

  afterAll(async () => {
    await env?.stop();
    if (partner) await stopSynapse(partner.instance);
  });

  async function partnerToken(): Promise<string> {
    const response = await fetch(
      `${partner.url}/_matrix/client/v3/user/${encodeURIComponent(carol.userId)}/openid/request_token`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${carol.accessToken}`, "content-type": "application/json" },
        body: "{}",
      },
    );
    return ((await response.json()) as { access_token: string }).access_token;
  }

  function post(path: string, body: unknown): Promise<Response> {
    return fetch(`${env.httpUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${UVS_TOKEN}` },
      body: JSON.stringify(body),
    });
  }

  test("a user of a configured local homeserver is identified by that homeserver's own OpenID endpoint", async () => {
    const response = await post("/verify/user", { token: await partnerToken(), matrix_server_name: PARTNER });
    expect(await response.json()).toEqual({ results: { user: true }, user_id: carol.userId });
  });

  test("a partner user who is identified but not in the meeting room gets no call token", async () => {
    const response = await post("/api/v1/jitsi/token", {
      openid_token: await partnerToken(),
      matrix_server_name: PARTNER,
      room_id: roomId,
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ reason: "not_a_member" });
  });

  test("a token from Plenum's own homeserver presented as the partner's is refused as invalid", async () => {
    const response = await post("/verify/user", {
      token: await env.openIdToken(alice),
      matrix_server_name: PARTNER,
    });
    expect(await response.json()).toEqual({ results: { user: false }, user_id: null });
  });

  describe("a server found by federation discovery", () => {
    const tls = certificateFor(PARTNER);
    let front: HttpsServer;
    let frontPort: number;
    const seen: { host?: string; servername?: string | false; path?: string }[] = [];
    let redirect = false;

    /** DNS of the test: the partner's federation host is this machine; nothing else exists. */
    const lookup: LookupFunction = (hostname, options, callback) => {
      if (hostname !== "federation.partner.test")
        return callback(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
      if (options.all) return callback(null, [{ address: "127.0.0.1", family: 4 }]);
      callback(null, "127.0.0.1", 4);
    };

    const verifier = () =>
      openIdVerifier({
        homeservers: {},
        acceptsServer: async (name) => name === PARTNER,
        federation: federationClient({
          lookup,
          ca: tls.cert,
          resolveSrv: async (name) =>
            name === `_matrix-fed._tcp.${PARTNER}`
              ? [{ name: "federation.partner.test", port: frontPort, priority: 0, weight: 0 }]
              : [],
        }),
        clock: systemClock,
      });

    beforeAll(async () => {
      // The partner's federation listener: TLS with the partner's certificate, passing requests to
      // the partner Synapse's real OpenID endpoint.
      front = createHttpsServer(tls, (request, response) => {
        const socket = request.socket as { servername?: string | false };
        seen.push({ host: request.headers.host, servername: socket.servername, path: request.url });
        if (redirect) {
          response.writeHead(302, { location: `${partner.url}${request.url}` }).end();
          return;
        }
        void fetch(`${partner.url}${request.url}`).then(async (upstream) => {
          response.writeHead(upstream.status, { "content-type": "application/json" });
          response.end(await upstream.text());
        });
      });
      frontPort = await new Promise<number>((resolve) =>
        front.listen(0, "127.0.0.1", () => resolve((front.address() as { port: number }).port)),
      );
    });

    afterAll(() => new Promise<void>((resolve) => front.close(() => resolve())));

    beforeEach(() => {
      seen.length = 0;
      redirect = false;
    });

    test("is asked over TLS by SRV record, with the server's name as Host and certificate name", async () => {
      expect(await verifier()(await partnerToken(), PARTNER)).toBe(carol.userId);
      expect(seen).toEqual([
        {
          host: PARTNER,
          servername: PARTNER,
          path: expect.stringMatching(/^\/_matrix\/federation\/v1\/openid\/userinfo\?access_token=/),
        },
      ]);
    });

    test("is never followed through a redirect with the token", async () => {
      redirect = true;
      await expect(verifier()(await partnerToken(), PARTNER)).rejects.toEqual(new OpenIdError("unreachable"));
      expect(seen).toHaveLength(1);
    });

    test("is not asked at all when the policy admits none of its users", async () => {
      await expect(verifier()(await partnerToken(), "other.test")).rejects.toEqual(
        new OpenIdError("wrong_server"),
      );
      expect(seen).toEqual([]);
    });
  });

  describe("a server that resolves to an internal address", () => {
    let listener: TcpServer;
    let port: number;
    let connections = 0;

    beforeAll(async () => {
      listener = createTcpServer((socket) => {
        connections += 1;
        socket.destroy();
      });
      port = await new Promise<number>((resolve) =>
        listener.listen(0, "127.0.0.1", () => resolve((listener.address() as { port: number }).port)),
      );
    });

    afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

    test.each(["localhost", "127.0.0.1"])("is refused without a connection when named %s", async (host) => {
      const verify = openIdVerifier({
        homeservers: {},
        acceptsServer: async () => true,
        federation: federationClient(),
        clock: systemClock,
      });
      await expect(verify("some-token", `${host}:${port}`)).rejects.toEqual(
        new OpenIdError("homeserver_refused"),
      );
      expect(connections).toBe(0);
    });
  });
});

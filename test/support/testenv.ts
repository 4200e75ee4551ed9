import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ClientEvent,
  createClient,
  EventType,
  type MatrixClient,
  type MatrixEvent,
  MatrixEventEvent,
  RoomEvent,
  SyncState,
} from "matrix-js-sdk";
import type { Logger as SdkLogger } from "matrix-js-sdk/lib/logger.js";
import { startPlenum, type Plenum, type StartOptions } from "../../app/start.js";
import { buildConfig } from "../../core/config/load.js";
import { e2eRawConfig } from "./config.js";
import type { Config } from "../../core/config/schema.js";
import { freePort, STATE_ENV, type AppserviceSlot, type E2eState } from "./global-setup.js";
import { registerUser, type RegisteredUser } from "../../scripts/synapse-admin.js";
import { ClockUser } from "./clock-user.js";

/** The test clients' own chatter would bury the failure messages; errors still surface in assertions. */
const quietSdkLogger: SdkLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  getChild: () => quietSdkLogger,
};

export interface TestUser extends RegisteredUser {
  client: MatrixClient;
}

export interface CreateUserOptions {
  /** The Rust crypto (wasm) Element uses, with an in-memory store: the user can read and send encrypted. */
  crypto?: boolean;
}

export interface TestEnvOptions {
  locale?: "de" | "en";
  /** The `services` list (the service API's callers). */
  services?: Record<string, unknown>[];
  /** Extra raw config merged over the defaults, section by section. */
  config?: Record<string, Record<string, unknown>>;
  start?: StartOptions;
  /** A homeserver and appservice slots of the test file's own, instead of the run's shared Synapse. */
  homeserver?: E2eState;
}

function e2eState(): E2eState {
  const raw = process.env[STATE_ENV];
  if (!raw)
    throw new Error(
      `${STATE_ENV} is not set: e2e tests run through jest's e2e project, whose global setup starts Synapse`,
    );
  return JSON.parse(raw) as E2eState;
}

/**
 * A real Synapse (started once per run by the global setup), a Plenum instance on its own
 * database, and helpers to create users as matrix-js-sdk clients, the client Element is built on.
 */
export class TestEnv {
  readonly users: TestUser[] = [];
  plenum!: Plenum;
  private plenumStopped = false;
  readonly logLines: string[] = [];

  private constructor(
    readonly state: E2eState,
    readonly slot: AppserviceSlot,
    private raw: Record<string, Record<string, unknown>>,
    public config: Config,
    readonly secrets: string[],
    readonly dataDir: string,
    private readonly startOptions: StartOptions,
  ) {}

  static async start(options: TestEnvOptions = {}): Promise<TestEnv> {
    const state = options.homeserver ?? e2eState();
    const worker = Number(process.env.JEST_WORKER_ID ?? "1");
    const slot = state.slots[(worker - 1) % state.slots.length]!;
    const dataDir = mkdtempSync(join(tmpdir(), "plenum-e2e-"));
    const raw = e2eRawConfig(state.homeserver, slot, dataDir, await freePort(), options.locale ?? "en");
    for (const [section, values] of Object.entries(options.config ?? {}))
      raw[section] = { ...raw[section], ...values };
    // The one list among the sections; the raw config's type names sections only.
    if (options.services) raw.services = options.services as unknown as Record<string, unknown>;
    const { config, secrets } = buildConfig(raw);
    const env = new TestEnv(state, slot, raw, config, secrets, dataDir, options.start ?? {});
    await env.startPlenum();
    return env;
  }

  get botUserId(): string {
    return `@${this.slot.localpart}:${this.state.homeserver.serverName}`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.plenum.http?.port}`;
  }

  get appserviceUrl(): string {
    return `http://127.0.0.1:${this.slot.port}`;
  }

  async startPlenum(): Promise<Plenum> {
    this.plenumStopped = false;
    this.plenum = await startPlenum(this.config, {
      secrets: this.secrets,
      logDestination: { write: (line) => void this.logLines.push(line) },
      ...this.startOptions,
    });
    await this.resumeDeliveries();
    return this.plenum;
  }

  /**
   * An earlier test on this appservice slot may have left Synapse backing off from it (after failed
   * transactions, for up to minutes); a successful ping makes Synapse retry at once.
   */
  private async resumeDeliveries(): Promise<void> {
    // Synapse answers a ping that meets its own cancelled delivery attempt with 502 ("AlreadyCalled");
    // the next ping goes through.
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(
        `${this.state.homeserver.url}/_matrix/client/v1/appservice/${encodeURIComponent(this.slot.id)}/ping`,
        {
          method: "POST",
          headers: { authorization: `Bearer ${this.slot.asToken}`, "content-type": "application/json" },
          body: JSON.stringify({ transaction_id: `plenum-test-${Date.now()}-${attempt}` }),
        },
      );
      if (response.ok) return;
      const text = await response.text();
      if (response.status !== 502 || attempt === 5)
        throw new Error(`pinging the appservice failed: ${response.status} ${text}`);
      await new Promise((done) => setTimeout(done, 500 * attempt));
    }
  }

  /** The raw config Plenum runs on (a copy), e.g. to start it as a separate process. */
  get rawConfig(): Record<string, Record<string, unknown>> {
    return structuredClone(this.raw);
  }

  /** Stops the in-process Plenum for good, so a drill can run it as a separate process instead. */
  async stopPlenum(): Promise<void> {
    await this.plenum.stop();
    this.plenumStopped = true;
  }

  /** Stops Plenum and starts it again on the same database, with `config` merged over the old config. */
  async restartPlenum(config: Record<string, Record<string, unknown>> = {}): Promise<Plenum> {
    if (!this.plenumStopped) await this.plenum.stop();
    for (const [section, values] of Object.entries(config))
      this.raw[section] = { ...this.raw[section], ...values };
    this.config = buildConfig(this.raw).config;
    return this.startPlenum();
  }

  /** The users widget sessions were issued to, in the log lines after the first `since`. */
  widgetSessionsSince(since: number): string[] {
    return this.logLines
      .slice(since)
      .map((line) => JSON.parse(line) as { msg?: string; user_id?: string })
      .filter((line) => line.msg === "widget session issued")
      .map((line) => String(line.user_id));
  }

  /** Registers a fresh user (unique name) and returns a syncing matrix-js-sdk client for it. */
  async createUser(name: string, options: CreateUserOptions = {}): Promise<TestUser> {
    const localpart = `${name}-${randomBytes(4).toString("hex")}`;
    const registered = await registerUser(this.state.homeserver, localpart);
    const client = createClient({
      baseUrl: this.state.homeserver.url,
      userId: registered.userId,
      accessToken: registered.accessToken,
      deviceId: registered.deviceId,
      logger: quietSdkLogger,
    });
    if (options.crypto) await client.initRustCrypto({ useIndexedDB: false });
    const ready = new Promise<void>((resolve) => {
      const onSync = (sync: SyncState) => {
        if (sync === SyncState.Prepared || sync === SyncState.Syncing) {
          client.off(ClientEvent.Sync, onSync);
          resolve();
        }
      };
      client.on(ClientEvent.Sync, onSync);
    });
    await client.startClient({ initialSyncLimit: 50, lazyLoadMembers: false });
    await ready;
    const user = { ...registered, client };
    this.users.push(user);
    return user;
  }

  /** A fresh user who sends with the origin_server_ts the test chooses, as a remote server can. */
  createClockUser(name: string): Promise<ClockUser> {
    if (!this.state.clock) throw new Error("this homeserver has no clock appservice");
    return ClockUser.register(this.state.homeserver, this.state.clock, name);
  }

  /** Resolves once Plenum has handled the event (it left the inbox), whatever it made of it. */
  async handled(eventId: string, what = `Plenum to handle ${eventId}`): Promise<void> {
    await this.eventually(async () => {
      const row = await this.plenum.db("inbox").where({ event_id: eventId }).first();
      return row?.processed_at !== null && row?.processed_at !== undefined;
    }, what);
  }

  /** The id of the newest member event that gave `userId` this membership in the room. */
  async memberEventId(user: TestUser, roomId: string, userId: string, membership: string): Promise<string> {
    const events = (await this.roomMessages(user, roomId)) as {
      type: string;
      state_key?: string;
      event_id?: string;
      content: Record<string, unknown>;
    }[];
    const found = events.find(
      (e) => e.type === "m.room.member" && e.state_key === userId && e.content.membership === membership,
    );
    if (!found?.event_id) throw new Error(`no ${membership} of ${userId} in ${roomId}`);
    return found.event_id;
  }

  /** Several fresh users, in the order named. */
  async createUsers(...names: string[]): Promise<TestUser[]> {
    const users: TestUser[] = [];
    for (const name of names) users.push(await this.createUser(name));
    return users;
  }

  /** A room made by `owner` with the bot invited; resolves once the bot has joined. */
  async roomWithBot(owner: TestUser, name = "Team", options: { encrypted?: boolean } = {}): Promise<string> {
    const { room_id: roomId } = await owner.client.createRoom({
      name,
      invite: [this.botUserId],
      preset: "private_chat" as never,
      ...(options.encrypted
        ? {
            initial_state: [
              { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
            ],
          }
        : {}),
    });
    await this.waitForEvent(
      owner,
      roomId,
      (e) =>
        e.getType() === EventType.RoomMember &&
        e.getStateKey() === this.botUserId &&
        e.getContent().membership === "join",
      "the bot to join the room",
    );
    return roomId;
  }

  /** `user` joins the room (invited by `inviter` first, if given); resolves once Plenum's state copy has the join. */
  async joinRoom(user: TestUser, roomId: string, inviter?: TestUser): Promise<void> {
    if (inviter) await inviter.client.invite(roomId, user.userId);
    await user.client.joinRoom(roomId);
    await this.eventually(
      async () => (await this.plenum.meetingDeps.roomState.membership(roomId, user.userId)) === "join",
      `Plenum to see ${user.userId} join ${roomId}`,
    );
  }

  /** A room made by `owner` with the bot and `members` joined, as Plenum's state copy knows it. */
  async roomWithMembers(owner: TestUser, members: TestUser[], name = "Team"): Promise<string> {
    const roomId = await this.roomWithBot(owner, name);
    for (const member of members) await this.joinRoom(member, roomId, owner);
    return roomId;
  }

  /**
   * Waits until `user` sees an event in `roomId` matching `predicate`; fails with a message that
   * says what it waited for and what the room held instead.
   */
  waitForEvent(
    user: TestUser,
    roomId: string,
    predicate: (event: MatrixEvent) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<MatrixEvent> {
    const client = user.client;
    return new Promise((resolve, reject) => {
      // An encrypted event is judged once decrypted: its relation is readable before its content.
      const readable = (e: MatrixEvent) => !e.isEncrypted() || e.getClearContent() !== null;
      const find = () =>
        client
          .getRoom(roomId)
          ?.getLiveTimeline()
          .getEvents()
          .find((e) => readable(e) && predicate(e));
      const existing = find();
      if (existing) return resolve(existing);
      const onTimeline = () => {
        const found = find();
        if (found) finish(() => resolve(found));
      };
      const timer = setTimeout(() => {
        const seen = (client.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [])
          .slice(-8)
          .map(
            (e) => `${e.getType()} from ${e.getSender()}: ${JSON.stringify(e.getContent()).slice(0, 120)}`,
          );
        finish(() =>
          reject(
            new Error(
              `Timed out after ${timeoutMs} ms waiting for ${what} in ${roomId}. Last events seen:\n  ${seen.join("\n  ")}`,
            ),
          ),
        );
      }, timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        client.off(RoomEvent.Timeline, onTimeline);
        client.off(MatrixEventEvent.Decrypted, onTimeline);
        settle();
      };
      client.on(RoomEvent.Timeline, onTimeline);
      // In encrypted rooms the content a predicate reads exists only once the event is decrypted.
      client.on(MatrixEventEvent.Decrypted, onTimeline);
    });
  }

  /** Sends a text message as `user` and returns its event id. */
  async say(user: TestUser, roomId: string, body: string): Promise<string> {
    const { event_id: eventId } = await user.client.sendEvent(roomId, EventType.RoomMessage, {
      msgtype: "m.text",
      body,
    } as never);
    return eventId;
  }

  /** Types `text` as `user` and returns the text of the bot's reply. */
  async ask(user: TestUser, roomId: string, text: string): Promise<string> {
    const eventId = await this.say(user, roomId, text);
    return String((await this.replyTo(user, roomId, eventId, `the reply to “${text}”`)).getContent().body);
  }

  /** Waits for the bot's reply to the given command event. */
  replyTo(
    user: TestUser,
    roomId: string,
    eventId: string,
    what = `the bot's reply to ${eventId}`,
  ): Promise<MatrixEvent> {
    return this.waitForEvent(
      user,
      roomId,
      (e) => e.getSender() === this.botUserId && this.repliesTo(e, eventId),
      what,
    );
  }

  repliesTo(event: MatrixEvent, eventId: string): boolean {
    const relation = event.getContent()["m.relates_to"] as
      { "m.in_reply_to"?: { event_id?: string } } | undefined;
    return relation?.["m.in_reply_to"]?.event_id === eventId;
  }

  /**
   * Every event the homeserver holds in the room, newest first, read fresh from the server (not a
   * client's sync cache) as `user`, or as the bot, which is in every meeting room.
   */
  async roomMessages(
    user: TestUser | "bot",
    roomId: string,
  ): Promise<{ sender: string; type: string; content: Record<string, unknown> }[]> {
    const token = user === "bot" ? this.slot.asToken : user.accessToken;
    // The appservice token acts as the appservice's sender unless it names the bot.
    const asBot = user === "bot" ? `&user_id=${encodeURIComponent(this.botUserId)}` : "";
    const response = await fetch(
      `${this.state.homeserver.url}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=500${asBot}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (!response.ok) throw new Error(`reading the messages of ${roomId} failed: ${response.status}`);
    return (
      (await response.json()) as {
        chunk: { sender: string; type: string; content: Record<string, unknown> }[];
      }
    ).chunk;
  }

  /** How many replies to `eventId` the room holds, read fresh from the homeserver. */
  async replyCount(roomId: string, eventId: string): Promise<number> {
    const messages = await this.roomMessages("bot", roomId);
    return messages.filter(
      (e) =>
        (e.content["m.relates_to"] as { "m.in_reply_to"?: { event_id?: string } } | undefined)?.[
          "m.in_reply_to"
        ]?.event_id === eventId,
    ).length;
  }

  /** A fresh OpenID token for `user` from the homeserver, as a widget host hands it to a widget. */
  async openIdToken(user: TestUser): Promise<string> {
    const response = await fetch(
      `${this.state.homeserver.url}/_matrix/client/v3/user/${encodeURIComponent(user.userId)}/openid/request_token`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
        body: "{}",
      },
    );
    if (!response.ok)
      throw new Error(`requesting an OpenID token for ${user.userId} failed: ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  /** Asks Plenum for a Jitsi call token for the room, as the call widget does with an OpenID token. */
  callToken(openIdToken: string, roomId: string): Promise<Response> {
    return fetch(`${this.httpUrl}/api/v1/jitsi/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        openid_token: openIdToken,
        matrix_server_name: this.state.homeserver.serverName,
        room_id: roomId,
      }),
    });
  }

  /** Polls `check` until it holds; fails with a message naming what it waited for. */
  async eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  /** Polls the homeserver until a message in the room has a body starting with `prefix`. */
  async waitForMessage(
    roomId: string,
    prefix: string,
    timeoutMs = 20_000,
  ): Promise<{ sender: string; content: Record<string, unknown> }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events = await this.roomMessages("bot", roomId);
      const found = events.find(
        (e) => e.type === "m.room.message" && String(e.content.body ?? "").startsWith(prefix),
      );
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = events.slice(0, 8).map((e) => `${e.type}: ${String(e.content.body ?? "").slice(0, 80)}`);
        throw new Error(
          `Timed out after ${timeoutMs} ms waiting for a message starting "${prefix}" in ${roomId}. Latest:\n  ${seen.join("\n  ")}`,
        );
      }
      await new Promise((done) => setTimeout(done, 200));
    }
  }

  async stop(): Promise<void> {
    for (const user of this.users) user.client.stopClient();
    if (!this.plenumStopped) await this.plenum?.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

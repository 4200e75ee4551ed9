import type { MediaFile, RoomVersionsCapability } from "../../../core/matrix/capabilities.js";
import { MatrixRequestError } from "../../../core/matrix/errors.js";
import type { MatrixGateway } from "../../../core/matrix/gateway.js";
import { isTrackedState, type StateEventRecord } from "../../../core/storage/room-state.js";

/** An event the bot sent, as the fake homeserver recorded it. */
export interface SentEvent {
  roomId: string;
  type: string;
  content: Record<string, unknown>;
  txnId: string;
  eventId: string;
}

export interface Removal {
  roomId: string;
  userId: string;
  reason: string;
}

type Method = Exclude<keyof MatrixGateway, "botUserId">;

interface FakeRoom {
  roomId: string;
  /** The createRoom body, for a room the bot made. */
  request?: Record<string, unknown>;
  state: Map<string, StateEventRecord>;
  /** Sends by transaction id: a repeated txnId gets the first event id back, as on Synapse. */
  byTxn: Map<string, string>;
}

export interface FakeMatrixOptions {
  serverName?: string;
  botUserId?: string;
  /** The homeserver's default room version (`m.room_versions`); "10" unless a test says otherwise. */
  defaultRoomVersion?: string;
  /**
   * Plenum's copy of room state, which the event stream keeps current in production: every state
   * event of a tracked type the fake records is applied to it too.
   */
  roomState?: { apply(roomId: string, event: StateEventRecord, position: number): Promise<void> };
}

const key = (type: string, stateKey: string) => `${type}\u0000${stateKey}`;

/** Synapse's power levels for a new room before `power_level_content_override` is merged in. */
function defaultPowerLevels(creator: string, roomVersion: string): Record<string, unknown> {
  const creatorOutranks = /^[0-9]+$/.test(roomVersion) && Number(roomVersion) >= 12;
  return {
    users: creatorOutranks ? {} : { [creator]: 100 },
    users_default: 0,
    events: {
      "m.room.name": 50,
      "m.room.power_levels": 100,
      "m.room.history_visibility": 100,
      "m.room.canonical_alias": 50,
      "m.room.avatar": 50,
      "m.room.tombstone": creatorOutranks ? 150 : 100,
      "m.room.server_acl": 100,
      "m.room.encryption": 100,
    },
    events_default: 0,
    state_default: 50,
    ban: 50,
    kick: 50,
    redact: 50,
    invite: 0,
  };
}

/**
 * An in-memory homeserver as the bot sees it: rooms with their state and members, the events sent
 * into them, invites, kicks and uploads, all recorded for a test to read back. It answers like
 * Synapse where Plenum depends on the answer (403 in a room the bot is not in, 403 for kicking
 * someone who is not there, 404 for an unknown alias, the first event id for a repeated txnId).
 * `failOn` makes a call fail, to test what an operation does when the homeserver refuses.
 */
export class FakeMatrix implements MatrixGateway {
  readonly botUserId: string;
  readonly serverName: string;
  /** Every event sent, in order; a send repeated with the same txnId is recorded once. */
  readonly sent: SentEvent[] = [];
  /** Every createRoom body, in order. */
  readonly created: Record<string, unknown>[] = [];
  readonly invites: { roomId: string; userId: string; reason?: string }[] = [];
  readonly kicks: Removal[] = [];
  /** Rooms the bot left and forgot. */
  readonly left: string[] = [];
  readonly redactions: { roomId: string; eventId: string; reason: string }[] = [];
  readonly media = new Map<string, MediaFile>();
  private readonly rooms = new Map<string, FakeRoom>();
  private readonly aliases = new Map<string, string>();
  private readonly users = new Set<string>();
  private readonly failures: { method: Method; when: (...args: never[]) => boolean; error: Error }[] = [];
  private counter = 0;
  private defaultRoomVersion: string;
  private readonly roomState: FakeMatrixOptions["roomState"];

  constructor(options: FakeMatrixOptions = {}) {
    this.serverName = options.serverName ?? "example.org";
    this.botUserId = options.botUserId ?? `@plenum:${this.serverName}`;
    this.defaultRoomVersion = options.defaultRoomVersion ?? "10";
    this.roomState = options.roomState;
    this.users.add(this.botUserId);
    // The real gateway is a plain object whose methods are its own properties, and code spreads it
    // (`{ ...gateway, sendEvent }`); the fake's methods are its own properties too, bound to it.
    const self = this as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(FakeMatrix.prototype)) {
      const member = self[name];
      if (name !== "constructor" && typeof member === "function") self[name] = member.bind(this);
    }
  }

  // ---- set-up -------------------------------------------------------------------------------

  /** Users the homeserver knows (a profile lookup answers); members of rooms are known anyway. */
  addUsers(...userIds: string[]): void {
    for (const userId of userIds) this.users.add(userId);
  }

  /**
   * A room that exists before the test (an origin room, a team room): the bot and `members` are
   * joined; `powerLevels` is its power-levels content if given. Returns its id.
   */
  async addRoom(
    options: {
      roomId?: string;
      alias?: string;
      members?: string[];
      powerLevels?: Record<string, unknown>;
    } = {},
  ): Promise<string> {
    const roomId = options.roomId ?? this.nextRoomId();
    this.rooms.set(roomId, { roomId, state: new Map(), byTxn: new Map() });
    await this.putState(roomId, "m.room.create", "", { room_version: "10", creator: this.botUserId });
    await this.putState(roomId, "m.room.member", this.botUserId, { membership: "join" });
    if (options.powerLevels) await this.putState(roomId, "m.room.power_levels", "", options.powerLevels);
    for (const member of options.members ?? []) await this.setMembership(roomId, member, "join");
    if (options.alias) this.aliases.set(options.alias, roomId);
    return roomId;
  }

  hasRoom(roomId: string): boolean {
    return this.rooms.has(roomId);
  }

  /** A user accepts their invite, or joins by the join rule. */
  async join(roomId: string, userId: string): Promise<void> {
    await this.setMembership(roomId, userId, "join");
  }

  /** Sets the default room version the homeserver reports. */
  setDefaultRoomVersion(version: string): void {
    this.defaultRoomVersion = version;
  }

  /**
   * The next call of `method` for which `when` holds (every call without it) fails with `error`
   * (a 500 from the homeserver unless given); once, or `times` times.
   */
  failOn<M extends Method>(
    method: M,
    options: {
      when?: (...args: Parameters<MatrixGateway[M]>) => boolean;
      error?: Error;
      times?: number;
    } = {},
  ): void {
    const error = options.error ?? new MatrixRequestError(500, "M_UNKNOWN", `${method} failed (test)`);
    for (let i = 0; i < (options.times ?? 1); i++)
      this.failures.push({
        method,
        when: (options.when ?? (() => true)) as (...args: never[]) => boolean,
        error,
      });
  }

  // ---- reading back -------------------------------------------------------------------------

  /** The content of a state event as the homeserver has it now. */
  state(roomId: string, type: string, stateKey = ""): Record<string, unknown> | undefined {
    return this.rooms.get(roomId)?.state.get(key(type, stateKey))?.content;
  }

  /** Users with the membership (default: joined) in a room. */
  members(roomId: string, membership = "join"): string[] {
    return [...(this.rooms.get(roomId)?.state.values() ?? [])]
      .filter((e) => e.type === "m.room.member" && e.content.membership === membership)
      .map((e) => e.state_key);
  }

  /** The bodies of the `m.room.message` events sent into a room, in order. */
  messages(roomId: string): string[] {
    return this.sent
      .filter((e) => e.roomId === roomId && e.type === "m.room.message")
      .map((e) => String(e.content.body));
  }

  /** The createRoom body of a room the bot made. */
  request(roomId: string): Record<string, unknown> | undefined {
    return this.rooms.get(roomId)?.request;
  }

  /** Rooms that exist, in the order they were made. */
  roomIds(): string[] {
    return [...this.rooms.keys()];
  }

  // ---- MatrixGateway ------------------------------------------------------------------------

  async ensureBotRegistered(): Promise<void> {
    this.check("ensureBotRegistered", []);
  }

  async ping(): Promise<void> {
    this.check("ping", []);
  }

  sendsOnHold(): number {
    return 0;
  }

  async joinRoom(roomIdOrAlias: string): Promise<string> {
    this.check("joinRoom", [roomIdOrAlias]);
    const roomId = roomIdOrAlias.startsWith("#") ? await this.resolveAlias(roomIdOrAlias) : roomIdOrAlias;
    if (!this.rooms.has(roomId)) throw new MatrixRequestError(404, "M_NOT_FOUND", "No known servers");
    await this.setMembership(roomId, this.botUserId, "join");
    return roomId;
  }

  async createRoom(body: Record<string, unknown>): Promise<string> {
    this.check("createRoom", [body]);
    const roomId = this.nextRoomId();
    const version = typeof body.room_version === "string" ? body.room_version : this.defaultRoomVersion;
    this.created.push(body);
    this.rooms.set(roomId, { roomId, request: body, state: new Map(), byTxn: new Map() });
    const creation = (body.creation_content ?? {}) as Record<string, unknown>;
    await this.putState(roomId, "m.room.create", "", {
      ...creation,
      room_version: version,
      creator: this.botUserId,
    });
    await this.putState(roomId, "m.room.member", this.botUserId, { membership: "join" });
    await this.putState(roomId, "m.room.power_levels", "", {
      ...defaultPowerLevels(this.botUserId, version),
      ...((body.power_level_content_override ?? {}) as Record<string, unknown>),
    });
    const preset = body.preset === "public_chat" ? "public" : "invite";
    await this.putState(roomId, "m.room.join_rules", "", { join_rule: preset });
    await this.putState(roomId, "m.room.history_visibility", "", { history_visibility: "shared" });
    for (const event of (body.initial_state ?? []) as StateEventRecord[])
      await this.putState(roomId, event.type, event.state_key, event.content);
    if (typeof body.name === "string") await this.putState(roomId, "m.room.name", "", { name: body.name });
    if (typeof body.topic === "string")
      await this.putState(roomId, "m.room.topic", "", { topic: body.topic });
    for (const userId of (body.invite ?? []) as string[]) {
      this.invites.push({ roomId, userId });
      await this.setMembership(roomId, userId, "invite");
    }
    return roomId;
  }

  async roomVersions(): Promise<RoomVersionsCapability> {
    this.check("roomVersions", []);
    return {
      default: this.defaultRoomVersion,
      available: Object.fromEntries(
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"].map((v) => [v, "stable"]),
      ),
    };
  }

  async sendState(
    roomId: string,
    type: string,
    stateKey: string,
    content: Record<string, unknown>,
  ): Promise<string> {
    this.check("sendState", [roomId, type, stateKey, content]);
    this.joinedRoom(roomId);
    return this.putState(roomId, type, stateKey, content);
  }

  async getState(
    roomId: string,
    type: string,
    stateKey: string,
  ): Promise<Record<string, unknown> | undefined> {
    this.check("getState", [roomId, type, stateKey]);
    return this.joinedRoom(roomId).state.get(key(type, stateKey))?.content;
  }

  async getStateEvent(
    roomId: string,
    type: string,
    stateKey: string,
  ): Promise<Record<string, unknown> | undefined> {
    this.check("getStateEvent", [roomId, type, stateKey]);
    const event = this.joinedRoom(roomId).state.get(key(type, stateKey));
    return event && { ...event, room_id: roomId };
  }

  async roomStateEvents(roomId: string): Promise<Record<string, unknown>[]> {
    this.check("roomStateEvents", [roomId]);
    return [...this.joinedRoom(roomId).state.values()].map((event) => ({ ...event }));
  }

  async sendEvent(
    roomId: string,
    type: string,
    content: Record<string, unknown>,
    txnId: string,
  ): Promise<string> {
    this.check("sendEvent", [roomId, type, content, txnId]);
    const room = this.joinedRoom(roomId);
    const earlier = room.byTxn.get(txnId);
    if (earlier) return earlier;
    const eventId = this.nextEventId();
    room.byTxn.set(txnId, eventId);
    this.sent.push({ roomId, type, content, txnId, eventId });
    return eventId;
  }

  async redactEvent(roomId: string, eventId: string, reason: string, txnId: string): Promise<void> {
    this.check("redactEvent", [roomId, eventId, reason, txnId]);
    this.joinedRoom(roomId);
    this.redactions.push({ roomId, eventId, reason });
  }

  async invite(roomId: string, userId: string, reason?: string): Promise<void> {
    this.check("invite", [roomId, userId, reason]);
    this.joinedRoom(roomId);
    if (this.membership(roomId, userId) === "join")
      throw new MatrixRequestError(403, "M_FORBIDDEN", `${userId} is already in the room.`);
    this.invites.push(reason === undefined ? { roomId, userId } : { roomId, userId, reason });
    await this.setMembership(roomId, userId, "invite");
  }

  async kick(roomId: string, userId: string, reason: string): Promise<void> {
    this.check("kick", [roomId, userId, reason]);
    this.joinedRoom(roomId);
    const membership = this.membership(roomId, userId);
    if (membership !== "join" && membership !== "invite")
      throw new MatrixRequestError(403, "M_FORBIDDEN", "The target user is not in the room");
    this.kicks.push({ roomId, userId, reason });
    await this.setMembership(roomId, userId, "leave", reason);
  }

  async leaveAndForget(roomId: string, reason?: string): Promise<void> {
    this.check("leaveAndForget", [roomId, reason]);
    this.joinedRoom(roomId);
    this.left.push(roomId);
    await this.setMembership(roomId, this.botUserId, "leave", reason);
  }

  async joinedMembers(roomId: string): Promise<string[]> {
    this.check("joinedMembers", [roomId]);
    this.joinedRoom(roomId);
    return this.members(roomId);
  }

  async joinedRooms(): Promise<string[]> {
    this.check("joinedRooms", []);
    return this.roomIds().filter((roomId) => this.membership(roomId, this.botUserId) === "join");
  }

  async resolveAlias(alias: string): Promise<string> {
    this.check("resolveAlias", [alias]);
    const roomId = this.aliases.get(alias);
    if (!roomId) throw new MatrixRequestError(404, "M_NOT_FOUND", `Room alias ${alias} not found`);
    return roomId;
  }

  async userExists(userId: string): Promise<boolean> {
    this.check("userExists", [userId]);
    return this.users.has(userId);
  }

  async mediaUploadLimit(): Promise<number | undefined> {
    this.check("mediaUploadLimit", []);
    return undefined;
  }

  async uploadMedia(file: MediaFile): Promise<string> {
    this.check("uploadMedia", [file]);
    const uri = `mxc://${this.serverName}/media${++this.counter}`;
    this.media.set(uri, file);
    return uri;
  }

  async deleteMedia(mxcUri: string): Promise<boolean> {
    this.check("deleteMedia", [mxcUri]);
    this.media.delete(mxcUri);
    return true;
  }

  // ---- inside -------------------------------------------------------------------------------

  private check(method: Method, args: unknown[]): void {
    const index = this.failures.findIndex((f) => f.method === method && f.when(...(args as never[])));
    if (index === -1) return;
    const [failure] = this.failures.splice(index, 1);
    throw failure!.error;
  }

  private nextRoomId(): string {
    return `!room${++this.counter}:${this.serverName}`;
  }

  private nextEventId(): string {
    return `$event${++this.counter}`;
  }

  /** The room, if the bot is joined to it; else the homeserver's 403. */
  private joinedRoom(roomId: string): FakeRoom {
    const room = this.rooms.get(roomId);
    if (!room || this.membership(roomId, this.botUserId) !== "join")
      throw new MatrixRequestError(403, "M_FORBIDDEN", `User ${this.botUserId} not in room ${roomId}`);
    return room;
  }

  private membership(roomId: string, userId: string): string | undefined {
    const content = this.rooms.get(roomId)?.state.get(key("m.room.member", userId))?.content;
    return typeof content?.membership === "string" ? content.membership : undefined;
  }

  private async setMembership(roomId: string, userId: string, membership: string, reason?: string) {
    this.users.add(userId);
    // A join is the user's own event; invites, kicks and the bot's leave are the bot's.
    const sender = membership === "join" ? userId : this.botUserId;
    const content = reason ? { membership, reason } : { membership };
    await this.putState(roomId, "m.room.member", userId, content, sender);
  }

  private async putState(
    roomId: string,
    type: string,
    stateKey: string,
    content: Record<string, unknown>,
    sender = this.botUserId,
  ): Promise<string> {
    const event: StateEventRecord = {
      type,
      state_key: stateKey,
      content,
      event_id: this.nextEventId(),
      sender,
    };
    this.rooms.get(roomId)!.state.set(key(type, stateKey), event);
    // The event counter stands for the appservice stream's position, which only grows.
    if (this.roomState && isTrackedState(type)) await this.roomState.apply(roomId, event, this.counter);
    return event.event_id;
  }
}

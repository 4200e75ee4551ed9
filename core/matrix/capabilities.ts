/**
 * What domain code may ask of the homeserver, one small interface per capability. An operation
 * names the few it uses (`gateway: RoomCreator & RoomStateWriter`), so its unit test needs only an
 * in-memory fake of those, and a reader sees at once that it cannot, say, kick anyone.
 * `MatrixGateway` (gateway.ts) is all of them with matrix-bot-sdk behind it.
 */

/** The bot's own user id: operations leave it out of lists of people, and it creates their rooms. */
export interface BotIdentity {
  readonly botUserId: string;
}

/** `m.room_versions` from `GET /_matrix/client/v3/capabilities`. */
export interface RoomVersionsCapability {
  default: string;
  available: Record<string, string>;
}

export interface RoomCreator {
  /** One createRoom call; returns the new room id. */
  createRoom(body: Record<string, unknown>): Promise<string>;
  /** The homeserver's `m.room_versions` capability; asked once per process. */
  roomVersions(): Promise<RoomVersionsCapability>;
}

export interface RoomStateReader {
  /** The content of a state event, or undefined if the room has none. */
  getState(roomId: string, type: string, stateKey: string): Promise<Record<string, unknown> | undefined>;
  /** The current state event itself (with its event id and sender), or undefined if the room has none. */
  getStateEvent(roomId: string, type: string, stateKey: string): Promise<Record<string, unknown> | undefined>;
  /** The room's full current state (after joining a room, to seed Plenum's copy). */
  roomStateEvents(roomId: string): Promise<Record<string, unknown>[]>;
}

export interface RoomStateWriter {
  /** Retried while the homeserver is away: writing the same state twice changes nothing. */
  sendState(
    roomId: string,
    type: string,
    stateKey: string,
    content: Record<string, unknown>,
  ): Promise<string>;
}

export interface MessageSender {
  /**
   * Idempotent: the homeserver returns the first event id again for a repeated txnId. Synapse
   * remembers an appservice's txnIds only in memory, so across its restart the event's
   * `org.plenum.txn_id` (see SENT_TXN_FIELD) is what keeps a retried send from posting twice.
   */
  sendEvent(roomId: string, type: string, content: Record<string, unknown>, txnId: string): Promise<string>;
}

export interface EventRedactor {
  /** Idempotent per txnId, like sendEvent. */
  redactEvent(roomId: string, eventId: string, reason: string, txnId: string): Promise<void>;
}

export interface RoomInviter {
  invite(roomId: string, userId: string, reason?: string): Promise<void>;
}

export interface RoomKicker {
  /** Removes a member, or withdraws a pending invite. */
  kick(roomId: string, userId: string, reason: string): Promise<void>;
}

/** The bot's own memberships. */
export interface RoomJoiner {
  joinRoom(roomIdOrAlias: string): Promise<string>;
  /** Every room the bot is joined to. */
  joinedRooms(): Promise<string[]>;
}

export interface RoomLeaver {
  /**
   * The bot leaves the room and forgets it (undoing a room it made, or rejecting an invite, when the
   * reason tells the inviter why).
   */
  leaveAndForget(roomId: string, reason?: string): Promise<void>;
}

/** Who is in a room now, as the homeserver says (Plenum's own copy is the room-state repository). */
export interface MembershipReader {
  joinedMembers(roomId: string): Promise<string[]>;
}

/** Names looked up on the homeserver. */
export interface Directory {
  resolveAlias(alias: string): Promise<string>;
  /** Whether the homeserver knows the user (a profile lookup answers). */
  userExists(userId: string): Promise<boolean>;
}

/** A file on disk or in memory for the media repository. */
export interface MediaFile {
  path?: string;
  data?: Buffer;
  contentType: string;
  fileName: string;
}

export interface MediaStore {
  /** The homeserver's `m.upload.size` in bytes; undefined if it states no limit. */
  mediaUploadLimit(): Promise<number | undefined>;
  /** Uploads a file to the media repository, streamed from disk; returns its mxc URI. */
  uploadMedia(file: MediaFile): Promise<string>;
  /**
   * Deletes local media through Synapse's admin API (needs `homeserver.admin_token`). Resolves to
   * false without an admin token, so callers can say that the media stays.
   */
  deleteMedia(mxcUri: string): Promise<boolean>;
}

/** What health checks and start-up ask of the connection itself. */
export interface HomeserverLink {
  /** Resolves if the homeserver answers its client API. */
  ping(): Promise<void>;
  /** How many sends are waiting to be retried right now (health reports them). */
  sendsOnHold(): number;
  ensureBotRegistered(): Promise<void>;
}

import { UserError } from "../errors/user-error.js";

/**
 * Who a policy entry names: one user, users matching a glob (`@*:example.org`), every user of a
 * server, or the members of a room (`!staff:example.org`).
 */
export type Actor =
  | { kind: "user"; userId: string }
  | { kind: "glob"; pattern: string }
  | { kind: "server"; serverName: string }
  | { kind: "room"; roomId: string };

// The historical user-id grammar (spec appendix "Historical User IDs") admits printable ASCII
// except ':'; anything else, such as a Cyrillic "а" standing in for "a", is a look-alike, not an id.
const LOCALPART = "[\\x21-\\x39\\x3b-\\x7e]+";
// Server names: a DNS name, IPv4 or bracketed IPv6 literal, optional port (spec appendix "Server Name").
const SERVER_NAME =
  "(?:\\[[0-9A-Fa-f:.]{2,45}\\]|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)(?::[0-9]{1,5})?";
const USER_ID = new RegExp(`^@${LOCALPART}:${SERVER_NAME}$`);
const GLOB = new RegExp(`^@${LOCALPART}:(?:\\*|${SERVER_NAME})$`);
const SERVER = new RegExp(`^${SERVER_NAME}$`);
// Room ids are opaque; v12 ids have no server part. Printable ASCII only, as for user ids.
const ROOM_ID = /^![\x21-\x7e]{1,254}$/;
const MAX_ID_LENGTH = 255;

export function isUserId(text: string): boolean {
  return text.length <= MAX_ID_LENGTH && USER_ID.test(text);
}

export function isServerName(text: string): boolean {
  return text.length <= MAX_ID_LENGTH && SERVER.test(text);
}

export function serverOf(userId: string): string {
  return userId.slice(userId.indexOf(":") + 1);
}

/** Throws a UserError naming the text when it is no actor. */
export function parseActor(text: string): Actor {
  if (text.length > MAX_ID_LENGTH) throw new UserError("policy.invalid_actor", { actor: text.slice(0, 40) });
  if (text.startsWith("@") && text.includes("*") && GLOB.test(text)) return { kind: "glob", pattern: text };
  if (isUserId(text)) return { kind: "user", userId: text };
  if (ROOM_ID.test(text)) return { kind: "room", roomId: text };
  if (isServerName(text)) return { kind: "server", serverName: text.toLowerCase() };
  throw new UserError("policy.invalid_actor", { actor: text });
}

export function formatActor(actor: Actor): string {
  switch (actor.kind) {
    case "user":
      return actor.userId;
    case "glob":
      return actor.pattern;
    case "server":
      return actor.serverName;
    case "room":
      return actor.roomId;
  }
}

function globMatches(pattern: string, userId: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`).test(userId);
}

export interface ActorLookup {
  /** Whether the user is joined to the room, from Plenum's copy of its state. */
  isJoined(roomId: string, userId: string): Promise<boolean>;
}

export async function actorMatches(actor: Actor, userId: string, lookup: ActorLookup): Promise<boolean> {
  switch (actor.kind) {
    case "user":
      return actor.userId === userId;
    case "glob":
      return globMatches(actor.pattern, userId);
    case "server":
      return serverOf(userId).toLowerCase() === actor.serverName;
    case "room":
      return lookup.isJoined(actor.roomId, userId);
  }
}

export async function anyActorMatches(
  actors: readonly Actor[],
  userId: string,
  lookup: ActorLookup,
): Promise<boolean> {
  for (const actor of actors) if (await actorMatches(actor, userId, lookup)) return true;
  return false;
}

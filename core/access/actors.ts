import { UserError } from "../errors/user-error.js";
import { isRoomId, isServerName, isUserId, MAX_ID_BYTES, userServerName } from "../matrix/ids.js";

/**
 * Who a policy entry names: one user, users matching a glob (`@*:example.org`), every user of a
 * server, or the members of a room (`!staff:example.org`).
 */
export type Actor =
  | { kind: "user"; userId: string }
  | { kind: "glob"; pattern: string }
  | { kind: "server"; serverName: string }
  | { kind: "room"; roomId: string };

/** A user id with `*` anywhere in its localpart, or `*` for its whole server part. */
function isGlob(text: string): boolean {
  if (!text.includes("*")) return false;
  return isUserId(text.endsWith(":*") ? `${text.slice(0, -1)}any.server` : text);
}

/** Throws a UserError naming the text when it is no actor. */
export function parseActor(text: string): Actor {
  if (text.length > MAX_ID_BYTES) throw new UserError("policy.invalid_actor", { actor: text.slice(0, 40) });
  if (isGlob(text)) return { kind: "glob", pattern: text };
  if (isUserId(text)) return { kind: "user", userId: text };
  if (isRoomId(text)) return { kind: "room", roomId: text };
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
      return userServerName(userId).toLowerCase() === actor.serverName;
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

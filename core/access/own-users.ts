import type { Config } from "../config/schema.js";
import { isUserId, userServerName } from "../matrix/ids.js";

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface OwnUsersOptions {
  /** The bot's localpart (`appservice.bot_localpart`); virtual users are `<localpart>_…`. */
  localpart: string;
  /** The homeserver's server name (`homeserver.domain`), exactly as it writes it into user ids. */
  domain: string;
}

/**
 * The users Plenum itself controls: the bot and its virtual users, i.e. the appservice's exclusive
 * namespace on its own homeserver, where Synapse lets nobody else register. Anywhere else a name is
 * what its server chose: `@plenum:other.server` or `@plenum_x:other.server` is a stranger like any
 * other, and the guards judge it like any other.
 */
export function ownUsers({ localpart, domain }: OwnUsersOptions) {
  const prefix = `@${escapeRegex(localpart)}`;
  const namespaced = new RegExp(`^${prefix}(?:_[^:]*)?:`);
  const isOwn = (userId: string): boolean =>
    isUserId(userId) && userServerName(userId) === domain && namespaced.test(userId);
  return {
    /** Whether the id is exactly one of Plenum's own: a well-formed id in the namespace, on this server. */
    isOwn,

    /**
     * Whether an id has an own user's localpart but is not one (another server, or malformed). Before
     * issue #15 Plenum took such users for its own and stored their joins unjudged.
     */
    posesAsOwn: (userId: string): boolean => namespaced.test(userId) && !isOwn(userId),

    /**
     * The namespace as the appservice registration gives it to Synapse, which matches it from the
     * start of an id (Python's re.match); the `$` keeps `@plenum:example.org.evil.example` out of it.
     */
    registrationRegex: `${prefix}(_.*)?:${escapeRegex(domain)}$`,
  };
}

export type OwnUsers = ReturnType<typeof ownUsers>;

export function ownUsersOf(config: Config): OwnUsers {
  return ownUsers({ localpart: config.appservice.bot_localpart, domain: config.homeserver.domain });
}

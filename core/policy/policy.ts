import { anyActorMatches, type ActorLookup } from "../access/actors.js";
import { maySchedule, type CreatorFacts } from "../access/authorization.js";
import { userServerName } from "../matrix/ids.js";
import type { Config } from "../config/schema.js";
import { UserError } from "../errors/user-error.js";
import type { Logger } from "../logging/logger.js";
import type { AuditRepository } from "../storage/audit.js";
import type { PolicyRepository, StoredValue } from "../storage/policy.js";
import type { RoomStateRepository } from "../storage/room-state.js";
import type { Clock } from "../time/clock.js";
import {
  POLICY_KEYS,
  policyKey,
  policyKeys,
  type Policy,
  type PolicyKey,
  type PolicyKeySpec,
} from "./keys.js";

/** What a set or reset did, in the canonical text of the values. */
export interface PolicyChange {
  key: string;
  before: string;
  after: string;
}

/** Keys a meeting room's editors may narrow (or, for servers, widen within partner_servers). */
export const ROOM_POLICY_KEYS = ["allowed_servers", "max_participants"] as const;
export type RoomPolicyKey = (typeof ROOM_POLICY_KEYS)[number];

/** Why a member may not be in a meeting room. */
export type ExclusionReason = "server" | "blocked";

export interface PolicyServiceDeps {
  config: Config;
  store: PolicyRepository;
  audit: AuditRepository;
  roomState: RoomStateRepository;
  clock: Clock;
  logger: Logger;
}

function specOf(key: PolicyKey): PolicyKeySpec<unknown> {
  return policyKeys[key] as PolicyKeySpec<unknown>;
}

function unknownKey(text: string, keys: readonly string[]): UserError {
  return new UserError("policy.unknown_key", { key: text.slice(0, 64), keys: keys.join(", ") });
}

/**
 * The policy in force: config seeds every key, admins' settings in the database override them, and a
 * meeting room's own settings apply on top where they stay within the global policy. Read from the
 * database on every use, so a change takes effect with the next command.
 */
export function policyService(deps: PolicyServiceDeps) {
  const { config, store, audit, clock } = deps;
  const context = { ownDomain: config.homeserver.domain };
  const lookup: ActorLookup = {
    isJoined: async (roomId, userId) => (await deps.roomState.membership(roomId, userId)) === "join",
  };

  function parseStored(key: PolicyKey, text: string): unknown {
    try {
      return specOf(key).parse(text, context);
    } catch {
      // A stored value the current rules refuse (e.g. after the domain changed) yields to the seed.
      deps.logger.warn({ key }, "stored policy value no longer valid; using the config's value");
      return specOf(key).seed(config);
    }
  }

  function globalFrom(stored: readonly StoredValue[]): Policy {
    const values = new Map(stored.map((s) => [s.key, s.value]));
    const entries = POLICY_KEYS.map((key) => {
      const text = values.get(key);
      return [key, text === undefined ? specOf(key).seed(config) : parseStored(key, text)];
    });
    return Object.fromEntries(entries) as Policy;
  }

  async function current(): Promise<Policy> {
    return globalFrom(await store.all());
  }

  function roomSettingsFrom(stored: readonly StoredValue[]): Partial<Record<RoomPolicyKey, string>> {
    const settings: Partial<Record<RoomPolicyKey, string>> = {};
    for (const setting of stored) {
      const key = ROOM_POLICY_KEYS.find((k) => k === setting.key);
      if (key) settings[key] = setting.value;
    }
    return settings;
  }

  async function roomSettings(roomId: string): Promise<Partial<Record<RoomPolicyKey, string>>> {
    return roomSettingsFrom(await store.forRoom(roomId));
  }

  function narrowed(global: Policy, settings: Partial<Record<RoomPolicyKey, string>>): Policy {
    const policy = { ...global };
    if (settings.allowed_servers !== undefined) {
      // Re-checked on every read: a partner the admins withdrew stops counting at once.
      const extra = policyKeys.partner_servers
        .parse(settings.allowed_servers, context)
        .filter((server) => global.partner_servers.includes(server));
      policy.allowed_servers = [...new Set([...global.allowed_servers, ...extra])];
    }
    if (settings.max_participants !== undefined) {
      const own = Number(settings.max_participants);
      if (Number.isSafeInteger(own)) policy.max_participants = Math.min(own, global.max_participants);
    }
    return policy;
  }

  async function record(actor: string, action: string, change: PolicyChange, roomId?: string) {
    await audit.record({
      at: clock.now(),
      actor,
      action,
      target: change.key,
      reason: `${change.before} → ${change.after}`,
      ...(roomId ? { roomId } : {}),
    });
  }

  return {
    current,

    async forRoom(roomId: string): Promise<Policy> {
      return narrowed(await current(), await roomSettings(roomId));
    },

    /** As `forRoom`, from the global and the room's settings the caller has already read. */
    forRoomFrom(global: readonly StoredValue[], room: readonly StoredValue[]): Policy {
      return narrowed(globalFrom(global), roomSettingsFrom(room));
    },

    async set(keyText: string, valueText: string, actor: string): Promise<PolicyChange> {
      const key = policyKey(keyText);
      if (!key) throw unknownKey(keyText, POLICY_KEYS);
      const spec = specOf(key);
      const after = spec.format(spec.parse(valueText, context));
      const change = { key, before: spec.format((await current())[key]), after };
      if (change.before === after) return change;
      await store.put({ key, value: after, changedBy: actor, changedAt: clock.now() });
      await record(actor, "policy_set", change);
      return change;
    },

    async reset(keyText: string, actor: string): Promise<PolicyChange> {
      const key = policyKey(keyText);
      if (!key) throw unknownKey(keyText, POLICY_KEYS);
      const spec = specOf(key);
      const change = {
        key,
        before: spec.format((await current())[key]),
        after: spec.format(spec.seed(config)),
      };
      await store.remove(key);
      if (change.before !== change.after) await record(actor, "policy_reset", change);
      return change;
    },

    /** The room's own settings, as typed in canonical form. */
    roomSettings,

    async setForRoom(
      roomId: string,
      keyText: string,
      valueText: string,
      actor: string,
    ): Promise<PolicyChange> {
      const key = ROOM_POLICY_KEYS.find((k) => k === keyText.toLowerCase());
      if (!key) throw unknownKey(keyText, ROOM_POLICY_KEYS);
      const global = await current();
      let after: string;
      if (key === "allowed_servers") {
        const servers = policyKeys.partner_servers.parse(valueText, context);
        const outside = servers.filter((s) => !global.partner_servers.includes(s));
        if (outside.length > 0)
          throw new UserError("policy.room_server_not_partner", {
            servers: outside.join(", "),
            partners: policyKeys.partner_servers.format(global.partner_servers),
          });
        after = policyKeys.partner_servers.format(servers);
      } else {
        const max = policyKeys.max_participants.parse(valueText, context);
        if (max > global.max_participants)
          throw new UserError("policy.room_wider", { key, max: global.max_participants });
        after = String(max);
      }
      const before = (await roomSettings(roomId))[key] ?? "-";
      const change = { key, before, after };
      if (before === after) return change;
      await store.putForRoom(roomId, { key, value: after, changedBy: actor, changedAt: clock.now() });
      await record(actor, "room_policy_set", change, roomId);
      return change;
    },

    async resetForRoom(roomId: string, keyText: string, actor: string): Promise<PolicyChange> {
      const key = ROOM_POLICY_KEYS.find((k) => k === keyText.toLowerCase());
      if (!key) throw unknownKey(keyText, ROOM_POLICY_KEYS);
      const change = { key, before: (await roomSettings(roomId))[key] ?? "-", after: "-" };
      await store.removeForRoom(roomId, key);
      if (change.before !== "-") await record(actor, "room_policy_reset", change, roomId);
      return change;
    },

    /** What the creators rule (`maySchedule`) decides on, for one user. */
    async creatorFacts(userId: string): Promise<CreatorFacts> {
      const policy = await current();
      return {
        namedByCreators: await anyActorMatches(policy.creators, userId, lookup),
        blocked: await anyActorMatches(policy.blocked, userId, lookup),
      };
    },

    /** Whether the user may schedule meetings. */
    async mayCreate(userId: string): Promise<boolean> {
      return maySchedule(await this.creatorFacts(userId));
    },

    /** Undefined when the user may be in the room (or be invited to it). */
    async exclusion(userId: string, roomId?: string): Promise<ExclusionReason | undefined> {
      return this.exclusionUnder(roomId ? await this.forRoom(roomId) : await current(), userId);
    },

    /** As `exclusion`, under a policy the caller has already read (for checking many users or one hot path). */
    async exclusionUnder(policy: Policy, userId: string): Promise<ExclusionReason | undefined> {
      if (await anyActorMatches(policy.blocked, userId, lookup)) return "blocked";
      if (!policy.allowed_servers.includes(userServerName(userId).toLowerCase())) return "server";
      return undefined;
    },
  };
}

export type PolicyService = ReturnType<typeof policyService>;

/**
 * Servers whose users the policy could admit to some meeting room: the allowed servers, and the
 * partner servers a meeting room's editors may add. Plenum deals with these servers and no others.
 */
export function serversPolicyAdmits(policy: Pick<Policy, "allowed_servers" | "partner_servers">): string[] {
  return [...new Set([...policy.allowed_servers, ...policy.partner_servers])];
}

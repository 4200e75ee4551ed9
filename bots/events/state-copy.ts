import type { Logger } from "../../core/logging/logger.js";
import type { MatrixGateway } from "../../core/matrix/gateway.js";
import { MatrixRequestError } from "../../core/matrix/errors.js";
import {
  isTrackedState,
  type HeldState,
  type RoomStateRepository,
  type StateEventRecord,
} from "../../core/storage/room-state.js";
import type { Clock } from "../../core/time/clock.js";

export interface StateCopyOptions {
  gateway: Pick<MatrixGateway, "botUserId" | "getStateEvent">;
  roomState: RoomStateRepository;
  clock: Clock;
}

function asRecord(event: Record<string, unknown>): StateEventRecord | undefined {
  const { type, state_key: stateKey, event_id: eventId, sender, content } = event;
  if (typeof type !== "string" || typeof stateKey !== "string" || typeof eventId !== "string")
    return undefined;
  return {
    type,
    state_key: stateKey,
    event_id: eventId,
    sender: typeof sender === "string" ? sender : "",
    // A redacted or malformed event counts as empty content, as the homeserver treats it.
    content:
      typeof content === "object" && content !== null && !Array.isArray(content)
        ? (content as Record<string, unknown>)
        : {},
  };
}

/**
 * Keeps Plenum's copy of a room's access state in the homeserver's order. Events are applied in the
 * order the appservice stream delivered them (their inbox position), never by the sender's clock.
 * Where the event does not follow on what the copy holds for its key — it replaced a different event
 * (a fork the homeserver resolved, or an event older than the snapshot taken at the bot's join) —
 * the homeserver is asked what holds now for that one key, and its answer is stored instead.
 * When the bot leaves the room, or is kicked or banned, the room's copy is forgotten.
 */
export function roomStateCopy({ gateway, roomState, clock }: StateCopyOptions) {
  async function homeserverAnswer(
    roomId: string,
    event: StateEventRecord,
    log: Logger,
  ): Promise<StateEventRecord> {
    try {
      const current = await gateway.getStateEvent(roomId, event.type, event.state_key);
      const record = current && asRecord(current);
      if (record) return record;
      log.warn(
        { type: event.type, state_key: event.state_key },
        "homeserver gave no state event; event kept",
      );
    } catch (error) {
      // The bot is out of the room already: its own leave follows in the stream and forgets the room.
      if (!(error instanceof MatrixRequestError && error.status === 403)) throw error;
    }
    return event;
  }

  return {
    /**
     * Applies a tracked state event taken from the inbox at `position`; returns what the copy held for
     * its key before (the homeserver does not always send prev_content).
     */
    async follow(
      roomId: string,
      raw: Record<string, unknown>,
      position: number,
      log: Logger,
    ): Promise<HeldState | undefined> {
      const event = isTrackedState(raw.type) ? asRecord(raw) : undefined;
      if (!event) return undefined;
      const membership = event.content.membership;
      if (event.type === "m.room.member" && event.state_key === gateway.botUserId) {
        if (membership === "leave" || membership === "ban") {
          await roomState.forget(roomId, membership, clock.now());
          log.info({ membership }, "bot is no longer in the room; its copy of the room is forgotten");
          return undefined;
        }
        // The bot's own invite and join: the snapshot taken at the join (onInvite) is the copy.
        await roomState.apply(roomId, event, position);
        return undefined;
      }
      const held = await roomState.held(roomId, event.type, event.state_key);
      // Already copied (in the snapshot taken at the bot's join): what came before it is not known.
      if (held?.eventId === event.event_id) return undefined;
      // Synapse names the state event this one replaced in `unsigned.replaces_state`.
      const replaced = (raw.unsigned as { replaces_state?: unknown } | undefined)?.replaces_state;
      const follows = held ? replaced === held.eventId : replaced === undefined;
      const record = follows ? event : await homeserverAnswer(roomId, event, log);
      if (!follows)
        log.debug(
          { type: event.type, state_key: event.state_key, held: held?.eventId, answer: record.event_id },
          "state event does not follow the copy; asked the homeserver",
        );
      await roomState.apply(roomId, record, position);
      return held;
    },
  };
}

export type RoomStateCopy = ReturnType<typeof roomStateCopy>;

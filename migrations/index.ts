import type { Knex } from "knex";
import * as foundation from "./20261123090000_foundation.js";
import * as meetings from "./20261123100000_meetings.js";
import * as roomState from "./20261123110000_room_state.js";
import * as attendance from "./20261123120000_attendance.js";
import * as audit from "./20261123130000_audit.js";
import * as policy from "./20261123140000_policy.js";
import * as recordings from "./20261123150000_recordings.js";
import * as speakerLists from "./20261123155000_speaker_lists.js";
import * as breakouts from "./20261123160000_breakouts.js";
import * as guestLinks from "./20261123170000_guest_links.js";
import * as publicSessions from "./20261123180000_public_sessions.js";
import * as leaderLease from "./20261123190000_leader_lease.js";
import * as cryptoDevice from "./20261123200000_crypto_device.js";
import * as recordingCopies from "./20261123210000_recording_copies.js";
import * as homeserverOrder from "./20261201090000_homeserver_order.js";
import * as calendarTokenExpiry from "./20261204120000_calendar_token_expiry.js";
import * as upgradeSafety from "./20261204180000_upgrade_safety.js";
import * as cryptoStore from "./20261205090000_crypto_store.js";
import * as occurrenceOverrides from "./20261206090000_occurrence_overrides.js";
import * as serviceRequests from "./20261206100000_service_requests.js";
import * as emailInvitations from "./20261210090000_email_invitations.js";
import * as roomLanguages from "./20261210100000_room_languages.js";
import * as meetingWelcomes from "./20261211090000_meeting_welcomes.js";
import * as councilCalls from "./20261212090000_council_calls.js";
import * as roomInviters from "./20261213090000_room_inviters.js";

export interface Migration {
  name: string;
  /**
   * True when the Plenum versions before this migration keep working against the database it
   * leaves (it only adds tables, nullable columns or indexes they ignore): the new version may then
   * start beside running old instances, and an old one may restart against it. Anything else
   * (renaming, dropping, changing what a column means) leaves it unset, and the migration waits
   * until no older instance runs; see docs/operating.md#upgrading.
   */
  runsBesideOlder?: boolean;
  up(knex: Knex): Promise<void>;
  /** Migrations are forward-only; knex requires the function to exist. */
  down(knex: Knex): Promise<void>;
}

function forwardOnly(migration: Omit<Migration, "down">): Migration {
  return {
    ...migration,
    down: async () => {
      throw new Error(`Migration ${migration.name} is forward-only; restore a backup to go back.`);
    },
  };
}

/** Every migration in order. A landed migration is never edited; add a new dated file instead. */
export const migrations: Migration[] = [
  foundation,
  meetings,
  roomState,
  attendance,
  audit,
  policy,
  recordings,
  speakerLists,
  breakouts,
  guestLinks,
  publicSessions,
  leaderLease,
  cryptoDevice,
  recordingCopies,
  homeserverOrder,
  calendarTokenExpiry,
  upgradeSafety,
  cryptoStore,
  occurrenceOverrides,
  serviceRequests,
  emailInvitations,
  roomLanguages,
  meetingWelcomes,
  councilCalls,
  roomInviters,
].map(forwardOnly);

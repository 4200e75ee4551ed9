import { randomBytes } from "node:crypto";
import type { Database } from "./database.js";

/** What a service's request under one Idempotency-Key found. */
export type RequestClaim =
  /** The caller is the first (or takes over an abandoned attempt) and makes the meeting. */
  | { kind: "claimed"; claim: string }
  /** A request under this key already made a meeting. */
  | { kind: "done"; fingerprint: string; meetingId: string }
  /** Another request under this key is being worked on. */
  | { kind: "pending"; fingerprint: string };

export interface ClaimRequest {
  serviceId: string;
  key: string;
  fingerprint: string;
  now: number;
  /** A claim older than this without a meeting was abandoned (its process died) and may be taken over. */
  abandonedAfterMs: number;
}

/**
 * The Idempotency-Keys of each service, kept with the meeting each one made, so the same request
 * again (a retry after a lost answer, from any instance, after a restart) answers with that meeting.
 */
export function serviceRequestsRepository(db: Database) {
  const table = () => db("service_requests");
  const where = (serviceId: string, key: string) => ({ service_id: serviceId, idempotency_key: key });

  return {
    async claim(request: ClaimRequest): Promise<RequestClaim> {
      const { serviceId, key, fingerprint, now } = request;
      const claim = randomBytes(16).toString("hex");
      await table()
        .insert({ ...where(serviceId, key), fingerprint, claim, claimed_at: now, meeting_id: null })
        .onConflict(["service_id", "idempotency_key"])
        .ignore();
      const row = await table().where(where(serviceId, key)).first();
      if (row.claim === claim) return { kind: "claimed", claim };
      if (row.meeting_id) return { kind: "done", fingerprint: row.fingerprint, meetingId: row.meeting_id };
      if (Number(row.claimed_at) > now - request.abandonedAfterMs)
        return { kind: "pending", fingerprint: row.fingerprint };
      const taken = await table()
        .where({ ...where(serviceId, key), claim: row.claim, meeting_id: null })
        .update({ fingerprint, claim, claimed_at: now });
      return taken === 1 ? { kind: "claimed", claim } : { kind: "pending", fingerprint: row.fingerprint };
    },

    /** Records the meeting a claimed request made. */
    async complete(serviceId: string, key: string, claim: string, meetingId: string): Promise<void> {
      await table()
        .where({ ...where(serviceId, key), claim })
        .update({ meeting_id: meetingId });
    },

    /** Deletes the key if it was last claimed at or before `claimedUpTo` (its retention is over). */
    async forget(serviceId: string, key: string, claimedUpTo: number): Promise<void> {
      await table().where(where(serviceId, key)).where("claimed_at", "<=", claimedUpTo).delete();
    },

    /** Gives a claim up after the request failed, so the same key may be tried again. */
    async release(serviceId: string, key: string, claim: string): Promise<void> {
      await table()
        .where({ ...where(serviceId, key), claim, meeting_id: null })
        .delete();
    },
  };
}

export type ServiceRequestsRepository = ReturnType<typeof serviceRequestsRepository>;

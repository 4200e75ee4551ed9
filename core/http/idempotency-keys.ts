import { createHash } from "node:crypto";
import type { JobHandler } from "../scheduling/scheduler.js";
import type { JobsRepository } from "../storage/jobs.js";
import type { ClaimRequest, RequestClaim, ServiceRequestsRepository } from "../storage/service-requests.js";
import type { Clock } from "../time/clock.js";

export const FORGET_IDEMPOTENCY_KEY = "service.forget-key";

/**
 * How long a service's Idempotency-Key is kept after its first use: a repeat within this time answers
 * with the meeting the key made; after it, the key is deleted and would make a new meeting. Groupware
 * retries a lost answer within minutes or hours, so a week is ample, and the table stays small.
 */
export const IDEMPOTENCY_KEY_RETENTION_MS = 7 * 86_400_000;

export interface IdempotencyDeps {
  serviceRequests: Pick<ServiceRequestsRepository, "claim" | "forget">;
  jobs: Pick<JobsRepository, "schedule">;
  clock: Clock;
}

interface ForgetPayload {
  serviceId: string;
  key: string;
  claimedAt: number;
}

/** Claims a key as ServiceRequestsRepository.claim does, and plans the claim's deletion after the retention. */
export async function claimIdempotencyKey(
  deps: IdempotencyDeps,
  request: Omit<ClaimRequest, "now">,
): Promise<RequestClaim> {
  const now = deps.clock.now();
  const claim = await deps.serviceRequests.claim({ ...request, now });
  if (claim.kind === "claimed") {
    const payload: ForgetPayload = { serviceId: request.serviceId, key: request.key, claimedAt: now };
    // The job's key is logged: it names the key by a digest only (a service may put anything into it).
    const digest = createHash("sha256").update(request.key).digest("hex").slice(0, 32);
    await deps.jobs.schedule({
      kind: FORGET_IDEMPOTENCY_KEY,
      key: `${request.serviceId}:${digest}:${now}`,
      payload: { ...payload },
      dueAt: now + IDEMPOTENCY_KEY_RETENTION_MS,
    });
  }
  return claim;
}

export function idempotencyJobHandlers(
  deps: Pick<IdempotencyDeps, "serviceRequests">,
): Record<string, JobHandler> {
  return {
    [FORGET_IDEMPOTENCY_KEY]: async (job) => {
      const { serviceId, key, claimedAt } = job.payload as unknown as ForgetPayload;
      // A claim taken over later (after a crash) has a job of its own.
      await deps.serviceRequests.forget(serviceId, key, claimedAt);
    },
  };
}

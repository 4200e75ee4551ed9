import {
  serviceRequestsRepository,
  type ServiceRequestsRepository,
} from "../../core/storage/service-requests.js";
import { databaseKinds, freshDatabasePerTest } from "../support/databases.js";

const NOW = Date.parse("2026-12-06T12:00:00Z");
const ABANDONED_MS = 10 * 60_000;

describe.each(databaseKinds())("service request keys on %s", (kind) => {
  const db = freshDatabasePerTest(kind);
  let requests: ServiceRequestsRepository;
  const attempt = (fingerprint = "f1", now = NOW, serviceId = "ox", key = "k1") =>
    requests.claim({ serviceId, key, fingerprint, now, abandonedAfterMs: ABANDONED_MS });

  beforeEach(() => {
    requests = serviceRequestsRepository(db());
  });

  test("the first request under a key claims it, and a repeat then finds the meeting it made", async () => {
    const first = await attempt();
    expect(first.kind).toBe("claimed");
    if (first.kind !== "claimed") return;
    await requests.complete("ox", "k1", first.claim, "ABC123");
    expect(await attempt("f2")).toEqual({ kind: "done", fingerprint: "f1", meetingId: "ABC123" });
  });

  test("a request under a key another request is working on finds it pending", async () => {
    await attempt();
    expect(await attempt("f1", NOW + 1000)).toEqual({ kind: "pending", fingerprint: "f1" });
  });

  test("a claim abandoned by a crashed process is taken over after a while", async () => {
    await attempt();
    expect((await attempt("f2", NOW + ABANDONED_MS + 1)).kind).toBe("claimed");
  });

  test("a released claim lets the same key be tried again", async () => {
    const first = await attempt();
    if (first.kind !== "claimed") throw new Error("expected a claim");
    await requests.release("ox", "k1", first.claim);
    expect((await attempt()).kind).toBe("claimed");
  });

  test("each service has keys of its own", async () => {
    await attempt();
    expect((await attempt("f1", NOW, "exchange")).kind).toBe("claimed");
  });
});

import type { Database } from "./database.js";

export interface AuditEntry {
  at: number;
  /** The user who acted, or the bot for enforcement actions. */
  actor: string;
  action: string;
  roomId?: string;
  target?: string;
  reason: string;
}

/** The audit log: appended to, never changed. */
export function auditRepository(db: Database) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      await db("audit_log").insert({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        room_id: entry.roomId ?? null,
        target: entry.target ?? null,
        reason: entry.reason,
      });
    },
    /** Newest first; with `user`, only entries where that user acted or was acted on. */
    async recent(limit: number, user?: string): Promise<AuditEntry[]> {
      const query = db("audit_log").orderBy("id", "desc").limit(limit);
      if (user) query.where((q) => q.where({ actor: user }).orWhere({ target: user }));
      const rows = await query;
      return rows.map((row) => ({
        at: Number(row.at),
        actor: String(row.actor),
        action: String(row.action),
        ...(row.room_id ? { roomId: String(row.room_id) } : {}),
        ...(row.target ? { target: String(row.target) } : {}),
        reason: String(row.reason),
      }));
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;

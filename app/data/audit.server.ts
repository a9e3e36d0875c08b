import { auditLog } from "../../db/schema";
import type { DbOrTx } from "./db.server";

export interface AuditEntry {
  userId: number | null;
  action: string;
  entityType: string;
  entityId: number;
  bidId?: number | null;
  cspId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit row. Call it inside the transaction that makes the change. */
export function recordAudit(tx: DbOrTx, entry: AuditEntry, at: string = new Date().toISOString()) {
  tx.insert(auditLog)
    .values({
      at,
      userId: entry.userId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      bidId: entry.bidId ?? null,
      cspId: entry.cspId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .run();
}

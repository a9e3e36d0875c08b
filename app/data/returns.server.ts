import { and, eq, sql } from "drizzle-orm";
import { bids, fundingStreams, grantReturns, grants, rounds } from "../../db/schema";
import { returnPeriods } from "../domain/return-periods";
import { recordAudit } from "./audit.server";
import type { ReturnStatus } from "../domain/return-lifecycle";
import { db, type DbOrTx, type Tx } from "./db.server";

/**
 * Makes a grant's returns match its dates: one for every financial quarter it runs in, due the
 * stream's number of days after the quarter. Called when the offer is accepted and whenever the
 * grant's dates change. Existing returns are kept (their due date follows the stream); a return for
 * a quarter the grant no longer runs in is removed only if nothing was ever written in it.
 * Returns how many were made and removed.
 */
export function syncReturnsForGrant(tx: Tx, grantId: number, userId: number | null, now = new Date().toISOString()): { made: number; removed: number } {
  const grant = tx
    .select({ id: grants.id, cspId: grants.cspId, bidId: grants.bidId, startDate: bids.startDate, endDate: bids.endDate, returnDueDays: fundingStreams.returnDueDays })
    .from(grants)
    .innerJoin(bids, eq(bids.id, grants.bidId))
    .innerJoin(rounds, eq(rounds.id, bids.roundId))
    .innerJoin(fundingStreams, eq(fundingStreams.id, rounds.streamId))
    .where(eq(grants.id, grantId))
    .get();
  if (!grant || !grant.startDate || !grant.endDate) return { made: 0, removed: 0 };
  const periods = returnPeriods({ startDate: grant.startDate, endDate: grant.endDate }, grant.returnDueDays);
  const existing = tx
    .select({ id: grantReturns.id, startYear: grantReturns.startYear, quarter: grantReturns.quarter, status: grantReturns.status, version: grantReturns.version })
    .from(grantReturns)
    .where(eq(grantReturns.grantId, grantId))
    .all();
  const key = (p: { startYear: number; quarter: number }) => `${p.startYear}-${p.quarter}`;
  const have = new Map(existing.map((r) => [key(r), r]));
  const wanted = new Set(periods.map(key));
  let made = 0;
  let removed = 0;
  for (const p of periods) {
    const found = have.get(key(p));
    if (found) {
      tx.update(grantReturns).set({ dueOn: p.dueOn, periodStart: p.periodStart, periodEnd: p.periodEnd }).where(eq(grantReturns.id, found.id)).run();
      continue;
    }
    const row = tx.insert(grantReturns).values({ grantId, ...p, status: "not_started", updatedAt: now }).returning({ id: grantReturns.id }).get();
    recordAudit(tx, { userId, action: "return.created", entityType: "return", entityId: row.id, bidId: grant.bidId, cspId: grant.cspId, after: { grantId, ...p } }, now);
    made += 1;
  }
  for (const r of existing) {
    // Never started and never saved (version 1): nothing the partnership wrote is lost.
    if (!wanted.has(key(r)) && r.status === "not_started" && r.version === 1) {
      tx.delete(grantReturns).where(and(eq(grantReturns.id, r.id), eq(grantReturns.version, 1))).run();
      recordAudit(tx, { userId, action: "return.removed", entityType: "return", entityId: r.id, bidId: grant.bidId, cspId: grant.cspId, before: { grantId, startYear: r.startYear, quarter: r.quarter } }, now);
      removed += 1;
    }
  }
  return { made, removed };
}

/** How many returns a grant has, for tests and summaries. */
export function countReturns(tx: Tx, grantId: number): number {
  return tx.get<{ n: number }>(sql`select count(*) as n from grant_returns where grant_id = ${grantId}`).n;
}

export interface ReturnHeader {
  id: number;
  grantId: number;
  startYear: number;
  quarter: number;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  status: ReturnStatus;
  version: number;
}

/** What the access check needs to know of a return. */
export function findReturnHeader(returnId: number, tx: DbOrTx = db()): ReturnHeader | undefined {
  return tx
    .select({
      id: grantReturns.id, grantId: grantReturns.grantId, startYear: grantReturns.startYear, quarter: grantReturns.quarter,
      periodStart: grantReturns.periodStart, periodEnd: grantReturns.periodEnd, dueOn: grantReturns.dueOn, status: grantReturns.status, version: grantReturns.version,
    })
    .from(grantReturns)
    .where(eq(grantReturns.id, returnId))
    .get();
}

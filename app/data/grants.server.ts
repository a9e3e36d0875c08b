import { eq } from "drizzle-orm";
import { bids, grants } from "../../db/schema";
import type { BidStatus } from "../domain/bid-lifecycle";
import type { OfferResponse } from "../../db/schema/decisions";
import { db, type DbOrTx } from "./db.server";

/**
 * Grants: an approved bid's offer, its acceptance and what follows from it. (Recording the PCC
 * decision that makes or changes a grant is in decisions.server.ts.)
 */

export interface GrantHeader {
  id: number;
  bidId: number;
  cspId: number;
  /** The bid's status: a grant is only ever seen by those who may see its (submitted) bid. */
  status: BidStatus;
  decisionId: number;
  version: number;
  offerStatus: OfferResponse;
  acceptBy: string;
  withdrawnAt: string | null;
}

/** What the access check needs to know of a grant. */
export function findGrantHeader(grantId: number, tx: DbOrTx = db()): GrantHeader | undefined {
  return tx
    .select({
      id: grants.id, bidId: grants.bidId, cspId: grants.cspId, status: bids.status, decisionId: grants.decisionId,
      version: grants.version, offerStatus: grants.offerStatus, acceptBy: grants.acceptBy, withdrawnAt: grants.withdrawnAt,
    })
    .from(grants)
    .innerJoin(bids, eq(bids.id, grants.bidId))
    .where(eq(grants.id, grantId))
    .get() as GrantHeader | undefined;
}

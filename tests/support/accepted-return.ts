import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getBidDetail } from "../../app/data/bids.server";
import { db, type Db } from "../../app/data/db.server";
import { recordDecision } from "../../app/data/decisions.server";
import { syncReturnsForGrant } from "../../app/data/returns.server";
import { EDITABLE_RETURN_STATUSES } from "../../app/domain/return-lifecycle";
import { bids, grantReturns, grants, users } from "../../db/schema";
import { decisionInput } from "./decision-input";

/**
 * The one way the test helpers accept an offer without its page (accepted-grant.ts and
 * after-award-fixtures.ts call it too): the grant's offer, if still offered, marked accepted as
 * the portal's acceptance leaves it (declaration, version one up), and its returns made with
 * `syncReturnsForGrant`, in one transaction, without the acceptance's audit entry and e-mails.
 * Works on any connection, so an end-to-end spec can open the served database itself. Returns the
 * grant's returns, earliest first.
 */
export function acceptOfferForTest(
  database: Db,
  grantId: number,
  userId: number,
  now = new Date().toISOString(),
  declaration: { name: string; role: string } = { name: "Test Lead", role: "Community Safety Lead" },
): number[] {
  database.transaction(
    (tx) => {
      const accepted = tx.update(grants)
        .set({
          offerStatus: "accepted", respondedBy: userId, respondedAt: now, declarationName: declaration.name, declarationRole: declaration.role,
          declarationDate: now.slice(0, 10), version: sql`${grants.version} + 1`,
        })
        .where(and(eq(grants.id, grantId), eq(grants.offerStatus, "offered")))
        .run();
      // An offer already accepted already has its returns: they are left alone (some may be in a closed year).
      if (accepted.changes === 1) syncReturnsForGrant(tx, grantId, userId, now);
    },
    { behavior: "immediate" },
  );
  return database.select({ id: grantReturns.id }).from(grantReturns).where(eq(grantReturns.grantId, grantId)).orderBy(asc(grantReturns.startYear), asc(grantReturns.quarter)).all().map((r) => r.id);
}

/** The first return of a grant that still takes changes (and files), or undefined. */
export function editableReturnOf(database: Db, grantId: number): number | undefined {
  return database
    .select({ id: grantReturns.id })
    .from(grantReturns)
    .where(and(eq(grantReturns.grantId, grantId), inArray(grantReturns.status, [...EDITABLE_RETURN_STATUSES])))
    .orderBy(asc(grantReturns.startYear), asc(grantReturns.quarter))
    .get()?.id;
}

export const userIdByEmail = (database: Db, email: string) => database.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;

/** A CSP lead of the grant's partnership, who accepts its offer (or, for a partnership with none, the administrator). */
export function leadOfGrant(database: Db, grantId: number): number {
  const grant = database.select({ cspId: grants.cspId }).from(grants).where(eq(grants.id, grantId)).get()!;
  const lead = database.select({ id: users.id }).from(users).where(and(eq(users.organisationId, grant.cspId), eq(users.role, "csp_lead"))).orderBy(asc(users.id)).get();
  return lead?.id ?? database.select({ id: users.id }).from(users).where(eq(users.role, "admin")).orderBy(asc(users.id)).get()!.id;
}

export const grantOfBid = (database: Db, title: string) =>
  database.select({ id: grants.id }).from(grants).innerJoin(bids, eq(bids.id, grants.bidId)).where(eq(bids.title, title)).get()?.id;

/**
 * For the integration tests (whose database holds the demo as submitted, before any decision): a
 * seeded bid approved by the PCC if it has not been, its offer accepted and its returns made.
 * Returns the grant and its returns, earliest first.
 */
export function acceptedGrantForTest(bidTitle: string): { grantId: number; returnIds: number[] } {
  const database = db();
  let grantId = grantOfBid(database, bidTitle);
  if (!grantId) {
    const bid = getBidDetail(database.select({ id: bids.id }).from(bids).where(eq(bids.title, bidTitle)).get()!.id)!;
    const result = recordDecision(
      bid.id,
      userIdByEmail(database, "reviewer@demo.opcc.test"),
      bid.version,
      decisionInput({ decidedOn: "2023-07-20", withoutReviewReason: "Decided at once so that the tests have a grant with returns." }),
    );
    if (result.kind !== "recorded") throw new Error(`Could not decide ${bidTitle}: ${JSON.stringify(result)}`);
    grantId = grantOfBid(database, bidTitle)!;
  }
  // Accepted a week after its July 2023 decision, as the demo's offers were.
  return { grantId, returnIds: acceptOfferForTest(database, grantId, leadOfGrant(database, grantId), "2023-07-28T10:00:00.000Z") };
}

import { eq, sql } from "drizzle-orm";
import { getBidDetail } from "../../app/data/bids.server";
import { db } from "../../app/data/db.server";
import { recordDecision } from "../../app/data/decisions.server";
import { syncReturnsForGrant } from "../../app/data/returns.server";
import type { PaymentBasis } from "../../app/domain/payment-schedule";
import { grantReturns, grants } from "../../db/schema";
import { bidIdByTitle } from "../integration/helpers";
import { userId } from "./requests";

/**
 * Grants for the payments and reminders tests, made through the portal's own recordDecision on a
 * seeded (submitted) 2023-24 bid, decided without a moderated score. Until the offers work lands,
 * acceptance is written straight to the grant (as the CSP lead's acceptance would leave it) and
 * its returns made with syncReturnsForGrant, as acceptance does.
 */

export function decideGrant(title: string, { paymentBasis = "quarterly_arrears" as PaymentBasis, decidedOn = "2023-07-20", at = "2023-07-21T10:00:00.000Z" } = {}): number {
  const bidId = bidIdByTitle(title);
  // Another suite's helper in the same file may have decided the bid already: its grant serves.
  const existing = db().select({ id: grants.id }).from(grants).where(eq(grants.bidId, bidId)).get();
  if (existing) return existing.id;
  const result = recordDecision(bidId, userId("reviewer"), getBidDetail(bidId)!.version, {
    outcome: "approve",
    approvedByLine: {},
    decidedOn,
    decisionMaker: "Police and Crime Commissioner for Leicestershire",
    leadOfficer: "Rachel Ward, Commissioning Officer",
    reasons: "Meets the plan's priorities.",
    conditionIds: [],
    writtenConditions: [],
    declarationOfInterests: "None",
    publishable: true,
    foiExemption: null,
    paymentBasis,
    withoutReviewReason: "Decided for the payments tests without a review.",
  }, at);
  if (result.kind !== "recorded" || !result.grantId) throw new Error(`Could not decide ${title}: ${JSON.stringify(result)}`);
  return result.grantId;
}

/** The partnership's lead accepts the offer on `at`; the grant's returns are made. */
export function acceptOffer(grantId: number, at = "2023-07-28T10:00:00.000Z") {
  const lead = userId("meltonLead");
  db().transaction((tx) => {
    tx.update(grants)
      .set({ offerStatus: "accepted", respondedBy: lead, respondedAt: at, declarationName: "Aysha Rahman", declarationRole: "Community Safety Manager", declarationDate: at.slice(0, 10), version: sql`${grants.version} + 1` })
      .where(eq(grants.id, grantId))
      .run();
    syncReturnsForGrant(tx, grantId, lead, at);
  });
}

export function acceptedGrant(title: string, options: Parameters<typeof decideGrant>[1] & { acceptedAt?: string } = {}): number {
  const grantId = decideGrant(title, options);
  acceptOffer(grantId, options.acceptedAt);
  return grantId;
}

/** Marks a grant's returns (or those due by `dueBy`) submitted on their due date and accepted, as the returns pages would leave them. */
export function returnsAccepted(grantId: number, dueBy = "9999-12-31") {
  db().run(sql`update grant_returns set status = 'accepted', first_submitted_at = due_on || 'T09:00:00.000Z', submitted_at = due_on || 'T09:00:00.000Z',
    accepted_at = due_on || 'T15:00:00.000Z', version = version + 1 where grant_id = ${grantId} and due_on <= ${dueBy}`);
}

/** Marks one return submitted and then queried by the OPCC at `queriedAt` (with the review row a query leaves). */
export function returnQueried(returnId: number, queriedAt: string) {
  db().run(sql`update grant_returns set status = 'queried', first_submitted_at = coalesce(first_submitted_at, ${queriedAt}), submitted_at = coalesce(submitted_at, ${queriedAt}), version = version + 1 where id = ${returnId}`);
  db().run(sql`insert into return_reviews (return_id, action, comment, by_user, at) values (${returnId}, 'queried', 'Please explain the underspend.', ${userId("reviewer")}, ${queriedAt})`);
}

export function returnsOf(grantId: number) {
  return db().select().from(grantReturns).where(eq(grantReturns.grantId, grantId)).orderBy(grantReturns.startYear, grantReturns.quarter).all();
}

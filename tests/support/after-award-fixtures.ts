import { and, asc, eq, sql } from "drizzle-orm";
import { getBidDetail } from "../../app/data/bids.server";
import { db } from "../../app/data/db.server";
import { recordDecision, type DecisionInput } from "../../app/data/decisions.server";
import type { ReturnStatus } from "../../app/domain/return-lifecycle";
import { bidCostLines, decisionLines, grantPayments, grantReturns, grants, payments, returnForecasts, returnLines } from "../../db/schema";
import { acceptOfferForTest } from "./accepted-return";
import { decisionInput } from "./decision-input";
import { userId, type AnyDemoUser } from "./requests";

/**
 * Rows after the award, written straight into the test's database for tests that need a grant's
 * position without going through every page that makes it: a decision (through the portal's own
 * recordDecision, without a review), the offer accepted and its returns made (syncReturnsForGrant),
 * returns in any state with their actuals and forecasts, and payments against the instalments.
 * The writes here skip the life-cycle and audit on purpose: they set up a state, they are not what
 * is being tested.
 */

/** Approves (or part-approves) a submitted bid and returns its grant. The bid is decided without a moderated score. */
export function decideBid(
  bidId: number,
  {
    approvedByLine = {},
    decidedOn = "2023-07-20",
    paymentBasis = "quarterly_arrears",
    by = "reviewer",
  }: { approvedByLine?: Record<number, number>; decidedOn?: string; paymentBasis?: DecisionInput["paymentBasis"]; by?: AnyDemoUser } = {},
): { grantId: number; decisionId: number } {
  const bid = getBidDetail(bidId)!;
  const result = recordDecision(
    bidId,
    userId(by),
    bid.version,
    decisionInput({
      outcome: Object.keys(approvedByLine).length ? "part_approve" : "approve",
      approvedByLine,
      decidedOn,
      paymentBasis,
      withoutReviewReason: "Decided in a test's set-up.",
    }),
  );
  if (result.kind !== "recorded" || !result.grantId) throw new Error(`Could not decide bid ${bidId}: ${JSON.stringify(result)}`);
  return { grantId: result.grantId, decisionId: result.decisionId };
}

/** The CSP lead accepts the offer on `on` (a date), and the grant's returns are made. */
export function acceptOffer(grantId: number, { on = "2023-08-01", by = "meltonLead" }: { on?: string; by?: AnyDemoUser } = {}) {
  acceptOfferForTest(db(), grantId, userId(by), `${on}T10:00:00.000Z`);
}

export function declineOffer(grantId: number, { on = "2023-08-01", by = "meltonLead" }: { on?: string; by?: AnyDemoUser } = {}) {
  db().update(grants).set({ offerStatus: "declined", respondedBy: userId(by), respondedAt: `${on}T10:00:00.000Z`, declineReason: "Not needed", version: sql`${grants.version} + 1` }).where(eq(grants.id, grantId)).run();
}

/** A grant's approved cost lines, in the bid's order. */
export function approvedLines(grantId: number) {
  const grant = db().select().from(grants).where(eq(grants.id, grantId)).get()!;
  return db()
    .select({ costLineId: decisionLines.costLineId, description: bidCostLines.description, approvedPence: decisionLines.approvedPence })
    .from(decisionLines)
    .innerJoin(bidCostLines, eq(bidCostLines.id, decisionLines.costLineId))
    .where(eq(decisionLines.decisionId, grant.decisionId))
    .orderBy(asc(bidCostLines.position))
    .all();
}

/** The return of a grant for one quarter. */
export function returnFor(grantId: number, startYear: number, quarter: number): number {
  const row = db().select({ id: grantReturns.id }).from(grantReturns)
    .where(and(eq(grantReturns.grantId, grantId), eq(grantReturns.startYear, startYear), eq(grantReturns.quarter, quarter))).get();
  if (!row) throw new Error(`Grant ${grantId} has no return for ${startYear} Q${quarter}`);
  return row.id;
}

export interface ReturnFixture {
  status: ReturnStatus;
  /** Actual spend this quarter by cost line id, in pence. */
  actuals?: Record<number, number>;
  /** Forecasts of quarters still to come. */
  forecasts?: { costLineId: number; startYear: number; quarter: number; amountPence: number }[];
  /** When it was first submitted; defaults to its due date for any status past in progress, null otherwise. */
  firstSubmittedAt?: string | null;
}

/** Puts a return into a state, with its figures (replacing any it had). */
export function writeReturn(returnId: number, r: ReturnFixture) {
  const row = db().select().from(grantReturns).where(eq(grantReturns.id, returnId)).get()!;
  const submitted = r.firstSubmittedAt !== undefined ? r.firstSubmittedAt : ["not_started", "in_progress"].includes(r.status) ? null : `${row.dueOn}T09:00:00.000Z`;
  db().transaction((tx) => {
    tx.update(grantReturns)
      .set({
        status: r.status,
        firstSubmittedAt: submitted,
        submittedAt: submitted,
        acceptedAt: r.status === "accepted" ? (submitted ?? `${row.dueOn}T12:00:00.000Z`) : null,
        version: sql`${grantReturns.version} + 1`,
        updatedAt: submitted ?? `${row.periodEnd}T12:00:00.000Z`,
      })
      .where(eq(grantReturns.id, returnId))
      .run();
    tx.delete(returnLines).where(eq(returnLines.returnId, returnId)).run();
    tx.delete(returnForecasts).where(eq(returnForecasts.returnId, returnId)).run();
    for (const [costLineId, actualPence] of Object.entries(r.actuals ?? {})) tx.insert(returnLines).values({ returnId, costLineId: Number(costLineId), actualPence }).run();
    for (const f of r.forecasts ?? []) tx.insert(returnForecasts).values({ returnId, ...f }).run();
  });
}

/** A grant's instalments in due order. */
export function instalmentsOf(grantId: number) {
  return db().select().from(grantPayments).where(eq(grantPayments.grantId, grantId)).orderBy(asc(grantPayments.dueOn), asc(grantPayments.id)).all();
}

/** Records money paid against one of a grant's instalments (by its place in due order). */
export function pay(grantId: number, { instalment = 0, paidOn, amountPence, reference = "FIN-TEST", by = "finance" }: { instalment?: number; paidOn: string; amountPence?: number; reference?: string; by?: AnyDemoUser }) {
  const target = instalmentsOf(grantId)[instalment];
  if (!target) throw new Error(`Grant ${grantId} has no instalment ${instalment}`);
  return db()
    .insert(payments)
    .values({ grantId, instalmentId: target.id, paidOn, amountPence: amountPence ?? target.amountPence, financeReference: reference, recordedBy: userId(by), recordedAt: `${paidOn}T12:00:00.000Z` })
    .returning({ id: payments.id })
    .get().id;
}

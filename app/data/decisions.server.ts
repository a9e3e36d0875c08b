import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import {
  decisionLines,
  decisionSequences,
  decisions,
  financialYears,
  fundingStreams,
  grantPayments,
  grants,
  organisations,
  rounds,
  settings,
  standardConditions,
  users,
} from "../../db/schema";
import { canTransition, type BidEvent, type BidStatus } from "../domain/bid-lifecycle";
import { decisionBasis, reviewStanding, reviewToken } from "../domain/decision-review";
import { DEFAULT_REFERENCE_FORMAT, formatDecisionReference, isValidReferenceFormat } from "../domain/decision-reference";

import { PartApprovalError, approveLines, grantedPence } from "../domain/part-approval";
import { ScheduleError, paymentSchedule, reschedule, type PaymentBasis } from "../domain/payment-schedule";
import { offerAfterCorrection, type StoredOfferStatus } from "../domain/offer-status";
import { ukDate } from "../domain/round-window";
import type { DecisionRecord, DecisionReviewRecord } from "../pdf/types";
import type { DecisionReviewSummary } from "../../db/schema/decisions";
import { recordAudit } from "./audit.server";
import { cspContacts, portalUrl, queueMessage } from "./notifications.server";
import { formatPence } from "../domain/money";
import { formatDate, formatDateTime, parseIsoDate, toIsoDate } from "../domain/financial-years";
import { addDays } from "date-fns";
import { getBidDetail, moveBid } from "./bids.server";
import { keepPaidInstalments, raiseRecovery } from "./grants.server";
import { syncReturnsForGrant } from "./returns.server";
import { decisionGrantedSql } from "./money-sql.server";
import { reviewStateFor } from "./review.server";
import { db, type Tx } from "./db.server";
import { idsIn } from "./id-list.server";
import { assertBidRoundOpen, assertGrantOpen } from "./year-lock.server";

/** The standard conditions a decision may attach: retired ones are no longer offered. */
export function listStandardConditions({ includeRetired = false } = {}) {
  return db()
    .select()
    .from(standardConditions)
    .where(includeRetired ? undefined : isNull(standardConditions.retiredAt))
    .orderBy(asc(standardConditions.position), asc(standardConditions.id))
    .all();
}

export function referenceFormat(tx: Tx | ReturnType<typeof db> = db()): string {
  const row = tx.select({ value: settings.value }).from(settings).where(eq(settings.key, "decision_reference_format")).get();
  return row && isValidReferenceFormat(row.value) ? row.value : DEFAULT_REFERENCE_FORMAT;
}

export type DecisionOutcomeChoice = "approve" | "part_approve" | "reject";

export interface DecisionInput {
  outcome: DecisionOutcomeChoice;
  /** Approved pence per cost line id; for a part-approval. Lines not named are approved in full. */
  approvedByLine: Record<number, number>;
  decidedOn: string;
  decisionMaker: string;
  leadOfficer: string;
  reasons: string;
  conditionIds: number[];
  writtenConditions: string[];
  declarationOfInterests: string;
  publishable: boolean;
  foiExemption: string | null;
  paymentBasis: PaymentBasis;
  /** For a correcting decision: the bid's latest decision, which this one supersedes, and why. */
  correctionOf?: { decisionId: number; reason: string };
  /**
   * Why the PCC decides without the lead reviewer's moderated score (at least a sentence). Needed
   * exactly when there is no moderated score for the bid's latest submission (decision record 15).
   */
  withoutReviewReason?: string | null;
  /**
   * The review the decision page showed (`reviewToken`), when the decision comes from that page:
   * the decision is refused if the moderated score was recorded or changed since.
   */
  reviewSeen?: string;
}

export type DecisionResult =
  | { kind: "recorded"; decisionId: number; reference: string; grantId: number | null }
  | { kind: "stale"; changedBy: string; changedAt: string }
  | { kind: "refused"; message: string; field?: string };

const OUTCOME_EVENT: Record<DecisionOutcomeChoice, BidEvent> = { approve: "approve", part_approve: "part_approve", reject: "reject" };
const CORRECTION_EVENT: Record<DecisionOutcomeChoice, BidEvent> = { approve: "correct_approve", part_approve: "correct_part_approve", reject: "correct_reject" };

/** The decision that stands on a bid: its latest, which no other decision supersedes. */
export function latestDecision(bidId: number, tx: Tx | ReturnType<typeof db> = db()) {
  return tx
    .select({ id: decisions.id, reference: decisions.reference, decidedOn: decisions.decidedOn })
    .from(decisions)
    .where(eq(decisions.bidId, bidId))
    .orderBy(desc(decisions.id))
    .limit(1)
    .get();
}

/**
 * Records a PCC decision on a bid: the next gap-free reference in the bid's financial year, the
 * approved amount per line, the bid's move to approved, part-approved or rejected, and (unless
 * rejected) the grant with its payment schedule. One write transaction: two decisions recorded at
 * once still get consecutive numbers.
 *
 * A correcting decision (`correctionOf`) is recorded the same way, with its own reference, and
 * supersedes the bid's latest decision, which is left as it was. The bid's one grant follows it:
 * moved to the new decision with a new schedule, created if the bid had none, or withdrawn if the
 * correction rejects the bid.
 */
export function recordDecision(bidId: number, userId: number, expectedVersion: number, input: DecisionInput, now = new Date().toISOString()): DecisionResult {
  return db().transaction((tx) => recordDecisionIn(tx, bidId, userId, expectedVersion, input, now), { behavior: "immediate" });
}

/**
 * `recordDecision` inside a write transaction the caller holds: a transfer between grants records
 * its two correcting decisions in one (app/data/transfers.server.ts). A result other than
 * "recorded" has written nothing; the caller rolls back anything else it wrote.
 */
export function recordDecisionIn(tx: Tx, bidId: number, userId: number, expectedVersion: number, input: DecisionInput, now: string): DecisionResult {
  // No decision is recorded in a closed year, nor a grant corrected once locked (decision record 022):
  // a Safer Streets grant made in a closed year is still corrected while it runs on into an open one.
  const grantNow = tx.select({ id: grants.id, extendedTo: grants.extendedTo }).from(grants).where(eq(grants.bidId, bidId)).get();
  if (grantNow) assertGrantOpen(grantNow.id, tx);
  else assertBidRoundOpen(bidId, tx);
  const bid = getBidDetail(bidId, tx)!;
  if (bid.version !== expectedVersion) return { kind: "stale", changedBy: bid.updatedByName, changedAt: bid.updatedAt };
  const correction = input.correctionOf;
  const event = (correction ? CORRECTION_EVENT : OUTCOME_EVENT)[input.outcome];
  if (!canTransition(bid.status, event)) {
    return { kind: "refused", message: correction ? "Only a decided bid can have its decision corrected." : "Only a bid waiting for a decision can be decided." };
  }
  const superseded = correction ? latestDecision(bidId, tx) : undefined;
  if (correction) {
    if (!superseded || superseded.id !== correction.decisionId) {
      return { kind: "refused", message: `Only the decision that stands on this bid${superseded ? ` (${superseded.reference})` : ""} can be corrected. Reload the page and try again.` };
    }
    if (input.decidedOn < superseded.decidedOn) {
      return { kind: "refused", message: `A correcting decision cannot be dated before the decision it corrects (${formatDate(superseded.decidedOn)})`, field: "decidedOn" };
    }
  }
  // A decision (a correcting one too) follows the lead reviewer's moderated score for the latest
  // submission, or says why the PCC decided without one: checked here, in the write, not only on the page.
  const standing = reviewStanding(reviewStateFor(bidId, tx));
  if (input.reviewSeen !== undefined && input.reviewSeen !== reviewToken(standing)) {
    return {
      kind: "refused",
      message:
        standing.kind === "moderated"
          ? `${standing.summary.moderatedBy} recorded the moderated score on ${formatDateTime(standing.moderatedAt)}, after you opened this page. Reload the page, check the score, then try again.`
          : "The moderated score you were shown no longer stands. Reload the page, check the review, then try again.",
    };
  }
  const basis = decisionBasis(standing, input.withoutReviewReason);
  if (!basis.ok) return { kind: "refused", message: basis.message, field: basis.field };

  let lines: ReturnType<typeof approveLines> = [];
  if (input.outcome !== "reject") {
    try {
      lines = approveLines(bid.costLines, input.outcome === "approve" ? {} : input.approvedByLine);
    } catch (error) {
      if (error instanceof PartApprovalError) {
        const index = bid.costLines.findIndex((l) => l.id === error.lineId);
        return { kind: "refused", message: `Cost line ${index + 1}: ${error.message}`, field: `approved.line${error.lineId}` };
      }
      throw error;
    }
    if (input.outcome === "part_approve" && lines.every((l) => l.approvedPence === l.askedPence)) {
      return { kind: "refused", message: "To part-approve, approve less than was asked on at least one cost line (or choose Approve)", field: "outcome" };
    }
  }
  const granted = input.outcome === "reject" ? 0 : grantedPence(lines, bid.matchFundingPence);
  if (input.outcome !== "reject" && granted <= 0) {
    return { kind: "refused", message: "The approved lines come to nothing once match funding is taken off: reject the bid instead", field: "outcome" };
  }
  let schedule: ReturnType<typeof paymentSchedule> = [];
  try {
    schedule = paymentSchedule({
      basis: input.paymentBasis,
      totalPence: granted,
      startDate: bid.startDate!,
      // An approved time extension moved the grant's end (grants.extended_to).
      endDate: grantNow?.extendedTo ?? bid.endDate!,
      decidedOn: input.decidedOn,
      milestones: bid.milestones.map((m) => ({ startYear: Number(m.financialYearLabel.slice(0, 4)), quarter: m.quarter as 1 | 2 | 3 | 4 })),
    });
  } catch (error) {
    if (error instanceof ScheduleError) return { kind: "refused", message: error.message, field: "paymentBasis" };
    throw error;
  }

  // The next number in the bid's round's financial year.
  const fy = tx
    .select({ id: financialYears.id, label: financialYears.label })
    .from(rounds)
    .innerJoin(financialYears, eq(financialYears.id, rounds.financialYearId))
    .where(eq(rounds.id, bid.roundId))
    .get()!;
  const sequence = tx
    .insert(decisionSequences)
    .values({ financialYearId: fy.id, lastNumber: 1 })
    .onConflictDoUpdate({ target: decisionSequences.financialYearId, set: { lastNumber: sql`${decisionSequences.lastNumber} + 1` } })
    .returning({ n: decisionSequences.lastNumber })
    .get().n;
  const reference = formatDecisionReference(referenceFormat(tx), fy.label, sequence);

  const chosen = input.conditionIds.length
    ? tx.select().from(standardConditions).where(isNull(standardConditions.retiredAt)).all().filter((c) => input.conditionIds.includes(c.id))
    : [];
  const conditions = [...chosen.sort((a, b) => a.position - b.position).map((c) => c.text), ...input.writtenConditions];
  const outcome = input.outcome === "approve" ? "approved" : input.outcome === "part_approve" ? "part_approved" : "rejected";
  const decision = tx
    .insert(decisions)
    .values({
      reference,
      financialYearId: fy.id,
      sequence,
      bidId,
      outcome,
      decidedOn: input.decidedOn,
      decisionMaker: input.decisionMaker,
      leadOfficer: input.leadOfficer,
      reasons: input.reasons,
      conditions,
      declarationOfInterests: input.declarationOfInterests,
      publishable: input.publishable,
      foiExemption: input.publishable ? null : input.foiExemption,
      supersedesId: superseded?.id ?? null,
      correctionReason: correction?.reason ?? null,
      recordedBy: userId,
      recordedAt: now,
      review: basis.review,
      withoutReviewReason: basis.withoutReviewReason,
    })
    .returning({ id: decisions.id })
    .get();
  if (lines.length) tx.insert(decisionLines).values(lines.map((l) => ({ decisionId: decision.id, costLineId: l.id, approvedPence: l.approvedPence }))).run();

  const moved = moveBid(tx, bid, userId, expectedVersion, event, now);
  if (moved.kind !== "saved") {
    // Nothing else can have changed the bid inside this transaction; make sure nothing is kept if it did.
    tx.rollback();
  }

  const stream = tx
    .select({ acceptByDays: fundingStreams.acceptByDays })
    .from(rounds)
    .innerJoin(fundingStreams, eq(fundingStreams.id, rounds.streamId))
    .where(eq(rounds.id, bid.roundId))
    .get()!;
  const acceptBy = toIsoDate(addDays(parseIsoDate(input.decidedOn), stream.acceptByDays));
  const grant = settleGrant(tx, { bidId, cspId: bid.cspId, title: bid.title, decisionId: decision.id, reference, outcome, paymentBasis: input.paymentBasis, schedule, acceptBy, userId, now });
  const standingGrant = grant.after && !grant.after.withdrawnAt ? grant.after : null;
  const grantId = standingGrant?.id ?? null;
  // A correction that changes an accepted grant keeps its returns in line with it.
  if (correction && standingGrant?.offerStatus === "accepted") syncReturnsForGrant(tx, standingGrant.id, userId, now);
  recordAudit(tx, {
    userId,
    action: correction ? "decision.corrected" : "decision.recorded",
    entityType: "decision",
    entityId: decision.id,
    bidId,
    cspId: bid.cspId,
    after: {
      reference,
      outcome,
      grantedPence: granted,
      lines,
      conditions,
      grantId,
      paymentBasis: input.paymentBasis,
      ...(basis.review ? { review: basis.review } : { withoutReviewReason: basis.withoutReviewReason }),
      ...(correction ? { supersedes: superseded!.reference, correctionReason: correction.reason } : {}),
    },
  }, now);
  if (grant.before || grant.after) {
    recordAudit(tx, {
      userId,
      action: grant.before ? (grant.after?.withdrawnAt ? "grant.withdrawn" : "grant.varied") : "grant.created",
      entityType: "grant",
      entityId: (grant.after ?? grant.before)!.id,
      bidId,
      cspId: bid.cspId,
      before: grant.before ?? undefined,
      after: grant.after ?? undefined,
    }, now);
  }
  const outcomeText = outcome === "approved" ? "approved" : outcome === "part_approved" ? `part-approved: ${formatPence(granted)} of ${formatPence(bid.requestedPence)}` : "not approved";
  queueMessage(tx, {
    to: cspContacts(tx, bid.cspId, { finance: true }),
    subject: correction ? `PCC decision ${reference} corrects ${superseded!.reference}: ${bid.title}` : `PCC decision ${reference}: ${bid.title}`,
    body: [
      correction
        ? `The Police and Crime Commissioner has corrected decision ${superseded!.reference} on "${bid.title}". The bid is now ${outcomeText}.\n\nWhy it was corrected: ${correction.reason}`
        : `The Police and Crime Commissioner has decided on "${bid.title}": ${outcomeText}.`,
      `Reasons: ${input.reasons}`,
      `See the decision${grantId ? ", its conditions and the payment schedule" : ""}: ${portalUrl(`/bids/${bid.id}`)}`,
      ...(standingGrant?.offerStatus === "offered"
        ? [`Accept or decline the grant offer in the portal by ${formatDate(standingGrant.acceptBy)}: ${portalUrl(`/grants/${standingGrant.id}`)}`]
        : []),
      ...(grant.paidPence > 0 ? [`${formatPence(grant.paidPence)} has already been paid under the grant and stays paid.${grant.recovery ? ` ${formatPence(grant.recovery.amountPence)} more than the grant now allows has been paid: the OPCC will be in touch about recovering it.` : ""}`] : []),
    ].join("\n\n"),
  }, now);
  return { kind: "recorded", decisionId: decision.id, reference, grantId };
}

interface GrantState {
  id: number;
  decisionId: number;
  paymentBasis: PaymentBasis;
  withdrawnAt: string | null;
  offerStatus: StoredOfferStatus;
  acceptBy: string;
  payments: { dueOn: string; label: string; amountPence: number }[];
}

interface SettledGrant {
  before: GrantState | null;
  after: GrantState | null;
  /** What was paid under the grant before this decision; kept whatever the decision says. */
  paidPence: number;
  recovery: { id: number; amountPence: number } | null;
}

/**
 * Brings the bid's one grant into line with the decision just recorded, and says what it was and
 * is (for the audit): created, moved to the decision with a new schedule, or withdrawn.
 *
 * What has been paid stays paid (decision record 18): instalments with payments against them are
 * kept, cut down to what was paid on each; the rest are replaced by what is left of the new grant,
 * shared over the new schedule's instalments still to come (`reschedule`). If more has been paid
 * than the decision now grants (a rejection grants nothing), the difference is raised to recover.
 * The offer follows `offerAfterCorrection`: an accepted offer stays accepted; a declined one, or a
 * grant reinstated after a withdrawal, is offered afresh.
 */
function settleGrant(
  tx: Tx,
  d: {
    bidId: number; cspId: number; title: string; decisionId: number; reference: string; outcome: "approved" | "part_approved" | "rejected";
    paymentBasis: PaymentBasis; schedule: ReturnType<typeof paymentSchedule>; acceptBy: string; userId: number; now: string;
  },
): SettledGrant {
  const existing = tx.select().from(grants).where(eq(grants.bidId, d.bidId)).get();
  if (existing) assertGrantOpen(existing.id, tx);
  const before: GrantState | null = existing
    ? {
        id: existing.id,
        decisionId: existing.decisionId,
        paymentBasis: existing.paymentBasis,
        withdrawnAt: existing.withdrawnAt,
        offerStatus: existing.offerStatus,
        acceptBy: existing.acceptBy,
        payments: tx.select({ dueOn: grantPayments.dueOn, label: grantPayments.label, amountPence: grantPayments.amountPence }).from(grantPayments).where(eq(grantPayments.grantId, existing.id)).orderBy(asc(grantPayments.dueOn), asc(grantPayments.id)).all(),
      }
    : null;
  const granted = d.schedule.reduce((n, i) => n + i.amountPence, 0);
  const recover = (grantId: number, paidPence: number) =>
    paidPence > granted
      ? raiseRecovery(tx, { grantId, bidId: d.bidId, cspId: d.cspId, decisionId: d.decisionId, reference: d.reference, title: d.title, paidPence, grantedPence: granted, userId: d.userId, now: d.now })
      : null;

  if (d.outcome === "rejected") {
    if (!existing || existing.withdrawnAt) return { before: null, after: null, paidPence: 0, recovery: null };
    // The planned instalments fall away with the grant, but what was paid stays on record; the audit keeps what they were.
    const { kept, paidPence } = keepPaidInstalments(tx, existing.id);
    tx.update(grants).set({ withdrawnAt: d.now, withdrawnByDecisionId: d.decisionId, version: existing.version + 1 }).where(eq(grants.id, existing.id)).run();
    return { before, after: { ...before!, withdrawnAt: d.now, payments: kept }, paidPence, recovery: recover(existing.id, paidPence) };
  }
  if (!existing) {
    const id = tx.insert(grants).values({ decisionId: d.decisionId, bidId: d.bidId, cspId: d.cspId, paymentBasis: d.paymentBasis, acceptBy: d.acceptBy, createdAt: d.now }).returning({ id: grants.id }).get().id;
    if (d.schedule.length) tx.insert(grantPayments).values(d.schedule.map((i) => ({ grantId: id, ...i }))).run();
    return {
      before,
      after: { id, decisionId: d.decisionId, paymentBasis: d.paymentBasis, withdrawnAt: null, offerStatus: "offered", acceptBy: d.acceptBy, payments: d.schedule },
      paidPence: 0,
      recovery: null,
    };
  }
  const id = existing.id;
  const { kept, paidPence } = keepPaidInstalments(tx, id);
  const rest = reschedule(d.schedule, paidPence, ukDate(new Date(d.now)));
  const offer = offerAfterCorrection({ offerStatus: existing.offerStatus, acceptBy: existing.acceptBy, withdrawn: existing.withdrawnAt !== null }, d.acceptBy);
  tx.update(grants)
    .set({
      decisionId: d.decisionId, paymentBasis: d.paymentBasis, withdrawnAt: null, withdrawnByDecisionId: null, offerStatus: offer.offerStatus, acceptBy: offer.acceptBy, version: existing.version + 1,
      // A fresh offer starts with no response to it; the audit keeps the one it replaces.
      ...(offer.freshOffer ? { respondedBy: null, respondedAt: null, declarationName: null, declarationRole: null, declarationDate: null, declineReason: null } : {}),
    })
    .where(eq(grants.id, id))
    .run();
  if (rest.length) tx.insert(grantPayments).values(rest.map((i) => ({ grantId: id, ...i }))).run();
  return {
    before,
    after: { id, decisionId: d.decisionId, paymentBasis: d.paymentBasis, withdrawnAt: null, offerStatus: offer.offerStatus, acceptBy: offer.acceptBy, payments: [...kept, ...rest] },
    paidPence,
    recovery: recover(id, paidPence),
  };
}

/**
 * A bid's decisions, newest first (the first is the one that stands), with what each approved and
 * how the corrections link them.
 */
export function decisionsForBid(bidId: number) {
  const rows = db()
    .select({
      id: decisions.id,
      reference: decisions.reference,
      outcome: decisions.outcome,
      decidedOn: decisions.decidedOn,
      decisionMaker: decisions.decisionMaker,
      leadOfficer: decisions.leadOfficer,
      reasons: decisions.reasons,
      conditions: decisions.conditions,
      declarationOfInterests: decisions.declarationOfInterests,
      publishable: decisions.publishable,
      foiExemption: decisions.foiExemption,
      supersedesId: decisions.supersedesId,
      correctionReason: decisions.correctionReason,
      grantId: grants.id,
      paymentBasis: grants.paymentBasis,
    })
    .from(decisions)
    .leftJoin(grants, and(eq(grants.decisionId, decisions.id), isNull(grants.withdrawnAt)))
    .where(eq(decisions.bidId, bidId))
    .orderBy(desc(decisions.id))
    .all();
  const approved = approvedLinesFor(rows.map((r) => r.id));
  const referenceOf = new Map(rows.map((r) => [r.id, r.reference]));
  return rows.map((r) => {
    const supersededBy = rows.find((other) => other.supersedesId === r.id);
    return {
      ...r,
      lines: approved.get(r.id) ?? [],
      supersedesReference: r.supersedesId ? (referenceOf.get(r.supersedesId) ?? null) : null,
      supersededBy: supersededBy ? { id: supersededBy.id, reference: supersededBy.reference } : null,
    };
  });
}

/** The review a bid's decision would follow now: the moderated score, or what is missing. */
export function reviewStandingFor(bidId: number) {
  return reviewStanding(reviewStateFor(bidId));
}

/**
 * What each of a bid's decisions followed, for OPCC staff who decide (kept apart from
 * `decisionsForBid`, which the bid's own partnership reads).
 */
export function decisionReviewsForBid(bidId: number) {
  return db()
    .select({ id: decisions.id, review: decisions.review, withoutReviewReason: decisions.withoutReviewReason })
    .from(decisions)
    .where(eq(decisions.bidId, bidId))
    .orderBy(desc(decisions.id))
    .all();
}

export interface RecentDecision {
  id: number;
  reference: string;
  bidId: number;
  title: string;
  outcome: "approved" | "part_approved" | "rejected";
  decidedOn: string;
  grantedPence: number;
  grantId: number | null;
  /** The reference of the decision that corrects this one, if one does. */
  supersededByReference: string | null;
  /** The reference of the decision this one corrects, if it is a correction. */
  supersedesReference: string | null;
}

/** A CSP's latest PCC decisions, newest first, for its dashboard. */
export function recentDecisionsForCsp(cspId: number, limit = 5): RecentDecision[] {
  return db().all<RecentDecision>(sql`
    select d.id, d.reference, d.bid_id as bidId, b.title, d.outcome, d.decided_on as decidedOn, g.id as grantId,
           ${decisionGrantedSql(sql`d.id`, sql`b.id`)} as grantedPence,
           later.reference as supersededByReference, earlier.reference as supersedesReference
      from decisions d join bids b on b.id = d.bid_id left join grants g on g.decision_id = d.id and g.withdrawn_at is null
      left join decisions later on later.supersedes_id = d.id
      left join decisions earlier on earlier.id = d.supersedes_id
     where b.csp_id = ${cspId}
     order by d.decided_on desc, d.id desc
     limit ${limit}`);
}

/** What each of these decisions approved, per cost line. */
export function approvedLinesFor(decisionIds: number[]) {
  const map = new Map<number, { costLineId: number; approvedPence: number }[]>();
  if (decisionIds.length === 0) return map;
  const rows = db().all<{ decisionId: number; costLineId: number; approvedPence: number }>(sql`
    select decision_id as decisionId, cost_line_id as costLineId, approved_pence as approvedPence
      from decision_lines where decision_id in ${idsIn(decisionIds)}`);
  for (const row of rows) map.set(row.decisionId, [...(map.get(row.decisionId) ?? []), row]);
  return map;
}

// ---------------------------------------------------------------------------------------------
// The records the PDFs print

/**
 * A decision with what the access check needs (the bid's CSP and status). The moderated score,
 * band and moderator it followed are given only with `reviewDetails` (those who may read reviews):
 * to anyone else the record says which submission was reviewed.
 */
export function getDecisionRecord(decisionId: number, { reviewDetails = false }: { reviewDetails?: boolean } = {}): (DecisionRecord & { cspId: number; status: BidStatus }) | null {
  const decision = db().select().from(decisions).where(eq(decisions.id, decisionId)).get();
  if (!decision) return null;
  const bid = getBidDetail(decision.bidId)!;
  const council = db().select({ council: organisations.accountableCouncil }).from(organisations).where(eq(organisations.id, bid.cspId)).get()?.council ?? bid.cspName;
  const approved = new Map((approvedLinesFor([decision.id]).get(decision.id) ?? []).map((l) => [l.costLineId, l.approvedPence]));
  const rejected = decision.outcome === "rejected";
  const lines = rejected ? [] : bid.costLines.map((l) => ({ description: l.description, financialYearLabel: l.financialYearLabel, askedPence: l.totalPence, approvedPence: approved.get(l.id) ?? 0 }));
  const approvedCostPence = lines.reduce((n, l) => n + l.approvedPence, 0);
  const supersedes = decision.supersedesId ? db().select({ reference: decisions.reference }).from(decisions).where(eq(decisions.id, decision.supersedesId)).get() : undefined;
  const supersededBy = db().select({ reference: decisions.reference }).from(decisions).where(eq(decisions.supersedesId, decision.id)).get();
  const recordedBy = db().select({ name: users.name }).from(users).where(eq(users.id, decision.recordedBy)).get();
  return {
    cspId: bid.cspId,
    status: bid.status,
    reference: decision.reference,
    decidedOn: decision.decidedOn,
    decisionMaker: decision.decisionMaker,
    leadOfficer: decision.leadOfficer,
    recipient: { cspName: bid.cspName, accountableCouncil: council },
    bidId: bid.id,
    bidTitle: bid.title,
    bidSummary: bid.summary,
    roundName: bid.roundName,
    financialYearLabel: bid.financialYearLabel,
    startDate: bid.startDate,
    endDate: bid.endDate,
    outcome: decision.outcome,
    totalCostPence: bid.totalCostPence,
    matchFundingPence: bid.matchFundingPence,
    requestedPence: bid.requestedPence,
    approvedCostPence,
    grantedPence: rejected ? null : grantedPence(lines, bid.matchFundingPence),
    lines,
    conditions: decision.conditions,
    reasons: decision.reasons,
    declarationOfInterests: decision.declarationOfInterests,
    publishable: decision.publishable,
    foiExemption: decision.foiExemption,
    supersedesReference: supersedes?.reference ?? null,
    correctionReason: decision.correctionReason,
    supersededByReference: supersededBy?.reference ?? null,
    recordedByName: recordedBy?.name,
    recordedAt: decision.recordedAt,
    review: reviewRecordOf(decision, reviewDetails),
  };
}

function reviewRecordOf(decision: { review: DecisionReviewSummary | null; withoutReviewReason: string | null }, reviewDetails: boolean): DecisionReviewRecord {
  const r = decision.review;
  if (r) {
    return reviewDetails
      ? { kind: "moderated", submissionNumber: r.submissionNumber, moderatedBy: r.moderatedBy, total: r.total, failedGates: r.failedGates, bandLabel: r.bandLabel }
      : { kind: "reviewed", submissionNumber: r.submissionNumber };
  }
  if (decision.withoutReviewReason) return { kind: "without_review", reason: decision.withoutReviewReason };
  return { kind: "not_recorded" };
}

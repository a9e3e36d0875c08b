import { asc, desc, eq, sql } from "drizzle-orm";
import {
  bids,
  decisionLines,
  decisionSequences,
  decisions,
  financialYears,
  grantPayments,
  grants,
  organisations,
  rounds,
  settings,
  standardConditions,
  users,
} from "../../db/schema";
import { canTransition, type BidEvent, type BidStatus } from "../domain/bid-lifecycle";
import { DEFAULT_REFERENCE_FORMAT, formatDecisionReference, isValidReferenceFormat } from "../domain/decision-reference";

import { PartApprovalError, approveLines, grantedPence } from "../domain/part-approval";
import { ScheduleError, paymentSchedule, type PaymentBasis } from "../domain/payment-schedule";
import type { DecisionRecord, GrantOffer } from "../pdf/types";
import { recordAudit } from "./audit.server";
import { cspContacts, portalUrl, queueMessage } from "./notifications.server";
import { formatPence } from "../domain/money";
import { getBidDetail, moveBid, type BidDetail } from "./bids.server";
import { decisionGrantedSql } from "./money-sql.server";
import { db, type Tx } from "./db.server";

export function listStandardConditions() {
  return db().select().from(standardConditions).orderBy(asc(standardConditions.position), asc(standardConditions.id)).all();
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
}

export type DecisionResult =
  | { kind: "recorded"; decisionId: number; reference: string; grantId: number | null }
  | { kind: "stale"; changedBy: string; changedAt: string }
  | { kind: "refused"; message: string; field?: string };

const OUTCOME_EVENT: Record<DecisionOutcomeChoice, BidEvent> = { approve: "approve", part_approve: "part_approve", reject: "reject" };

/**
 * Records a PCC decision on a bid: the next gap-free reference in the bid's financial year, the
 * approved amount per line, the bid's move to approved, part-approved or rejected, and (unless
 * rejected) the grant with its payment schedule. One write transaction: two decisions recorded at
 * once still get consecutive numbers.
 */
export function recordDecision(bidId: number, userId: number, expectedVersion: number, input: DecisionInput, now = new Date().toISOString()): DecisionResult {
  return db().transaction(
    (tx) => {
      const bid = getBidDetail(bidId, tx)!;
      if (bid.version !== expectedVersion) return { kind: "stale", changedBy: bid.updatedByName, changedAt: bid.updatedAt };
      const event = OUTCOME_EVENT[input.outcome];
      if (!canTransition(bid.status, event)) return { kind: "refused", message: "Only a bid waiting for a decision can be decided." };

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
          endDate: bid.endDate!,
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
        ? tx.select().from(standardConditions).all().filter((c) => input.conditionIds.includes(c.id))
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
          recordedBy: userId,
          recordedAt: now,
        })
        .returning({ id: decisions.id })
        .get();
      if (lines.length) tx.insert(decisionLines).values(lines.map((l) => ({ decisionId: decision.id, costLineId: l.id, approvedPence: l.approvedPence }))).run();

      const moved = moveBid(tx, bid, userId, expectedVersion, event, now);
      if (moved.kind !== "saved") {
        // Nothing else can have changed the bid inside this transaction; make sure nothing is kept if it did.
        tx.rollback();
      }

      let grantId: number | null = null;
      if (outcome !== "rejected") {
        grantId = tx.insert(grants).values({ decisionId: decision.id, bidId, cspId: bid.cspId, paymentBasis: input.paymentBasis, createdAt: now }).returning({ id: grants.id }).get().id;
        if (schedule.length) tx.insert(grantPayments).values(schedule.map((i) => ({ grantId: grantId!, ...i }))).run();
      }
      recordAudit(tx, {
        userId,
        action: "decision.recorded",
        entityType: "decision",
        entityId: decision.id,
        bidId,
        cspId: bid.cspId,
        after: { reference, outcome, grantedPence: granted, lines, conditions, grantId, paymentBasis: input.paymentBasis },
      }, now);
      const outcomeText = outcome === "approved" ? "approved" : outcome === "part_approved" ? `part-approved: ${formatPence(granted)} of ${formatPence(bid.requestedPence)}` : "not approved";
      queueMessage(tx, {
        to: cspContacts(tx, bid.cspId, { finance: true }),
        subject: `PCC decision ${reference}: ${bid.title}`,
        body: `The Police and Crime Commissioner has decided on "${bid.title}": ${outcomeText}.\n\nReasons: ${input.reasons}\n\nSee the decision${grantId ? ", its conditions and the payment schedule" : ""}: ${portalUrl(`/bids/${bid.id}`)}`,
      }, now);
      return { kind: "recorded", decisionId: decision.id, reference, grantId };
    },
    { behavior: "immediate" },
  );
}

/** A bid's decisions, newest first, with what each approved in all. */
export function decisionsForBid(bidId: number) {
  const rows = db()
    .select({
      id: decisions.id,
      reference: decisions.reference,
      outcome: decisions.outcome,
      decidedOn: decisions.decidedOn,
      decisionMaker: decisions.decisionMaker,
      reasons: decisions.reasons,
      conditions: decisions.conditions,
      grantId: grants.id,
    })
    .from(decisions)
    .leftJoin(grants, eq(grants.decisionId, decisions.id))
    .where(eq(decisions.bidId, bidId))
    .orderBy(desc(decisions.id))
    .all();
  const approved = approvedLinesFor(rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, lines: approved.get(r.id) ?? [] }));
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
}

/** A CSP's latest PCC decisions, newest first, for its dashboard. */
export function recentDecisionsForCsp(cspId: number, limit = 5): RecentDecision[] {
  return db().all<RecentDecision>(sql`
    select d.id, d.reference, d.bid_id as bidId, b.title, d.outcome, d.decided_on as decidedOn, g.id as grantId,
           ${decisionGrantedSql(sql`d.id`, sql`b.id`)} as grantedPence
      from decisions d join bids b on b.id = d.bid_id left join grants g on g.decision_id = d.id
     where b.csp_id = ${cspId}
     order by d.decided_on desc, d.id desc
     limit ${limit}`);
}

function approvedLinesFor(decisionIds: number[]) {
  const map = new Map<number, { costLineId: number; approvedPence: number }[]>();
  if (decisionIds.length === 0) return map;
  const rows = db().all<{ decisionId: number; costLineId: number; approvedPence: number }>(sql`
    select decision_id as decisionId, cost_line_id as costLineId, approved_pence as approvedPence
      from decision_lines where decision_id in (${sql.join(decisionIds.map((id) => sql`${id}`), sql`, `)})`);
  for (const row of rows) map.set(row.decisionId, [...(map.get(row.decisionId) ?? []), row]);
  return map;
}

// ---------------------------------------------------------------------------------------------
// Grants

export interface GrantListRow {
  id: number;
  bidId: number;
  title: string;
  cspName: string;
  reference: string;
  decidedOn: string;
  outcome: "approved" | "part_approved";
  grantedPence: number;
}

/** Grants a viewer may see (a CSP's own, or all for OPCC staff), newest first. */
export function listGrants(cspId: number | null): GrantListRow[] {
  return db().all<GrantListRow>(sql`
    select g.id, g.bid_id as bidId, b.title, o.name as cspName, d.reference, d.decided_on as decidedOn, d.outcome,
           ${decisionGrantedSql(sql`d.id`, sql`b.id`)} as grantedPence
      from grants g join decisions d on d.id = g.decision_id join bids b on b.id = g.bid_id join organisations o on o.id = g.csp_id
     ${cspId === null ? sql`` : sql`where g.csp_id = ${cspId}`}
     order by d.decided_on desc, g.id desc
     limit 500`);
}

export function findGrantHeader(grantId: number) {
  return db()
    .select({ id: grants.id, bidId: grants.bidId, cspId: grants.cspId, status: bids.status, decisionId: grants.decisionId })
    .from(grants)
    .innerJoin(bids, eq(bids.id, grants.bidId))
    .where(eq(grants.id, grantId))
    .get() as { id: number; bidId: number; cspId: number; status: BidStatus; decisionId: number } | undefined;
}

export function grantDetail(grantId: number) {
  const header = findGrantHeader(grantId);
  if (!header) return null;
  const bid = getBidDetail(header.bidId)!;
  const decision = db()
    .select()
    .from(decisions)
    .where(eq(decisions.id, header.decisionId))
    .get()!;
  const grant = db().select().from(grants).where(eq(grants.id, grantId)).get()!;
  const approved = new Map((approvedLinesFor([decision.id]).get(decision.id) ?? []).map((l) => [l.costLineId, l.approvedPence]));
  const lines = bid.costLines.map((l) => ({ ...l, approvedPence: approved.get(l.id) ?? 0 }));
  const byYear = new Map<string, number>();
  for (const l of lines) byYear.set(l.financialYearLabel, (byYear.get(l.financialYearLabel) ?? 0) + l.approvedPence);
  const payments = db().select().from(grantPayments).where(eq(grantPayments.grantId, grantId)).orderBy(asc(grantPayments.dueOn)).all();
  const council = db().select({ council: organisations.accountableCouncil }).from(organisations).where(eq(organisations.id, bid.cspId)).get()?.council ?? bid.cspName;
  const recordedBy = db().select({ name: users.name }).from(users).where(eq(users.id, decision.recordedBy)).get()?.name ?? "";
  return {
    ...header,
    bid,
    council,
    decision: { ...decision, recordedByName: recordedBy },
    paymentBasis: grant.paymentBasis,
    lines,
    approvedByYear: [...byYear.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([financialYearLabel, approvedPence]) => ({ financialYearLabel, approvedPence })),
    approvedCostPence: lines.reduce((n, l) => n + l.approvedPence, 0),
    grantedPence: grantedPence(lines, bid.matchFundingPence),
    payments,
  };
}



// ---------------------------------------------------------------------------------------------
// The records the PDFs print

/** A decision with what the access check needs (the bid's CSP and status). */
export function getDecisionRecord(decisionId: number): (DecisionRecord & { cspId: number; status: BidStatus }) | null {
  const decision = db().select().from(decisions).where(eq(decisions.id, decisionId)).get();
  if (!decision) return null;
  const bid = getBidDetail(decision.bidId)!;
  const council = db().select({ council: organisations.accountableCouncil }).from(organisations).where(eq(organisations.id, bid.cspId)).get()?.council ?? bid.cspName;
  const approved = new Map((approvedLinesFor([decision.id]).get(decision.id) ?? []).map((l) => [l.costLineId, l.approvedPence]));
  const rejected = decision.outcome === "rejected";
  const lines = rejected ? [] : bid.costLines.map((l) => ({ description: l.description, financialYearLabel: l.financialYearLabel, askedPence: l.totalPence, approvedPence: approved.get(l.id) ?? 0 }));
  const approvedCostPence = lines.reduce((n, l) => n + l.approvedPence, 0);
  const supersedes = decision.supersedesId ? db().select({ reference: decisions.reference }).from(decisions).where(eq(decisions.id, decision.supersedesId)).get() : undefined;
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
    recordedByName: recordedBy?.name,
    recordedAt: decision.recordedAt,
  };
}

/** A grant offer letter's contents, with what the access check needs. */
export function getGrantOffer(grantId: number): (GrantOffer & { cspId: number; status: BidStatus }) | null {
  const grant = grantDetail(grantId);
  if (!grant) return null;
  const record = getDecisionRecord(grant.decisionId)!;
  const repayment = new Set(db().select({ text: standardConditions.text }).from(standardConditions).where(eq(standardConditions.aboutRepayment, true)).all().map((c) => c.text));
  const created = db().select({ createdAt: grants.createdAt }).from(grants).where(eq(grants.id, grantId)).get()!.createdAt;
  return {
    cspId: grant.cspId,
    status: grant.status,
    grantId,
    decisionReference: record.reference,
    decidedOn: record.decidedOn,
    offerDate: created.slice(0, 10),
    decisionMaker: record.decisionMaker,
    leadOfficer: record.leadOfficer,
    recipient: record.recipient,
    bidId: record.bidId,
    bidTitle: record.bidTitle,
    bidSummary: record.bidSummary,
    roundName: record.roundName,
    financialYearLabel: record.financialYearLabel,
    startDate: record.startDate,
    endDate: record.endDate,
    outcome: record.outcome === "part_approved" ? "part_approved" : "approved",
    totalCostPence: record.totalCostPence,
    requestedPence: record.requestedPence,
    matchFundingPence: record.matchFundingPence,
    approvedCostPence: record.approvedCostPence,
    grantedPence: grant.grantedPence,
    lines: record.lines,
    conditions: record.conditions.map((text) => ({ text, aboutRepayment: repayment.has(text) })),
    paymentBasis: grant.paymentBasis,
    payments: grant.payments.map((p) => ({ dueOn: p.dueOn, label: p.label, amountPence: p.amountPence })),
  };
}

import { createHash } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import {
  bidCostLines,
  bidMatchFunding,
  bidSubmissions,
  bidMilestones,
  bidOutcomes,
  bidPriorities,
  bidRisks,
  bids,
  financialYears,
  fundingStreams,
  organisations,
  priorities,
  rounds,
  users,
} from "../../db/schema";
import {
  COMMITTED_STATUSES,
  isEditable,

  transition,
  type BidEvent,
  type BidStatus,
} from "../domain/bid-lifecycle";
import {
  requestedPence,
  submissionProblems,
  type AllocationPosition,
  type BidSectionKey,
  type StreamRules,
  type SubmissionProblem,
} from "../domain/bid-completeness";
import type { BidSnapshot } from "../domain/bid-diff";
import { isBidSectionKey } from "../domain/bid-completeness";
import { PARTNERSHIP_ACTIONS, type Actor, type AuditRow } from "../domain/bid-history";
import type { BidFund } from "../domain/funds";
import { financialYearStartYear, quarterLabel } from "../domain/financial-years";
import { formatPence, lineTotalPence, sumPence } from "../domain/money";
import type { PriorityKind } from "../domain/priorities";
import { closedMessage, maySubmitIn, takesBids } from "../domain/round-window";
import { recordAudit } from "./audit.server";
import { portalUrl, queueMessage, reviewerContacts } from "./notifications.server";
import { db, type Db, type Tx } from "./db.server";
import { committedSql } from "./money-sql.server";
import { RETIRED_PARTNERSHIP_MESSAGE, partnershipRetired } from "./partnerships.server";

// ---------------------------------------------------------------------------------------------
// Reading one bid

/** What access checks and page headers need: one indexed read. */
export interface BidHeader {
  id: number;
  cspId: number;
  cspName: string;
  roundId: number;
  roundName: string;
  roundStatus: "draft" | "open" | "closed";
  streamName: string;
  financialYearLabel: string;
  status: BidStatus;
  fund: BidFund;
  version: number;
  title: string;
  updatedAt: string;
  updatedByName: string;
  submittedAt: string | null;
  rules: StreamRules;
}

export function findBidHeader(id: number, tx: Tx | Db = db()): BidHeader | null {
  const row = tx
    .select({
      id: bids.id,
      cspId: bids.cspId,
      cspName: organisations.name,
      roundId: rounds.id,
      roundName: rounds.name,
      roundStatus: rounds.status,
      streamName: fundingStreams.name,
      financialYearLabel: financialYears.label,
      financialYearStartsOn: financialYears.startsOn,
      financialYearEndsOn: financialYears.endsOn,
      maySpanYears: fundingStreams.maySpanYears,
      maxDurationMonths: fundingStreams.maxDurationMonths,
      matchFundingRequired: fundingStreams.matchFundingRequired,
      status: bids.status,
      fund: bids.fund,
      version: bids.version,
      title: bids.title,
      updatedAt: bids.updatedAt,
      updatedByName: users.name,
      submittedAt: bids.submittedAt,
    })
    .from(bids)
    .innerJoin(organisations, eq(organisations.id, bids.cspId))
    .innerJoin(rounds, eq(rounds.id, bids.roundId))
    .innerJoin(fundingStreams, eq(fundingStreams.id, rounds.streamId))
    .innerJoin(financialYears, eq(financialYears.id, rounds.financialYearId))
    .innerJoin(users, eq(users.id, bids.updatedBy))
    .where(eq(bids.id, id))
    .get();
  if (!row) return null;
  const { financialYearStartsOn, financialYearEndsOn, maySpanYears, maxDurationMonths, matchFundingRequired, ...rest } = row;
  return {
    ...rest,
    rules: { financialYearStartsOn, financialYearEndsOn, maySpanYears, maxDurationMonths, matchFundingRequired },
  };
}

export interface CostLine {
  id: number;
  description: string;
  quantityHundredths: number;
  unitPriceTenThousandths: number;
  expenditureType: "capital" | "revenue";
  recurrence: "one_off" | "recurring";
  financialYearId: number;
  financialYearLabel: string;
  financialYearStart: number;
  totalPence: number;
}

export interface BidDetail extends BidHeader {
  summary: string;
  need: string;
  activities: string;
  deliveryPartners: string;
  locations: string;
  startDate: string | null;
  endDate: string | null;
  holdsPersonalData: boolean | null;
  dpiaCompleted: boolean | null;
  equalityImpact: string;
  priorities: { id: number; name: string; kind: PriorityKind }[];
  milestones: { financialYearId: number; financialYearLabel: string; quarter: number; description: string }[];
  costLines: CostLine[];
  matchFunding: { source: string; kind: "cash" | "in_kind"; amountPence: number }[];
  outcomes: { measure: string; unit: string; baseline: string | null; target: string | null; targetDate: string | null }[];
  risks: { description: string; likelihood: number; impact: number; mitigation: string }[];
  totalCostPence: number;
  matchFundingPence: number;
  requestedPence: number;
}

/** The whole bid: a handful of indexed reads, whatever its size. */
export function getBidDetail(id: number, tx: Tx | Db = db()): BidDetail | null {
  const header = findBidHeader(id, tx);
  if (!header) return null;
  const row = tx.select().from(bids).where(eq(bids.id, id)).get()!;
  const bidPriorityRows = tx
    .select({ id: priorities.id, name: priorities.name, kind: priorities.kind })
    .from(bidPriorities)
    .innerJoin(priorities, eq(priorities.id, bidPriorities.priorityId))
    .where(eq(bidPriorities.bidId, id))
    .orderBy(asc(priorities.kind), asc(priorities.position))
    .all();
  const milestones = tx
    .select({
      financialYearId: bidMilestones.financialYearId,
      financialYearLabel: financialYears.label,
      quarter: bidMilestones.quarter,
      description: bidMilestones.description,
    })
    .from(bidMilestones)
    .innerJoin(financialYears, eq(financialYears.id, bidMilestones.financialYearId))
    .where(eq(bidMilestones.bidId, id))
    .orderBy(asc(bidMilestones.position))
    .all();
  const costLines = tx
    .select({
      id: bidCostLines.id,
      description: bidCostLines.description,
      quantityHundredths: bidCostLines.quantityHundredths,
      unitPriceTenThousandths: bidCostLines.unitPriceTenThousandths,
      expenditureType: bidCostLines.expenditureType,
      recurrence: bidCostLines.recurrence,
      financialYearId: bidCostLines.financialYearId,
      financialYearLabel: financialYears.label,
      financialYearStartsOn: financialYears.startsOn,
    })
    .from(bidCostLines)
    .innerJoin(financialYears, eq(financialYears.id, bidCostLines.financialYearId))
    .where(eq(bidCostLines.bidId, id))
    .orderBy(asc(bidCostLines.position))
    .all()
    .map(({ financialYearStartsOn, ...line }) => ({
      ...line,
      financialYearStart: financialYearStartYear(financialYearStartsOn),
      totalPence: lineTotalPence(line.quantityHundredths, line.unitPriceTenThousandths),
    }));
  const matchFunding = tx
    .select({ source: bidMatchFunding.source, kind: bidMatchFunding.kind, amountPence: bidMatchFunding.amountPence })
    .from(bidMatchFunding)
    .where(eq(bidMatchFunding.bidId, id))
    .orderBy(asc(bidMatchFunding.position))
    .all();
  const outcomes = tx
    .select({
      measure: bidOutcomes.measure,
      unit: bidOutcomes.unit,
      baseline: bidOutcomes.baseline,
      target: bidOutcomes.target,
      targetDate: bidOutcomes.targetDate,
    })
    .from(bidOutcomes)
    .where(eq(bidOutcomes.bidId, id))
    .orderBy(asc(bidOutcomes.position))
    .all();
  const risks = tx
    .select({
      description: bidRisks.description,
      likelihood: bidRisks.likelihood,
      impact: bidRisks.impact,
      mitigation: bidRisks.mitigation,
    })
    .from(bidRisks)
    .where(eq(bidRisks.bidId, id))
    .orderBy(asc(bidRisks.position))
    .all();
  const totalCostPence = sumPence(costLines.map((l) => l.totalPence));
  const matchFundingPence = sumPence(matchFunding.map((m) => m.amountPence));
  return {
    ...header,
    summary: row.summary,
    need: row.need,
    activities: row.activities,
    deliveryPartners: row.deliveryPartners,
    locations: row.locations,
    startDate: row.startDate,
    endDate: row.endDate,
    holdsPersonalData: row.holdsPersonalData,
    dpiaCompleted: row.dpiaCompleted,
    equalityImpact: row.equalityImpact,
    priorities: bidPriorityRows,
    milestones,
    costLines,
    matchFunding,
    outcomes,
    risks,
    totalCostPence,
    matchFundingPence,
    requestedPence: totalCostPence - matchFundingPence,
  };
}

// ---------------------------------------------------------------------------------------------
// Allocation position

/**
 * The money a bid draws on and what other bids already hold of it: the CSP's allocation and its
 * other bids on it, or the round's central fund and every CSP's other bids on that.
 */
export function allocationPosition(
  roundId: number,
  cspId: number,
  exceptBidId: number | null,
  tx: Tx | ReturnType<typeof db> = db(),
  fund: BidFund = "allocation",
): AllocationPosition | null {
  const statuses = sql.join(COMMITTED_STATUSES.map((s) => sql`${s}`), sql`, `);
  const row =
    fund === "central"
      ? tx.get<{ allocation: number | null; committed: number }>(sql`
    select
      (select central_fund_pence from rounds where id = ${roundId}) as allocation,
      (select coalesce(sum(${committedSql(sql`b.id`, sql`b.status`)}), 0)
         from bids b
        where b.round_id = ${roundId} and b.fund = 'central' and b.status in (${statuses})
          and b.id <> ${exceptBidId ?? -1}) as committed
  `)
      : tx.get<{ allocation: number | null; committed: number }>(sql`
    select
      (select amount_pence from allocations where round_id = ${roundId} and csp_id = ${cspId}) as allocation,
      (select coalesce(sum(${committedSql(sql`b.id`, sql`b.status`)}), 0)
         from bids b
        where b.round_id = ${roundId} and b.csp_id = ${cspId} and b.fund = 'allocation' and b.status in (${statuses})
          and b.id <> ${exceptBidId ?? -1}) as committed
  `);
  if (row.allocation === null) return null;
  return { fund, allocationPence: row.allocation, committedElsewherePence: row.committed };
}

// ---------------------------------------------------------------------------------------------
// Writing

export type SaveResult =
  | { kind: "saved"; version: number }
  /** `scope: "section"`: the section the save would overwrite changed; otherwise the bid as a whole did. */
  | { kind: "stale"; changedBy: string; changedAt: string; scope?: "section" }
  | { kind: "not-editable"; status: BidStatus };

/** Thrown by createBid when the round does not take bids at that moment; the transaction writes nothing. */
export class RoundNotTakingBidsError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Starts a draft in a round that takes bids now (decision record 13); throws RoundNotTakingBidsError otherwise. */
export function createBid(input: { roundId: number; cspId: number; title: string; userId: number; fund?: BidFund }, at = new Date()): number {
  return db().transaction(
    (tx) => {
      const now = at.toISOString();
      // Checked where the write happens, so a round that closes while the form is open takes no bid.
      const round = tx.select({ status: rounds.status, opensOn: rounds.opensOn, closesOn: rounds.closesOn }).from(rounds).where(eq(rounds.id, input.roundId)).get();
      if (!round || !takesBids(round, at)) throw new RoundNotTakingBidsError(round ? (closedMessage(round, at) ?? "") : "There is no such round.");
      if (partnershipRetired(tx, input.cspId)) throw new RoundNotTakingBidsError(RETIRED_PARTNERSHIP_MESSAGE);
      const created = tx
        .insert(bids)
        .values({
          roundId: input.roundId,
          cspId: input.cspId,
          fund: input.fund ?? "allocation",
          title: input.title,
          createdBy: input.userId,
          createdAt: now,
          updatedBy: input.userId,
          updatedAt: now,
        })
        .returning({ id: bids.id })
        .get();
      recordAudit(tx, {
        userId: input.userId,
        action: "bid.created",
        entityType: "bid",
        entityId: created.id,
        bidId: created.id,
        cspId: input.cspId,
        after: { roundId: input.roundId, fund: input.fund ?? "allocation", title: input.title, status: "draft" },
      }, now);
      return created.id;
    },
    { behavior: "immediate" },
  );
}

/**
 * Raises the version if it is still `expectedVersion`, and sets the given columns. Returns why not
 * otherwise. The caller is inside a transaction. `null`: the caller has already checked that what it
 * overwrites is unchanged (a section's fingerprint), so whatever the version is now is raised.
 */
function claimVersion(
  tx: Tx,
  bidId: number,
  expected: number | null,
  userId: number,
  now: string,
  columns: Partial<typeof bids.$inferInsert> = {},
  requireEditable = true,
): SaveResult {
  const current = tx
    .select({ status: bids.status, version: bids.version, updatedAt: bids.updatedAt, updatedByName: users.name })
    .from(bids)
    .innerJoin(users, eq(users.id, bids.updatedBy))
    .where(eq(bids.id, bidId))
    .get();
  if (!current) throw new Error(`Bid ${bidId} vanished`);
  const expectedVersion = expected ?? current.version;
  if (current.version !== expectedVersion) {
    return { kind: "stale", changedBy: current.updatedByName, changedAt: current.updatedAt };
  }
  if (requireEditable && !isEditable(current.status)) return { kind: "not-editable", status: current.status };
  const updated = tx
    .update(bids)
    .set({ ...columns, version: expectedVersion + 1, updatedAt: now, updatedBy: userId })
    .where(and(eq(bids.id, bidId), eq(bids.version, expectedVersion)))
    .run();
  if (updated.changes !== 1) return { kind: "stale", changedBy: current.updatedByName, changedAt: current.updatedAt };
  return { kind: "saved", version: expectedVersion + 1 };
}

export interface DetailsInput {
  title: string;
  summary: string;
  need: string;
  activities: string;
  deliveryPartners: string;
  locations: string;
  startDate: string | null;
  endDate: string | null;
  milestones: { financialYearId: number; quarter: number; description: string }[];
}
export interface CostLineInput {
  description: string;
  quantityHundredths: number;
  unitPriceTenThousandths: number;
  expenditureType: "capital" | "revenue";
  recurrence: "one_off" | "recurring";
  financialYearId: number;
}
export interface MatchFundingInput {
  source: string;
  kind: "cash" | "in_kind";
  amountPence: number;
}
export interface OutcomeInput {
  measure: string;
  unit: string;
  baseline: string | null;
  target: string | null;
  targetDate: string | null;
}
export interface RiskInput {
  description: string;
  likelihood: number;
  impact: number;
  mitigation: string;
}
export interface DataProtectionInput {
  holdsPersonalData: boolean;
  dpiaCompleted: boolean | null;
  equalityImpact: string;
}

export type SectionInput =
  | { section: "details"; value: DetailsInput }
  | { section: "priorities"; value: { priorityIds: number[] } }
  | { section: "costs"; value: CostLineInput[] }
  | { section: "match-funding"; value: MatchFundingInput[] }
  | { section: "outcomes"; value: OutcomeInput[] }
  | { section: "risks"; value: RiskInput[] }
  | { section: "data-protection"; value: DataProtectionInput };

/**
 * What a section's form was opened on. `fingerprint` (sectionFingerprint when the page was drawn)
 * is what a save is checked against, so two people can save two sections of one bid; a form
 * without one is held to the whole bid's `version`. Decision record 16.
 */
export interface OpenedAt {
  version: number;
  fingerprint?: string;
}

/**
 * Saves one section of a draft, refusing a save when the section it would overwrite has changed
 * since the form was opened (or, for a form without a fingerprint, when anything in the bid has).
 * Audited.
 */
export function saveBidSection(
  bid: { id: number; cspId: number },
  userId: number,
  openedAt: OpenedAt,
  input: SectionInput,
): SaveResult {
  return db().transaction(
    (tx) => {
      const now = new Date().toISOString();
      const before = sectionSnapshot(tx, bid.id, input.section);
      if (openedAt.fingerprint !== undefined && fingerprintOf(before) !== openedAt.fingerprint) {
        return { kind: "stale", scope: "section", ...lastSectionChange(tx, bid.id, input.section) };
      }
      const columns = input.section === "details"
        ? (({ milestones: _m, ...rest }) => rest)(input.value)
        : input.section === "data-protection"
          ? { ...input.value, dpiaCompleted: input.value.holdsPersonalData ? input.value.dpiaCompleted : null }
          : {};
      const result = claimVersion(tx, bid.id, openedAt.fingerprint === undefined ? openedAt.version : null, userId, now, columns);
      if (result.kind !== "saved") return result;
      replaceChildRows(tx, bid.id, input);
      recordAudit(tx, {
        userId,
        action: `bid.section.${input.section}.saved`,
        entityType: "bid",
        entityId: bid.id,
        bidId: bid.id,
        cspId: bid.cspId,
        before,
        after: sectionSnapshot(tx, bid.id, input.section),
      }, now);
      return result;
    },
    { behavior: "immediate" },
  );
}

function replaceChildRows(tx: Tx, bidId: number, input: SectionInput) {
  const positioned = <T,>(list: T[]) => list.map((item, position) => ({ ...item, bidId, position }));
  switch (input.section) {
    case "details":
      tx.delete(bidMilestones).where(eq(bidMilestones.bidId, bidId)).run();
      if (input.value.milestones.length) tx.insert(bidMilestones).values(positioned(input.value.milestones)).run();
      return;
    case "priorities":
      tx.delete(bidPriorities).where(eq(bidPriorities.bidId, bidId)).run();
      if (input.value.priorityIds.length) {
        tx.insert(bidPriorities).values(input.value.priorityIds.map((priorityId) => ({ bidId, priorityId }))).run();
      }
      return;
    case "costs":
      tx.delete(bidCostLines).where(eq(bidCostLines.bidId, bidId)).run();
      if (input.value.length) tx.insert(bidCostLines).values(positioned(input.value)).run();
      return;
    case "match-funding":
      tx.delete(bidMatchFunding).where(eq(bidMatchFunding.bidId, bidId)).run();
      if (input.value.length) tx.insert(bidMatchFunding).values(positioned(input.value)).run();
      return;
    case "outcomes":
      tx.delete(bidOutcomes).where(eq(bidOutcomes.bidId, bidId)).run();
      if (input.value.length) tx.insert(bidOutcomes).values(positioned(input.value)).run();
      return;
    case "risks":
      tx.delete(bidRisks).where(eq(bidRisks.bidId, bidId)).run();
      if (input.value.length) tx.insert(bidRisks).values(positioned(input.value)).run();
      return;
    case "data-protection":
      return;
  }
}

/**
 * A digest of one section as stored: the page puts it in the form, and a save is refused when the
 * section no longer matches it. Read with the page's data in one transaction, so the form never
 * carries a fingerprint newer than what it shows.
 */
export function sectionFingerprint(bidId: number, section: BidSectionKey, tx: Tx | Db = db()): string {
  return fingerprintOf(sectionSnapshot(tx, bidId, section));
}

/** A draft and one section's fingerprint, read together, for that section's page. */
export function getBidWithSectionFingerprint(bidId: number, section: BidSectionKey): { bid: BidDetail; fingerprint: string } | null {
  return db().transaction((tx) => {
    const bid = getBidDetail(bidId, tx);
    return bid ? { bid, fingerprint: sectionFingerprint(bidId, section, tx) } : null;
  });
}

const fingerprintOf = (snapshot: unknown) => createHash("sha256").update(JSON.stringify(snapshot)).digest("hex");

/** Who last saved a section and when (from the audit log), or, failing that, who last changed the bid. */
function lastSectionChange(tx: Tx, bidId: number, section: BidSectionKey): { changedBy: string; changedAt: string } {
  const saved = tx.get<{ changedBy: string | null; changedAt: string } | undefined>(sql`
    select u.name as changedBy, a.at as changedAt
      from audit_log a left join users u on u.id = a.user_id
     where a.bid_id = ${bidId} and a.action = ${`bid.section.${section}.saved`}
     order by a.id desc limit 1
  `);
  if (saved?.changedBy) return { changedBy: saved.changedBy, changedAt: saved.changedAt };
  const bid = tx.select({ changedBy: users.name, changedAt: bids.updatedAt }).from(bids).innerJoin(users, eq(users.id, bids.updatedBy)).where(eq(bids.id, bidId)).get()!;
  return bid;
}

/** The stored state of one section, for the audit log's before and after. */
function sectionSnapshot(tx: Tx | Db, bidId: number, section: BidSectionKey): unknown {
  const bid = tx.select().from(bids).where(eq(bids.id, bidId)).get()!;
  const omitIds = <T extends { id?: number; bidId?: number; position?: number }>(rows: T[]) =>
    rows.map(({ id: _id, bidId: _b, position: _p, ...rest }) => rest);
  switch (section) {
    case "details":
      return {
        title: bid.title,
        summary: bid.summary,
        need: bid.need,
        activities: bid.activities,
        deliveryPartners: bid.deliveryPartners,
        locations: bid.locations,
        startDate: bid.startDate,
        endDate: bid.endDate,
        milestones: omitIds(tx.select().from(bidMilestones).where(eq(bidMilestones.bidId, bidId)).orderBy(asc(bidMilestones.position)).all()),
      };
    case "priorities":
      return tx.select({ id: bidPriorities.priorityId }).from(bidPriorities).where(eq(bidPriorities.bidId, bidId)).orderBy(asc(bidPriorities.priorityId)).all().map((r) => r.id);
    case "costs":
      return omitIds(tx.select().from(bidCostLines).where(eq(bidCostLines.bidId, bidId)).orderBy(asc(bidCostLines.position)).all());
    case "match-funding":
      return omitIds(tx.select().from(bidMatchFunding).where(eq(bidMatchFunding.bidId, bidId)).orderBy(asc(bidMatchFunding.position)).all());
    case "outcomes":
      return omitIds(tx.select().from(bidOutcomes).where(eq(bidOutcomes.bidId, bidId)).orderBy(asc(bidOutcomes.position)).all());
    case "risks":
      return omitIds(tx.select().from(bidRisks).where(eq(bidRisks.bidId, bidId)).orderBy(asc(bidRisks.position)).all());
    case "data-protection":
      return { holdsPersonalData: bid.holdsPersonalData, dpiaCompleted: bid.dpiaCompleted, equalityImpact: bid.equalityImpact };
  }
}

/** What still stops a bid being submitted, checked against the stored bid. */
export function problemsBeforeSubmission(bid: BidDetail, tx: Tx | ReturnType<typeof db> = db()): SubmissionProblem[] {
  return submissionProblems(
    {
      ...bid,
      priorityKinds: bid.priorities.map((p) => p.kind),
      matchFundingLines: bid.matchFunding.length,
    },
    bid.rules,
    allocationPosition(bid.roundId, bid.cspId, bid.id, tx, bid.fund),
  );
}

export type SubmitResult =
  | SaveResult
  | { kind: "incomplete"; problems: SubmissionProblem[] }
  | { kind: "round-not-open"; message: string };

/** Submits a complete draft. The checks and the move happen in one write transaction. */
export function submitBid(bidId: number, userId: number, expectedVersion: number, now = new Date().toISOString()): SubmitResult {
  return db().transaction(
    (tx) => {
      const bid = getBidDetail(bidId, tx);
      if (!bid) throw new Error(`Bid ${bidId} vanished`);
      if (bid.version !== expectedVersion) return { kind: "stale", changedBy: bid.updatedByName, changedAt: bid.updatedAt };
      if (!isEditable(bid.status)) return { kind: "not-editable", status: bid.status };
      // A draft only while the round takes bids; a bid sent back for changes at any time (decision record 13).
      const round = tx.select({ status: rounds.status, opensOn: rounds.opensOn, closesOn: rounds.closesOn }).from(rounds).where(eq(rounds.id, bid.roundId)).get()!;
      if (!maySubmitIn(bid.status, round, new Date(now))) return { kind: "round-not-open", message: closedMessage(round, new Date(now)) ?? "" };
      const problems = problemsBeforeSubmission(bid, tx);
      if (problems.length) return { kind: "incomplete", problems };
      const resubmitted = bid.status === "changes_requested";
      const result = moveBid(tx, bid, userId, expectedVersion, "submit", now);
      if (result.kind === "saved") {
        queueMessage(tx, {
          to: reviewerContacts(tx),
          subject: `${resubmitted ? "Bid resubmitted" : "Bid submitted"}: ${bid.title} (${bid.cspName})`,
          body: `${bid.cspName} has ${resubmitted ? "resubmitted" : "submitted"} "${bid.title}" in ${bid.roundName}, asking for ${formatPence(bid.requestedPence)}.\n\nReview it: ${portalUrl(`/bids/${bid.id}/review`)}`,
        }, now);
      }
      return result;
    },
    { behavior: "immediate" },
  );
}

export function withdrawBid(bidId: number, userId: number, expectedVersion: number): SaveResult {
  return db().transaction(
    (tx) => {
      const bid = getBidDetail(bidId, tx);
      if (!bid) throw new Error(`Bid ${bidId} vanished`);
      return moveBid(tx, bid, userId, expectedVersion, "withdraw");
    },
    { behavior: "immediate" },
  );
}

/** Whether a bid may be deleted rather than withdrawn: a draft never submitted, so no one at the OPCC has seen it. */
export const isDeletableDraft = (bid: { status: BidStatus; submittedAt: string | null }) => bid.status === "draft" && bid.submittedAt === null;

export type DeleteResult =
  | { kind: "deleted" }
  | { kind: "stale"; changedBy: string; changedAt: string }
  | { kind: "submitted-before" };

/**
 * Deletes a draft that was never submitted, and its rows, in one transaction, refusing one changed
 * since the page was opened. The audit row keeps what was deleted (title, CSP, round, money) and
 * who deleted it; the bid's earlier audit rows stay, as the log is append-only.
 */
export function deleteDraft(bidId: number, userId: number, expectedVersion: number): DeleteResult {
  return db().transaction(
    (tx) => {
      const bid = getBidDetail(bidId, tx);
      if (!bid) throw new Error(`Bid ${bidId} vanished`);
      const everSubmitted = tx.get<{ n: number }>(sql`select count(*) as n from bid_submissions where bid_id = ${bidId}`).n > 0;
      if (!isDeletableDraft(bid) || everSubmitted) return { kind: "submitted-before" };
      if (bid.version !== expectedVersion) return { kind: "stale", changedBy: bid.updatedByName, changedAt: bid.updatedAt };
      const now = new Date().toISOString();
      for (const table of [bidPriorities, bidMilestones, bidCostLines, bidMatchFunding, bidOutcomes, bidRisks]) {
        tx.delete(table).where(eq(table.bidId, bidId)).run();
      }
      tx.delete(bids).where(and(eq(bids.id, bidId), eq(bids.version, expectedVersion))).run();
      recordAudit(tx, {
        userId,
        action: "bid.deleted",
        entityType: "bid",
        entityId: bidId,
        bidId,
        cspId: bid.cspId,
        before: {
          title: bid.title,
          cspId: bid.cspId,
          cspName: bid.cspName,
          roundId: bid.roundId,
          roundName: bid.roundName,
          fund: bid.fund,
          status: bid.status,
          version: bid.version,
          totalCostPence: bid.totalCostPence,
          matchFundingPence: bid.matchFundingPence,
          requestedPence: bid.requestedPence,
        },
      }, now);
      return { kind: "deleted" };
    },
    { behavior: "immediate" },
  );
}

/** How many times a bid has been submitted (more than once: resubmitted after changes were asked for). */
export function submissionCount(bidId: number): number {
  return db().get<{ n: number }>(sql`select count(*) as n from bid_submissions where bid_id = ${bidId}`).n;
}

const EVENT_ACTIONS: Record<BidEvent, string> = {
  submit: "bid.submitted",
  start_review: "bid.review_started",
  request_changes: "bid.changes_requested",
  approve: "bid.approved",
  part_approve: "bid.part_approved",
  reject: "bid.rejected",
  withdraw: "bid.withdrawn",
  correct_approve: "bid.approved_by_correction",
  correct_part_approve: "bid.part_approved_by_correction",
  correct_reject: "bid.rejected_by_correction",
};

/**
 * Moves a bid along its life-cycle inside the caller's transaction: refuses an illegal move or a
 * stale version, audits the move, and keeps an immutable copy of each submission.
 */
export function moveBid(tx: Tx, bid: BidDetail, userId: number, expectedVersion: number, event: BidEvent, now = new Date().toISOString()): SaveResult {
  const to = transition(bid.status, event);
  const result = claimVersion(
    tx,
    bid.id,
    expectedVersion,
    userId,
    now,
    { status: to, ...(event === "submit" ? { submittedAt: now } : {}) },
    false,
  );
  if (result.kind !== "saved") return result;
  let submissionNumber: number | undefined;
  if (event === "submit") {
    submissionNumber = (tx.get<{ n: number }>(sql`select coalesce(max(number), 0) + 1 as n from bid_submissions where bid_id = ${bid.id}`)).n;
    tx.insert(bidSubmissions).values({ bidId: bid.id, number: submissionNumber, submittedAt: now, submittedBy: userId, snapshot: snapshotOf(bid) }).run();
  }
  recordAudit(tx, {
    userId,
    action: EVENT_ACTIONS[event],
    entityType: "bid",
    entityId: bid.id,
    bidId: bid.id,
    cspId: bid.cspId,
    before: { status: bid.status },
    after: { status: to, requestedPence: requestedPence(bid), totalCostPence: bid.totalCostPence, matchFundingPence: bid.matchFundingPence, ...(submissionNumber ? { submission: submissionNumber } : {}) },
  }, now);
  return result;
}

/** The bid frozen as it is now, for the submissions record. */
export function snapshotOf(bid: BidDetail): BidSnapshot {
  return {
    title: bid.title,
    summary: bid.summary,
    need: bid.need,
    activities: bid.activities,
    deliveryPartners: bid.deliveryPartners,
    locations: bid.locations,
    startDate: bid.startDate,
    endDate: bid.endDate,
    priorities: bid.priorities.map((p) => p.name),
    milestones: bid.milestones.map((m) => ({ when: quarterLabel(m.financialYearLabel, m.quarter), description: m.description })),
    costLines: bid.costLines.map((l) => ({
      description: l.description,
      quantityHundredths: l.quantityHundredths,
      unitPriceTenThousandths: l.unitPriceTenThousandths,
      expenditureType: l.expenditureType,
      recurrence: l.recurrence,
      financialYearLabel: l.financialYearLabel,
    })),
    matchFunding: bid.matchFunding,
    outcomes: bid.outcomes,
    risks: bid.risks,
    holdsPersonalData: bid.holdsPersonalData,
    dpiaCompleted: bid.dpiaCompleted,
    equalityImpact: bid.equalityImpact,
    totalCostPence: bid.totalCostPence,
    matchFundingPence: bid.matchFundingPence,
    requestedPence: bid.requestedPence,
  };
}

// ---------------------------------------------------------------------------------------------
// History

/**
 * A bid's audit rows, newest first, with who made each and their organisation, for
 * `historyLines` (app/domain/bid-history.ts) to put into words. The before and after bodies are
 * read here and never returned by a loader. For a partnership reader, only the kinds of row it may
 * see are read, so the limit counts the lines it gets.
 */
export function bidHistory(bidId: number, { partnership }: { partnership: boolean }, limit = 100): AuditRow[] {
  const visible = partnership
    ? sql`and (a.action in (${sql.join(PARTNERSHIP_ACTIONS.map((x) => sql`${x}`), sql`, `)})
           or a.action like 'bid.section.%'
           or (a.action = 'review.commented' and json_extract(a.after, '$.visibility') = 'shared'))`
    : sql``;
  const rows = db().all<{ id: number; at: string; action: string; before: string | null; after: string | null; name: string | null; organisationId: number | null; organisationKind: Actor["organisationKind"] | null; organisationName: string | null }>(sql`
    select a.id, a.at, a.action, a.before, a.after, u.name, u.organisation_id as organisationId, o.kind as organisationKind, o.name as organisationName
      from audit_log a left join users u on u.id = a.user_id left join organisations o on o.id = u.organisation_id
     where a.bid_id = ${bidId} ${visible}
     order by a.id desc
     limit ${limit}
  `);
  return rows.map(({ name, organisationId, organisationKind, organisationName, ...row }) => ({
    ...row,
    actor: name !== null && organisationId !== null && organisationKind !== null ? { name, organisationId, organisationKind, organisationName: organisationName ?? "" } : null,
  }));
}

/** The sections of a bid that have been saved at least once (a saved empty section is not "not started"). */
export function savedSections(bidId: number): Set<BidSectionKey> {
  const rows = db().all<{ action: string }>(sql`select distinct action from audit_log where bid_id = ${bidId} and action like 'bid.section.%.saved'`);
  return new Set(rows.map((r) => /^bid\.section\.([a-z-]+)\.saved$/.exec(r.action)?.[1]).filter((k): k is BidSectionKey => k !== undefined && isBidSectionKey(k)));
}

/** Who last changed a bid, with their organisation, so a page can name them as its reader may see them. */
export function lastChangedBy(bidId: number): Actor | null {
  const row = db().get<{ name: string; organisationId: number; organisationKind: Actor["organisationKind"]; organisationName: string } | undefined>(sql`
    select u.name, u.organisation_id as organisationId, o.kind as organisationKind, o.name as organisationName
      from bids b join users u on u.id = b.updated_by join organisations o on o.id = u.organisation_id
     where b.id = ${bidId}`);
  return row ?? null;
}

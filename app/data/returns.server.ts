import { and, eq, sql, type SQL } from "drizzle-orm";
import { bids, fundingStreams, grantReturns, grants, rounds } from "../../db/schema";
import type { MilestoneProgress, Rag } from "../../db/schema/returns";
import { financialYearLabel, shortQuarterLabel, financialYearStartYear } from "../domain/financial-years";
import { quartersBetween } from "../domain/payment-schedule";
import { daysOverdue, type ReturnStatus } from "../domain/return-lifecycle";
import { quarterHasEnded, returnPeriodLabel, returnPeriods } from "../domain/return-periods";
import { ukDate } from "../domain/round-window";
import { quartersAfter, spendProfile, sameQuarter } from "../domain/spend-profile";
import { lineFigures, subtotals, type ExpenditureType } from "../domain/spend-variance";
import type { ReturnForSubmission } from "../domain/return-completeness";
import { recordAudit } from "./audit.server";
import { untilNextChange } from "./change-cache.server";
import { db, type DbOrTx, type Tx } from "./db.server";
import { currentLineSql } from "./money-sql.server";

/**
 * Quarterly returns: made for an accepted grant (`syncReturnsForGrant`), read for their page
 * (`loadReturn`) and listed (`returnsForGrant`, `listReturns`). The partnership's writes (save,
 * certify, submit) are in return-editing.server.ts; the OPCC's (query, accept, reopen) in
 * return-reviews.server.ts.
 */

/**
 * Makes a grant's returns match its dates: one for every financial quarter it runs in, due the
 * stream's number of days after the quarter, to the grant's end (an approved extension's, else the
 * bid's). Called when the offer is accepted and whenever the grant's dates change. Existing returns are kept (their due date follows the stream); a return for
 * a quarter the grant no longer runs in is removed only if nothing was ever written in it.
 * Returns how many were made and removed.
 */
export function syncReturnsForGrant(tx: Tx, grantId: number, userId: number | null, now = new Date().toISOString()): { made: number; removed: number } {
  const grant = tx
    .select({
      id: grants.id, cspId: grants.cspId, bidId: grants.bidId, startDate: bids.startDate, endDate: sql<string | null>`coalesce(${grants.extendedTo}, ${bids.endDate})`, returnDueDays: fundingStreams.returnDueDays,
      offerStatus: grants.offerStatus, respondedAt: grants.respondedAt,
    })
    .from(grants)
    .innerJoin(bids, eq(bids.id, grants.bidId))
    .innerJoin(rounds, eq(rounds.id, bids.roundId))
    .innerJoin(fundingStreams, eq(fundingStreams.id, rounds.streamId))
    .where(eq(grants.id, grantId))
    .get();
  if (!grant || !grant.startDate || !grant.endDate) return { made: 0, removed: 0 };
  // A quarter already over when the offer was accepted is due the stream's days after the acceptance.
  const acceptedOn = grant.offerStatus === "accepted" && grant.respondedAt ? ukDate(new Date(grant.respondedAt)) : null;
  const periods = returnPeriods({ startDate: grant.startDate, endDate: grant.endDate, acceptedOn }, grant.returnDueDays);
  const existing = tx
    .select({
      id: grantReturns.id, startYear: grantReturns.startYear, quarter: grantReturns.quarter, status: grantReturns.status, version: grantReturns.version,
      dueOn: grantReturns.dueOn, periodStart: grantReturns.periodStart, periodEnd: grantReturns.periodEnd,
    })
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
      // Only a return whose dates really change is written: syncing never touches a closed year's returns.
      if (found.dueOn === p.dueOn && found.periodStart === p.periodStart && found.periodEnd === p.periodEnd) continue;
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

// ---------------------------------------------------------------------------------------------
// One return, whole, for its page

export interface ReturnQuarter {
  startYear: number;
  quarter: number;
  /** "2024-25 Q1 (April to June 2024)". */
  label: string;
}

export interface ReturnLine {
  costLineId: number;
  description: string;
  expenditureType: ExpenditureType;
  financialYearLabel: string;
  /**
   * The line's budget: its current amount, what the PCC approved with the approved virements and
   * carry-forwards (currentLineSql). A line whose current amount is nothing is left out.
   */
  budgetPence: number;
  /** What the line is profiled to spend this quarter. */
  profilePence: number;
  actualPence: number | null;
  varianceExplanation: string;
  /** Actuals in the grant's earlier returns. */
  spentBeforePence: number;
  variancePence: number | null;
  spentToDatePence: number;
  remainingPence: number;
  overspent: boolean;
  needsExplanation: boolean;
  toleratedPence: number;
  /** One for each of the grant's quarters after this one: the forecast saved (null if none) and the profile. */
  forecasts: (ReturnQuarter & { amountPence: number | null; profilePence: number })[];
}

export interface ReturnOutcome {
  outcomeId: number;
  measure: string;
  unit: string;
  baseline: string | null;
  target: string | null;
  targetDate: string | null;
  actualToDate: string | null;
  comment: string;
  /** The actual to date the grant's latest earlier return gave, if any. */
  previousActual: string | null;
}

export interface ReturnMilestone {
  milestoneId: number;
  description: string;
  /** When the milestone is due: "2023-24 Q2". */
  due: string;
  progress: MilestoneProgress | null;
  comment: string;
}

export interface ReturnCertification {
  byName: string;
  name: string;
  role: string;
  on: string;
}

/** What a return says in words, the form's RETURN_TEXT_FIELDS: its RAG ratings and why, what went well, what did not, what next. */
export interface ReturnText {
  spendRag: Rag | null;
  spendRagReason: string;
  deliveryRag: Rag | null;
  deliveryRagReason: string;
  wentWell: string;
  didNotGoWell: string;
  nextSteps: string;
}

/** Those words of a return (or of a form), alone. */
export const returnTextOf = (r: ReturnText): ReturnText => ({
  spendRag: r.spendRag,
  spendRagReason: r.spendRagReason,
  deliveryRag: r.deliveryRag,
  deliveryRagReason: r.deliveryRagReason,
  wentWell: r.wentWell,
  didNotGoWell: r.didNotGoWell,
  nextSteps: r.nextSteps,
});

export interface ReturnDetail extends ReturnText {
  id: number;
  grantId: number;
  bidId: number;
  cspId: number;
  title: string;
  cspName: string;
  council: string;
  decisionReference: string;
  streamName: string;
  toleranceBasisPoints: number;
  certificationRequired: boolean;
  grantStart: string;
  grantEnd: string;
  startYear: number;
  quarter: number;
  label: string;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  quarterEnded: boolean;
  status: ReturnStatus;
  version: number;
  updatedAt: string;
  /** Who made the last change: a stale save by the viewer themself is worded as theirs. */
  updatedById: number | null;
  updatedByName: string;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  acceptedAt: string | null;
  lines: ReturnLine[];
  totals: ReturnType<typeof subtotals>;
  remainingQuarters: ReturnQuarter[];
  outcomes: ReturnOutcome[];
  milestones: ReturnMilestone[];
  certification: ReturnCertification | null;
  submissions: { number: number; submittedAt: string; submittedByName: string }[];
  reviews: { action: "accepted" | "queried" | "reopened"; comment: string; byName: string; at: string }[];
}

const quarterLabelOf = (q: { startYear: number; quarter: number }): ReturnQuarter => ({ startYear: q.startYear, quarter: q.quarter, label: returnPeriodLabel(q.startYear, q.quarter) });

/** The order of quarters as one number, for SQL comparisons: 2023 Q4 < 2024 Q1. */
const quarterOrdinal = (q: { startYear: number; quarter: number }) => q.startYear * 4 + q.quarter;
const QUARTER_ORDINAL_SQL = (alias: string) => sql.raw(`(${alias}.start_year * 4 + ${alias}.quarter)`);

/**
 * Everything a return's page shows, in seven indexed queries whatever the grant's size: the
 * return with its grant, bid, partnership and stream; the approved lines (approved above nothing)
 * with this return's actuals and the grant's earlier actuals summed; this return's forecasts; the
 * outcomes and milestones with what this return says of them; the submissions and the OPCC's
 * reviews. `today` (UK) says whether the quarter has ended. For a partnership's own people
 * (`forPartnership`), OPCC staff are named "OPCC", as in a bid's history (decision record 14).
 */
export function loadReturn(returnId: number, { today = ukDate(new Date()), tx = db() as DbOrTx, forPartnership = false } = {}): ReturnDetail | null {
  const head = tx.get<({
    id: number; grantId: number; bidId: number; cspId: number; decisionId: number; title: string; cspName: string; council: string | null;
    decisionReference: string; streamName: string; toleranceBasisPoints: number; certificationRequired: number;
    grantStart: string; grantEnd: string; startYear: number; quarter: number; periodStart: string; periodEnd: string; dueOn: string;
    status: ReturnStatus; version: number; updatedAt: string; updatedById: number | null; updatedByName: string | null;
    firstSubmittedAt: string | null; submittedAt: string | null; acceptedAt: string | null;
    certifiedByName: string | null; certifiedName: string | null; certifiedRole: string | null; certifiedOn: string | null;
  } & ReturnText) | undefined>(sql`
    select r.id, r.grant_id as grantId, g.bid_id as bidId, g.csp_id as cspId, g.decision_id as decisionId, b.title, o.name as cspName, o.accountable_council as council,
           d.reference as decisionReference, fs.name as streamName, fs.tolerance_basis_points as toleranceBasisPoints, fs.certification_required as certificationRequired,
           b.start_date as grantStart, coalesce(g.extended_to, b.end_date) as grantEnd, r.start_year as startYear, r.quarter, r.period_start as periodStart, r.period_end as periodEnd, r.due_on as dueOn,
           r.status, r.version, r.updated_at as updatedAt, r.updated_by as updatedById,
           case when ${forPartnership ? 1 : 0} = 1 and uo.kind = 'opcc' then 'OPCC' else uu.name end as updatedByName,
           r.first_submitted_at as firstSubmittedAt, r.submitted_at as submittedAt, r.accepted_at as acceptedAt,
           r.spend_rag as spendRag, r.spend_rag_reason as spendRagReason, r.delivery_rag as deliveryRag, r.delivery_rag_reason as deliveryRagReason,
           r.went_well as wentWell, r.did_not_go_well as didNotGoWell, r.next_steps as nextSteps,
           cu.name as certifiedByName, r.certified_name as certifiedName, r.certified_role as certifiedRole, r.certified_on as certifiedOn
      from grant_returns r
      join grants g on g.id = r.grant_id
      join bids b on b.id = g.bid_id
      join organisations o on o.id = g.csp_id
      join rounds rd on rd.id = b.round_id
      join funding_streams fs on fs.id = rd.stream_id
      join decisions d on d.id = g.decision_id
      left join users uu on uu.id = r.updated_by
      left join organisations uo on uo.id = uu.organisation_id
      left join users cu on cu.id = r.certified_by
     where r.id = ${returnId}`);
  if (!head) return null;
  const ordinal = quarterOrdinal(head);
  const grantQuarters = head.grantStart && head.grantEnd ? quartersBetween(head.grantStart, head.grantEnd) : [];
  const remaining = quartersAfter(grantQuarters, head);

  const lineRows = tx.all<{ costLineId: number; description: string; expenditureType: ExpenditureType; yearStartsOn: string; budgetPence: number; actualPence: number | null; varianceExplanation: string | null; spentBeforePence: number }>(sql`
    select * from (
    select l.id as costLineId, l.description, l.expenditure_type as expenditureType, fy.starts_on as yearStartsOn,
           ${currentLineSql(sql`${head.grantId}`, sql`l.id`, sql`dl.approved_pence`)} as budgetPence, l.position,
           rl.actual_pence as actualPence, rl.variance_explanation as varianceExplanation,
           (select coalesce(sum(e.actual_pence), 0) from return_lines e join grant_returns er on er.id = e.return_id
             where e.cost_line_id = l.id and er.grant_id = ${head.grantId} and ${QUARTER_ORDINAL_SQL("er")} < ${ordinal}) as spentBeforePence
      from decision_lines dl
      join bid_cost_lines l on l.id = dl.cost_line_id
      join financial_years fy on fy.id = l.financial_year_id
      left join return_lines rl on rl.return_id = ${returnId} and rl.cost_line_id = l.id
     where dl.decision_id = ${head.decisionId}
    ) where budgetPence > 0
    order by position, costLineId`);
  const forecastRows = tx.all<{ costLineId: number; startYear: number; quarter: number; amountPence: number }>(sql`
    select cost_line_id as costLineId, start_year as startYear, quarter, amount_pence as amountPence from return_forecasts where return_id = ${returnId}`);

  const lines: ReturnLine[] = lineRows.map((row) => {
    const lineYear = financialYearStartYear(row.yearStartsOn);
    const profile = spendProfile(row.budgetPence, lineYear, grantQuarters);
    const at = (q: { startYear: number; quarter: number }) => profile[grantQuarters.findIndex((g) => sameQuarter(g, q))] ?? 0;
    const profilePence = at(head);
    const figures = lineFigures({ budgetPence: row.budgetPence, profilePence, actualPence: row.actualPence, spentBeforePence: row.spentBeforePence }, head.toleranceBasisPoints);
    return {
      costLineId: row.costLineId,
      description: row.description,
      expenditureType: row.expenditureType,
      financialYearLabel: financialYearLabel(lineYear),
      budgetPence: row.budgetPence,
      profilePence,
      actualPence: row.actualPence,
      varianceExplanation: row.varianceExplanation ?? "",
      spentBeforePence: row.spentBeforePence,
      ...figures,
      forecasts: remaining.map((q) => ({
        ...quarterLabelOf(q),
        amountPence: forecastRows.find((f) => f.costLineId === row.costLineId && sameQuarter(f, q))?.amountPence ?? null,
        profilePence: at(q),
      })),
    };
  });

  const outcomes = tx.all<ReturnOutcome>(sql`
    select bo.id as outcomeId, bo.measure, bo.unit, bo.baseline, bo.target, bo.target_date as targetDate,
           ro.actual_to_date as actualToDate, coalesce(ro.comment, '') as comment,
           (select po.actual_to_date from return_outcomes po join grant_returns pr on pr.id = po.return_id
             where po.outcome_id = bo.id and pr.grant_id = ${head.grantId} and ${QUARTER_ORDINAL_SQL("pr")} < ${ordinal} and po.actual_to_date is not null
             order by pr.start_year desc, pr.quarter desc limit 1) as previousActual
      from bid_outcomes bo
      left join return_outcomes ro on ro.return_id = ${returnId} and ro.outcome_id = bo.id
     where bo.bid_id = ${head.bidId}
     order by bo.position, bo.id`);
  const milestones = tx
    .all<{ milestoneId: number; description: string; yearStartsOn: string; quarter: number; progress: MilestoneProgress | null; comment: string }>(sql`
      select m.id as milestoneId, m.description, fy.starts_on as yearStartsOn, m.quarter, rm.progress, coalesce(rm.comment, '') as comment
        from bid_milestones m
        join financial_years fy on fy.id = m.financial_year_id
        left join return_milestones rm on rm.return_id = ${returnId} and rm.milestone_id = m.id
       where m.bid_id = ${head.bidId}
       order by m.position, m.id`)
    .map(({ yearStartsOn, quarter, ...m }) => ({ ...m, due: shortQuarterLabel(financialYearStartYear(yearStartsOn), quarter) }));
  const submissions = tx.all<{ number: number; submittedAt: string; submittedByName: string }>(sql`
    select s.number, s.submitted_at as submittedAt, u.name as submittedByName
      from return_submissions s join users u on u.id = s.submitted_by
     where s.return_id = ${returnId} order by s.number`);
  const reviews = tx.all<{ action: "accepted" | "queried" | "reopened"; comment: string; byName: string; at: string }>(sql`
    select v.action, v.comment, case when ${forPartnership ? 1 : 0} = 1 and uo.kind = 'opcc' then 'OPCC' else u.name end as byName, v.at
      from return_reviews v join users u on u.id = v.by_user join organisations uo on uo.id = u.organisation_id
     where v.return_id = ${returnId} order by v.at, v.id`);

  return {
    id: head.id,
    grantId: head.grantId,
    bidId: head.bidId,
    cspId: head.cspId,
    title: head.title,
    cspName: head.cspName,
    council: head.council ?? head.cspName,
    decisionReference: head.decisionReference,
    streamName: head.streamName,
    toleranceBasisPoints: head.toleranceBasisPoints,
    certificationRequired: Boolean(head.certificationRequired),
    grantStart: head.grantStart,
    grantEnd: head.grantEnd,
    startYear: head.startYear,
    quarter: head.quarter,
    label: returnPeriodLabel(head.startYear, head.quarter),
    periodStart: head.periodStart,
    periodEnd: head.periodEnd,
    dueOn: head.dueOn,
    quarterEnded: quarterHasEnded(head, today),
    status: head.status,
    version: head.version,
    updatedAt: head.updatedAt,
    updatedById: head.updatedById,
    updatedByName: head.updatedByName ?? "The portal",
    firstSubmittedAt: head.firstSubmittedAt,
    submittedAt: head.submittedAt,
    acceptedAt: head.acceptedAt,
    lines,
    totals: subtotals(lines),
    remainingQuarters: remaining.map(quarterLabelOf),
    outcomes,
    milestones,
    ...returnTextOf(head),
    certification:
      head.certifiedOn && head.certifiedName
        ? { byName: head.certifiedByName ?? head.certifiedName, name: head.certifiedName, role: head.certifiedRole ?? "", on: head.certifiedOn }
        : null,
    submissions,
    reviews,
  };
}

/** A return as the completeness rules read it (app/domain/return-completeness.ts). */
export function forSubmission(r: ReturnDetail): ReturnForSubmission {
  return {
    periodEnd: r.periodEnd,
    toleranceBasisPoints: r.toleranceBasisPoints,
    certificationRequired: r.certificationRequired,
    council: r.council,
    certified: r.certification !== null,
    lines: r.lines,
    milestones: r.milestones,
    outcomes: r.outcomes,
    ...returnTextOf(r),
  };
}

/** The return frozen as it is now, for its submissions record: what was reported, never who changed what since. */
export function snapshotOf(r: ReturnDetail) {
  return {
    period: { startYear: r.startYear, quarter: r.quarter, label: r.label, periodStart: r.periodStart, periodEnd: r.periodEnd, dueOn: r.dueOn },
    toleranceBasisPoints: r.toleranceBasisPoints,
    lines: r.lines.map((l) => ({
      costLineId: l.costLineId, description: l.description, expenditureType: l.expenditureType, budgetPence: l.budgetPence, profilePence: l.profilePence,
      actualPence: l.actualPence, varianceExplanation: l.varianceExplanation, spentToDatePence: l.spentToDatePence, remainingPence: l.remainingPence,
      forecasts: l.forecasts.map((f) => ({ startYear: f.startYear, quarter: f.quarter, amountPence: f.amountPence })),
    })),
    totals: r.totals,
    outcomes: r.outcomes.map((o) => ({ outcomeId: o.outcomeId, measure: o.measure, baseline: o.baseline, target: o.target, actualToDate: o.actualToDate, comment: o.comment })),
    milestones: r.milestones.map((m) => ({ milestoneId: m.milestoneId, description: m.description, progress: m.progress, comment: m.comment })),
    ...returnTextOf(r),
    certification: r.certification,
  };
}
export type ReturnSnapshot = ReturnType<typeof snapshotOf>;

/** The snapshots a return was submitted as, oldest first. */
export function returnSubmissions(returnId: number, tx: DbOrTx = db()) {
  return tx
    .all<{ number: number; submittedAt: string; submittedBy: number; snapshot: string }>(sql`
      select number, submitted_at as submittedAt, submitted_by as submittedBy, snapshot from return_submissions where return_id = ${returnId} order by number`)
    .map((s) => ({ ...s, snapshot: JSON.parse(s.snapshot) as ReturnSnapshot }));
}

// ---------------------------------------------------------------------------------------------
// Lists

export interface GrantReturnRow {
  id: number;
  startYear: number;
  quarter: number;
  label: string;
  periodEnd: string;
  dueOn: string;
  status: ReturnStatus;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  acceptedAt: string | null;
  /** What the return reports spent this quarter, over every line. */
  actualPence: number;
  daysOverdue: number;
}

/** A grant's returns in quarter order, for its page: one query. */
export function returnsForGrant(grantId: number, today = ukDate(new Date())): GrantReturnRow[] {
  return db()
    .all<Omit<GrantReturnRow, "label" | "daysOverdue">>(sql`
      select r.id, r.start_year as startYear, r.quarter, r.period_end as periodEnd, r.due_on as dueOn, r.status,
             r.first_submitted_at as firstSubmittedAt, r.submitted_at as submittedAt, r.accepted_at as acceptedAt,
             (select coalesce(sum(l.actual_pence), 0) from return_lines l where l.return_id = r.id) as actualPence
        from grant_returns r
       where r.grant_id = ${grantId}
       order by r.start_year, r.quarter`)
    .map((r) => ({ ...r, label: returnPeriodLabel(r.startYear, r.quarter), daysOverdue: daysOverdue(r, today) }));
}

export const RETURNS_PAGE_SIZE = 25;

export interface ReturnFilters {
  status?: ReturnStatus;
  /** Only returns past their due date and never submitted. */
  overdue?: boolean;
  /** For OPCC staff: one partnership's returns. */
  cspId?: number;
  /** The financial year (2023 for 2023-24). */
  startYear?: number;
  page: number;
}

export interface ReturnListRow {
  id: number;
  grantId: number;
  title: string;
  cspName: string;
  startYear: number;
  quarter: number;
  label: string;
  dueOn: string;
  status: ReturnStatus;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  daysOverdue: number;
}

/**
 * One page of the returns a viewer may see (`cspId`: a partnership's own; null: every one), most
 * recently due first, filtered, counted and paged in SQL. A withdrawn grant's returns are left out.
 * Overdue is `isReturnOverdue` in SQL: never submitted and due before today (UK).
 */
export function listReturns(scope: { cspId: number | null }, filters: ReturnFilters, today = ukDate(new Date())) {
  const where: SQL[] = [sql`g.withdrawn_at is null`];
  const cspId = scope.cspId ?? filters.cspId;
  if (cspId !== undefined) where.push(sql`g.csp_id = ${cspId}`);
  if (filters.status) where.push(sql`r.status = ${filters.status}`);
  if (filters.startYear !== undefined) where.push(sql`r.start_year = ${filters.startYear}`);
  if (filters.overdue) where.push(sql`r.first_submitted_at is null and r.due_on < ${today}`);
  const whereSql = sql.join(where, sql` and `);
  // Counting every partnership's returns reads each of them (60,000 at national scale, 12 ms of a
  // core): the count is kept until the next write (decision record 042); the page itself is indexed.
  const count = untilNextChange("returns-count", { cspId, status: filters.status, startYear: filters.startYear, overdue: filters.overdue, today }, () =>
    db().get<{ n: number }>(sql`select count(*) as n from grant_returns r join grants g on g.id = r.grant_id where ${whereSql}`).n,
  );
  const pages = Math.max(1, Math.ceil(count / RETURNS_PAGE_SIZE));
  const page = Math.min(Math.max(1, filters.page), pages);
  const rows = db()
    .all<Omit<ReturnListRow, "label" | "daysOverdue">>(sql`
      select r.id, r.grant_id as grantId, b.title, o.name as cspName, r.start_year as startYear, r.quarter, r.due_on as dueOn, r.status,
             r.first_submitted_at as firstSubmittedAt, r.submitted_at as submittedAt
        from (select r.id from grant_returns r join grants g on g.id = r.grant_id where ${whereSql}
               order by r.due_on desc, r.id desc limit ${RETURNS_PAGE_SIZE} offset ${(page - 1) * RETURNS_PAGE_SIZE}) p
        -- CROSS JOIN keeps the page's 25 ids first: otherwise SQLite walks every return by due date and looks each up in the page.
        cross join grant_returns r on r.id = p.id
        join grants g on g.id = r.grant_id
        join bids b on b.id = g.bid_id
        join organisations o on o.id = g.csp_id
       order by r.due_on desc, r.id desc`)
    .map((r) => ({ ...r, label: returnPeriodLabel(r.startYear, r.quarter), daysOverdue: daysOverdue(r, today) }));
  return { rows, count, page, pages };
}

/** The financial years that have returns, newest first, for the list's filter. */
export function returnYears(): { startYear: number; label: string }[] {
  return db()
    .all<{ startYear: number }>(sql`select distinct start_year as startYear from grant_returns order by start_year desc`)
    .map((y) => ({ startYear: y.startYear, label: financialYearLabel(y.startYear) }));
}

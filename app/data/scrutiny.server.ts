import { sql, type SQL } from "drizzle-orm";
import { scrutinyReports } from "../../db/schema";
import { financialYearLabel, formatDate } from "../domain/financial-years";
import {
  buildScrutinyReport,
  reportView,
  type ReportView,
  type DecisionLineRow,
  type RecoveryStatus,
  type ReportBidRow,
  type ReportClawbackRow,
  type ReportMatchRow,
  type ReportOutcomeRow,
  type ReportRound,
  type ReportUnderspendRow,
} from "../domain/scrutiny-report";
import { recordAudit } from "./audit.server";
import { db } from "./db.server";
import { idsIn } from "./id-list.server";
import { LINE_TOTAL_SQL, matchFundingSql, totalCostSql } from "./money-sql.server";
import { grantYearFiguresSql } from "./underspend-sql.server";

/**
 * The records behind one partnership's scrutiny report for one financial year (decision record
 * 026): its allocations and how they were set, its bids with what they asked, were granted and
 * spent, their match funding and outcomes, and the underspends and clawbacks of its grants. Every
 * query is bounded by the one partnership (grants_csp_idx, bids_csp_round_status_idx,
 * allocations_csp_idx) and aggregates in SQL; app/domain/scrutiny-report.ts shapes the rows.
 */

export interface ReportYear {
  id: number;
  label: string;
  startsOn: string;
  endsOn: string;
  status: "open" | "closed";
}

export interface ReportCsp {
  id: number;
  name: string;
  accountableCouncil: string | null;
}

export function findReportCsp(cspId: number): ReportCsp | undefined {
  return db().get<ReportCsp>(sql`select id, name, accountable_council as accountableCouncil from organisations where id = ${cspId} and kind = 'csp'`);
}

export function findReportYear(label: string): ReportYear | undefined {
  return db().get<ReportYear>(sql`select id, label, starts_on as startsOn, ends_on as endsOn, status from financial_years where label = ${label}`);
}

/** The financial years a report may be asked for, newest first (a handful: one a year). */
export function reportYears(): { label: string }[] {
  return db().all<{ label: string }>(sql`select fy.label from financial_years fy order by fy.starts_on desc`);
}

/** Every partnership, by name (organisations_kind_name_idx): one per district, a few hundred at most. */
export function reportCsps(): { id: number; name: string }[] {
  return db().all<{ id: number; name: string }>(sql`select id, name from organisations where kind = 'csp' order by name, id`);
}

// ---------------------------------------------------------------------------------------------
// The introduction

export interface Introduction {
  text: string;
  version: number;
  updatedAt: string;
  updatedById: number;
  updatedByName: string;
}

export function findIntroduction(cspId: number, yearId: number): Introduction | null {
  return (
    db().get<Introduction>(sql`
      select r.introduction as text, r.version, r.updated_at as updatedAt, r.updated_by as updatedById, u.name as updatedByName
        from scrutiny_reports r join users u on u.id = r.updated_by
       where r.csp_id = ${cspId} and r.financial_year_id = ${yearId}`) ?? null
  );
}

export type IntroductionSaveResult = { kind: "saved"; version: number } | { kind: "stale"; changedBy: string; changedById: number; changedAt: string };

/**
 * Writes the CSP lead's introduction. `expectedVersion` is the version the editor opened (0 when
 * there was none yet): a save from an older copy is refused, checked in the write's transaction.
 * A report of a closed year may still be introduced: the introduction is words about the year's
 * figures, not one of them (decision record 026).
 */
export function saveIntroduction(
  input: { cspId: number; financialYearId: number; userId: number; expectedVersion: number; text: string },
  now: string = new Date().toISOString(),
): IntroductionSaveResult {
  return db().transaction(
    (tx) => {
      const current = tx.get<{ text: string; version: number; updatedAt: string; updatedById: number; updatedByName: string }>(sql`
        select r.introduction as text, r.version, r.updated_at as updatedAt, r.updated_by as updatedById, u.name as updatedByName
          from scrutiny_reports r join users u on u.id = r.updated_by
         where r.csp_id = ${input.cspId} and r.financial_year_id = ${input.financialYearId}`);
      if ((current?.version ?? 0) !== input.expectedVersion) {
        return { kind: "stale", changedBy: current?.updatedByName ?? "Someone", changedById: current?.updatedById ?? 0, changedAt: current?.updatedAt ?? now };
      }
      const version = (current?.version ?? 0) + 1;
      if (current) {
        tx.run(sql`update scrutiny_reports set introduction = ${input.text}, updated_by = ${input.userId}, updated_at = ${now}, version = ${version}
                    where csp_id = ${input.cspId} and financial_year_id = ${input.financialYearId} and version = ${input.expectedVersion}`);
      } else {
        tx.insert(scrutinyReports).values({ cspId: input.cspId, financialYearId: input.financialYearId, introduction: input.text, updatedBy: input.userId, updatedAt: now, version }).run();
      }
      recordAudit(
        tx,
        {
          userId: input.userId,
          action: current ? "scrutiny_report.introduction_changed" : "scrutiny_report.introduction_written",
          entityType: "scrutiny_report",
          entityId: input.financialYearId,
          cspId: input.cspId,
          before: current ? { introduction: current.text, version: current.version } : undefined,
          after: { introduction: input.text, version },
        },
        now,
      );
      return { kind: "saved", version };
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------------------------------------
// The figures

export interface ReportRecords {
  rounds: (ReportRound & { financialYearLabel: string; fromEarlierYear: boolean })[];
  bids: ReportBidRow[];
  partLines: Map<number, DecisionLineRow[]>;
  matchFunding: ReportMatchRow[];
  outcomes: ReportOutcomeRow[];
  underspends: ReportUnderspendRow[];
  clawbacks: ReportClawbackRow[];
}


export function scrutinyRecords(cspId: number, year: ReportYear): ReportRecords {
  const fy = year.id;
  const startYear = Number(year.startsOn.slice(0, 4));
  const database = db();

  // The partnership's bids of the year's rounds (drafts aside), and those of earlier rounds whose grants have cost lines in the year.
  const grantYear = grantYearFiguresSql(sql`g.csp_id = ${cspId} and l.financial_year_id = ${fy}`);
  const figures = database.all<{ grant_id: number; current: number; spent: number; returned: number; reallocated: number; carried: number; outstanding: number }>(grantYear);
  const byGrant = new Map(figures.map((f) => [f.grant_id, f]));

  const bidRows = database.all<Omit<ReportBidRow, "continuing" | "grantWithdrawn" | "yearCurrentPence" | "yearSpentPence"> & { roundYearId: number; withdrawnAt: string | null }>(sql`
    select x.*, d.reference as decisionReference, d.outcome as decisionOutcome, d.decided_on as decidedOn, d.reasons as decisionReasons,
           (select sum(dl.approved_pence) from decision_lines dl where dl.decision_id = x.decisionId) as approvedCostPence,
           g.id as grantId, g.withdrawn_at as withdrawnAt
      from (
        select b.id as bidId, b.title, b.status, b.round_id as roundId, r.financial_year_id as roundYearId,
               ${totalCostSql(sql`b.id`)} as costPence, ${matchFundingSql(sql`b.id`)} as matchFundingPence,
               (select max(d.id) from decisions d where d.bid_id = b.id) as decisionId
          from bids b join rounds r on r.id = b.round_id
         where b.csp_id = ${cspId} and b.status <> 'draft'
           and (r.financial_year_id = ${fy}
                or b.id in (select g.bid_id from grants g join decision_lines dl on dl.decision_id = g.decision_id join bid_cost_lines l on l.id = dl.cost_line_id
                             where g.csp_id = ${cspId} and l.financial_year_id = ${fy}))
      ) x
      left join decisions d on d.id = x.decisionId
      left join grants g on g.bid_id = x.bidId
     order by x.roundId, x.bidId`);
  const bids: ReportBidRow[] = bidRows.map(({ roundYearId, withdrawnAt, ...b }) => {
    const f = b.grantId !== null ? byGrant.get(b.grantId) : undefined;
    return { ...b, continuing: roundYearId !== fy, grantWithdrawn: withdrawnAt !== null, yearCurrentPence: f?.current ?? 0, yearSpentPence: f?.spent ?? 0 };
  });
  const bidIds = bids.map((b) => b.bidId);

  // The rounds: those the partnership has an allocation in this year, and those of its bids.
  const allocationRounds = database.all<{ roundId: number }>(sql`
    select a.round_id as roundId from allocations a join rounds r on r.id = a.round_id where a.csp_id = ${cspId} and r.financial_year_id = ${fy}`);
  const roundIds = [...new Set([...allocationRounds.map((r) => r.roundId), ...bids.map((b) => b.roundId)])];
  const roundRows = roundIds.length
    ? database.all<{ roundId: number; roundName: string; streamName: string; streamCode: string; potPence: number; centralFundPence: number; allocationPence: number | null; yearId: number; financialYearLabel: string; setAction: string | null; setAt: string | null }>(sql`
        select r.id as roundId, r.name as roundName, s.name as streamName, s.code as streamCode, r.total_pot_pence as potPence, r.central_fund_pence as centralFundPence,
               a.amount_pence as allocationPence, r.financial_year_id as yearId, fy.label as financialYearLabel,
               (select al.action from audit_log al where al.entity_type = 'round' and al.entity_id = r.id and al.action in ('round.allocations_by_formula', 'round.allocations_typed') order by al.id desc limit 1) as setAction,
               (select al.at from audit_log al where al.entity_type = 'round' and al.entity_id = r.id and al.action in ('round.allocations_by_formula', 'round.allocations_typed') order by al.id desc limit 1) as setAt
          from rounds r join funding_streams s on s.id = r.stream_id join financial_years fy on fy.id = r.financial_year_id
          left join allocations a on a.round_id = r.id and a.csp_id = ${cspId}
         where r.id in ${idsIn(roundIds)}
         order by fy.starts_on desc, s.id, r.id`)
    : [];
  const indicatorRows = roundIds.length
    ? database.all<{ roundId: number; label: string; weight: number; value: number | null; total: number | null }>(sql`
        select i.round_id as roundId, i.label, i.weight,
               (select v.value from formula_values v where v.indicator_id = i.id and v.csp_id = ${cspId}) as value,
               (select sum(v.value) from formula_values v where v.indicator_id = i.id) as total
          from formula_indicators i where i.round_id in ${idsIn(roundIds)} order by i.round_id, i.position, i.id`)
    : [];
  const rounds = roundRows.map((r) => ({
    roundId: r.roundId,
    roundName: r.roundName,
    streamName: r.streamName,
    primary: r.streamCode === "csp-annual",
    allocationPence: r.allocationPence,
    potPence: r.potPence,
    centralFundPence: r.centralFundPence,
    indicators: indicatorRows.filter((i) => i.roundId === r.roundId).map((i) => ({ label: i.label, weight: i.weight, value: i.value, total: i.total ?? 0 })),
    setBy: r.setAction === "round.allocations_by_formula" ? ("formula" as const) : r.setAction === "round.allocations_typed" ? ("typed" as const) : null,
    setOn: r.setAt ? r.setAt.slice(0, 10) : null,
    financialYearLabel: r.financialYearLabel,
    fromEarlierYear: r.yearId !== fy,
  }));
  // The annual allocation first, then the other streams; continuing rounds after this year's.
  rounds.sort((a, b) => Number(a.fromEarlierYear) - Number(b.fromEarlierYear) || Number(b.primary) - Number(a.primary));

  const partDecisionIds = bids.filter((b) => b.decisionOutcome === "part_approved" && b.decisionId !== null).map((b) => b.decisionId!);
  const partLines = new Map<number, DecisionLineRow[]>();
  if (partDecisionIds.length) {
    const lines = database.all<DecisionLineRow & { bidId: number }>(sql`
      select l.bid_id as bidId, l.description, l.quantity_hundredths as quantityHundredths, l.unit_price_ten_thousandths as unitPriceTenThousandths,
             ${sql.raw(LINE_TOTAL_SQL)} as askedPence, dl.approved_pence as approvedPence
        from decision_lines dl join bid_cost_lines l on l.id = dl.cost_line_id
       where dl.decision_id in ${idsIn(partDecisionIds)} order by l.bid_id, l.position, l.id`);
    for (const { bidId, ...line } of lines) partLines.set(bidId, [...(partLines.get(bidId) ?? []), line]);
  }

  const matchFunding = bidIds.length
    ? database.all<ReportMatchRow>(sql`
        select m.bid_id as bidId, b.title as bidTitle, m.source, m.kind, m.amount_pence as amountPence
          from bid_match_funding m join bids b on b.id = m.bid_id where m.bid_id in ${idsIn(bidIds)} order by m.bid_id, m.position`)
    : [];

  // Each outcome of a bid with a grant, with the figure of the grant's latest accepted return up to the year's end.
  const outcomes = bidIds.length
    ? database.all<ReportOutcomeRow>(sql`
        select o.bid_id as bidId, b.title as bidTitle, o.measure, o.unit, o.baseline, o.target, o.target_date as targetDate,
               ro.actual_to_date as actual, case when gr.id is null then null else gr.start_year || '|' || gr.quarter end as actualFrom
          from bid_outcomes o join bids b on b.id = o.bid_id
          left join grant_returns gr on gr.id = (
                 select r2.id from grants g join grant_returns r2 on r2.grant_id = g.id
                   join return_outcomes ro2 on ro2.return_id = r2.id and ro2.outcome_id = o.id
                  where g.bid_id = o.bid_id and g.withdrawn_at is null and +r2.status = 'accepted' and r2.start_year <= ${startYear} and ro2.actual_to_date is not null
                  order by r2.start_year desc, r2.quarter desc limit 1)
          left join return_outcomes ro on ro.return_id = gr.id and ro.outcome_id = o.id
         where o.bid_id in ${idsIn(bids.filter((x) => x.grantId !== null && !x.grantWithdrawn).map((x) => x.bidId).concat(-1))}
         order by o.bid_id, o.position, o.id`).map((o) => ({ ...o, actualFrom: o.actualFrom ? quarterName(o.actualFrom) : null }))
    : [];

  const grantIds = figures.map((f) => f.grant_id);
  const reasons = grantIds.length
    ? database.all<{ grantId: number; outcome: string; reason: string; toLabel: string | null }>(sql`
        select u.grant_id as grantId, u.outcome, u.reason, ty.label as toLabel
          from grant_underspends u left join financial_years ty on ty.id = u.to_financial_year_id
         where u.grant_id in ${idsIn(grantIds)} and u.financial_year_id = ${fy} order by u.id`)
    : [];
  const titleOfGrant = new Map(bids.filter((b) => b.grantId !== null).map((b) => [b.grantId!, { title: b.title, bidId: b.bidId }]));
  const underspends: ReportUnderspendRow[] = figures
    .filter((f) => f.current > f.spent || f.returned || f.carried || f.reallocated)
    .map((f) => ({
      grantId: f.grant_id,
      bidId: titleOfGrant.get(f.grant_id)?.bidId ?? 0,
      bidTitle: titleOfGrant.get(f.grant_id)?.title ?? "",
      currentPence: f.current,
      spentPence: f.spent,
      returnedPence: f.returned,
      carriedPence: f.carried,
      reallocatedPence: f.reallocated,
      outstandingPence: f.outstanding,
      carriedToLabel: reasons.find((r) => r.grantId === f.grant_id && r.outcome === "carried_forward")?.toLabel ?? null,
      reasons: reasons.filter((r) => r.grantId === f.grant_id).map((r) => r.reason),
    }))
    .sort((a, b) => a.bidId - b.bidId);

  const clawbacks = database.all<ReportClawbackRow & { status: RecoveryStatus }>(sql`
    select x.id, x.grant_id as grantId, b.title as bidTitle, x.amount_pence as amountPence, x.status, x.invoice_reference as invoiceReference,
           x.invoiced_on as invoicedOn, x.received_on as receivedOn, x.waived_decision_reference as waivedDecisionReference
      from grants g join grant_recoveries x on x.grant_id = g.id join bids b on b.id = g.bid_id
     where g.csp_id = ${cspId} and x.financial_year_id = ${fy}
     order by x.id`);

  return { rounds, bids, partLines, matchFunding, outcomes, underspends, clawbacks };
}

/** "2023|4" → "2023-24 Q4". */
function quarterName(raw: string) {
  const [y, q] = raw.split("|");
  return `${financialYearLabel(Number(y))} Q${q}`;
}

/** The whole report of one partnership's year, shaped for the page and the PDF: only what they show. */
export function scrutinyReport(csp: ReportCsp, year: ReportYear): ReportView {
  return reportView(buildScrutinyReport({ csp, year, ...scrutinyRecords(csp.id, year) }, formatDate));
}

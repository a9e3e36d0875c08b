import { sql, type SQL } from "drizzle-orm";
import { BID_STATUSES } from "../domain/bid-lifecycle";
import { financialYearBounds, financialYearStartYear } from "../domain/financial-years";
import { quarterIndex } from "../domain/reconciliation";
import { db } from "./db.server";
import { FLAG_COUNT_SQL, grantFigureCtes, quarterCtes, type FinanceScope } from "./finance-sql.server";
import { LINE_TOTAL_SQL } from "./money-sql.server";

/**
 * The reconciliation (/finance): for a financial year's rounds, where every pound stands, per
 * partnership and per grant and cost line, with what needs a finance officer's attention. All of
 * it summed, flagged, sorted and paged in SQL (the rules: app/domain/reconciliation.ts, as SQL in
 * finance-sql.server.ts). A year's figures are those of the grants made in its rounds, whatever
 * years their lines run in (a Safer Streets 5 grant of 2023-24 brings its 2024-25 lines with it),
 * so that allocation, request, approval and spend are of the same bids.
 */

/**
 * Partnerships (or a partnership's grants) per page. Each row carries a dozen figures and its
 * flags (about 3.5 kB of HTML): 25 fills a screen or two, and the partnerships needing attention
 * come first; at 50 the page was 175 kB at national scale.
 */
export const FINANCE_PAGE_SIZE = 25;

export type YearScope = Extract<FinanceScope, { kind: "year" }>;

export interface FinanceFigures {
  /** The approved cost: the decision's lines. Spend and forecast are measured against it. */
  approvedPence: number;
  /** What the OPCC grants: approved less match funding. */
  grantedPence: number;
  paidPence: number;
  /** From accepted returns. */
  spentPence: number;
  forecastPence: number;
  /** forecast − approved. */
  variancePence: number;
  /** Each grant's underspend (approved − forecast, when positive), added up. */
  underspendPence: number;
}

export interface FlagCounts {
  /** Grants with an underspend beyond their stream's tolerance. */
  underspend: number;
  /** Grants with a cost line overspent, and how many lines. */
  overspent: number;
  overspentLines: number;
  /** Grants paid more than their accepted returns evidence. */
  paidAhead: number;
  /** Returns overdue (never submitted, past their due date). */
  overdueReturns: number;
  /** Offers not yet accepted, and of them those past their accept-by date. */
  offersNotAccepted: number;
  offersLapsed: number;
  /** Grants with any flag. */
  attention: number;
}

export interface CspFinanceRow extends FinanceFigures {
  cspId: number;
  cspName: string;
  allocationPence: number;
  requestedPence: number;
  grants: number;
  flags: FlagCounts;
}

export type FinanceTotals = Omit<CspFinanceRow, "cspId" | "cspName">;

const REQUESTING = BID_STATUSES.filter((s) => s !== "draft" && s !== "withdrawn");
const list = (values: readonly (string | number)[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/** Every financial year, newest first, and whether any grant was made in its rounds. */
export function financeYears(): { id: number; label: string; startsOn: string; hasGrants: boolean }[] {
  return db()
    .all<{ id: number; label: string; startsOn: string; hasGrants: number }>(sql`
      select fy.id, fy.label, fy.starts_on as startsOn,
             -- CROSS JOIN keeps the year's few rounds first: with other statistics SQLite walked
             -- every approved bid in the country for each year (130 ms instead of 0.2).
             exists (select 1 from rounds r
                       cross join bids b on b.round_id = r.id and b.status in ('approved', 'part_approved')
                       cross join grants g on g.bid_id = b.id
                      where r.financial_year_id = fy.id and g.withdrawn_at is null) as hasGrants
        from financial_years fy
       order by fy.starts_on desc`)
    .map((y) => ({ ...y, hasGrants: y.hasGrants === 1 }));
}

/** The current UK financial year if it has grants; otherwise the latest that has; otherwise the current (or latest) year. */
export function defaultFinanceYear(years: { id: number; startsOn: string; hasGrants: boolean }[], today: string): number | null {
  const current = years.find((y) => y.startsOn === financialYearBounds(financialYearStartYear(today)).startsOn);
  if (current?.hasGrants) return current.id;
  // Newest first: the latest year begun that has grants, else any that has.
  const withGrants = years.find((y) => y.hasGrants && y.startsOn <= today) ?? years.find((y) => y.hasGrants);
  return withGrants?.id ?? current?.id ?? years[0]?.id ?? null;
}

/** The rounds and streams of a year, and (for OPCC staff) the partnerships, for the filters. */
export function financeFilterOptions(financialYearId: number, { forCsp }: { forCsp: boolean }) {
  const rounds = db().all<{ id: number; name: string; streamId: number; status: string }>(sql`
    select r.id, r.name, r.stream_id as streamId, r.status from rounds r where r.financial_year_id = ${financialYearId} order by r.name`);
  // A partnership is not shown rounds still being set up.
  const visible = rounds.filter((r) => !forCsp || r.status !== "draft");
  const streamIds = [...new Set(visible.map((r) => r.streamId))];
  const streams = streamIds.length
    ? db().all<{ id: number; name: string }>(sql`select id, name from funding_streams where id in (${list(streamIds)}) order by name`)
    : [];
  return { rounds: visible.map((r) => ({ id: r.id, name: r.name })), streams };
}

// ---------------------------------------------------------------------------------------------
// Per partnership

function yearConditions(scope: YearScope, alias: { round: string; csp: string }): SQL {
  const where: SQL[] = [sql`r.financial_year_id = ${scope.financialYearId}`];
  if (scope.roundId !== undefined) where.push(sql`r.id = ${scope.roundId}`);
  if (scope.streamId !== undefined) where.push(sql`r.stream_id = ${scope.streamId}`);
  if (scope.cspId !== undefined) where.push(sql`${sql.raw(alias.csp)} = ${scope.cspId}`);
  return sql.join(where, sql` and `);
}

/** `gagg` (per-partnership sums of the grants), `alloc`, `reqc`, `reqm` and `csp_rows`, after grantFigureCtes. */
function cspCtes(scope: YearScope): SQL {
  return sql`,
  gagg as (
    select pg.csp_id, count(*) as grants,
           sum(pg.approved) as approved, sum(pg.granted) as granted, sum(pg.paid) as paid, sum(pg.spent) as spent,
           sum(pg.forecast) as forecast, sum(pg.variance) as variance, sum(pg.underspend) as underspend,
           sum(pg.f_underspend) as n_underspend, sum(pg.f_overspent) as n_overspent, sum(pg.overspent_lines) as overspent_lines,
           sum(pg.f_paid_ahead) as n_paid_ahead, sum(pg.overdue_returns) as overdue_returns,
           sum(pg.f_offer) as n_offer, sum(pg.f_lapsed) as n_lapsed, sum(${FLAG_COUNT_SQL} > 0) as attention
      from pg group by pg.csp_id
  ),
  alloc as (
    select a.csp_id, sum(a.amount_pence) as allocation
      from rounds r join allocations a on a.round_id = r.id
     where ${yearConditions(scope, { round: "r", csp: "a.csp_id" })}
     group by a.csp_id
  ),
  reqc as (
    select b.csp_id, sum(${sql.raw(LINE_TOTAL_SQL)}) as cost
      from rounds r join bids b on b.round_id = r.id and b.status in (${list(REQUESTING)})
      join bid_cost_lines l on l.bid_id = b.id
     where ${yearConditions(scope, { round: "r", csp: "b.csp_id" })}
     group by b.csp_id
  ),
  reqm as (
    select b.csp_id, sum(m.amount_pence) as match
      from rounds r join bids b on b.round_id = r.id and b.status in (${list(REQUESTING)})
      join bid_match_funding m on m.bid_id = b.id
     where ${yearConditions(scope, { round: "r", csp: "b.csp_id" })}
     group by b.csp_id
  ),
  csp_rows as (
    select o.id as cspId, o.name as cspName,
           coalesce(al.allocation, 0) as allocationPence,
           coalesce(rc.cost, 0) - coalesce(rm.match, 0) as requestedPence,
           coalesce(ga.grants, 0) as grants,
           coalesce(ga.approved, 0) as approvedPence, coalesce(ga.granted, 0) as grantedPence, coalesce(ga.paid, 0) as paidPence,
           coalesce(ga.spent, 0) as spentPence, coalesce(ga.forecast, 0) as forecastPence, coalesce(ga.variance, 0) as variancePence,
           coalesce(ga.underspend, 0) as underspendPence,
           coalesce(ga.n_underspend, 0) as fUnderspend, coalesce(ga.n_overspent, 0) as fOverspent, coalesce(ga.overspent_lines, 0) as fOverspentLines,
           coalesce(ga.n_paid_ahead, 0) as fPaidAhead, coalesce(ga.overdue_returns, 0) as fOverdueReturns,
           coalesce(ga.n_offer, 0) as fOffers, coalesce(ga.n_lapsed, 0) as fLapsed, coalesce(ga.attention, 0) as fAttention
      from organisations o
      left join alloc al on al.csp_id = o.id
      left join reqc rc on rc.csp_id = o.id
      left join reqm rm on rm.csp_id = o.id
      left join gagg ga on ga.csp_id = o.id
     where o.kind = 'csp' and (al.csp_id is not null or rc.csp_id is not null or ga.csp_id is not null)
       ${scope.cspId !== undefined ? sql`and o.id = ${scope.cspId}` : sql``}
  )`;
}

type FlatRow = Omit<CspFinanceRow, "flags"> & {
  fUnderspend: number; fOverspent: number; fOverspentLines: number; fPaidAhead: number; fOverdueReturns: number; fOffers: number; fLapsed: number; fAttention: number;
};

function shape<T extends Omit<FlatRow, "cspId" | "cspName">>(row: T) {
  const { fUnderspend, fOverspent, fOverspentLines, fPaidAhead, fOverdueReturns, fOffers, fLapsed, fAttention, ...rest } = row;
  return {
    ...rest,
    flags: {
      underspend: fUnderspend, overspent: fOverspent, overspentLines: fOverspentLines, paidAhead: fPaidAhead,
      overdueReturns: fOverdueReturns, offersNotAccepted: fOffers, offersLapsed: fLapsed, attention: fAttention,
    },
  };
}

const SUM_COLUMNS = [
  "allocationPence", "requestedPence", "grants", "approvedPence", "grantedPence", "paidPence", "spentPence", "forecastPence", "variancePence", "underspendPence",
  "fUnderspend", "fOverspent", "fOverspentLines", "fPaidAhead", "fOverdueReturns", "fOffers", "fLapsed", "fAttention",
] as const;

/**
 * Each partnership's figures for a year (filtered by round, stream and partnership), those with
 * grants needing attention first, a page at a time; and the totals of every partnership that
 * matches. A partnership is listed when it has an allocation, a request or a grant in scope.
 */
export function financeOverview(scope: YearScope, { page = 1, today, pageSize = FINANCE_PAGE_SIZE }: { page?: number; today: string; pageSize?: number }) {
  // One statement: the year's figures are worked out once, and the totals of every partnership
  // ride along with the page's rows as window sums (the whole-year work is the cost, not the rows).
  const windowed = (offset: number) =>
    db().all<FlatRow & { count: number } & Record<`t_${(typeof SUM_COLUMNS)[number]}`, number>>(sql`with ${grantFigureCtes(scope, today)}${cspCtes(scope)}
      select *, count(*) over () as count,
             ${sql.join(SUM_COLUMNS.map((c) => sql`sum(${sql.identifier(c)}) over () as ${sql.identifier(`t_${c}`)}`), sql`, `)}
        from csp_rows order by fAttention desc, cspName collate nocase, cspId
       limit ${pageSize} offset ${offset}`);
  let rows = windowed((Math.max(1, page) - 1) * pageSize);
  // A page past the end: the last page (its count is only known from a row, so read the first page to learn it).
  if (rows.length === 0 && page > 1) {
    const first = windowed(0);
    const lastPage = Math.max(1, Math.ceil((first[0]?.count ?? 0) / pageSize));
    rows = lastPage === 1 ? first : windowed((lastPage - 1) * pageSize);
  }
  const count = rows[0]?.count ?? 0;
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const sums = Object.fromEntries(SUM_COLUMNS.map((c) => [c, rows[0]?.[`t_${c}`] ?? 0])) as Omit<FlatRow, "cspId" | "cspName">;
  const totals = shape(sums) as FinanceTotals;
  const pageRows = rows.map((r) => {
    const flat = Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith("t_") && k !== "count")) as unknown as FlatRow;
    return shape(flat) as CspFinanceRow;
  });
  return { rows: pageRows, totals, count, page: current, pages };
}

/** Partnership rows in the page's order (those needing attention first), `limit` from `offset`: the page and its CSV (/finance.csv) both read them here. */
export function financeCspRows(scope: YearScope, today: string, { limit, offset }: { limit: number; offset: number }): CspFinanceRow[] {
  return db()
    .all<FlatRow>(sql`with ${grantFigureCtes(scope, today)}${cspCtes(scope)}
      select * from csp_rows order by fAttention desc, cspName collate nocase, cspId
       limit ${limit} offset ${offset}`)
    .map((r) => shape(r) as CspFinanceRow);
}

/** The totals alone (and how many partnerships they add up), as the dashboard's flags need them. */
export function financeTotals(scope: YearScope, today: string): { count: number; totals: FinanceTotals } {
  const { count, ...sums } = db().get<Omit<FlatRow, "cspId" | "cspName"> & { count: number }>(sql`with ${grantFigureCtes(scope, today)}${cspCtes(scope)}
    select count(*) as count, ${sql.join(SUM_COLUMNS.map((c) => sql`coalesce(sum(${sql.identifier(c)}), 0) as ${sql.identifier(c)}`), sql`, `)} from csp_rows`);
  return { count, totals: shape(sums) as FinanceTotals };
}

// ---------------------------------------------------------------------------------------------
// Per grant

export interface GrantFinanceRow extends FinanceFigures {
  grantId: number;
  bidId: number;
  title: string;
  cspId: number;
  roundName: string;
  reference: string;
  offerStatus: "offered" | "accepted" | "declined";
  acceptBy: string;
  toleranceBasisPoints: number;
  overspentLines: number;
  overdueReturns: number;
  flags: { underspend: boolean; overspent: boolean; paidAhead: boolean; overdue: boolean; offerNotAccepted: boolean; offerLapsed: boolean };
}

const GRANT_COLUMNS = sql`
  pg.grant_id as grantId, pg.bid_id as bidId, b.title, pg.csp_id as cspId, r.name as roundName, d.reference,
  pg.offer_status as offerStatus, pg.accept_by as acceptBy, pg.tol as toleranceBasisPoints,
  pg.approved as approvedPence, pg.granted as grantedPence, pg.paid as paidPence, pg.spent as spentPence,
  pg.forecast as forecastPence, pg.variance as variancePence, pg.underspend as underspendPence,
  pg.overspent_lines as overspentLines, pg.overdue_returns as overdueReturns,
  pg.f_underspend as fUnderspend, pg.f_overspent as fOverspent, pg.f_paid_ahead as fPaidAhead, pg.f_overdue as fOverdue,
  pg.f_offer as fOffer, pg.f_lapsed as fLapsed`;
const GRANT_JOINS = sql`join bids b on b.id = pg.bid_id join rounds r on r.id = b.round_id join decisions d on d.id = pg.decision_id`;

type FlatGrant = Omit<GrantFinanceRow, "flags"> & { fUnderspend: number; fOverspent: number; fPaidAhead: number; fOverdue: number; fOffer: number; fLapsed: number };
function shapeGrant({ fUnderspend, fOverspent, fPaidAhead, fOverdue, fOffer, fLapsed, ...rest }: FlatGrant): GrantFinanceRow {
  return {
    ...rest,
    flags: { underspend: fUnderspend === 1, overspent: fOverspent === 1, paidAhead: fPaidAhead === 1, overdue: fOverdue === 1, offerNotAccepted: fOffer === 1, offerLapsed: fLapsed === 1 },
  };
}

/** A partnership's grants in scope with the same figures each, those needing attention first, a page at a time. */
export function grantsInScope(scope: YearScope & { cspId: number }, { page = 1, today, pageSize = FINANCE_PAGE_SIZE }: { page?: number; today: string; pageSize?: number }) {
  const ctes = sql`with ${grantFigureCtes(scope, today)}`;
  const count = db().get<{ n: number }>(sql`${ctes} select count(*) as n from pg`).n;
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const rows = db()
    .all<FlatGrant>(sql`${ctes}
      select ${GRANT_COLUMNS} from pg ${GRANT_JOINS}
       order by ${FLAG_COUNT_SQL} > 0 desc, b.title collate nocase, pg.grant_id
       limit ${pageSize} offset ${(current - 1) * pageSize}`)
    .map(shapeGrant);
  return { rows, count, page: current, pages };
}

export interface LineFinanceRow {
  costLineId: number;
  description: string;
  financialYearLabel: string;
  expenditureType: "capital" | "revenue";
  approvedPence: number;
  spentPence: number;
  forecastPence: number;
  /** approved − spent to date. */
  remainingPence: number;
  overspent: boolean;
}

/**
 * One grant's figures (whatever its state: withdrawn and declined grants are out of the year's
 * totals, but their page still adds up), and per cost line approved, spent, forecast and remaining.
 */
export function grantFinance(grantId: number, today: string) {
  const scope: FinanceScope = { kind: "grant", grantId };
  const ctes = sql`with ${grantFigureCtes(scope, today)}`;
  const row = db().get<FlatGrant & { financialYearId: number; financialYearLabel: string; streamName: string; cspName: string; startDate: string | null; endDate: string | null; withdrawnAt: string | null }>(sql`${ctes}
    select ${GRANT_COLUMNS}, r.financial_year_id as financialYearId, fy.label as financialYearLabel, fs.name as streamName, o.name as cspName,
           b.start_date as startDate, coalesce(g.extended_to, b.end_date) as endDate, g.withdrawn_at as withdrawnAt
      from pg ${GRANT_JOINS}
      join financial_years fy on fy.id = r.financial_year_id join funding_streams fs on fs.id = r.stream_id
      join organisations o on o.id = pg.csp_id join grants g on g.id = pg.grant_id`);
  if (!row) return null;
  const { financialYearId, financialYearLabel, streamName, cspName, startDate, endDate, withdrawnAt, ...flat } = row;
  const lines = db()
    .all<Omit<LineFinanceRow, "overspent" | "remainingPence"> & { position: number }>(sql`${ctes}
      select lf.cost_line_id as costLineId, l.description, fy.label as financialYearLabel, l.expenditure_type as expenditureType, l.position,
             lf.approved as approvedPence, lf.spent as spentPence, lf.forecast as forecastPence
        from lf join bid_cost_lines l on l.id = lf.cost_line_id join financial_years fy on fy.id = l.financial_year_id
       order by l.position, l.id`)
    .map(({ position: _p, ...l }) => ({ ...l, remainingPence: l.approvedPence - l.spentPence, overspent: l.spentPence > l.approvedPence }));
  return { grant: { ...shapeGrant(flat), financialYearId, financialYearLabel, streamName, cspName, startDate, endDate, withdrawnAt }, lines };
}

// ---------------------------------------------------------------------------------------------
// By quarter

export interface QuarterFigures {
  startYear: number;
  quarter: 1 | 2 | 3 | 4;
  /** The approved amounts spread over the quarters (spendProfile, app/domain/spend-profile.ts). */
  profilePence: number;
  /** From accepted returns. */
  spentPence: number;
  /** What returns submitted or accepted report, then the latest one's forecasts; the profile where none has been submitted. */
  forecastPence: number;
}

/**
 * Profile, spend and forecast by quarter for the grants in scope, in quarter order: in all, or
 * (`byLine`) for each cost line. A quarter with nothing in it is not listed.
 */
export function spendByQuarter(scope: FinanceScope, { today, byLine = false }: { today: string; byLine?: boolean }): (QuarterFigures & { costLineId: number | null })[] {
  const line = byLine ? sql`p.cost_line_id` : sql`null`;
  return db().all<QuarterFigures & { costLineId: number | null }>(sql`
    with ${grantFigureCtes(scope, today)}, ${quarterCtes()}
    select ${line} as costLineId, p.start_year as startYear, p.quarter,
           sum(p.profile) as profilePence, sum(p.spent) as spentPence,
           sum(case when lt.return_id is null then p.profile else p.fc end) as forecastPence
      from qparts p join latest lt on lt.grant_id = p.grant_id
     group by ${byLine ? sql`p.cost_line_id, ` : sql``}p.start_year, p.quarter
     order by ${byLine ? sql`p.cost_line_id, ` : sql``}p.start_year, p.quarter`)
    .sort((a, b) => (a.costLineId ?? 0) - (b.costLineId ?? 0) || quarterIndex(a) - quarterIndex(b));
}

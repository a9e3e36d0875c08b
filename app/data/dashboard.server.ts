import { sql } from "drizzle-orm";
import { endOfMonth, format } from "date-fns";
import { hasPermission, type Viewer } from "../domain/access-rules";
import { parseIsoDate } from "../domain/financial-years";
import { isOfferLapsed } from "../domain/reconciliation";
import { AWAITING_ACCEPTANCE, EDITABLE_RETURN_STATUSES, daysOverdue } from "../domain/return-lifecycle";
import { returnPeriodLabel } from "../domain/return-periods";
import { untilNextChange } from "./change-cache.server";
import { db } from "./db.server";
import { currentLineSql } from "./money-sql.server";
import { defaultFinanceYear, financeTotals, financeYears } from "./finance.server";

/**
 * What the dashboards lead with after the award: for OPCC finance, the instalments due this month
 * and the returns waiting for acceptance; for everyone, the overdue returns (with days overdue);
 * for a partnership, its returns coming due and the offers waiting for it. Counts and the first few
 * rows, in SQL; the pages they link to list the rest.
 */

export const DASHBOARD_ROWS = 5;

const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
/** A return never submitted is in one of these states (a queried one has been submitted). */
const NEVER_SUBMITTED = ["not_started", "in_progress"] as const;

const cspCondition = (cspId: number | null) => (cspId === null ? sql`` : sql`and g.csp_id = ${cspId}`);

export interface InstalmentDue {
  instalmentId: number;
  grantId: number;
  title: string;
  cspName: string;
  label: string;
  dueOn: string;
  /** What is still to pay on it. */
  outstandingPence: number;
}

/**
 * Instalments due by the end of this month (earlier ones still unpaid too) and not fully paid, on
 * offers that have been accepted (nothing is paid on an offer not accepted): the earliest first.
 * Those held (a return of the grant overdue or queried, and no release made since that began) are
 * counted apart: they are not for paying until the return is in or finance releases them.
 */
export function paymentsDueThisMonth(today: string, limit = DASHBOARD_ROWS): { count: number; outstandingPence: number; held: { count: number; outstandingPence: number }; rows: InstalmentDue[] } {
  const monthEnd = format(endOfMonth(parseIsoDate(today)), "yyyy-MM-dd");
  // What is outstanding is worked out first, and the holds only for that: at national scale nearly
  // every instalment due by now was paid years ago. The hold rules of app/domain/payment-holds.ts
  // (grantHolds, releaseCovers) in SQL: an overdue return holds from the day after it was due, a
  // queried one from its latest query; a release covers a hold begun by the day (overdue) or
  // moment (queried) it was made.
  const due = sql`
    unpaid as (
      select ip.id as instalmentId, ip.grant_id as grantId, ip.label, ip.due_on as dueOn,
             ip.amount_pence - coalesce((select sum(p.amount_pence) from payments p where p.instalment_id = ip.id), 0) as outstandingPence
        from grants g
        join grant_payments ip on ip.grant_id = g.id and ip.due_on <= ${monthEnd}
       where g.offer_status = 'accepted' and g.withdrawn_at is null
    ),
    due as materialized (
      select ip.*,
             exists (
               select 1 from grant_returns gr
                where gr.grant_id = ip.grantId
                  and ((gr.first_submitted_at is null and gr.due_on < ${today}
                        and not exists (select 1 from payment_hold_releases hr where hr.instalment_id = ip.instalmentId and date(hr.released_at) >= date(gr.due_on, '+1 day')))
                    or (gr.status = 'queried'
                        and not exists (select 1 from payment_hold_releases hr where hr.instalment_id = ip.instalmentId
                                           and hr.released_at >= (select max(rv.at) from return_reviews rv where rv.return_id = gr.id and rv.action = 'queried'))))
             ) as held
        from unpaid ip where ip.outstandingPence > 0
    )`;
  const totals = db().all<{ held: number; count: number; outstanding: number }>(sql`with ${due}
    select held, count(*) as count, coalesce(sum(outstandingPence), 0) as outstanding from due group by held`);
  const of = (held: number) => totals.find((t) => t.held === held) ?? { count: 0, outstanding: 0 };
  const rows = db().all<InstalmentDue>(sql`with ${due}
    select due.instalmentId, due.grantId, due.label, due.dueOn, due.outstandingPence, b.title, o.name as cspName
      from due join grants g on g.id = due.grantId join bids b on b.id = g.bid_id join organisations o on o.id = g.csp_id
     where not due.held
     order by due.dueOn, due.instalmentId limit ${limit}`);
  return { count: of(0).count, outstandingPence: of(0).outstanding, held: { count: of(1).count, outstandingPence: of(1).outstanding }, rows };
}

export interface ReturnRow {
  returnId: number;
  grantId: number;
  title: string;
  cspName: string;
  startYear: number;
  quarter: number;
  dueOn: string;
  status: string;
  submittedAt: string | null;
}

const RETURN_COLUMNS = sql`gr.id as returnId, gr.grant_id as grantId, b.title, o.name as cspName, gr.start_year as startYear, gr.quarter,
  gr.due_on as dueOn, gr.status, gr.submitted_at as submittedAt`;
const RETURN_JOINS = sql`join grants g on g.id = gr.grant_id join bids b on b.id = g.bid_id join organisations o on o.id = g.csp_id`;

/** Returns submitted or resubmitted and waiting for the OPCC to accept or query them: the longest waiting first. */
export function returnsAwaitingAcceptance(limit = DASHBOARD_ROWS): { count: number; rows: ReturnRow[] } {
  const where = sql`gr.status in (${list(AWAITING_ACCEPTANCE)}) and g.withdrawn_at is null`;
  const count = db().get<{ n: number }>(sql`select count(*) as n from grant_returns gr join grants g on g.id = gr.grant_id where ${where}`).n;
  const rows = db().all<ReturnRow>(sql`select ${RETURN_COLUMNS} from grant_returns gr ${RETURN_JOINS} where ${where} order by gr.submitted_at, gr.id limit ${limit}`);
  return { count, rows };
}

/** Returns past their due date and never submitted (for one partnership, or all): the most overdue first. */
export function overdueReturns(cspId: number | null, today: string, limit = DASHBOARD_ROWS): { count: number; rows: ReturnRow[] } {
  const where = sql`gr.status in (${list(NEVER_SUBMITTED)}) and gr.first_submitted_at is null and gr.due_on < ${today} and g.withdrawn_at is null ${cspCondition(cspId)}`;
  const count = db().get<{ n: number }>(sql`select count(*) as n from grant_returns gr join grants g on g.id = gr.grant_id where ${where}`).n;
  const rows = db().all<ReturnRow>(sql`select ${RETURN_COLUMNS} from grant_returns gr ${RETURN_JOINS} where ${where} order by gr.due_on, gr.id limit ${limit}`);
  return { count, rows };
}

/** A partnership's returns still to submit and not yet overdue, the next due first; and those the OPCC has queried. */
export function returnsDueForCsp(cspId: number, today: string, limit = 3): { next: ReturnRow[]; dueCount: number; queried: ReturnRow[] } {
  const upcoming = sql`gr.status in (${list(NEVER_SUBMITTED)}) and gr.first_submitted_at is null and gr.due_on >= ${today} and g.withdrawn_at is null and g.csp_id = ${cspId}`;
  // From the partnership's grants to each one's returns (CROSS JOIN keeps that order, INDEXED BY the
  // grant's index): SQLite would otherwise walk every partnership's future returns by due date
  // and keep this one's, 6 ms at national scale against 0.2.
  const ownReturns = sql`grants g cross join grant_returns gr indexed by grant_returns_grant_quarter_unique on gr.grant_id = g.id`;
  const dueCount = db().get<{ n: number }>(sql`select count(*) as n from ${ownReturns} where ${upcoming}`).n;
  const next = db().all<ReturnRow>(sql`select ${RETURN_COLUMNS} from ${ownReturns} join bids b on b.id = g.bid_id join organisations o on o.id = g.csp_id
     where ${upcoming} order by gr.due_on, gr.id limit ${limit}`);
  const queried = db().all<ReturnRow>(sql`
    select ${RETURN_COLUMNS} from grant_returns gr ${RETURN_JOINS}
     where gr.status = 'queried' and g.withdrawn_at is null and g.csp_id = ${cspId} order by gr.due_on, gr.id limit ${DASHBOARD_ROWS}`);
  return { next, dueCount, queried };
}

/**
 * A partnership's returns waiting for its council's certification: in a stream whose returns are
 * certified, the quarter over, the actual spend entered on every approved line, not yet certified
 * and still open to change. The soonest due first.
 */
export function returnsToCertify(cspId: number, today: string, limit = DASHBOARD_ROWS): { count: number; rows: ReturnRow[] } {
  const where = sql`g.csp_id = ${cspId} and g.withdrawn_at is null and gr.status in (${list(EDITABLE_RETURN_STATUSES)})
    and gr.certified_on is null and gr.period_end < ${today}
    and exists (select 1 from bids cb join rounds rd on rd.id = cb.round_id join funding_streams fs on fs.id = rd.stream_id
                 where cb.id = g.bid_id and fs.certification_required = 1)
    and not exists (select 1 from decision_lines dl
                     left join return_lines rl on rl.return_id = gr.id and rl.cost_line_id = dl.cost_line_id
                     where dl.decision_id = g.decision_id and ${currentLineSql(sql`g.id`, sql`dl.cost_line_id`, sql`dl.approved_pence`)} > 0 and rl.actual_pence is null)`;
  const count = db().get<{ n: number }>(sql`select count(*) as n from grant_returns gr join grants g on g.id = gr.grant_id where ${where}`).n;
  const rows = db().all<ReturnRow>(sql`select ${RETURN_COLUMNS} from grant_returns gr ${RETURN_JOINS} where ${where} order by gr.due_on, gr.id limit ${limit}`);
  return { count, rows };
}

export interface OfferWaiting {
  grantId: number;
  title: string;
  acceptBy: string;
}

/** A partnership's grant offers it has not yet answered, the soonest to lapse first (lapsed ones too). */
export function offersAwaiting(cspId: number, limit = DASHBOARD_ROWS): { count: number; rows: OfferWaiting[] } {
  const where = sql`g.csp_id = ${cspId} and g.offer_status = 'offered' and g.withdrawn_at is null`;
  const count = db().get<{ n: number }>(sql`select count(*) as n from grants g where ${where}`).n;
  const rows = db().all<OfferWaiting>(sql`
    select g.id as grantId, b.title, g.accept_by as acceptBy from grants g join bids b on b.id = g.bid_id
     where ${where} order by g.accept_by, g.id limit ${limit}`);
  return { count, rows };
}

// ---------------------------------------------------------------------------------------------
// What each dashboard shows, shaped for the viewer

function dashboardReturn(r: ReturnRow, today: string, { withCsp }: { withCsp: boolean }) {
  return {
    returnId: r.returnId, grantId: r.grantId, title: r.title, period: returnPeriodLabel(r.startYear, r.quarter), dueOn: r.dueOn,
    daysOverdue: daysOverdue({ dueOn: r.dueOn, firstSubmittedAt: null }, today),
    ...(withCsp ? { cspName: r.cspName } : {}),
  };
}

/** OPCC staff, by what each may do: finance pays, reviewers and finance accept returns, everyone with finance:read sees the flags. */
export function opccAfterAward(viewer: Viewer, today: string) {
  const shapeAll = (x: { count: number; rows: ReturnRow[] }) => ({ count: x.count, rows: x.rows.map((r) => dashboardReturn(r, today, { withCsp: true })) });
  let flags = null;
  if (hasPermission(viewer, "finance:read")) {
    const years = financeYears();
    const yearId = defaultFinanceYear(years, today);
    const year = years.find((y) => y.id === yearId);
    // The whole year's figures, kept until the next write (decision record 042).
    if (year?.hasGrants) {
      const scope = { kind: "year" as const, financialYearId: year.id };
      flags = { yearLabel: year.label, flags: untilNextChange("finance-totals", { scope, today }, () => financeTotals(scope, today)).totals.flags };
    }
  }
  return {
    paymentsDue: hasPermission(viewer, "payment:record") ? untilNextChange("payments-due", today, () => paymentsDueThisMonth(today)) : null,
    awaiting: hasPermission(viewer, "return:review") ? shapeAll(returnsAwaitingAcceptance()) : null,
    overdue: hasPermission(viewer, "return:read") ? shapeAll(overdueReturns(null, today)) : null,
    flags,
  };
}

/** A partnership's lead or finance officer: its own returns and offers only. */
export function cspAfterAward(viewer: Viewer, cspId: number, today: string) {
  const shape = (rows: ReturnRow[]) => rows.map((r) => dashboardReturn(r, today, { withCsp: false }));
  const overdue = overdueReturns(cspId, today);
  const due = returnsDueForCsp(cspId, today);
  const offers = offersAwaiting(cspId);
  const toCertify = hasPermission(viewer, "return:certify") ? returnsToCertify(cspId, today) : null;
  return {
    toCertify: toCertify ? { count: toCertify.count, rows: shape(toCertify.rows) } : null,
    overdue: { count: overdue.count, rows: shape(overdue.rows) },
    due: { dueCount: due.dueCount, next: shape(due.next), queried: shape(due.queried) },
    offers: { count: offers.count, rows: offers.rows.map((o) => ({ ...o, lapsed: isOfferLapsed({ offerStatus: "offered", acceptBy: o.acceptBy }, today) })) },
    canRespond: hasPermission(viewer, "offer:respond"),
    canReadFinance: hasPermission(viewer, "finance:read"),
  };
}

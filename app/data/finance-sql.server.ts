import { sql, type SQL } from "drizzle-orm";
import { GRANTED_STATUSES } from "../domain/bid-lifecycle";
import { currentLineSql } from "./money-sql.server";

/**
 * The rules of app/domain/reconciliation.ts as SQL, so that the reconciliation sums, flags, sorts
 * and pages in the database (300 partnerships, thousands of grants a year). Every figure is built
 * from the rows that hold it, never stored:
 *
 * - approved: the grant's decision's lines (`grants.decision_id` → decision_lines);
 * - granted: approved less the bid's match funding, never below zero (as decisionGrantedSql);
 * - spent to date: `return_lines.actual_pence` on the grant's accepted returns;
 * - forecast, per cost line: what the returns submitted or accepted so far report, plus the
 *   latest such return's forecasts for the quarters after it; the approved amount while no return
 *   has been submitted;
 * - paid: `payments` against the grant.
 *
 * The CTEs are named and chained: `sel` (the grants in scope) → `ln` (their approved lines) →
 * `latest` (each grant's latest submitted-or-accepted return) → `rep` and `fc` (what the returns
 * report and forecast per line, each aggregated once over the grants' returns) → `lf` (spend and
 * forecast per line) → `pg` (per grant, with the flags).
 */

export type FinanceScope =
  | { kind: "year"; financialYearId: number; roundId?: number; streamId?: number; cspId?: number }
  /** One grant whatever its state (its page says when it is withdrawn or declined). */
  | { kind: "grant"; grantId: number };

const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/** Returns whose figures count towards the forecast; of them, only accepted ones are spend. */
export const REPORTED_RETURN_STATUSES = ["submitted", "resubmitted", "accepted"] as const;

/** The grants in scope: the bids of the year's rounds that the PCC approved, whose grant stands and was not declined. */
function selectedGrants(scope: FinanceScope): SQL {
  const where: SQL[] = [];
  if (scope.kind === "grant") where.push(sql`g.id = ${scope.grantId}`);
  else {
    where.push(sql`r.financial_year_id = ${scope.financialYearId}`, sql`g.withdrawn_at is null`, sql`g.offer_status <> 'declined'`);
    if (scope.roundId !== undefined) where.push(sql`r.id = ${scope.roundId}`);
    if (scope.streamId !== undefined) where.push(sql`r.stream_id = ${scope.streamId}`);
    if (scope.cspId !== undefined) where.push(sql`b.csp_id = ${scope.cspId}`);
  }
  return sql`
    select g.id as grant_id, g.csp_id, g.bid_id, g.decision_id, g.offer_status, g.accept_by, fs.tolerance_basis_points as tol,
           b.start_date, coalesce(g.extended_to, b.end_date) as end_date
      from rounds r
      join funding_streams fs on fs.id = r.stream_id
      join bids b on b.round_id = r.id and b.status in (${list(GRANTED_STATUSES)})
      join grants g on g.bid_id = b.id
     where ${sql.join(where, sql` and `)}`;
}

/**
 * `sel`, `ln`, `latest`, `lf` and `pg`, to follow `with`. `today` (the UK date) decides which
 * returns are overdue and which offers have lapsed.
 */
export function grantFigureCtes(scope: FinanceScope, today: string): SQL {
  const reported = list(REPORTED_RETURN_STATUSES);
  return sql`
  sel as materialized (${selectedGrants(scope)}),
  ln as materialized (
    -- A line's current amount: approved, with the approved virements and carry-forwards.
    select s.grant_id, dl.cost_line_id, ${currentLineSql(sql`s.grant_id`, sql`dl.cost_line_id`, sql`dl.approved_pence`)} as approved
      -- CROSS JOIN keeps this order: the grants in scope first, then their decisions' lines by index.
      from sel s cross join decision_lines dl on dl.decision_id = s.decision_id
  ),
  latest as materialized (
    select s.grant_id, gr.id as return_id, gr.start_year * 4 + gr.quarter - 1 as k
      from sel s
      left join grant_returns gr on gr.id = (
        select x.id from grant_returns x
         where x.grant_id = s.grant_id and x.status in (${reported})
         order by x.start_year desc, x.quarter desc limit 1)
  ),
  -- What the grants' returns report per cost line, set-based (each return's lines read once, through
  -- return_lines_return_actual_idx, rather than looked up per line and return).
  rep as materialized (
    select gr.grant_id, rl.cost_line_id,
           sum(case when gr.status = 'accepted' then rl.actual_pence end) as spent, sum(rl.actual_pence) as reported
      from sel s
      cross join grant_returns gr on gr.grant_id = s.grant_id and gr.status in (${reported})
      cross join return_lines rl on rl.return_id = gr.id
     group by gr.grant_id, rl.cost_line_id
  ),
  -- The latest return's forecasts for the quarters after it, per cost line (return_forecasts_return_amount_idx).
  fc as materialized (
    select lt.grant_id, rf.cost_line_id, sum(rf.amount_pence) as later
      from latest lt cross join return_forecasts rf on rf.return_id = lt.return_id
     where rf.start_year * 4 + rf.quarter - 1 > lt.k
     group by lt.grant_id, rf.cost_line_id
  ),
  lf as materialized (
    select ln.grant_id, ln.cost_line_id, ln.approved, coalesce(rp.spent, 0) as spent,
           case when lt.return_id is null then ln.approved else coalesce(rp.reported, 0) + coalesce(f.later, 0) end as forecast
      from ln join latest lt on lt.grant_id = ln.grant_id
      left join rep rp on rp.grant_id = ln.grant_id and rp.cost_line_id = ln.cost_line_id
      left join fc f on f.grant_id = ln.grant_id and f.cost_line_id = ln.cost_line_id
  ),
  pg0 as (
    select s.grant_id, s.csp_id, s.bid_id, s.decision_id, s.offer_status, s.accept_by, s.tol,
           coalesce(sum(lf.approved), 0) as approved, coalesce(sum(lf.spent), 0) as spent, coalesce(sum(lf.forecast), 0) as forecast,
           coalesce(sum(lf.spent > lf.approved), 0) as overspent_lines
      from sel s left join lf on lf.grant_id = s.grant_id
     group by s.grant_id
  ),
  pg1 as materialized (
    select pg0.*,
           max(0, pg0.approved - (select coalesce(sum(m.amount_pence), 0) from bid_match_funding m where m.bid_id = pg0.bid_id)) as granted,
           (select coalesce(sum(p.amount_pence), 0) from payments p where p.grant_id = pg0.grant_id) as paid,
           (select coalesce(sum(x.amount_pence), 0) from grant_recoveries x where x.grant_id = pg0.grant_id) as recovering,
           -- By the grant's own returns (grant_id): the unary + keeps SQLite off grant_returns_overdue_idx, which
           -- it would otherwise pick here and walk every overdue return in the country for each grant.
           (select count(*) from grant_returns gr where gr.grant_id = pg0.grant_id and +gr.first_submitted_at is null and +gr.due_on < ${today}) as overdue_returns,
           max(0, pg0.approved - pg0.forecast) as underspend
      from pg0
  ),
  pg as (
    select pg1.*, pg1.forecast - pg1.approved as variance,
           (pg1.underspend * 10000 > pg1.approved * pg1.tol) as f_underspend,
           (pg1.overspent_lines > 0) as f_overspent,
           (pg1.paid - pg1.recovering > pg1.spent) as f_paid_ahead,
           (pg1.overdue_returns > 0) as f_overdue,
           (pg1.offer_status = 'offered') as f_offer,
           (pg1.offer_status = 'offered' and pg1.accept_by < ${today}) as f_lapsed
      from pg1
  )`;
}

/** How many of a grant's flags are raised (alias pg). */
export const FLAG_COUNT_SQL = sql.raw("(pg.f_underspend + pg.f_overspent + pg.f_paid_ahead + pg.f_overdue + pg.f_offer)");

/** The financial quarter of an ISO date as one ordered number (startYear × 4 + quarter − 1), as quarterIndex. */
const quarterIndexSql = (date: SQL) => sql`(
  (cast(substr(${date}, 1, 4) as integer) - (cast(substr(${date}, 6, 2) as integer) < 4)) * 4
  + ((cast(substr(${date}, 6, 2) as integer) + 8) % 12) / 3)`;

/**
 * `lq0`, `lq`, `slots`, `prof` and `qparts`, to follow grantFigureCtes: each line's profile by quarter,
 * by spendProfile's rule (app/domain/spend-profile.ts, the one rule; tests/integration/finance.test.ts
 * holds the two to the same answers): the approved amount spread evenly over the grant's quarters
 * in the line's year, the odd pennies in the last; a line for a year the grant does not run in
 * whole in the grant's quarter nearest that year (its first for an earlier year, its last for a
 * later one); a grant without dates has no profile. `qparts` also has what the returns report by
 * quarter: one row per source: profile, spend (accepted), and the forecast (`fc`: what was
 * reported, submitted or accepted, and what the latest return forecasts for the quarters after it).
 */
export function quarterCtes(): SQL {
  const reported = list(REPORTED_RETURN_STATUSES);
  return sql`
  lq0 as (
    select ln.grant_id, ln.cost_line_id, ln.approved, cast(substr(fy.starts_on, 1, 4) as integer) as y,
           ${quarterIndexSql(sql`s.start_date`)} as s_idx, ${quarterIndexSql(sql`s.end_date`)} as e_idx
      from ln join sel s on s.grant_id = ln.grant_id
      join bid_cost_lines l on l.id = ln.cost_line_id
      join financial_years fy on fy.id = l.financial_year_id
  ),
  -- Per line, worked out once: whether its year is outside the grant's quarters, how many slots it
  -- spreads over (n) and its last slot (the one that takes the odd pennies), so that the spread
  -- needs no window functions over every slot.
  lq as materialized (
    select lq0.*, (y * 4 + 3 < s_idx or y * 4 > e_idx) as outside,
           case when y * 4 + 3 < s_idx or y * 4 > e_idx then 1 else min(e_idx, y * 4 + 3) - max(s_idx, y * 4) + 1 end as n,
           case when y * 4 + 3 < s_idx then s_idx when y * 4 > e_idx then e_idx else min(e_idx, y * 4 + 3) end as last
      from lq0
  ),
  qn(n) as (values (1), (2), (3), (4)),
  -- k: the quarter as one number (quarterIndex). A line in one of the grant's years has a slot for
  -- each of the grant's quarters in it; a line outside them one slot, the nearest of the grant's quarters.
  slots as (
    select lq.grant_id, lq.cost_line_id, lq.approved, lq.n, lq.last,
           case when lq.y * 4 + 3 < lq.s_idx then lq.s_idx when lq.y * 4 > lq.e_idx then lq.e_idx else lq.y * 4 + qn.n - 1 end as k
      from lq join qn
     where case when lq.outside then qn.n = 1
                else lq.y * 4 + qn.n - 1 between lq.s_idx and lq.e_idx end
  ),
  prof as (
    select grant_id, cost_line_id, k / 4 as start_year, k % 4 + 1 as quarter,
           approved / n + case when k = last then approved % n else 0 end as pence
      from slots
  ),
  qparts as (
    select grant_id, cost_line_id, start_year, quarter, pence as profile, 0 as spent, 0 as fc from prof
    union all
    -- The grants' returns, each read once, then their lines (covering indexes), kept to the approved lines.
    select ln.grant_id, ln.cost_line_id, gr.start_year, gr.quarter, 0,
           case when gr.status = 'accepted' then coalesce(rl.actual_pence, 0) else 0 end, coalesce(rl.actual_pence, 0)
      from sel s
      cross join grant_returns gr on gr.grant_id = s.grant_id and gr.status in (${reported})
      cross join return_lines rl on rl.return_id = gr.id
      join ln on ln.grant_id = gr.grant_id and ln.cost_line_id = rl.cost_line_id
    union all
    select ln.grant_id, ln.cost_line_id, rf.start_year, rf.quarter, 0, 0, rf.amount_pence
      from latest lt
      cross join return_forecasts rf on rf.return_id = lt.return_id
      join ln on ln.grant_id = lt.grant_id and ln.cost_line_id = rf.cost_line_id
     where rf.start_year * 4 + rf.quarter - 1 > lt.k
  )`;
}

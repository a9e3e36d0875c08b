import { sql, type SQL } from "drizzle-orm";
import { GRANTED_STATUSES } from "../domain/bid-lifecycle";
import { currentLineSql, grantedSql } from "./money-sql.server";

/**
 * The rules of app/domain/underspend.ts as SQL: one row per grant and financial year of its cost
 * lines, for the grants matching `grantWhere` (a condition on alias g), with
 * - `current`: the year's lines as they stand (approved plus virements and carry-forwards);
 * - `spent`: evidenced on them by the grant's accepted returns;
 * - `returned`, `reallocated`, `carried`: what finance recorded of the year's underspend;
 * - `outstanding`: the underspend still to resolve, never below zero.
 * Each figure is a correlated look-up through an index (decision_lines by decision,
 * return_lines_cost_line_idx, grant_line_adjustments_line_idx, grant_underspends_grant_idx), so
 * its cost follows the grants selected, not the size of the tables. (The unary + keeps SQLite off
 * grant_returns_status_due_idx, which without statistics it picks to walk every accepted return in
 * the country for each line.)
 */
export function grantYearFiguresSql(grantWhere: SQL): SQL {
  return sql`
    select y.grant_id, y.csp_id, y.financial_year_id, y.current, y.spent, y.returned, y.reallocated, y.carried,
           max(0, max(0, y.current - y.spent) - y.returned - y.reallocated) as outstanding
      from (
        select gl.grant_id, gl.csp_id, gl.financial_year_id, sum(gl.current) as current, sum(gl.spent) as spent,
               (select coalesce(sum(u.amount_pence), 0) from grant_underspends u
                 where u.grant_id = gl.grant_id and u.financial_year_id = gl.financial_year_id and u.outcome = 'returned') as returned,
               (select coalesce(sum(u.amount_pence), 0) from grant_underspends u
                 where u.grant_id = gl.grant_id and u.financial_year_id = gl.financial_year_id and u.outcome = 'reallocated') as reallocated,
               (select coalesce(sum(u.amount_pence), 0) from grant_underspends u
                 where u.grant_id = gl.grant_id and u.financial_year_id = gl.financial_year_id and u.outcome = 'carried_forward') as carried
          from (
            select g.id as grant_id, g.csp_id, l.financial_year_id,
                   ${currentLineSql(sql`g.id`, sql`dl.cost_line_id`, sql`dl.approved_pence`)} as current,
                   (select coalesce(sum(rl.actual_pence), 0) from return_lines rl join grant_returns gr on gr.id = rl.return_id
                     where rl.cost_line_id = dl.cost_line_id and gr.grant_id = g.id and +gr.status = 'accepted') as spent
              from grants g
              join decision_lines dl on dl.decision_id = g.decision_id
              join bid_cost_lines l on l.id = dl.cost_line_id
             where ${grantWhere}
          ) gl
         group by gl.grant_id, gl.financial_year_id
      ) y`;
}

/**
 * Over-programming (overProgrammingFigures in app/domain/underspend.ts), per round matching
 * `roundWhere` (a condition on alias r): its pot, its margin, what it approved (the granted
 * amounts of its approved bids, as the round page sums them) and the underspend recorded so far
 * for its grants as returned or re-allocated. Through bids_round_status_idx, grants_bid_unique and
 * grant_underspends_grant_idx: one row per round.
 */
export function roundOverProgrammingSql(roundWhere: SQL): SQL {
  const granted = sql.join(GRANTED_STATUSES.map((s) => sql`${s}`), sql`, `);
  return sql`
    select r.id as roundId, r.name, r.total_pot_pence as potPence, r.over_programming_basis_points as basisPoints,
           (select coalesce(sum(${grantedSql(sql`b.id`)}), 0) from bids b where b.round_id = r.id and b.status in (${granted})) as approvedPence,
           -- CROSS JOIN keeps this order: the round's granted bids by index, then their grants and underspends.
           (select coalesce(sum(u.amount_pence), 0) from bids b cross join grants g on g.bid_id = b.id cross join grant_underspends u on u.grant_id = g.id
             where b.round_id = r.id and b.status in (${granted}) and u.outcome in ('returned', 'reallocated')) as recordedPence
      from rounds r
     where ${roundWhere}`;
}

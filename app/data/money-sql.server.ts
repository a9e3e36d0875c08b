import { sql, type SQL } from "drizzle-orm";

/**
 * The money rules of app/domain/money.ts as SQL, so that lists and totals aggregate in the
 * database. A line total is quantity (hundredths) × unit price (ten-thousandths of a pound),
 * rounded half-up to the penny: (q × u + 5000) / 10000 in integer arithmetic. Quantities and
 * prices are never negative (CHECK constraints), so integer division rounds as the TypeScript does.
 */

export const LINE_TOTAL_SQL = "((l.quantity_hundredths * l.unit_price_ten_thousandths + 5000) / 10000)";

/** Total cost of the bid whose id is the SQL expression `bidId`. */
export const totalCostSql = (bidId: SQL) =>
  sql`(select coalesce(sum(${sql.raw(LINE_TOTAL_SQL)}), 0) from bid_cost_lines l where l.bid_id = ${bidId})`;

export const matchFundingSql = (bidId: SQL) =>
  sql`(select coalesce(sum(m.amount_pence), 0) from bid_match_funding m where m.bid_id = ${bidId})`;

/** What the bid asks of the OPCC: total cost less match funding. */
export const requestedSql = (bidId: SQL) => sql`(${totalCostSql(bidId)} - ${matchFundingSql(bidId)})`;

/**
 * Whether a bid still asks for its money: a withdrawn bid asks for nothing, so totals of what is
 * requested leave it out (its figures stay on the bid).
 */
export const stillAskingSql = (status: SQL) => sql`${status} <> 'withdrawn'`;

/**
 * What all the bids matching `where` (a condition on alias b) request together, as join
 * aggregates: cheaper than summing the per-bid expression when many bids match.
 */
export const requestedTotalSql = (where: SQL) => sql`(
  (select coalesce(sum(${sql.raw(LINE_TOTAL_SQL)}), 0) from bid_cost_lines l join bids b on b.id = l.bid_id ${where})
  - (select coalesce(sum(m.amount_pence), 0) from bid_match_funding m join bids b on b.id = m.bid_id ${where}))`;

/** What one decision grants: its approved cost lines less the bid's match funding, never below zero (0 for a rejection, which approves no lines). */
export const decisionGrantedSql = (decisionId: SQL, bidId: SQL) =>
  sql`(select max(0, coalesce(sum(dl.approved_pence), 0) - ${matchFundingSql(bidId)}) from decision_lines dl where dl.decision_id = ${decisionId})`;

/** What the bid's latest approving decision grants; 0 for a bid with none. */
export const grantedSql = (bidId: SQL) =>
  decisionGrantedSql(sql`(select max(d.id) from decisions d where d.bid_id = ${bidId} and d.outcome <> 'rejected')`, bidId);

/** What a bid holds against its CSP's allocation: the grant once decided, the request until then. */
export const committedSql = (bidId: SQL, status: SQL) =>
  sql`(case when ${status} in ('approved', 'part_approved') then ${grantedSql(bidId)} else ${requestedSql(bidId)} end)`;

/**
 * A grant's cost line as it stands now: what its decision approved (`approved`, an SQL expression)
 * plus the approved virements and carry-forwards that moved money to or from it
 * (grant_line_adjustments, through grant_line_adjustments_line_idx). Returns and the finance pages
 * use this; the decision record and offer letter keep the approved amount.
 */
export const currentLineSql = (grantId: SQL, costLineId: SQL, approved: SQL) =>
  sql`(${approved} + (select coalesce(sum(a.delta_pence), 0) from grant_line_adjustments a where a.grant_id = ${grantId} and a.cost_line_id = ${costLineId}))`;

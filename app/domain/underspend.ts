/**
 * What a grant did not spend in a financial year, and what becomes of it (decision record 022).
 * Over integer pence. app/data/underspend-sql.server.ts holds the same rules as SQL for the finance
 * and year-end pages; the tests hold the two to the same answers.
 *
 * - A year's **underspend** is its cost lines' current amounts (approved, plus virements and
 *   carry-forwards) less the spend evidenced on them (accepted returns), net across the lines,
 *   never below zero.
 * - It is **resolved** by records of what became of it: returned to the OPCC (the part that was
 *   paid and not spent is a clawback), re-allocated to the round by a PCC decision, or carried
 *   forward into the grant's next year. A carry-forward moves the money between the years' lines,
 *   so it lowers the year's current amount rather than being subtracted again.
 * - Match funding is taken to be spent first: the OPCC's share of the evidenced spend is what is
 *   left after the match funding, up to what it granted. So an underspend falls on the OPCC's grant.
 */

export interface UnderspendFigures {
  /** The year's lines as they stand now. */
  currentPence: number;
  /** Evidenced on them (accepted returns). */
  spentPence: number;
  /** Already recorded as returned or re-allocated for the year. */
  returnedPence: number;
  reallocatedPence: number;
}

/** The year's underspend before anything is recorded of it: current less spent, never below zero. */
export const yearUnderspendPence = (f: Pick<UnderspendFigures, "currentPence" | "spentPence">) => Math.max(0, f.currentPence - f.spentPence);

/** What of the year's underspend is still to be resolved (returned, carried forward or re-allocated). */
export const outstandingUnderspendPence = (f: UnderspendFigures) => Math.max(0, yearUnderspendPence(f) - f.returnedPence - f.reallocatedPence);

/**
 * The OPCC's share of a grant's evidenced spend: spend up to the grant's current cost, less the
 * match funding (spent first), never below zero and never above what was granted.
 */
export function opccFundedSpendPence(g: { currentCostPence: number; spentPence: number; matchFundingPence: number }): number {
  const granted = Math.max(0, g.currentCostPence - g.matchFundingPence);
  return Math.min(granted, Math.max(0, Math.min(g.spentPence, g.currentCostPence) - g.matchFundingPence));
}

/**
 * What a partnership must repay: paid less the OPCC's share of the evidenced spend, less what is
 * already being recovered (clawbacks raised before, in any state), never below zero.
 */
export function clawbackDuePence(g: { paidPence: number; opccFundedSpendPence: number; alreadyRecoveringPence: number }): number {
  return Math.max(0, g.paidPence - g.opccFundedSpendPence - g.alreadyRecoveringPence);
}

/**
 * The clawback raised when `returnedPence` of an underspend is returned: what is due to be repaid
 * (clawbackDuePence), never more than the amount returned. The rest of the amount returned was
 * never paid, so there is nothing to recover for it.
 */
export function clawbackForReturnPence(g: { paidPence: number; opccFundedSpendPence: number; alreadyRecoveringPence: number; returnedPence: number }): number {
  return Math.min(Math.max(0, g.returnedPence), clawbackDuePence(g));
}

/**
 * Over-programming: a round approved above its pot (within its margin) relies on that much of its
 * grants' money going unspent and coming back. What comes back is what finance has recorded as
 * returned or re-allocated (a carry-forward stays with the grant); the rest is still expected.
 */
export function overProgrammingFigures(r: { potPence: number; approvedPence: number; recordedPence: number }) {
  const reliesOnPence = Math.max(0, r.approvedPence - r.potPence);
  return { reliesOnPence, recordedPence: r.recordedPence, stillExpectedPence: Math.max(0, reliesOnPence - r.recordedPence) };
}

/**
 * What of a year's outstanding underspend may be re-allocated to the round: only money never paid
 * out. What was paid and not spent must come back first, as a clawback (returned).
 */
export const reallocatablePence = (g: { outstandingPence: number; clawbackDuePence: number }) => Math.max(0, g.outstandingPence - g.clawbackDuePence);

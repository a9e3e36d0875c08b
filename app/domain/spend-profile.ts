/**
 * A cost line's spend profile: how much of its budget it is expected to spend in each quarter of
 * its grant. The budget (the approved amount, or the amount as it stands after a virement) is
 * spread evenly over the grant's quarters that fall in the line's financial year, the odd pennies
 * going to the last of them, so the profile always sums to the budget exactly. A line whose year
 * has none of the grant's quarters (a line dated outside the project) is profiled whole in the
 * grant's quarter nearest that year.
 */

export interface Quarter {
  /** The calendar year the financial year starts in: 2023 for 2023-24. */
  startYear: number;
  quarter: number;
}

/** Orders quarters: negative when a is earlier than b. */
export const compareQuarters = (a: Quarter, b: Quarter) => a.startYear - b.startYear || a.quarter - b.quarter;

export const sameQuarter = (a: Quarter, b: Quarter) => a.startYear === b.startYear && a.quarter === b.quarter;

/**
 * The line's profile, one amount (pence) for each of the grant's quarters in order (0 for a
 * quarter outside the line's year). `quarters` are the grant's quarters, in order, from its start
 * date to its end date (app/domain/return-periods.ts); none at all gives an empty profile.
 */
export function spendProfile(budgetPence: number, lineStartYear: number, quarters: readonly Quarter[]): number[] {
  if (!Number.isInteger(budgetPence) || budgetPence < 0) throw new RangeError("A line's budget is a whole, non-negative number of pence");
  const profile = quarters.map(() => 0);
  if (quarters.length === 0) return profile;
  let inYear = quarters.flatMap((q, i) => (q.startYear === lineStartYear ? [i] : []));
  if (inYear.length === 0) inYear = [nearestQuarter(lineStartYear, quarters)];
  const each = Math.floor(budgetPence / inYear.length);
  inYear.forEach((i, n) => {
    profile[i] = n === inYear.length - 1 ? budgetPence - each * (inYear.length - 1) : each;
  });
  return profile;
}

/** The index of the grant's quarter nearest a financial year it does not run in: its first for an earlier year, its last for a later one. */
function nearestQuarter(startYear: number, quarters: readonly Quarter[]): number {
  return startYear < quarters[0].startYear ? 0 : quarters.length - 1;
}

/** The line's profile for one quarter (0 if the grant does not run in it). */
export function profileFor(budgetPence: number, lineStartYear: number, quarters: readonly Quarter[], quarter: Quarter): number {
  const i = quarters.findIndex((q) => sameQuarter(q, quarter));
  return i === -1 ? 0 : spendProfile(budgetPence, lineStartYear, quarters)[i];
}

/** The grant's quarters after this one: those a return forecasts. */
export const quartersAfter = <Q extends Quarter>(quarters: readonly Q[], quarter: Quarter): Q[] => quarters.filter((q) => compareQuarters(q, quarter) > 0);

/**
 * A return's spend figures for each cost line: the quarter's actual against its profile, the
 * spend to date, what is left of the budget, and whether the difference must be explained.
 *
 * "Budget" is the line's amount as it stands: today the approved amount; once virements move
 * money between lines, the amount after them. Nothing here reads either: callers pass it in.
 * All amounts are integer pence.
 */

/** Hundredths of a percent: 1000 = 10%. */
export type BasisPoints = number;

/** How far the actual is above (positive) or below (negative) the profile. */
export const variancePence = (actualPence: number, profilePence: number) => actualPence - profilePence;

/**
 * Whether a quarter's actual differs from its profile by more than the stream's tolerance, so the
 * return must explain it: |actual − profile| > tolerance × profile. Spending anything against a
 * profile of nothing always needs explaining; no actual yet needs nothing.
 */
export function needsExplanation(actualPence: number | null, profilePence: number, toleranceBasisPoints: BasisPoints): boolean {
  if (actualPence === null) return false;
  // In whole numbers: |a − p| × 10,000 > bp × p.
  return Math.abs(actualPence - profilePence) * 10_000 > toleranceBasisPoints * profilePence;
}

/** The most the actual may differ from the profile without an explanation (rounded down to the penny). */
export const toleratedPence = (profilePence: number, toleranceBasisPoints: BasisPoints) => Math.floor((profilePence * toleranceBasisPoints) / 10_000);

/** "10%", "7.5%": a tolerance as people read it. */
export function formatTolerance(toleranceBasisPoints: BasisPoints): string {
  const percent = toleranceBasisPoints / 100;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(2).replace(/0$/, "")}%`;
}

/** Spend to date: the actuals of this quarter and every earlier one (a quarter not yet reported counts as nothing). */
export const spendToDate = (actuals: Iterable<number | null>) => {
  let total = 0;
  for (const a of actuals) total += a ?? 0;
  return total;
};

/** What is left of the budget; negative when the line is overspent. */
export const remainingBudget = (budgetPence: number, spentToDatePence: number) => budgetPence - spentToDatePence;

export const isOverspent = (budgetPence: number, spentToDatePence: number) => remainingBudget(budgetPence, spentToDatePence) < 0;

export interface LineFigures {
  budgetPence: number;
  profilePence: number;
  actualPence: number | null;
  /** The line's actuals in the grant's earlier returns, added up. */
  spentBeforePence: number;
}

/** Everything a return shows for one line, worked out from its budget, profile and actuals. */
export function lineFigures(line: LineFigures, toleranceBasisPoints: BasisPoints) {
  const spent = line.spentBeforePence + (line.actualPence ?? 0);
  return {
    variancePence: line.actualPence === null ? null : variancePence(line.actualPence, line.profilePence),
    spentToDatePence: spent,
    remainingPence: remainingBudget(line.budgetPence, spent),
    overspent: isOverspent(line.budgetPence, spent),
    needsExplanation: needsExplanation(line.actualPence, line.profilePence, toleranceBasisPoints),
    toleratedPence: toleratedPence(line.profilePence, toleranceBasisPoints),
  };
}

export type ExpenditureType = "capital" | "revenue";

export interface Subtotal {
  budgetPence: number;
  profilePence: number;
  actualPence: number;
  spentToDatePence: number;
  remainingPence: number;
}

/** Capital and revenue added up apart (summed from the lines, never stored). */
export function subtotals(lines: readonly (LineFigures & { expenditureType: ExpenditureType })[]): Record<ExpenditureType, Subtotal> {
  const empty = (): Subtotal => ({ budgetPence: 0, profilePence: 0, actualPence: 0, spentToDatePence: 0, remainingPence: 0 });
  const totals = { capital: empty(), revenue: empty() };
  for (const line of lines) {
    const t = totals[line.expenditureType];
    const spent = line.spentBeforePence + (line.actualPence ?? 0);
    t.budgetPence += line.budgetPence;
    t.profilePence += line.profilePence;
    t.actualPence += line.actualPence ?? 0;
    t.spentToDatePence += spent;
    t.remainingPence += remainingBudget(line.budgetPence, spent);
  }
  return totals;
}

import { formatPence } from "./money";

/**
 * Carrying a year's underspend forward into the grant's next financial year (decision record 024).
 * Only a stream whose grants may span years (Safer Streets 5) carries money forward; an annual
 * stream's underspend is returned or re-allocated. The money moves from a cost line of the year to
 * a line of the next year of the same expenditure type (capital stays capital), never taking the
 * from-line below what has been spent on it, and never more than the year's outstanding underspend.
 */

export interface CarryLine {
  costLineId: number;
  financialYearId: number;
  expenditureType: string;
  /** The line as it stands now (approved plus virements and carry-forwards). */
  currentPence: number;
  /** Evidenced on it by accepted returns. */
  spentPence: number;
}

export interface CarryForwardCase {
  maySpanYears: boolean;
  financialYearId: number;
  /** The financial year after this one, if the grant has cost lines in it. */
  nextFinancialYearId: number | null;
  outstandingPence: number;
  amountPence: number;
  fromLine: CarryLine | null;
  toLine: CarryLine | null;
}

export type CarryForwardProblem = { field: "outcome" | "amount" | "fromLineId" | "toLineId"; message: string };

/** Why the year's underspend cannot be carried forward at all (stream or grant), or null when it can. */
export function carryForwardUnavailable(c: Pick<CarryForwardCase, "maySpanYears" | "nextFinancialYearId">): string | null {
  if (!c.maySpanYears) return "This grant's funding stream runs year by year, so its underspend cannot be carried forward: return it or re-allocate it";
  if (c.nextFinancialYearId === null) return "The grant has no cost lines in the next financial year, so nothing can be carried into it";
  return null;
}

/** What is wrong with a carry-forward, field by field (empty when it may be recorded). */
export function carryForwardProblems(c: CarryForwardCase): CarryForwardProblem[] {
  const unavailable = carryForwardUnavailable(c);
  if (unavailable) return [{ field: "outcome", message: unavailable }];
  const problems: CarryForwardProblem[] = [];
  if (c.amountPence > c.outstandingPence) problems.push({ field: "amount", message: `Amount must be no more than the outstanding underspend, ${formatPence(c.outstandingPence)}` });
  if (!c.fromLine || c.fromLine.financialYearId !== c.financialYearId) problems.push({ field: "fromLineId", message: "Choose a cost line of this year to carry the money from" });
  else if (c.fromLine.currentPence - c.amountPence < c.fromLine.spentPence) {
    problems.push({ field: "fromLineId", message: `That line has ${formatPence(Math.max(0, c.fromLine.currentPence - c.fromLine.spentPence))} unspent: a carry-forward cannot take it below what has been spent on it` });
  }
  if (!c.toLine || c.toLine.financialYearId !== c.nextFinancialYearId) problems.push({ field: "toLineId", message: "Choose a cost line of the next year to carry the money to" });
  else if (c.fromLine && c.fromLine.expenditureType !== c.toLine.expenditureType) {
    problems.push({ field: "toLineId", message: `Choose a ${c.fromLine.expenditureType} line: money cannot be carried between capital and revenue` });
  }
  return problems;
}

/** The line of the year with the most left unspent: the one a carry-forward is offered from. */
export function suggestedFromLine<L extends CarryLine>(lines: L[], financialYearId: number): L | null {
  let best: L | null = null;
  for (const l of lines) {
    if (l.financialYearId !== financialYearId) continue;
    if (!best || l.currentPence - l.spentPence > best.currentPence - best.spentPence) best = l;
  }
  return best;
}



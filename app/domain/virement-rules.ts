import { formatPence } from "./money";

/**
 * Virements: money moved from one cost line of a grant to another of the same financial year
 * (decision record 023). The rules are here; app/data/variations.server.ts asks them when a
 * virement is requested and again, against the lines as they then stand, when it is approved.
 *
 * A virement never changes the grant's total (one line gives what the other receives), never takes
 * the giving line below what has been spent on it (or below zero), and moves money only within a
 * year. It is approved automatically when it keeps within the stream's rules: the same expenditure
 * type (capital ↔ revenue always needs the OPCC), the receiving line's net increase over its
 * approved amount within the stream's tolerance of that amount, and the amount within the stream's
 * cap. Anything else waits for an OPCC officer.
 */

export type ExpenditureType = "capital" | "revenue";

export interface VirementLine {
  id: number;
  description: string;
  financialYearId: number;
  financialYearLabel: string;
  expenditureType: ExpenditureType;
  /** What the PCC's decision approved on the line. */
  approvedPence: number;
  /** The approved amount with every approved virement and carry-forward so far. */
  currentPence: number;
  /** The actuals recorded on the line in any of the grant's returns. */
  spentPence: number;
}

export interface VirementStreamRules {
  /** 1000 = 10%. */
  toleranceBasisPoints: number;
  virementCapPence: number;
}

export type VirementField = "fromCostLineId" | "toCostLineId" | "amount";
export type VirementProblems = Partial<Record<VirementField, string>>;

/**
 * What is wrong with moving `amountPence` from `from` to `to`, by field; empty when it may be made.
 * A line not given (not a line of this grant) is a problem of its own field.
 */
export function virementProblems(from: VirementLine | undefined, to: VirementLine | undefined, amountPence: number | null): VirementProblems {
  const problems: VirementProblems = {};
  if (!from) problems.fromCostLineId = "Choose the line the money comes from";
  if (!to) problems.toCostLineId = "Choose the line the money goes to";
  else if (from && from.id === to.id) problems.toCostLineId = "Choose a different line from the one the money comes from";
  else if (from && from.financialYearId !== to.financialYearId) {
    problems.toCostLineId = `Choose a line of the same financial year: ${from.description} is in ${from.financialYearLabel}, ${to.description} in ${to.financialYearLabel}`;
  }
  if (amountPence === null || !Number.isInteger(amountPence)) problems.amount = "Enter the amount to move, in pounds and pence";
  else if (amountPence <= 0) problems.amount = "The amount to move must be more than £0.00";
  else if (from) {
    const floor = Math.max(0, from.spentPence);
    const canGive = from.currentPence - floor;
    if (amountPence > from.currentPence) {
      problems.amount = `The amount must be ${formatPence(Math.max(0, canGive))} or less: ${from.description} has ${formatPence(from.currentPence)}`;
    } else if (from.currentPence - amountPence < floor) {
      problems.amount = `The amount must be ${formatPence(Math.max(0, canGive))} or less: ${formatPence(from.spentPence)} has already been spent on ${from.description}, and a virement cannot take a line below its spend`;
    }
  }
  return problems;
}

/** Whether the receiving line, after the virement, has risen over its approved amount by no more than the tolerance: compared in whole numbers. */
export function withinTolerance(to: Pick<VirementLine, "approvedPence" | "currentPence">, amountPence: number, toleranceBasisPoints: number): boolean {
  const increase = to.currentPence + amountPence - to.approvedPence;
  return increase * 10_000 <= to.approvedPence * toleranceBasisPoints;
}

/** The most the receiving line may rise over its approved amount in all, within the tolerance (rounded down to the penny). */
export const toleranceOfPence = (approvedPence: number, toleranceBasisPoints: number) => Math.floor((approvedPence * toleranceBasisPoints) / 10_000);

/**
 * Why a virement (already found possible) needs an OPCC officer's approval; empty when it is
 * approved automatically.
 */
export function approvalReasons(from: VirementLine, to: VirementLine, amountPence: number, rules: VirementStreamRules): string[] {
  const reasons: string[] = [];
  if (from.expenditureType !== to.expenditureType) reasons.push(`it moves money from ${from.expenditureType} to ${to.expenditureType}`);
  if (!withinTolerance(to, amountPence, rules.toleranceBasisPoints)) {
    reasons.push(
      `it would take ${to.description} more than ${formatBasisPoints(rules.toleranceBasisPoints)} (${formatPence(toleranceOfPence(to.approvedPence, rules.toleranceBasisPoints))}) over its approved ${formatPence(to.approvedPence)}`,
    );
  }
  if (amountPence > rules.virementCapPence) reasons.push(`it is more than the fund's limit of ${formatPence(rules.virementCapPence)} for a virement`);
  return reasons;
}

export const isAutomatic = (from: VirementLine, to: VirementLine, amountPence: number, rules: VirementStreamRules) => approvalReasons(from, to, amountPence, rules).length === 0;

/** 1000 → "10%", 250 → "2.5%". */
export function formatBasisPoints(bp: number): string {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  return rest === 0 ? `${whole}%` : `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}%`;
}

/** The rule in words, for the request page. */
export function automaticRuleText(rules: VirementStreamRules): string {
  return (
    `A virement is approved as soon as you make it when both lines are of the same type (capital or revenue), ` +
    `the line receiving the money ends no more than ${formatBasisPoints(rules.toleranceBasisPoints)} above the amount the PCC approved for it, ` +
    `and the amount is ${formatPence(rules.virementCapPence)} or less. Otherwise an OPCC officer approves or refuses it.`
  );
}

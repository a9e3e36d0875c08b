import { formatPence } from "./money";

/**
 * Moving money from one grant to another of the same partnership, or releasing it to the
 * partnership's allocation for a new project (decision record 025). Unlike a virement it changes
 * what each grant is for and what it is worth, so the OPCC always decides it, and its approval is
 * recorded as PCC decisions: a correcting decision on each grant's bid, with the line amounts
 * moved.
 *
 * What may move: money not yet spent on the giving line and not yet paid under the giving grant
 * (so nothing has to be clawed back), no more than the giving line's decision approved (the
 * correcting decision cannot approve less than nothing), and into a line of the same financial
 * year with room below what its bid asked for (a decision never approves more than a line asks;
 * something new is bid for against the released allocation instead).
 */

export interface TransferFromLine {
  id: number;
  description: string;
  financialYearId: number;
  /** What the grant's decision approved on the line. */
  approvedPence: number;
  /** Approved plus virements and carry-forwards. */
  currentPence: number;
  spentPence: number;
}

export interface TransferToLine {
  id: number;
  description: string;
  financialYearId: number;
  approvedPence: number;
  /** What the receiving bid asked for on the line: a decision approves no more. */
  askedPence: number;
}

export interface TransferProblems {
  fromCostLineId?: string;
  to?: string;
  amount?: string;
}

/**
 * Why the transfer cannot be made as asked, by form field; empty when it can. `unpaidPence` is
 * what is still to be paid under the giving grant; `to` is undefined when the money is released to
 * the allocation and null when the chosen receiving line is not one that can take it.
 */
export function transferProblems(from: TransferFromLine | undefined, to: TransferToLine | undefined | null, amountPence: number, unpaidPence: number): TransferProblems {
  const problems: TransferProblems = {};
  if (!from) problems.fromCostLineId = "Choose a line of this grant the money comes from";
  if (to === null) problems.to = "Choose a line of another of the partnership's grants, or release the money for a new project";
  if (!from || to === null) return problems;
  if (to && to.financialYearId !== from.financialYearId) {
    problems.to = "Money moves between lines of the same financial year: choose a line of the same year";
  }
  const unspent = from.currentPence - from.spentPence;
  if (amountPence > unspent) {
    problems.amount = `The amount cannot be more than is left unspent on ${from.description} (${formatPence(Math.max(0, unspent))})`;
  } else if (amountPence > from.approvedPence) {
    problems.amount = `The amount cannot be more than the decision approved on ${from.description} (${formatPence(from.approvedPence)}): money moved to it by a virement stays in this grant`;
  } else if (amountPence > unpaidPence) {
    problems.amount = `Only money not yet paid can move to another grant: ${formatPence(unpaidPence)} of this grant is still to be paid`;
  } else if (to && to.approvedPence + amountPence > to.askedPence) {
    const room = to.askedPence - to.approvedPence;
    problems.amount =
      room > 0
        ? `${to.description} can take at most ${formatPence(room)} more: a decision never approves more than a line asks for`
        : `${to.description} already has all it asked for: release the money for a new project and bid for it instead`;
  }
  return problems;
}

/** How a transfer reads: "£500.00 from Door alarms to Play Close CCTV: cameras", or "… released for a new project". */
export function describeTransfer(amountPence: number, fromLine: string, to: { grantTitle: string; line: string } | null): string {
  return to ? `${formatPence(amountPence)} from ${fromLine} to ${to.grantTitle}: ${to.line}` : `${formatPence(amountPence)} from ${fromLine}, released to the partnership's allocation for a new project`;
}

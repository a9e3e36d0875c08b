import { lineTotalPence } from "./money";

/**
 * Approving part of a bid: an approved amount per cost line, never more than the line asks for.
 * The approved total follows from the lines, less the match funding the bid brings, and is never
 * more than was requested.
 */

export interface AskedLine {
  id: number;
  quantityHundredths: number;
  unitPriceTenThousandths: number;
}

export interface ApprovedLine {
  id: number;
  askedPence: number;
  approvedPence: number;
}

export class PartApprovalError extends Error {
  constructor(
    readonly lineId: number,
    message: string,
  ) {
    super(message);
  }
}

export function approveLines(lines: AskedLine[], approved: Record<number, number>): ApprovedLine[] {
  return lines.map((line) => {
    const askedPence = lineTotalPence(line.quantityHundredths, line.unitPriceTenThousandths);
    const approvedPence = approved[line.id] ?? askedPence;
    if (!Number.isInteger(approvedPence) || approvedPence < 0) throw new PartApprovalError(line.id, "An approved amount must be £0.00 or more");
    if (approvedPence > askedPence) throw new PartApprovalError(line.id, "An approved amount cannot be more than the line asks for");
    return { id: line.id, askedPence, approvedPence };
  });
}

/**
 * What the OPCC grants: the approved cost less the bid's match funding, which the CSP still
 * brings. Never below zero.
 */
export function grantedPence(approvedLines: Pick<ApprovedLine, "approvedPence">[], matchFundingPence: number): number {
  const approvedCost = approvedLines.reduce((n, l) => n + l.approvedPence, 0);
  return Math.max(0, approvedCost - matchFundingPence);
}

export const isPartApproval = (lines: ApprovedLine[]) => lines.some((l) => l.approvedPence < l.askedPence);

import { formatPence } from "./money";

/**
 * The rules of the finance export (/exports/finance.xlsx and .csv; decision record 028): one row
 * per grant cost line, over integer pence.
 */

/**
 * Shares `totalPence` over parts in proportion to their `weights`, by the largest remainder: each
 * part gets the whole pennies of its exact share, and the pennies left over go one each to the
 * parts with the largest fractions (the earlier part first on a tie), so the shares add up to the
 * total exactly. A negative weight counts as nothing. When every weight is nothing the total is
 * shared equally (the earlier parts taking the odd pennies), so that nothing paid goes unshown.
 * A negative total is shared as its opposite, negated. Exact for any amounts (BigInt).
 */
export function shareByLargestRemainder(totalPence: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(totalPence)) throw new RangeError("The total is a whole number of pence");
  if (weights.length === 0) {
    if (totalPence !== 0) throw new RangeError("Nothing to share the total over");
    return [];
  }
  if (totalPence < 0) return shareByLargestRemainder(-totalPence, weights).map((p) => (p === 0 ? 0 : -p));
  let w = weights.map((x) => BigInt(Math.max(0, Math.trunc(x))));
  let sum = w.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    w = weights.map(() => 1n);
    sum = BigInt(weights.length);
  }
  const total = BigInt(totalPence);
  const shares = w.map((x) => (total * x) / sum);
  const remainders = w.map((x, i) => ({ i, r: (total * x) % sum }));
  let left = total - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] += 1n;
    left -= 1n;
  }
  return shares.map(Number);
}

export type UnderspendOutcomeKind = "returned" | "carried_forward" | "reallocated";

export interface UnderspendRecord {
  outcome: UnderspendOutcomeKind;
  amountPence: number;
  /** Carried forward: the year it went into. */
  toYearLabel?: string | null;
  /** Returned: the clawback raised for the part paid and not spent, as it stands. */
  clawbackStatus?: "raised" | "invoiced" | "received" | "waived" | null;
  clawbackPence?: number | null;
}

const OUTCOME_ORDER: Record<UnderspendOutcomeKind, number> = { returned: 0, carried_forward: 1, reallocated: 2 };

/**
 * What became of a grant's underspend in one financial year, in words for a spreadsheet cell:
 * "Returned £142.50 (clawback of £142.50 received)", "Carried forward £300.00 into 2024-25",
 * "Re-allocated £50.00"; several joined by "; " (returned, carried forward, re-allocated, each in
 * the order recorded). Nothing recorded: an empty cell.
 */
export function underspendOutcomeText(records: readonly UnderspendRecord[]): string {
  return records
    .map((r, i) => ({ r, i }))
    .sort((a, b) => OUTCOME_ORDER[a.r.outcome] - OUTCOME_ORDER[b.r.outcome] || a.i - b.i)
    .map(({ r }) => {
      const amount = formatPence(r.amountPence);
      if (r.outcome === "carried_forward") return `Carried forward ${amount}${r.toYearLabel ? ` into ${r.toYearLabel}` : ""}`;
      if (r.outcome === "reallocated") return `Re-allocated ${amount}`;
      const clawback = r.clawbackStatus && r.clawbackPence ? ` (clawback of ${formatPence(r.clawbackPence)} ${r.clawbackStatus})` : "";
      return `Returned ${amount}${clawback}`;
    })
    .join("; ");
}

/** Integer pence as pounds for a spreadsheet's number cell: exact, as every whole number of pence over 100 is the nearest double to itself. */
export const penceToPounds = (pence: number): number => pence / 100;

/** Integer pence as a plain decimal for a CSV cell: "1535.00", "-12.30", no £ and no thousands separators, so that spreadsheets read it as a number. */
export function penceAsDecimal(pence: number): string {
  const sign = pence < 0 ? "-" : "";
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

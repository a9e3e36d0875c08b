import { addDays, max as latest } from "date-fns";
import { financialQuarter, financialYearStartYear, parseIsoDate, quarterBounds, shortQuarterLabel, toIsoDate } from "./financial-years";

/**
 * When a grant is paid. Quarterly in arrears (the default): one instalment after each quarter the
 * project runs in, due the day after the quarter ends. In advance: all of it on the decision date
 * or the start date, whichever is later. On milestones: one instalment per milestone quarter, due
 * after that quarter. Amounts are equal shares in pence, the odd pennies going to the last.
 */

export const PAYMENT_BASES = ["quarterly_arrears", "advance", "milestones"] as const;
export type PaymentBasis = (typeof PAYMENT_BASES)[number];

export const PAYMENT_BASIS_LABELS: Record<PaymentBasis, string> = {
  quarterly_arrears: "Quarterly in arrears",
  advance: "In advance",
  milestones: "On milestones",
};

export interface Instalment {
  dueOn: string;
  label: string;
  amountPence: number;
}

export class ScheduleError extends Error {}

function split(total: number, parts: number): number[] {
  const each = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => (i === parts - 1 ? total - each * (parts - 1) : each));
}

/** The financial quarters from the quarter of `start` to the quarter of `end`, in order. */
export function quartersBetween(start: string, end: string): { startYear: number; quarter: 1 | 2 | 3 | 4 }[] {
  const result: { startYear: number; quarter: 1 | 2 | 3 | 4 }[] = [];
  let year = financialYearStartYear(start);
  let quarter = financialQuarter(start);
  const lastYear = financialYearStartYear(end);
  const lastQuarter = financialQuarter(end);
  while (year < lastYear || (year === lastYear && quarter <= lastQuarter)) {
    result.push({ startYear: year, quarter });
    if (quarter === 4) {
      year += 1;
      quarter = 1;
    } else quarter = (quarter + 1) as 1 | 2 | 3 | 4;
  }
  return result;
}

const afterQuarter = (startYear: number, quarter: 1 | 2 | 3 | 4) => toIsoDate(addDays(parseIsoDate(quarterBounds(startYear, quarter).endsOn), 1));

export function paymentSchedule(input: {
  basis: PaymentBasis;
  totalPence: number;
  startDate: string;
  endDate: string;
  decidedOn: string;
  milestones: { startYear: number; quarter: 1 | 2 | 3 | 4 }[];
}): Instalment[] {
  const { basis, totalPence } = input;
  if (totalPence <= 0) return [];
  if (basis === "advance") {
    const due = toIsoDate(latest([parseIsoDate(input.decidedOn), parseIsoDate(input.startDate)]));
    // What the payment is for, not whether it has been paid: "Paid in advance" read as money paid.
    return [{ dueOn: due, label: "Advance payment", amountPence: totalPence }];
  }
  const quarters =
    basis === "quarterly_arrears"
      ? quartersBetween(input.startDate, input.endDate)
      : [...new Map(input.milestones.map((m) => [`${m.startYear}-${m.quarter}`, m])).values()].sort((a, b) => a.startYear - b.startYear || a.quarter - b.quarter);
  if (quarters.length === 0) throw new ScheduleError("Payment on milestones needs at least one milestone in the bid");
  const amounts = split(totalPence, quarters.length);
  return quarters.map((q, i) => ({
    dueOn: afterQuarter(q.startYear, q.quarter),
    label: `${shortQuarterLabel(q.startYear, q.quarter)}${basis === "milestones" ? " milestone" : ""}`,
    amountPence: amounts[i],
  }));
}

/**
 * The rest of a grant after a correcting decision, once payments have been made: `schedule` is the
 * corrected decision's schedule (adding up to the new grant) and `paidPence` what has been paid
 * under the grant so far. What is left (the new grant less what was paid) is shared equally over
 * the schedule's instalments still to come (due today or later), keeping their dates and labels,
 * the odd pennies going to the last; if none is still to come, it is one instalment due today.
 * Nothing paid: the schedule stands as it is. Paid as much as the grant or more: nothing is left to
 * schedule (what was paid beyond the grant is to be recovered, which the caller records).
 */
export function reschedule(schedule: Instalment[], paidPence: number, today: string): Instalment[] {
  if (paidPence <= 0) return schedule;
  const remainder = schedule.reduce((n, i) => n + i.amountPence, 0) - paidPence;
  if (remainder <= 0) return [];
  const toCome = schedule.filter((i) => i.dueOn >= today);
  if (toCome.length === 0) return [{ dueOn: today, label: "Balance after the corrected decision", amountPence: remainder }];
  const amounts = split(remainder, toCome.length);
  return toCome.map((i, n) => ({ ...i, amountPence: amounts[n] }));
}

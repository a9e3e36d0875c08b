import { addDays } from "date-fns";
import { durationInMonths, financialYearOf, formatDate, parseIsoDate, quarterBounds, shortQuarterLabel, toIsoDate } from "./financial-years";
import { quartersBetween } from "./payment-schedule";

/**
 * Time extensions: a grant's new end date (decision record 023). It must be after the grant's
 * current end (the approved extension's, else the bid's), and the whole grant, from the bid's start
 * to the new end, must stay within the stream's rules: no longer than its longest duration, and not
 * past the end of the start's financial year when the stream does not span years. Beyond those the
 * portal cannot extend: that needs a new PCC decision.
 */

export interface ExtensionInput {
  startDate: string;
  currentEndDate: string;
  newEndDate: string;
  maxDurationMonths: number;
  maySpanYears: boolean;
}

/** What is wrong with the new end date, or null when it may be asked for. */
export function extensionProblem(input: ExtensionInput): string | null {
  const { startDate, currentEndDate, newEndDate } = input;
  if (newEndDate <= currentEndDate) return `The new end date must be after the current end date, ${formatDate(currentEndDate)}`;
  const yearEnd = financialYearOf(startDate).endsOn;
  if (!input.maySpanYears && newEndDate > yearEnd) {
    return `This fund does not span financial years, so the grant must end by ${formatDate(yearEnd)}. A later end date needs a new PCC decision`;
  }
  const months = durationInMonths(startDate, newEndDate);
  if (months > input.maxDurationMonths) {
    return `The grant would run ${months} months; this fund allows at most ${input.maxDurationMonths}. A longer grant needs a new PCC decision`;
  }
  return null;
}

/** A grant's end date as it stands: the approved extension's, else the bid's. */
export const currentEndDate = (grant: { extendedTo: string | null; endDate: string }) => grant.extendedTo ?? grant.endDate;

export interface ScheduledInstalment {
  dueOn: string;
  label: string;
  amountPence: number;
}

/**
 * The payment schedule after an extension to `newEndDate`, for a grant paid quarterly in arrears:
 * `kept` are the instalments left as they are (any with a payment against them, and any due in a
 * closed year); `totalPence` what the whole schedule adds up to. What the kept ones do not cover is
 * shared equally over the quarters from the grant's start to the new end whose instalment falls
 * after the last kept one (the odd pennies to the last); with no such quarter, it is one instalment
 * due the day after the new end. A grant paid in advance or on milestones keeps its schedule: the
 * caller does not ask.
 */
export function extendedInstalments(input: { kept: ScheduledInstalment[]; totalPence: number; startDate: string; newEndDate: string }): ScheduledInstalment[] {
  const remainder = input.totalPence - input.kept.reduce((n, i) => n + i.amountPence, 0);
  if (remainder <= 0) return [];
  const lastKept = input.kept.reduce((d, i) => (i.dueOn > d ? i.dueOn : d), "");
  const quarters = quartersBetween(input.startDate, input.newEndDate)
    .map((q) => ({ dueOn: toIsoDate(addDays(parseIsoDate(quarterBounds(q.startYear, q.quarter).endsOn), 1)), label: shortQuarterLabel(q.startYear, q.quarter) }))
    .filter((q) => q.dueOn > lastKept);
  if (quarters.length === 0) return [{ dueOn: toIsoDate(addDays(parseIsoDate(input.newEndDate), 1)), label: "Balance after the extension", amountPence: remainder }];
  const each = Math.floor(remainder / quarters.length);
  return quarters.map((q, n) => ({ ...q, amountPence: n === quarters.length - 1 ? remainder - each * (quarters.length - 1) : each }));
}

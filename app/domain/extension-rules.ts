import { durationInMonths, financialYearOf, formatDate } from "./financial-years";

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

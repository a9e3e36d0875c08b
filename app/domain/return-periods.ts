import { addDays } from "date-fns";
import { parseIsoDate, quarterBounds, shortQuarterLabel, toIsoDate } from "./financial-years";
import { quartersBetween } from "./payment-schedule";

/**
 * The quarterly returns a grant owes: one for every financial quarter (Q1 Apr–Jun … Q4 Jan–Mar)
 * its project runs in, from the quarter of its start date to the quarter of its end date, each due
 * the stream's number of days after the quarter ends — or, for a quarter that had ended before the
 * offer was accepted, that many days after the acceptance: a partnership is never overdue on a
 * return it could not yet have made.
 */

export interface ReturnPeriod {
  /** The calendar year the financial year starts in: 2023 for 2023-24. */
  startYear: number;
  quarter: 1 | 2 | 3 | 4;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
}

export function returnPeriods(grant: { startDate: string; endDate: string; acceptedOn?: string | null }, returnDueDays: number): ReturnPeriod[] {
  return quartersBetween(grant.startDate, grant.endDate).map(({ startYear, quarter }) => {
    const bounds = quarterBounds(startYear, quarter);
    const from = grant.acceptedOn && grant.acceptedOn > bounds.endsOn ? grant.acceptedOn : bounds.endsOn;
    return {
      startYear,
      quarter,
      periodStart: bounds.startsOn,
      periodEnd: bounds.endsOn,
      dueOn: toIsoDate(addDays(parseIsoDate(from), returnDueDays)),
    };
  });
}

/** "2023-24 Q1 (April to June 2023)". */
export function returnPeriodLabel(startYear: number, quarter: number): string {
  const months = ["April to June", "July to September", "October to December", "January to March"][quarter - 1];
  const calendarYear = quarter === 4 ? startYear + 1 : startYear;
  return `${shortQuarterLabel(startYear, quarter)} (${months} ${calendarYear})`;
}

/** A quarter has ended, so its actual spend can be reported, once the day after its last day has begun. */
export const quarterHasEnded = (period: { periodEnd: string }, today: string) => today > period.periodEnd;

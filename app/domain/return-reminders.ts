import { addDays } from "date-fns";
import { parseIsoDate, toIsoDate, type IsoDate } from "./financial-years";
import { daysOverdue, isReturnOverdue } from "./return-lifecycle";
import { quarterHasEnded } from "./return-periods";
import { subtractWorkingDays } from "./working-days";

/**
 * Which reminders a return is owed today. The partnership is e-mailed, once each:
 * - **due soon**, from five working days before the return is due (weekends and England and Wales
 *   bank holidays skipped), while it has not been submitted and is not yet overdue. A return cannot
 *   be written before its quarter ends, so if the stream gives so few days that the fifth working
 *   day before falls inside the quarter, the reminder waits for the day after the quarter ends;
 * - **overdue**, from the day after it was due, while it has never been submitted.
 * None for a grant withdrawn or an offer not accepted. A return that falls overdue before its
 * due-soon reminder went (the jobs did not run) gets only the overdue one: "due in five days" would
 * be wrong by then. A reminder whose day passed more than CATCH_UP_DAYS ago is not sent late (the
 * first run on a database with years of history does not e-mail about returns long overdue; the
 * dashboards show those).
 */

export const REMINDER_WORKING_DAYS = 5;
export const CATCH_UP_DAYS = 30;

export type ReminderKind = "due_soon" | "overdue";

export interface ReminderCandidate {
  returnId: number;
  periodEnd: IsoDate;
  dueOn: IsoDate;
  firstSubmittedAt: string | null;
  grantWithdrawn: boolean;
  offerAccepted: boolean;
  /** The reminders already sent about it. */
  sent: readonly ReminderKind[];
}

/** The first day the due-soon reminder may go. */
export function dueSoonFrom(r: { periodEnd: IsoDate; dueOn: IsoDate }): IsoDate {
  const fiveBefore = subtractWorkingDays(r.dueOn, REMINDER_WORKING_DAYS);
  const dayAfterQuarter = toIsoDate(addDays(parseIsoDate(r.periodEnd), 1));
  return fiveBefore > dayAfterQuarter ? fiveBefore : dayAfterQuarter;
}

export function remindersOwed(r: ReminderCandidate, today: IsoDate): ReminderKind[] {
  if (r.grantWithdrawn || !r.offerAccepted || r.firstSubmittedAt !== null) return [];
  if (isReturnOverdue(r, today)) {
    return !r.sent.includes("overdue") && daysOverdue(r, today) <= CATCH_UP_DAYS ? ["overdue"] : [];
  }
  if (r.sent.includes("due_soon") || !quarterHasEnded(r, today)) return [];
  return today >= dueSoonFrom(r) ? ["due_soon"] : [];
}

/**
 * The due dates a run on `today` need look at: returns due from CATCH_UP_DAYS ago (overdue ones
 * still to be told) to the latest date whose five working days before could already have begun
 * (five working days never span more than a fortnight, even over Christmas and Easter).
 */
export function reminderWindow(today: IsoDate): { dueFrom: IsoDate; dueTo: IsoDate } {
  return { dueFrom: toIsoDate(addDays(parseIsoDate(today), -CATCH_UP_DAYS - 1)), dueTo: toIsoDate(addDays(parseIsoDate(today), 14)) };
}

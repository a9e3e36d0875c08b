import { formatDate } from "./financial-years";

/**
 * Closing a financial year locks it (decision record 022). These are the rules of the lock; the
 * data layer asks them in every write (app/data/year-lock.server.ts) and the database refuses what
 * gets past (triggers in migration 0017).
 *
 * Which year a record belongs to:
 * - a return: the financial year of its quarter;
 * - a payment: the year it was paid in; an instalment (and a hold's release): the year it is due in;
 * - a variation, an underspend and a clawback: the year stored on it (a virement's lines' year, an
 *   extension's current end date's, the year the money went unspent in);
 * - a grant itself (its offer, its correction, an extension): every year it spans, so it is locked
 *   only when its round's year is closed and none of its later years is open — a Safer Streets
 *   grant runs on in 2024-25 after 2023-24 is closed.
 */

export interface YearClosure {
  /** "2023-24". */
  label: string;
  closedByName: string;
  /** ISO timestamp. */
  closedAt: string;
}

export function yearClosedMessage(closure: YearClosure): string {
  return (
    `${closure.label} was closed by ${closure.closedByName} on ${formatDate(closure.closedAt.slice(0, 10))}, ` +
    `so nothing in it can be changed. An administrator can reopen the year if something must be put right.`
  );
}

/** A grant is locked when the year it was made in is closed and none of the years it runs into is still open. */
export function grantIsLocked(years: { roundYearClosed: boolean; laterYearOpen: boolean }): boolean {
  return years.roundYearClosed && !years.laterYearOpen;
}

/** A change refused because its financial year is closed; answered 409 with the message. */
export class YearClosedError extends Error {
  readonly closure: YearClosure;
  constructor(closure: YearClosure) {
    super(yearClosedMessage(closure));
    this.name = "YearClosedError";
    this.closure = closure;
  }
}

/**
 * What the database's last guard says (a trigger's RAISE), when a write got past the data layer.
 * drizzle wraps the driver's error ("Failed to run the query …"), so its causes are looked through.
 */
export function isYearLockTriggerError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (/financial year closed/.test(e.message)) return true;
  }
  return false;
}

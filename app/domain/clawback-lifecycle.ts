/**
 * A clawback's life-cycle (decision record 024): raised → invoiced (with the invoice reference)
 * → received; raised or invoiced → waived, with a reason and the PCC decision that waived it.
 * Nothing follows received or waived. Every step but receiving is refused once the clawback's
 * financial year is closed; receiving an invoice already sent stays possible, so that money paid
 * back after the year end can still be recorded (the database's trigger allows exactly that).
 */

export type ClawbackStatus = "raised" | "invoiced" | "received" | "waived";
export type ClawbackAction = "invoice" | "receive" | "waive";

const NEXT: Record<ClawbackAction, { from: readonly ClawbackStatus[]; to: ClawbackStatus }> = {
  invoice: { from: ["raised"], to: "invoiced" },
  receive: { from: ["invoiced"], to: "received" },
  waive: { from: ["raised", "invoiced"], to: "waived" },
};

export const CLAWBACK_STATUS_LABELS: Record<ClawbackStatus, string> = { raised: "Raised", invoiced: "Invoiced", received: "Received", waived: "Waived" };
export const CLAWBACK_STATUS_TAGS: Record<ClawbackStatus, string> = { raised: "govuk-tag--orange", invoiced: "govuk-tag--blue", received: "govuk-tag--green", waived: "govuk-tag--grey" };

/** The status an action leads to from `status`, or null when it is not allowed. */
export function nextClawbackStatus(status: ClawbackStatus, action: ClawbackAction): ClawbackStatus | null {
  const step = NEXT[action];
  return step.from.includes(status) ? step.to : null;
}

/** What may be done to a clawback in this status, in the order the page offers it. */
export const clawbackActions = (status: ClawbackStatus): ClawbackAction[] =>
  (["invoice", "receive", "waive"] as const).filter((a) => nextClawbackStatus(status, a) !== null);

/** Whether the action is refused when the clawback's year is closed (all but receiving an invoiced one). */
export const lockedWhenYearClosed = (action: ClawbackAction): boolean => action !== "receive";

/** Why the action cannot be taken, or null when it can. */
export function clawbackRefusal(status: ClawbackStatus, action: ClawbackAction): string | null {
  if (nextClawbackStatus(status, action) !== null) return null;
  if (status === "received") return "This clawback has been received: nothing more can be recorded against it";
  if (status === "waived") return "This clawback has been waived: nothing more can be recorded against it";
  if (action === "receive") return "Only an invoiced clawback can be received: record the invoice first";
  return "This clawback has already been invoiced";
}

/** Dates: an invoice is not dated before the clawback was raised, nor money received before the invoice. */
export function clawbackDateProblem(action: ClawbackAction, date: string, c: { raisedOn: string; invoicedOn: string | null }): string | null {
  if (action === "invoice" && date < c.raisedOn) return "The invoice date must be on or after the day the clawback was raised";
  if (action === "receive" && c.invoicedOn && date < c.invoicedOn) return "The date received must be on or after the invoice date";
  return null;
}

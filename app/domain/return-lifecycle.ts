/**
 * The quarterly return life-cycle, one table of moves (beside the bid life-cycle). Every change of
 * a return's status goes through `returnTransition`; the server refuses anything else.
 *
 *   not_started → in_progress (first save) → submitted → accepted
 *   submitted | resubmitted → queried (back to the partnership with the OPCC's comments)
 *   queried → resubmitted → accepted | queried
 *   accepted → in_progress, when OPCC staff reopen it with a reason
 */

export const RETURN_STATUSES = ["not_started", "in_progress", "submitted", "queried", "resubmitted", "accepted"] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const RETURN_EVENTS = ["save", "submit", "query", "accept", "reopen"] as const;
export type ReturnEvent = (typeof RETURN_EVENTS)[number];

/** The partnership may change the figures in these states. */
export const EDITABLE_RETURN_STATUSES: readonly ReturnStatus[] = ["not_started", "in_progress", "queried"];
/** Waiting for the OPCC to accept or query. */
export const AWAITING_ACCEPTANCE: readonly ReturnStatus[] = ["submitted", "resubmitted"];

const MOVES: Record<ReturnEvent, { from: readonly ReturnStatus[]; to: (from: ReturnStatus) => ReturnStatus }> = {
  // Saving keeps a queried return queried: it is still the OPCC's query being answered.
  save: { from: EDITABLE_RETURN_STATUSES, to: (from) => (from === "queried" ? "queried" : "in_progress") },
  submit: { from: ["not_started", "in_progress", "queried"], to: (from) => (from === "queried" ? "resubmitted" : "submitted") },
  query: { from: AWAITING_ACCEPTANCE, to: () => "queried" },
  accept: { from: AWAITING_ACCEPTANCE, to: () => "accepted" },
  reopen: { from: ["accepted"], to: () => "in_progress" },
};

export const RETURN_STATUS_LABELS: Record<ReturnStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  submitted: "Submitted",
  queried: "Queried",
  resubmitted: "Resubmitted",
  accepted: "Accepted",
};

export class IllegalReturnTransition extends Error {
  constructor(
    readonly from: ReturnStatus,
    readonly event: ReturnEvent,
  ) {
    const state = RETURN_STATUS_LABELS[from].toLowerCase();
    super(`${/^[aeiou]/.test(state) ? "An" : "A"} ${state} return cannot be ${event === "save" ? "saved" : `${event}ed`.replace("submited", "submitted")}`);
  }
}

export function canReturnTransition(from: ReturnStatus, event: ReturnEvent): boolean {
  return MOVES[event].from.includes(from);
}

export function returnTransition(from: ReturnStatus, event: ReturnEvent): ReturnStatus {
  if (!canReturnTransition(from, event)) throw new IllegalReturnTransition(from, event);
  return MOVES[event].to(from);
}

/** Whether the partnership may still change the return's figures. */
export const isReturnEditable = (status: ReturnStatus) => EDITABLE_RETURN_STATUSES.includes(status);

/**
 * Overdue: past its due date and never submitted. (A queried return was submitted on time; the
 * query is its own reason to hold a payment.) `today` is the UK date, "yyyy-MM-dd".
 */
export function isReturnOverdue(r: { dueOn: string; firstSubmittedAt: string | null }, today: string): boolean {
  return r.firstSubmittedAt === null && today > r.dueOn;
}

/** Whole days a return is overdue (0 when it is not). */
export function daysOverdue(r: { dueOn: string; firstSubmittedAt: string | null }, today: string): number {
  if (!isReturnOverdue(r, today)) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${r.dueOn}T00:00:00Z`)) / 86_400_000);
}

/** Submitted after its due date (judged on the first submission, in the UK date it was made). */
export const wasSubmittedLate = (r: { dueOn: string }, firstSubmittedOn: string) => firstSubmittedOn > r.dueOn;

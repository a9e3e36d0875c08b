/**
 * The bid life-cycle, one table of moves. Every change of status goes through `transition`; the
 * server refuses anything else.
 *
 *   draft → submitted → under_review → approved | part_approved | rejected
 *   submitted | under_review → changes_requested → submitted (resubmitted)
 *   withdrawn from any state before a decision
 *   approved | part_approved | rejected → approved | part_approved | rejected, by a correcting
 *   decision (a decision is final: a correction is a new decision that refers to the old one)
 */

export const BID_STATUSES = [
  "draft",
  "submitted",
  "under_review",
  "changes_requested",
  "approved",
  "part_approved",
  "rejected",
  "withdrawn",
] as const;
export type BidStatus = (typeof BID_STATUSES)[number];

export const BID_EVENTS = [
  "submit",
  "start_review",
  "request_changes",
  "approve",
  "part_approve",
  "reject",
  "withdraw",
  "correct_approve",
  "correct_part_approve",
  "correct_reject",
] as const;
export type BidEvent = (typeof BID_EVENTS)[number];

const BEFORE_DECISION: readonly BidStatus[] = ["draft", "submitted", "under_review", "changes_requested"];
const AWAITING_DECISION: readonly BidStatus[] = ["submitted", "under_review"];
/** Decided by the PCC: only a correcting decision moves the bid on. */
export const DECIDED_STATUSES: readonly BidStatus[] = ["approved", "part_approved", "rejected"];

const MOVES: Record<BidEvent, { from: readonly BidStatus[]; to: BidStatus }> = {
  submit: { from: ["draft", "changes_requested"], to: "submitted" },
  start_review: { from: ["submitted"], to: "under_review" },
  request_changes: { from: AWAITING_DECISION, to: "changes_requested" },
  approve: { from: AWAITING_DECISION, to: "approved" },
  part_approve: { from: AWAITING_DECISION, to: "part_approved" },
  reject: { from: AWAITING_DECISION, to: "rejected" },
  withdraw: { from: BEFORE_DECISION, to: "withdrawn" },
  correct_approve: { from: DECIDED_STATUSES, to: "approved" },
  correct_part_approve: { from: DECIDED_STATUSES, to: "part_approved" },
  correct_reject: { from: DECIDED_STATUSES, to: "rejected" },
};

const EVENT_PAST: Record<BidEvent, string> = {
  submit: "submitted",
  start_review: "taken into review",
  request_changes: "sent back for changes",
  approve: "approved",
  part_approve: "part-approved",
  reject: "rejected",
  withdraw: "withdrawn",
  correct_approve: "approved by a correcting decision",
  correct_part_approve: "part-approved by a correcting decision",
  correct_reject: "rejected by a correcting decision",
};

export const STATUS_LABELS: Record<BidStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  under_review: "Under review",
  changes_requested: "Changes requested",
  approved: "Approved",
  part_approved: "Part-approved",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
};

export class IllegalBidTransition extends Error {
  constructor(
    readonly from: BidStatus,
    readonly event: BidEvent,
  ) {
    super(`A bid that is ${STATUS_LABELS[from].toLowerCase()} cannot be ${EVENT_PAST[event]}`);
  }
}

export function canTransition(from: BidStatus, event: BidEvent): boolean {
  return MOVES[event].from.includes(from);
}

/** The next status, or an IllegalBidTransition. */
export function transition(from: BidStatus, event: BidEvent): BidStatus {
  if (!canTransition(from, event)) throw new IllegalBidTransition(from, event);
  return MOVES[event].to;
}

/** Only a draft, or a bid sent back for changes, can be changed by its CSP. */
export const isEditable = (status: BidStatus) => status === "draft" || status === "changes_requested";

/**
 * Drafts stay with their CSP: OPCC staff see a bid once it has been submitted, and go on seeing it
 * if it is withdrawn. A draft withdrawn before it was ever submitted stays with its CSP too.
 */
export const isVisibleToOpcc = (status: BidStatus, everSubmitted: boolean) => status !== "draft" && everSubmitted;

/** What counts against a CSP's remaining allocation: every live bid the OPCC has, and approvals. */
export const COMMITTED_STATUSES: readonly BidStatus[] = ["submitted", "under_review", "changes_requested", "approved", "part_approved"];

/** Decided with a grant: their money is what the PCC approved, not what was asked. */
export const GRANTED_STATUSES: readonly BidStatus[] = ["approved", "part_approved"];

/** Waiting for the OPCC: the review queue. */
export const AWAITING_REVIEW_STATUSES: readonly BidStatus[] = AWAITING_DECISION;

export const STATUS_TAG_COLOURS: Record<BidStatus, string> = {
  draft: "govuk-tag--grey",
  submitted: "govuk-tag--blue",
  under_review: "govuk-tag--light-blue",
  changes_requested: "govuk-tag--yellow",
  approved: "govuk-tag--green",
  part_approved: "govuk-tag--teal",
  rejected: "govuk-tag--red",
  withdrawn: "govuk-tag--orange",
};

export function isBidStatus(value: string): value is BidStatus {
  return (BID_STATUSES as readonly string[]).includes(value);
}

/**
 * The bid life-cycle. Later work adds review states; every move goes through `transition`.
 */

export const BID_STATUSES = ["draft", "submitted", "withdrawn"] as const;
export type BidStatus = (typeof BID_STATUSES)[number];

export type BidEvent = "submit" | "withdraw";

const MOVES: Record<BidEvent, { from: readonly BidStatus[]; to: BidStatus }> = {
  submit: { from: ["draft"], to: "submitted" },
  withdraw: { from: ["draft", "submitted"], to: "withdrawn" },
};

export class IllegalBidTransition extends Error {
  constructor(
    readonly from: BidStatus,
    readonly event: BidEvent,
  ) {
    super(`A ${STATUS_LABELS[from].toLowerCase()} bid cannot be ${EVENT_PAST[event]}`);
  }
}

const EVENT_PAST: Record<BidEvent, string> = { submit: "submitted", withdraw: "withdrawn" };

export function canTransition(from: BidStatus, event: BidEvent): boolean {
  return MOVES[event].from.includes(from);
}

/** The next status, or an IllegalBidTransition. */
export function transition(from: BidStatus, event: BidEvent): BidStatus {
  if (!canTransition(from, event)) throw new IllegalBidTransition(from, event);
  return MOVES[event].to;
}

/** Only a draft can be changed by its CSP; a submitted bid is read-only to them. */
export const isEditable = (status: BidStatus) => status === "draft";

/** Drafts stay with their CSP: OPCC staff see a bid once it has been submitted. */
export const isVisibleToOpcc = (status: BidStatus) => status !== "draft";

/** What counts against a CSP's remaining allocation. */
export const COMMITTED_STATUSES: readonly BidStatus[] = ["submitted"];

export const STATUS_LABELS: Record<BidStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  withdrawn: "Withdrawn",
};

export const STATUS_TAG_COLOURS: Record<BidStatus, string> = {
  draft: "govuk-tag--grey",
  submitted: "govuk-tag--blue",
  withdrawn: "govuk-tag--orange",
};

export function isBidStatus(value: string): value is BidStatus {
  return (BID_STATUSES as readonly string[]).includes(value);
}

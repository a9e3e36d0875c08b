import { formatDate, type IsoDate } from "./financial-years";

/**
 * A grant offer's life-cycle (decision record 18). What the partnership said is stored
 * (`grants.offer_status`): offered, accepted or declined. Two states are worked out, never stored:
 * an offer still "offered" after its accept-by date (UK time) has *lapsed*, and a grant a
 * correcting decision withdrew has no offer standing at all.
 *
 *   offered → accepted | declined    the CSP lead, on or before the accept-by date
 *   offered | lapsed → offered       OPCC staff set a later accept-by date (an extension)
 *   a correction: accepted stays accepted; declined (or withdrawn, then reinstated) is offered again
 *
 * No payment is made on an offer that is not accepted.
 */

export const STORED_OFFER_STATUSES = ["offered", "accepted", "declined"] as const;
export type StoredOfferStatus = (typeof STORED_OFFER_STATUSES)[number];

export const OFFER_STATUSES = ["offered", "lapsed", "accepted", "declined", "withdrawn"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export interface OfferState {
  offerStatus: StoredOfferStatus;
  /** The last day the offer may be accepted. */
  acceptBy: IsoDate;
  /** Set when a correcting decision withdrew the grant. */
  withdrawnAt: string | null;
}

/** The offer's status on a UK calendar date. */
export function offerStatus(offer: OfferState, today: IsoDate): OfferStatus {
  if (offer.withdrawnAt) return "withdrawn";
  if (offer.offerStatus === "offered" && today > offer.acceptBy) return "lapsed";
  return offer.offerStatus;
}

export const OFFER_STATUS_LABELS: Record<OfferStatus, string> = {
  offered: "Offered",
  lapsed: "Lapsed",
  accepted: "Accepted",
  declined: "Declined",
  withdrawn: "Withdrawn",
};

export const OFFER_TAG_COLOURS: Record<OfferStatus, string> = {
  offered: "govuk-tag--blue",
  lapsed: "govuk-tag--orange",
  accepted: "govuk-tag--green",
  declined: "govuk-tag--grey",
  withdrawn: "govuk-tag--red",
};

/** What may happen to an offer in each state: the lead responds (accepts or declines), OPCC staff extend. */
export const OFFER_MAY: Record<OfferStatus, { respond: boolean; extend: boolean }> = {
  offered: { respond: true, extend: true },
  lapsed: { respond: false, extend: true },
  accepted: { respond: false, extend: false },
  declined: { respond: false, extend: false },
  withdrawn: { respond: false, extend: false },
};

/** Why an offer cannot be accepted or declined now, or null when it can. */
export function respondRefusal(offer: OfferState, today: IsoDate): string | null {
  const status = offerStatus(offer, today);
  switch (status) {
    case "offered":
      return null;
    case "lapsed":
      return `This offer lapsed: it had to be accepted by ${formatDate(offer.acceptBy)}. Ask the OPCC to extend the accept-by date.`;
    case "accepted":
      return "This offer has already been accepted.";
    case "declined":
      return "This offer has been declined.";
    case "withdrawn":
      return "This grant has been withdrawn by a later PCC decision: there is no offer to accept or decline.";
  }
}

/** Why the accept-by date cannot be extended now, or null when it can. */
export function extendRefusal(offer: OfferState, today: IsoDate): string | null {
  const status = offerStatus(offer, today);
  if (OFFER_MAY[status].extend) return null;
  if (status === "withdrawn") return "This grant has been withdrawn by a later PCC decision: there is no offer to extend.";
  return `This offer has been ${status}: its accept-by date no longer matters.`;
}

/** How far back a declaration may be dated: it is signed when the offer is answered, give or take a fortnight. */
export const DECLARATION_DAYS_BACK = 14;

/**
 * The date on an acceptance: not in the future, not before the decision that made the offer, and
 * not more than a fortnight before the day it is made in the portal (an acceptance cannot be
 * back-dated to before an offer lapsed and was extended).
 */
export function declarationDateProblem(date: IsoDate, decidedOn: IsoDate, today: IsoDate): string | null {
  if (date > today) return "The date of the declaration must be today or in the past";
  if (date < decidedOn) return `The date of the declaration cannot be before the PCC decision (${formatDate(decidedOn)})`;
  const earliest = new Date(Date.parse(`${today}T00:00:00Z`) - DECLARATION_DAYS_BACK * 86_400_000).toISOString().slice(0, 10);
  if (date < earliest) return `The date of the declaration must be within the last ${DECLARATION_DAYS_BACK} days (on or after ${formatDate(earliest)})`;
  return null;
}

/** A new accept-by date: today or later, and later than the one it replaces. */
export function newAcceptByProblem(date: IsoDate, current: IsoDate, today: IsoDate): string | null {
  if (date < today) return "The new accept-by date must be today or in the future";
  if (date <= current) return `The new accept-by date must be after the current one (${formatDate(current)})`;
  return null;
}

/**
 * What a correcting decision does to the grant's offer (decision record 18). The correction is
 * sent as a new offer letter:
 * - an accepted offer stays accepted: the council accepted the grant, and the correction varies it;
 * - a declined offer, or a grant the correction reinstates after an earlier one withdrew it, is
 *   offered afresh, with a new accept-by date and no response;
 * - an offer not yet answered stays offered, its accept-by date moved to the new letter's (never
 *   earlier than an extension already given).
 * `withdrawn` is whether the grant stood withdrawn before this correction.
 */
export function offerAfterCorrection(
  before: { offerStatus: StoredOfferStatus; acceptBy: IsoDate; withdrawn: boolean },
  newAcceptBy: IsoDate,
): { offerStatus: StoredOfferStatus; acceptBy: IsoDate; freshOffer: boolean } {
  if (before.withdrawn || before.offerStatus === "declined") return { offerStatus: "offered", acceptBy: newAcceptBy, freshOffer: true };
  if (before.offerStatus === "accepted") return { offerStatus: "accepted", acceptBy: before.acceptBy, freshOffer: false };
  return { offerStatus: "offered", acceptBy: newAcceptBy > before.acceptBy ? newAcceptBy : before.acceptBy, freshOffer: false };
}

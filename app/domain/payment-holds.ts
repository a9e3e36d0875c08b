import { addDays } from "date-fns";
import { formatDate, parseIsoDate, toIsoDate, type IsoDate } from "./financial-years";
import { formatPence, type Pence } from "./money";
import { isReturnOverdue, type ReturnStatus } from "./return-lifecycle";
import { returnPeriodLabel } from "./return-periods";
import { ukDate } from "./round-window";

/**
 * Where each instalment of a grant stands, and why a payment may not be made on it.
 *
 * An instalment is **paid** once the payments against it reach its amount; otherwise **held** while
 * a hold applies to it, **due** once its due date has come (UK date), else **scheduled**.
 *
 * Holds apply to every unpaid instalment of the grant:
 * - the offer has not been accepted (offered, lapsed or declined): "No payment is made on an offer
 *   not accepted" — never released;
 * - the grant has been withdrawn by a correcting decision — never released;
 * - one of the grant's returns is overdue (past due and never submitted), or queried and not yet
 *   resubmitted. OPCC finance may release an instalment from these with a reason (a row of
 *   payment_hold_releases). A release covers the holds that had begun when it was made: a return
 *   that falls overdue, or a query raised, after the release holds the instalment again.
 *
 * Paid never exceeds the instalment, nor the grant.
 */

export type InstalmentStatus = "scheduled" | "due" | "held" | "paid";

export const INSTALMENT_STATUS_LABELS: Record<InstalmentStatus, string> = { scheduled: "Scheduled", due: "Due", held: "Held", paid: "Paid" };
export const INSTALMENT_STATUS_TAGS: Record<InstalmentStatus, string> = {
  scheduled: "govuk-tag--grey",
  due: "govuk-tag--yellow",
  held: "govuk-tag--red",
  paid: "govuk-tag--green",
};

export type OfferStatus = "offered" | "accepted" | "declined";
export type HoldKind = "offer_not_accepted" | "grant_withdrawn" | "return_overdue" | "return_queried";

export interface Hold {
  kind: HoldKind;
  /** Whether OPCC finance may release an instalment from it. */
  releasable: boolean;
  /** Why, in words for the page. */
  text: string;
  returnId?: number;
  /** When the hold began: the first overdue day (a date), or when the return was queried (a timestamp). */
  since?: string;
}

export interface ReturnFacts {
  id: number;
  startYear: number;
  quarter: number;
  dueOn: IsoDate;
  status: ReturnStatus;
  firstSubmittedAt: string | null;
  /** When the OPCC last queried it (return_reviews), if ever. */
  lastQueriedAt: string | null;
}

export interface GrantFacts {
  offerStatus: OfferStatus;
  acceptBy: IsoDate;
  withdrawnAt: string | null;
  returns: ReturnFacts[];
}

export interface HoldRelease {
  releasedAt: string;
  reason: string;
}

export const NOT_ACCEPTED = "No payment is made on an offer not accepted";

function offerText(grant: GrantFacts, today: IsoDate): string {
  if (grant.offerStatus === "declined") return `${NOT_ACCEPTED}: the partnership declined the offer`;
  if (today > grant.acceptBy) return `${NOT_ACCEPTED}: the offer lapsed on ${formatDate(grant.acceptBy)} without being accepted`;
  return `${NOT_ACCEPTED}: the offer has not been accepted yet (it may be accepted until ${formatDate(grant.acceptBy)})`;
}

/** The holds on the grant's unpaid instalments today, before any release. */
export function grantHolds(grant: GrantFacts, today: IsoDate): Hold[] {
  const holds: Hold[] = [];
  if (grant.withdrawnAt) holds.push({ kind: "grant_withdrawn", releasable: false, text: "The grant has been withdrawn: nothing more is paid under it" });
  else if (grant.offerStatus !== "accepted") holds.push({ kind: "offer_not_accepted", releasable: false, text: offerText(grant, today) });
  const ordered = [...grant.returns].sort((a, b) => a.startYear - b.startYear || a.quarter - b.quarter);
  for (const r of ordered) {
    const label = returnPeriodLabel(r.startYear, r.quarter);
    if (isReturnOverdue(r, today)) {
      holds.push({
        kind: "return_overdue",
        releasable: true,
        returnId: r.id,
        since: toIsoDate(addDays(parseIsoDate(r.dueOn), 1)),
        text: `The ${label} return is overdue: it was due on ${formatDate(r.dueOn)}`,
      });
    }
    if (r.status === "queried") {
      holds.push({ kind: "return_queried", releasable: true, returnId: r.id, since: r.lastQueriedAt ?? "", text: `The ${label} return has been queried and not yet resubmitted` });
    }
  }
  return holds;
}

/** A release covers a hold that had begun when it was made. */
export function releaseCovers(hold: Hold, release: HoldRelease): boolean {
  if (!hold.releasable) return false;
  if (hold.kind === "return_overdue") return ukDate(new Date(release.releasedAt)) >= (hold.since ?? "");
  return release.releasedAt >= (hold.since ?? "");
}

export function instalmentStatus(instalment: { amountPence: Pence; dueOn: IsoDate }, paidPence: Pence, activeHolds: Hold[], today: IsoDate): InstalmentStatus {
  if (paidPence >= instalment.amountPence) return "paid";
  if (activeHolds.length) return "held";
  return instalment.dueOn <= today ? "due" : "scheduled";
}

export interface InstalmentFacts {
  id: number;
  dueOn: IsoDate;
  label: string;
  amountPence: Pence;
  /** Paid against it so far. */
  paidPence: Pence;
  releases: HoldRelease[];
}

export interface InstalmentStanding {
  id: number;
  status: InstalmentStatus;
  remainingPence: Pence;
  /** The holds that stop it being paid now. */
  holds: Hold[];
  /** Holds a release has lifted. */
  releasedHolds: Hold[];
}

/** Each instalment's status, what remains to pay on it, and the holds on it. */
export function instalmentStandings(grant: GrantFacts, instalments: InstalmentFacts[], today: IsoDate): InstalmentStanding[] {
  const holds = grantHolds(grant, today);
  return instalments.map((i) => {
    const remainingPence = Math.max(0, i.amountPence - i.paidPence);
    if (remainingPence === 0) return { id: i.id, status: "paid", remainingPence, holds: [], releasedHolds: [] };
    const active = holds.filter((h) => !i.releases.some((r) => releaseCovers(h, r)));
    return {
      id: i.id,
      status: instalmentStatus(i, i.paidPence, active, today),
      remainingPence,
      holds: active,
      releasedHolds: holds.filter((h) => !active.includes(h)),
    };
  });
}

export interface PaymentSummary {
  /** The instalments' amounts together. */
  scheduledPence: Pence;
  paidPence: Pence;
  /** What is due and not paid, and not held. */
  duePence: Pence;
  /** What is unpaid and held. */
  heldPence: Pence;
  /** Granted less paid. */
  balancePence: Pence;
}

/** The totals of a grant's payments, from its instalments (each with its standing). */
export function paymentSummary(grantedPence: Pence, rows: { amountPence: Pence; paidPence: Pence; status: InstalmentStatus; remainingPence: Pence }[]): PaymentSummary {
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
  const paidPence = sum((r) => r.paidPence);
  return {
    scheduledPence: sum((r) => r.amountPence),
    paidPence,
    duePence: sum((r) => (r.status === "due" ? r.remainingPence : 0)),
    heldPence: sum((r) => (r.status === "held" ? r.remainingPence : 0)),
    balancePence: grantedPence - paidPence,
  };
}

export interface PaymentInput {
  paidOn: IsoDate;
  amountPence: Pence;
}

export interface PaymentContext {
  standing: InstalmentStanding;
  grantedPence: Pence;
  /** Paid on the whole grant so far. */
  paidOnGrantPence: Pence;
  /** The first PCC decision on the bid: nothing is paid before it. */
  decidedOn: IsoDate;
  /** The UK date the offer was accepted, when known. */
  acceptedOn: IsoDate | null;
  today: IsoDate;
}

export interface Refusal {
  /** About the payment as a whole (the instalment is held or paid). */
  formError?: string;
  errors: Partial<Record<"instalmentId" | "paidOn" | "amount", string>>;
}

/** Why a payment may not be recorded on an instalment, or null when it may. */
export function paymentRefusal(ctx: PaymentContext, payment: PaymentInput): Refusal | null {
  const { standing } = ctx;
  if (standing.status === "paid") return { formError: "This instalment has been paid in full.", errors: {} };
  if (standing.holds.length) {
    const fixed = standing.holds.find((h) => !h.releasable);
    const formError = fixed
      ? `${fixed.text}.`
      : `This instalment is held: ${standing.holds.map((h) => h.text.charAt(0).toLowerCase() + h.text.slice(1)).join("; ")}. Release the hold, with a reason, before recording a payment.`;
    return { formError, errors: {} };
  }
  const errors: Refusal["errors"] = {};
  if (payment.paidOn > ctx.today) errors.paidOn = "The date paid must be today or in the past";
  else if (payment.paidOn < ctx.decidedOn) errors.paidOn = `The date paid must be on or after the PCC decision, ${formatDate(ctx.decidedOn)}`;
  else if (ctx.acceptedOn && payment.paidOn < ctx.acceptedOn) errors.paidOn = `The date paid must be on or after the day the offer was accepted, ${formatDate(ctx.acceptedOn)}`;
  const leftOnGrant = Math.max(0, ctx.grantedPence - ctx.paidOnGrantPence);
  if (payment.amountPence > standing.remainingPence) {
    errors.amount = `The amount must be ${formatPence(Math.min(standing.remainingPence, leftOnGrant))} or less: that is what remains to pay on this instalment`;
  } else if (payment.amountPence > leftOnGrant) {
    errors.amount = `The amount must be ${formatPence(leftOnGrant)} or less: paid cannot exceed the grant of ${formatPence(ctx.grantedPence)}, and ${formatPence(ctx.paidOnGrantPence)} has been paid`;
  }
  return Object.keys(errors).length ? { errors } : null;
}

/** Why an instalment cannot be released from its holds, or null when it can. */
export function releaseRefusal(standing: InstalmentStanding): string | null {
  if (standing.status === "paid") return "This instalment has been paid in full.";
  const fixed = standing.holds.find((h) => !h.releasable);
  if (fixed) return `${fixed.text}. This hold cannot be released.`;
  if (standing.holds.length === 0) return "This instalment is not held.";
  return null;
}

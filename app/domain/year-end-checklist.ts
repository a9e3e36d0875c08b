import { formatPence } from "./money";
import { plural } from "./plural";

/**
 * What must be true before OPCC finance closes a financial year (decision record 022), overall and
 * for each partnership. The counting is done in SQL (app/data/year-end.server.ts); these rules turn
 * the counts into the checklist's items, each clear or not, and say what still blocks it.
 */

export const CHECKLIST_ITEMS = ["returns", "payments", "underspends", "variations", "offers"] as const;
export type ChecklistItemKey = (typeof CHECKLIST_ITEMS)[number];

export interface ChecklistCounts {
  /** The year's returns (of standing, accepted grants) not yet accepted, Q4 included. */
  returnsNotAccepted: number;
  /** Grants whose last year is this one where paid less clawbacks is not the OPCC-funded evidenced spend. */
  paymentsUnreconciled: number;
  /** Across those grants: paid (less clawbacks) beyond what was evidenced, and evidenced beyond what was paid. */
  overpaidPence: number;
  unpaidPence: number;
  /** Grant-years of this year with underspend not yet returned, carried forward or re-allocated. */
  underspendsOutstanding: number;
  outstandingPence: number;
  /** The year's variations still waiting for a decision. */
  variationsUndecided: number;
  /** Offers of the year's rounds neither accepted, declined, withdrawn nor lapsed. */
  offersOpen: number;
}

export const NO_BLOCKERS: ChecklistCounts = {
  returnsNotAccepted: 0, paymentsUnreconciled: 0, overpaidPence: 0, unpaidPence: 0, underspendsOutstanding: 0, outstandingPence: 0, variationsUndecided: 0, offersOpen: 0,
};

export interface ChecklistItem {
  key: ChecklistItemKey;
  title: string;
  clear: boolean;
  /** How many things block it (0 when clear). */
  count: number;
  /** One sentence: what is done, or what still blocks it. */
  summary: string;
}

/**
 * How far a grant's payments are from its evidenced spend: paid less every clawback (in any
 * state) against the OPCC's share of the evidenced spend (match funding spent first). Positive:
 * paid more than evidenced; negative: evidenced and not yet paid; zero: reconciled.
 */
export const reconciliationGapPence = (g: { paidPence: number; clawbacksPence: number; opccFundedSpendPence: number }) =>
  g.paidPence - g.clawbacksPence - g.opccFundedSpendPence;

/** What a reconciliation gap means, in words; null when there is none. */
export function reconciliationText(gapPence: number): string | null {
  if (gapPence > 0) return `paid ${formatPence(gapPence)} more than evidenced`;
  if (gapPence < 0) return `${formatPence(-gapPence)} evidenced not yet paid`;
  return null;
}

export function checklistItems(c: ChecklistCounts): ChecklistItem[] {
  const gaps = [
    c.overpaidPence > 0 ? `paid ${formatPence(c.overpaidPence)} more than evidenced` : null,
    c.unpaidPence > 0 ? `${formatPence(c.unpaidPence)} evidenced not yet paid` : null,
  ].filter((x): x is string => x !== null);
  return [
    {
      key: "returns",
      title: "Every return accepted, the fourth quarter's included",
      clear: c.returnsNotAccepted === 0,
      count: c.returnsNotAccepted,
      summary: c.returnsNotAccepted === 0 ? "Every return of the year has been accepted." : `${plural(c.returnsNotAccepted, "return has", "returns have")} not been accepted.`,
    },
    {
      key: "payments",
      title: "Payments reconciled to evidenced spend",
      clear: c.paymentsUnreconciled === 0,
      count: c.paymentsUnreconciled,
      summary:
        c.paymentsUnreconciled === 0
          ? "Every grant ending this year has been paid what was evidenced, less what is being recovered."
          : `${plural(c.paymentsUnreconciled, "grant ending this year is", "grants ending this year are")} not reconciled${gaps.length ? `: ${gaps.join("; ")}` : ""}.`,
    },
    {
      key: "underspends",
      title: "Every underspend returned, carried forward or re-allocated",
      clear: c.underspendsOutstanding === 0,
      count: c.underspendsOutstanding,
      summary:
        c.underspendsOutstanding === 0
          ? "Nothing of the year's underspend is left to resolve."
          : `${plural(c.underspendsOutstanding, "grant has", "grants have")} ${formatPence(c.outstandingPence)} of underspend still to resolve.`,
    },
    {
      key: "variations",
      title: "Every variation decided",
      clear: c.variationsUndecided === 0,
      count: c.variationsUndecided,
      summary: c.variationsUndecided === 0 ? "No variation of the year is waiting for a decision." : `${plural(c.variationsUndecided, "variation is", "variations are")} waiting for a decision.`,
    },
    {
      key: "offers",
      title: "Offers not accepted have lapsed or been withdrawn",
      clear: c.offersOpen === 0,
      count: c.offersOpen,
      summary: c.offersOpen === 0 ? "No offer of the year's rounds is still open." : `${plural(c.offersOpen, "offer is", "offers are")} still open to be accepted.`,
    },
  ];
}

export const allClear = (items: readonly ChecklistItem[]) => items.every((i) => i.clear);

/** How many things block the year (or a partnership's part of it): the sum of the items' counts. */
export const blockerCount = (c: ChecklistCounts) => c.returnsNotAccepted + c.paymentsUnreconciled + c.underspendsOutstanding + c.variationsUndecided + c.offersOpen;

/** What the refusal to close says: each item that still blocks, in the checklist's words. */
export function closeRefusal(items: readonly ChecklistItem[]): string | null {
  const blocking = items.filter((i) => !i.clear);
  if (!blocking.length) return null;
  return `The year cannot be closed yet: ${blocking.map((i) => i.summary.replace(/\.$/, "")).join("; ")}.`;
}

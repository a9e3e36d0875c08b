/**
 * The reconciliation's rules, over integer pence: where a grant's money stands against what was
 * approved, and what a finance officer should look at. The reconciliation page sums and flags in
 * SQL (app/data/finance-sql.server.ts holds the same rules as SQL, so that 300 partnerships can be
 * paged and sorted by what needs attention); the tests hold the two to the same answers.
 *
 * Spend is reported against a grant's approved cost lines, so the figures compare like with like:
 * spend and forecast are measured against the approved cost (the decision's lines). What the OPCC
 * grants, and so pays, is that less the match funding the partnership brings.
 */

/** forecast − approved: above zero the grant is heading over budget, below zero under. */
export const variancePence = (forecastPence: number, approvedPence: number) => forecastPence - approvedPence;

/** approved − forecast when the forecast falls short; otherwise nothing. */
export const underspendPence = (approvedPence: number, forecastPence: number) => Math.max(0, approvedPence - forecastPence);

/**
 * An underspend beyond the stream's tolerance (in hundredths of a percent: 1000 = 10%) of the
 * approved cost. Exactly at the tolerance is within it. Compared in whole numbers: 10% of £767.80
 * is 7,678p, and 7,678p is within it.
 */
export function underspendBeyondTolerance(underspend: number, approvedPence: number, toleranceBasisPoints: number): boolean {
  return underspend * 10_000 > approvedPence * toleranceBasisPoints;
}

export const FINANCE_FLAGS = ["underspend", "overspent_line", "paid_ahead", "returns_overdue", "offer_not_accepted"] as const;
export type FinanceFlag = (typeof FINANCE_FLAGS)[number];

export const FINANCE_FLAG_LABELS: Record<FinanceFlag, string> = {
  underspend: "Underspend beyond tolerance",
  overspent_line: "Cost line overspent",
  paid_ahead: "Paid ahead of evidenced spend",
  returns_overdue: "Returns overdue",
  offer_not_accepted: "Offer not accepted",
};

/** What the flags of one grant are worked out from. `today` is the UK date, "yyyy-MM-dd". */
export interface GrantPosition {
  approvedPence: number;
  spentPence: number;
  forecastPence: number;
  paidPence: number;
  /** Clawbacks raised against the grant, in any state: money paid that is being (or was) recovered. */
  recoveringPence?: number;
  toleranceBasisPoints: number;
  /** Lines where the spend to date (accepted returns) is more than the line's approved amount. */
  overspentLines: number;
  overdueReturns: number;
  offerStatus: "offered" | "accepted" | "declined";
}

export function grantFlags(g: GrantPosition): FinanceFlag[] {
  const flags: FinanceFlag[] = [];
  if (underspendBeyondTolerance(underspendPence(g.approvedPence, g.forecastPence), g.approvedPence, g.toleranceBasisPoints)) flags.push("underspend");
  if (g.overspentLines > 0) flags.push("overspent_line");
  // Paid ahead of the evidenced spend, once what is being clawed back is set against the payments.
  if (g.paidPence - (g.recoveringPence ?? 0) > g.spentPence) flags.push("paid_ahead");
  if (g.overdueReturns > 0) flags.push("returns_overdue");
  if (g.offerStatus === "offered") flags.push("offer_not_accepted");
  return flags;
}

/** An offer not yet answered is lapsed once its accept-by date has passed. */
export const isOfferLapsed = (g: { offerStatus: string; acceptBy: string }, today: string) => g.offerStatus === "offered" && today > g.acceptBy;

// ---------------------------------------------------------------------------------------------
// Quarters

export interface Quarter {
  /** The calendar year the financial year starts in (2023 for 2023-24). */
  startYear: number;
  quarter: 1 | 2 | 3 | 4;
}

/** A quarter as one number that orders them: 2023 Q1 → 8092. */
export const quarterIndex = (q: { startYear: number; quarter: number }) => q.startYear * 4 + q.quarter - 1;
export const quarterFromIndex = (index: number): Quarter => ({ startYear: Math.floor(index / 4), quarter: ((index % 4) + 1) as 1 | 2 | 3 | 4 });

// A cost line's profile (how its approved amount is spread over the grant's quarters) is
// app/domain/spend-profile.ts's spendProfile, the one rule for returns and the reconciliation alike;
// app/data/finance-sql.server.ts (quarterCtes) applies it in SQL to many lines at once.

// ---------------------------------------------------------------------------------------------
// Chart scales

/**
 * An axis from zero to a round number at or above `max`, with its ticks: 1, 2 or 5 times a power
 * of ten per step, about `targetTicks` steps. Works in pence; a chart of nothing still has an axis.
 */
export function niceScale(maxPence: number, targetTicks = 4): { max: number; ticks: number[] } {
  if (!Number.isFinite(maxPence) || maxPence <= 0) return { max: 100, ticks: [0, 100] };
  const rough = maxPence / targetTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const max = Math.ceil(maxPence / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= max; t += step) ticks.push(t);
  return { max, ticks };
}

/** How long a bar is, in the chart's units: never negative, never past the axis. */
export function barLength(value: number, max: number, length: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.min(length, (value / max) * length);
}

/** £12k, £1.5m: an axis label (the exact figures are in the table beside the chart). */
export function compactPounds(pence: number): string {
  const pounds = pence / 100;
  const trim = (n: number) => String(Number(n.toFixed(1)));
  if (pounds >= 1_000_000) return `£${trim(pounds / 1_000_000)}m`;
  if (pounds >= 1_000) return `£${trim(pounds / 1_000)}k`;
  return `£${Math.round(pounds)}`;
}

/** Spent as a whole percentage of approved ("—" when nothing was approved). */
export function percentOf(part: number, whole: number): string {
  if (whole <= 0) return "—";
  return `${Math.round((part * 100) / whole)}%`;
}

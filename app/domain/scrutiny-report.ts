import { formatPence, formatQuantity, formatUnitPrice } from "./money";
import { opccFundedSpendPence } from "./underspend";
import { plural } from "./plural";

/**
 * The scrutiny committee's annual report (decision record 026): for one partnership and financial
 * year, every figure read from the records and put in plain words a councillor can read. The data
 * layer (app/data/scrutiny.server.ts) reads the rows; this shapes them: totals summed from the
 * rows, part-approvals explained from the decision lines, outcomes judged against their targets,
 * underspends and clawbacks described.
 */

/** How long the CSP lead's introduction may be, in characters. */
export const INTRODUCTION_MAX_LENGTH = 3000;

/** Why an introduction cannot be saved, or null. */
export function introductionProblem(text: string): string | null {
  if (text.trim() === "") return "Enter an introduction";
  if (text.length > INTRODUCTION_MAX_LENGTH) return `The introduction must be ${INTRODUCTION_MAX_LENGTH.toLocaleString("en-GB")} characters or fewer`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Part-approvals

export interface DecisionLineRow {
  description: string;
  quantityHundredths: number;
  unitPriceTenThousandths: number;
  askedPence: number;
  approvedPence: number;
}

/**
 * What a part-approval cut, line by line, in words: "Drink covers (10,000 at £0.1535): £767.50
 * approved of £1,535.00 asked". Lines approved in full are left out; a line approved at £0 says so.
 */
export function partApprovalLines(lines: DecisionLineRow[]): string[] {
  return lines
    .filter((l) => l.approvedPence < l.askedPence)
    .map((l) => {
      const what = `${l.description} (${formatQuantity(l.quantityHundredths)} at ${formatUnitPrice(l.unitPriceTenThousandths)})`;
      return l.approvedPence === 0 ? `${what}: not approved (${formatPence(l.askedPence)} asked)` : `${what}: ${formatPence(l.approvedPence)} approved of ${formatPence(l.askedPence)} asked`;
    });
}

// ---------------------------------------------------------------------------------------------
// Outcomes

export type OutcomeVerdict = "met" | "not_met" | "not_yet_due" | "no_figure" | "no_target";

/** Decimal numbers as typed on the bid and the returns ("58", "12.5"); anything else is no figure. */
function asNumber(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined || !/^-?\d+(\.\d+)?$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/**
 * Whether an outcome's latest figure meets its target. A target below its baseline is a
 * reduction (ASB reports down from 18 to 12 a quarter): met when the figure is at or below it;
 * otherwise met when at or above it. A target not yet met whose date is after `yearEndsOn` (a
 * project running into later years) is not yet due rather than missed.
 */
export function outcomeVerdict(baseline: string | null, target: string | null, actual: string | null, due?: { targetDate: string | null; yearEndsOn: string }): OutcomeVerdict {
  const t = asNumber(target);
  if (t === null) return "no_target";
  const a = asNumber(actual);
  const later = due !== undefined && due.targetDate !== null && due.targetDate > due.yearEndsOn;
  if (a === null) return later ? "not_yet_due" : "no_figure";
  const b = asNumber(baseline);
  const reduction = b !== null && t < b;
  if (reduction ? a <= t : a >= t) return "met";
  return later ? "not_yet_due" : "not_met";
}

export const OUTCOME_VERDICT_LABELS: Record<OutcomeVerdict, string> = {
  met: "Target met",
  not_met: "Target not met",
  not_yet_due: "Not met yet: due later",
  no_figure: "No figure reported yet",
  no_target: "No target set",
};

// ---------------------------------------------------------------------------------------------
// Clawbacks

export type RecoveryStatus = "raised" | "invoiced" | "received" | "waived";

export function clawbackWords(c: { amountPence: number; status: RecoveryStatus; invoiceReference: string | null; invoicedOn: string | null; receivedOn: string | null; waivedDecisionReference: string | null }, formatDate: (d: string) => string): string {
  const amount = formatPence(c.amountPence);
  switch (c.status) {
    case "raised":
      return `${amount} to be repaid: not yet invoiced`;
    case "invoiced":
      return `${amount} invoiced${c.invoiceReference ? ` (${c.invoiceReference})` : ""}${c.invoicedOn ? ` on ${formatDate(c.invoicedOn)}` : ""}: not yet repaid`;
    case "received":
      return `${amount} repaid${c.receivedOn ? ` on ${formatDate(c.receivedOn)}` : ""}${c.invoiceReference ? ` (invoice ${c.invoiceReference})` : ""}`;
    case "waived":
      return `${amount} waived${c.waivedDecisionReference ? ` by ${c.waivedDecisionReference}` : ""}`;
  }
}

// ---------------------------------------------------------------------------------------------
// The report

export type BidStatusWord = string;

export interface ReportBidRow {
  bidId: number;
  title: string;
  status: string;
  roundId: number;
  /** The bid's round is of an earlier year: a project continuing into this one. */
  continuing: boolean;
  costPence: number;
  matchFundingPence: number;
  /** The latest decision, if any. */
  decisionId: number | null;
  decisionReference: string | null;
  decisionOutcome: "approved" | "part_approved" | "rejected" | null;
  decidedOn: string | null;
  decisionReasons: string | null;
  approvedCostPence: number | null;
  grantId: number | null;
  grantWithdrawn: boolean;
  /** The grant's lines of this year as they stand now, and the spend its accepted returns evidence on them. */
  yearCurrentPence: number;
  yearSpentPence: number;
}

export interface ReportRound {
  roundId: number;
  roundName: string;
  streamName: string;
  /** The annual allocation's round comes first; other streams (Safer Streets 5) have their own sections. */
  primary: boolean;
  allocationPence: number | null;
  potPence: number;
  centralFundPence: number;
  indicators: { label: string; weight: number; value: number | null; total: number }[];
  /** How the allocations were last set, from the round's audit trail: by the formula, typed in, or not recorded. */
  setBy: "formula" | "typed" | null;
  setOn: string | null;
}

export interface ReportOutcomeRow {
  bidId: number;
  bidTitle: string;
  measure: string;
  unit: string;
  baseline: string | null;
  target: string | null;
  targetDate: string | null;
  actual: string | null;
  /** The quarter of the return the figure comes from, e.g. "2023-24 Q4". */
  actualFrom: string | null;
}

export interface ReportMatchRow {
  bidId: number;
  bidTitle: string;
  source: string;
  kind: "cash" | "in_kind";
  amountPence: number;
}

export interface ReportUnderspendRow {
  grantId: number;
  bidId: number;
  bidTitle: string;
  currentPence: number;
  spentPence: number;
  returnedPence: number;
  carriedPence: number;
  reallocatedPence: number;
  outstandingPence: number;
  carriedToLabel: string | null;
  reasons: string[];
}

export interface ReportClawbackRow {
  id: number;
  grantId: number;
  bidTitle: string;
  amountPence: number;
  status: RecoveryStatus;
  invoiceReference: string | null;
  invoicedOn: string | null;
  receivedOn: string | null;
  waivedDecisionReference: string | null;
}

export const BID_STATUS_WORDS: Record<string, string> = {
  submitted: "Submitted, awaiting review",
  under_review: "Under review",
  changes_requested: "Sent back for changes",
  approved: "Approved",
  part_approved: "Part-approved",
  rejected: "Not approved",
  withdrawn: "Withdrawn",
};

export interface ShapedBid extends ReportBidRow {
  requestedPence: number;
  grantedPence: number | null;
  /** The OPCC's share of the spend evidenced this year (match funding spent first). */
  spentPence: number;
  /** The OPCC's part of the grant's lines of this year as they stand (the year's share of a grant over several years). */
  yearSharePence: number;
  statusWords: string;
  /** Why only part was approved: the lines cut, then the decision's reasons. */
  partApproval: string[];
}

export interface ShapedSection {
  round: ReportRound;
  bids: ShapedBid[];
  totals: { requestedPence: number; grantedPence: number; yearSharePence: number; spentPence: number };
  /** What the partnership may still bid for against its allocation (allocation less granted), when it has one. */
  leftPence: number | null;
  summary: string;
  allocationWords: string[];
  /** Some of its grants run over more than this year: the year's share is shown beside the whole. */
  multiYear: boolean;
}

/** The formula's share for this partnership, 0–1, from the indicators' weights and its values against the totals. */
export function formulaShare(indicators: ReportRound["indicators"]): number | null {
  const used = indicators.filter((i) => i.weight > 0 && i.total > 0);
  const totalWeight = used.reduce((n, i) => n + i.weight, 0);
  if (!used.length || totalWeight === 0 || used.some((i) => i.value === null)) return null;
  return used.reduce((n, i) => n + (i.weight * (i.value ?? 0)) / i.total, 0) / totalWeight;
}

const percent = (share: number) => `${(share * 100).toLocaleString("en-GB", { maximumFractionDigits: 1 })}%`;

export function allocationWords(round: ReportRound, cspName: string, formatDate: (d: string) => string): string[] {
  if (round.allocationPence === null) return [`${cspName} has no provisional allocation in ${round.roundName}.`];
  const words = [`${cspName}'s provisional allocation in ${round.roundName} is ${formatPence(round.allocationPence)}, the most it may bid for.`];
  const share = formulaShare(round.indicators);
  const shared = round.potPence - round.centralFundPence;
  if (round.indicators.length) {
    const parts = round.indicators.map((i) => `${i.label.toLowerCase()} (weight ${i.weight.toLocaleString("en-GB")})`).join(", ");
    words.push(`The OPCC's funding formula shares ${formatPence(shared)} between the partnerships by ${parts}.${share !== null ? ` On those figures ${cspName}'s share is ${percent(share)}, about ${formatPence(Math.round(share * shared / 100) * 100)}.` : ""}`);
    if (share !== null && Math.abs(share * shared - round.allocationPence) > 100) words.push(`The allocation was set by the OPCC rather than by the formula alone.`);
  }
  if (round.centralFundPence > 0) words.push(`${formatPence(round.centralFundPence)} of the round's ${formatPence(round.potPence)} is kept back as a central fund for projects across partnerships.`);
  if (round.setBy === "formula") words.push(`The allocations were last set by the formula${round.setOn ? ` on ${formatDate(round.setOn)}` : ""}.`);
  else if (round.setBy === "typed") words.push(`The allocations were last set by the OPCC${round.setOn ? ` on ${formatDate(round.setOn)}` : ""}, adjusting the formula's figures.`);
  return words;
}

export function shapeBid(row: ReportBidRow): ShapedBid {
  const requestedPence = row.costPence - row.matchFundingPence;
  const decided = row.decisionOutcome !== null && row.decisionOutcome !== "rejected" && row.approvedCostPence !== null;
  const grantedPence = row.decisionOutcome === null ? null : decided ? Math.max(0, (row.approvedCostPence ?? 0) - row.matchFundingPence) : 0;
  const spentPence = row.grantId !== null && !row.grantWithdrawn ? opccFundedSpendPence({ currentCostPence: row.yearCurrentPence, spentPence: row.yearSpentPence, matchFundingPence: row.matchFundingPence }) : 0;
  const yearSharePence = row.grantId !== null && !row.grantWithdrawn ? Math.max(0, row.yearCurrentPence - row.matchFundingPence) : 0;
  return {
    ...row,
    requestedPence,
    grantedPence,
    spentPence,
    yearSharePence,
    statusWords: row.grantWithdrawn ? "Grant withdrawn" : (BID_STATUS_WORDS[row.status] ?? row.status),
    partApproval: [],
  };
}

export function shapeSection(round: ReportRound, rows: ReportBidRow[], partLines: Map<number, DecisionLineRow[]>, cspName: string, formatDate: (d: string) => string): ShapedSection {
  const bids = rows.map((row) => {
    const bid = shapeBid(row);
    if (row.decisionOutcome === "part_approved") {
      const lines = partLines.get(row.bidId) ?? [];
      bid.partApproval = [
        `Part-approved: ${formatPence(bid.grantedPence ?? 0)} of the ${formatPence(bid.requestedPence)} asked for.`,
        ...partApprovalLines(lines),
        ...(row.decisionReasons ? [`The PCC's reasons: ${row.decisionReasons}`] : []),
      ];
    }
    return bid;
  });
  const totals = {
    requestedPence: bids.filter((b) => b.status !== "withdrawn").reduce((n, b) => n + b.requestedPence, 0),
    grantedPence: bids.reduce((n, b) => n + (b.grantWithdrawn ? 0 : (b.grantedPence ?? 0)), 0),
    yearSharePence: bids.reduce((n, b) => n + b.yearSharePence, 0),
    spentPence: bids.reduce((n, b) => n + b.spentPence, 0),
  };
  const fresh = bids.filter((b) => !b.continuing);
  const leftPence = round.allocationPence === null ? null : round.allocationPence - fresh.reduce((n, b) => n + (b.grantWithdrawn ? 0 : (b.grantedPence ?? 0)), 0);
  const approvedCount = bids.filter((b) => b.decisionOutcome === "approved" || b.decisionOutcome === "part_approved").length;
  const summary =
    `${cspName} made ${plural(fresh.length, "bid", "bids")} in ${round.roundName}, asking for ${formatPence(fresh.filter((b) => b.status !== "withdrawn").reduce((n, b) => n + b.requestedPence, 0))}. ` +
    `${approvedCount === 0 ? "None has been approved yet" : `The PCC approved ${approvedCount} of them`}, granting ${formatPence(totals.grantedPence)}; ${formatPence(totals.spentPence)} of it was spent in the year on the evidence of the accepted quarterly returns.`;
  const multiYear = bids.some((b) => b.grantId !== null && b.approvedCostPence !== null && b.yearCurrentPence !== b.approvedCostPence);
  return { round, bids, totals, leftPence, summary, allocationWords: allocationWords(round, cspName, formatDate), multiYear };
}

export function underspendWords(u: ReportUnderspendRow, yearLabel: string, yearClosed = true): string {
  const under = Math.max(0, u.currentPence - u.spentPence) + u.carriedPence;
  if (under === 0) return `Spent in full in ${yearLabel}.`;
  if (!yearClosed && u.returnedPence + u.carriedPence + u.reallocatedPence === 0) {
    return `${formatPence(under)} of ${yearLabel}'s money is not yet shown as spent by an accepted quarterly return.`;
  }
  const parts: string[] = [];
  if (u.returnedPence) parts.push(`${formatPence(u.returnedPence)} returned to the OPCC`);
  if (u.carriedPence) parts.push(`${formatPence(u.carriedPence)} carried forward${u.carriedToLabel ? ` into ${u.carriedToLabel}` : ""}`);
  if (u.reallocatedPence) parts.push(`${formatPence(u.reallocatedPence)} re-allocated by the PCC`);
  if (u.outstandingPence) parts.push(`${formatPence(u.outstandingPence)} still to be settled`);
  return `${formatPence(under)} was not spent in ${yearLabel}: ${parts.join(", ")}.`;
}

export function outcomeSummary(verdicts: OutcomeVerdict[], yearLabel: string): string {
  if (!verdicts.length) return "No outcomes were set for these bids.";
  const met = verdicts.filter((v) => v === "met").length;
  const due = verdicts.filter((v) => v === "met" || v === "not_met").length;
  const later = verdicts.filter((v) => v === "not_yet_due").length;
  const words = [`${met} of the ${plural(due, "outcome", "outcomes")} due by the end of ${yearLabel} with a reported figure ${met === 1 ? "has" : "have"} met ${due === 1 ? "its" : "their"} target.`];
  if (later) words.push(`${plural(later, "more is", "more are")} due later and not met yet.`);
  return words.join(" ");
}

// ---------------------------------------------------------------------------------------------
// The whole report

export interface ScrutinyInput {
  csp: { id: number; name: string; accountableCouncil: string | null };
  year: { label: string; status: "open" | "closed"; endsOn: string };
  rounds: (ReportRound & { financialYearLabel: string; fromEarlierYear: boolean })[];
  bids: ReportBidRow[];
  partLines: Map<number, DecisionLineRow[]>;
  matchFunding: ReportMatchRow[];
  outcomes: ReportOutcomeRow[];
  underspends: ReportUnderspendRow[];
  clawbacks: ReportClawbackRow[];
}

export interface ScrutinyReport {
  cspName: string;
  accountableCouncil: string | null;
  yearLabel: string;
  yearClosed: boolean;
  sections: (ShapedSection & { heading: string; fromEarlierYear: boolean; financialYearLabel: string })[];
  matchFunding: { rows: ReportMatchRow[]; totalPence: number; words: string };
  outcomes: { rows: (ReportOutcomeRow & { verdict: OutcomeVerdict; verdictWords: string })[]; words: string };
  underspends: { rows: (ReportUnderspendRow & { words: string })[]; words: string };
  clawbacks: { rows: (ReportClawbackRow & { words: string })[]; totalPence: number; outstandingPence: number };
}

export function buildScrutinyReport(input: ScrutinyInput, formatDate: (d: string) => string): ScrutinyReport {
  const sections = input.rounds.map((round) => {
    const shaped = shapeSection(round, input.bids.filter((b) => b.roundId === round.roundId), input.partLines, input.csp.name, formatDate);
    const heading = round.fromEarlierYear ? `${round.roundName}: projects continuing from ${round.financialYearLabel}` : round.roundName;
    if (round.fromEarlierYear) {
      shaped.allocationWords = [`These projects were approved in ${round.financialYearLabel} and run into ${input.year.label}; the figures below are this year's.`];
      shaped.leftPence = null;
      shaped.summary = `${plural(shaped.bids.length, "project", "projects")} approved in ${round.financialYearLabel} continued in ${input.year.label}; ${formatPence(shaped.totals.spentPence)} of their grants was spent in the year on the evidence of the accepted quarterly returns.`;
    }
    return { ...shaped, heading, fromEarlierYear: round.fromEarlierYear, financialYearLabel: round.financialYearLabel };
  });
  const matchTotal = input.matchFunding.reduce((n, m) => n + m.amountPence, 0);
  const matchBids = new Set(input.matchFunding.map((m) => m.bidId)).size;
  const outcomeRows = input.outcomes.map((o) => {
    const verdict = outcomeVerdict(o.baseline, o.target, o.actual, { targetDate: o.targetDate, yearEndsOn: input.year.endsOn });
    return { ...o, verdict, verdictWords: OUTCOME_VERDICT_LABELS[verdict] };
  });
  const underspendRows = input.underspends.map((u) => ({ ...u, words: underspendWords(u, input.year.label, input.year.status === "closed") }));
  const clawbackRows = input.clawbacks.map((c) => ({ ...c, words: clawbackWords(c, formatDate) }));
  const underTotal = underspendRows.reduce((n, u) => n + Math.max(0, u.currentPence - u.spentPence) + u.carriedPence, 0);
  return {
    cspName: input.csp.name,
    accountableCouncil: input.csp.accountableCouncil,
    yearLabel: input.year.label,
    yearClosed: input.year.status === "closed",
    sections,
    matchFunding: {
      rows: input.matchFunding,
      totalPence: matchTotal,
      words: matchTotal ? `${plural(matchBids, "bid brings", "bids bring")} ${formatPence(matchTotal)} of match funding, paid for by the partners rather than the OPCC.` : "None of these bids brings match funding.",
    },
    outcomes: { rows: outcomeRows, words: outcomeSummary(outcomeRows.map((o) => o.verdict), input.year.label) },
    underspends: {
      rows: underspendRows,
      words: !underTotal
        ? `Every grant's money for ${input.year.label} was spent, or is still being spent.`
        : input.year.status === "closed"
          ? `${formatPence(underTotal)} of the year's grants was not spent. What became of it:`
          : `${formatPence(underTotal)} of the year's grants is not yet shown as spent. The year is still open: returns may still come in, and what is left will be returned, carried forward or re-allocated when the year closes.`,
    },
    clawbacks: {
      rows: clawbackRows,
      totalPence: clawbackRows.reduce((n, c) => n + c.amountPence, 0),
      outstandingPence: clawbackRows.filter((c) => c.status === "raised" || c.status === "invoiced").reduce((n, c) => n + c.amountPence, 0),
    },
  };
}

/**
 * The report as its readers get it (page and PDF): only what they show. The loader sends this to
 * the browser, so the records' other fields (costs before match funding, the reasons of decisions
 * approved in full, statuses as stored) stay on the server.
 */
export function reportView(report: ScrutinyReport) {
  return {
    cspName: report.cspName,
    accountableCouncil: report.accountableCouncil,
    yearLabel: report.yearLabel,
    yearClosed: report.yearClosed,
    sections: report.sections.map((s) => ({
      heading: s.heading,
      fromEarlierYear: s.fromEarlierYear,
      multiYear: s.multiYear,
      summary: s.summary,
      allocationWords: s.allocationWords,
      leftPence: s.leftPence,
      totals: s.totals,
      round: { roundId: s.round.roundId, roundName: s.round.roundName, allocationPence: s.round.allocationPence, indicators: s.round.indicators },
      bids: s.bids.map((b) => ({
        bidId: b.bidId,
        title: b.title,
        grantId: b.grantWithdrawn ? null : b.grantId,
        decisionId: b.decisionId,
        decisionReference: b.decisionReference,
        decidedOn: b.decidedOn,
        statusWords: b.statusWords,
        partApproval: b.partApproval,
        requestedPence: b.requestedPence,
        grantedPence: b.grantedPence,
        yearSharePence: b.yearSharePence,
        spentPence: b.spentPence,
      })),
    })),
    matchFunding: report.matchFunding,
    outcomes: {
      words: report.outcomes.words,
      rows: report.outcomes.rows.map((o) => ({
        bidId: o.bidId,
        bidTitle: o.bidTitle,
        measure: o.measure,
        unit: o.unit,
        baseline: o.baseline,
        target: o.target,
        targetDate: o.targetDate,
        actual: o.actual,
        actualFrom: o.actualFrom,
        verdictWords: o.verdictWords,
      })),
    },
    underspends: { words: report.underspends.words, rows: report.underspends.rows.map((u) => ({ grantId: u.grantId, bidTitle: u.bidTitle, words: u.words, reasons: u.reasons })) },
    clawbacks: { outstandingPence: report.clawbacks.outstandingPence, rows: report.clawbacks.rows.map((c) => ({ id: c.id, grantId: c.grantId, bidTitle: c.bidTitle, words: c.words })) },
  };
}

export type ReportView = ReturnType<typeof reportView>;

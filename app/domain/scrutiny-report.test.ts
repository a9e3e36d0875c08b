import { describe, expect, it } from "vitest";
import {
  allocationWords,
  buildScrutinyReport,
  clawbackWords,
  formulaShare,
  introductionProblem,
  INTRODUCTION_MAX_LENGTH,
  outcomeSummary,
  outcomeVerdict,
  partApprovalLines,
  shapeBid,
  underspendWords,
  type ReportBidRow,
  type ReportRound,
  type ScrutinyInput,
} from "./scrutiny-report";

const date = (d: string) => d;

const bid = (over: Partial<ReportBidRow>): ReportBidRow => ({
  bidId: 1,
  title: "Bid",
  status: "approved",
  roundId: 1,
  continuing: false,
  costPence: 0,
  matchFundingPence: 0,
  decisionId: 1,
  decisionReference: "PCC/2023-24/001",
  decisionOutcome: "approved",
  decidedOn: "2023-07-20",
  decisionReasons: "Reasons.",
  approvedCostPence: 0,
  grantId: 1,
  grantWithdrawn: false,
  yearCurrentPence: 0,
  yearSpentPence: 0,
  ...over,
});

const round = (over: Partial<ReportRound> = {}): ReportRound & { financialYearLabel: string; fromEarlierYear: boolean } => ({
  roundId: 1,
  roundName: "CSP annual allocation 2023-24",
  streamName: "Annual CSP allocation",
  primary: true,
  allocationPence: 3_100_000,
  potPence: 47_100_000,
  centralFundPence: 0,
  indicators: [],
  setBy: null,
  setOn: null,
  financialYearLabel: "2023-24",
  fromEarlierYear: false,
  ...over,
});

// Melton's six 2023-24 bids: what each asked of the OPCC, and the approved cost lines.
const MELTON: Partial<ReportBidRow>[] = [
  { bidId: 1, title: "Safer Communities and Partnership Officer", costPence: 3_092_400, matchFundingPence: 1_546_200, approvedCostPence: 3_092_400, yearCurrentPence: 3_092_400, yearSpentPence: 3_092_400 },
  { bidId: 2, title: "DISC app", costPence: 127_000, approvedCostPence: 127_000, yearCurrentPence: 127_000, yearSpentPence: 127_000 },
  { bidId: 3, title: "Play Close CCTV", costPence: 484_300, approvedCostPence: 484_300, yearCurrentPence: 484_300, yearSpentPence: 484_300 },
  { bidId: 4, title: "WCCTV help point", costPence: 485_000, approvedCostPence: 485_000, yearCurrentPence: 485_000, yearSpentPence: 485_000 },
  { bidId: 5, title: "Convex mirrors", costPence: 76_780, approvedCostPence: 76_780, yearCurrentPence: 76_780, yearSpentPence: 63_900 },
  { bidId: 6, title: "Drink Safe", status: "part_approved", decisionOutcome: "part_approved", costPence: 303_500, approvedCostPence: 226_750, yearCurrentPence: 226_750, yearSpentPence: 212_500 },
];

describe("the introduction", () => {
  it("must be given, and no longer than the limit", () => {
    expect(introductionProblem("   ")).toBe("Enter an introduction");
    expect(introductionProblem("x".repeat(INTRODUCTION_MAX_LENGTH))).toBeNull();
    expect(introductionProblem("x".repeat(INTRODUCTION_MAX_LENGTH + 1))).toBe("The introduction must be 3,000 characters or fewer");
  });
});

describe("part-approvals in words", () => {
  it("names each line cut, with its quantity and a unit price of a fraction of a penny", () => {
    expect(
      partApprovalLines([
        { description: "Drink-spiking testing strips", quantityHundredths: 100_000, unitPriceTenThousandths: 15_000, askedPence: 150_000, approvedPence: 150_000 },
        { description: "Drink covers", quantityHundredths: 1_000_000, unitPriceTenThousandths: 1535, askedPence: 153_500, approvedPence: 76_750 },
        { description: "Posters", quantityHundredths: 250, unitPriceTenThousandths: 33_333, askedPence: 833, approvedPence: 0 },
      ]),
    ).toEqual(["Drink covers (10,000 at £0.1535): £767.50 approved of £1,535.00 asked", "Posters (2.5 at £3.3333): not approved (£8.33 asked)"]);
  });
});

describe("outcomes against their targets", () => {
  it("a target above the baseline is met at or above it; one below it (a reduction) at or below it", () => {
    expect(outcomeVerdict("0", "30", "31")).toBe("met");
    expect(outcomeVerdict("0", "30", "30")).toBe("met");
    expect(outcomeVerdict("48", "65", "58")).toBe("not_met");
    expect(outcomeVerdict("18", "12", "11")).toBe("met");
    expect(outcomeVerdict("40", "32", "37.3")).toBe("not_met");
    expect(outcomeVerdict(null, "12.5", "12.5")).toBe("met");
  });
  it("a target not met whose date is after the year's end is not yet due, not missed", () => {
    const due = { targetDate: "2025-03-31", yearEndsOn: "2024-03-31" };
    expect(outcomeVerdict("40", "32", "37.3", due)).toBe("not_yet_due");
    expect(outcomeVerdict("40", "32", null, due)).toBe("not_yet_due");
    expect(outcomeVerdict("40", "32", "31", due)).toBe("met");
    expect(outcomeVerdict("40", "32", "37.3", { targetDate: "2024-03-31", yearEndsOn: "2024-03-31" })).toBe("not_met");
    expect(outcomeSummary(["met", "met", "not_met", "not_yet_due", "no_figure"], "2023-24")).toBe("2 of the 3 outcomes due by the end of 2023-24 with a reported figure have met their target. 1 more is due later and not met yet.");
    expect(outcomeSummary([], "2023-24")).toBe("No outcomes were set for these bids.");
  });
  it("says so when there is no target or no figure", () => {
    expect(outcomeVerdict("1", null, "2")).toBe("no_target");
    expect(outcomeVerdict("1", "2", null)).toBe("no_figure");
    expect(outcomeVerdict("1", "2", "about ten")).toBe("no_figure");
  });
});

describe("a bid's figures", () => {
  it("asks for its cost less match funding, is granted its approved lines less match funding, and spends the OPCC's share after the match funding", () => {
    const officer = shapeBid(bid(MELTON[0]));
    expect(officer).toMatchObject({ requestedPence: 1_546_200, grantedPence: 1_546_200, spentPence: 1_546_200 });
    const half = shapeBid(bid({ costPence: 100_001, matchFundingPence: 50_000, approvedCostPence: 100_001, yearCurrentPence: 100_001, yearSpentPence: 60_000 }));
    expect(half).toMatchObject({ requestedPence: 50_001, grantedPence: 50_001, spentPence: 10_000 });
  });
  it("a bid not yet decided has no grant; a rejected one is granted nothing; a withdrawn grant spends nothing", () => {
    expect(shapeBid(bid({ costPence: 8_000_000, decisionOutcome: null, decisionId: null, approvedCostPence: null, grantId: null, status: "under_review" }))).toMatchObject({ grantedPence: null, spentPence: 0, statusWords: "Under review" });
    expect(shapeBid(bid({ costPence: 500, decisionOutcome: "rejected", approvedCostPence: null, grantId: null, status: "rejected" }))).toMatchObject({ grantedPence: 0, statusWords: "Not approved" });
    expect(shapeBid(bid({ costPence: 500, approvedCostPence: 500, yearCurrentPence: 500, yearSpentPence: 500, grantWithdrawn: true }))).toMatchObject({ spentPence: 0, statusWords: "Grant withdrawn" });
  });
});

describe("the allocation and how it was set", () => {
  it("works out the formula's share from the weights and the partnership's values against everyone's", () => {
    const indicators = [
      { label: "Population", weight: 50, value: 51_800, total: 1_121_900 },
      { label: "Recorded crime", weight: 25, value: 2_900, total: 83_100 },
      { label: "Deprivation score", weight: 25, value: 11.5, total: 120.4 },
    ];
    expect(formulaShare(indicators)).toBeCloseTo(0.05569, 4);
    expect(formulaShare([{ label: "Population", weight: 1, value: null, total: 10 }])).toBeNull();
    const words = allocationWords(round({ indicators }), "Safer Melton Partnership", date);
    expect(words[0]).toBe("Safer Melton Partnership's provisional allocation in CSP annual allocation 2023-24 is £31,000.00, the most it may bid for.");
    expect(words[1]).toContain("population (weight 50), recorded crime (weight 25), deprivation score (weight 25)");
    expect(words[1]).toContain("share is 5.6%, about £26,230.00");
    expect(words[2]).toBe("The allocation was set by the OPCC rather than by the formula alone.");
  });
  it("says when the allocations were set by the formula, and names a central fund", () => {
    const words = allocationWords(round({ allocationPence: 50_000, potPence: 150_000, centralFundPence: 50_000, indicators: [{ label: "Population", weight: 1, value: 1, total: 2 }], setBy: "formula", setOn: "2023-04-03" }), "Blaby", date);
    expect(words).toContain("£500.00 of the round's £1,500.00 is kept back as a central fund for projects across partnerships.");
    expect(words).toContain("The allocations were last set by the formula on 2023-04-03.");
    expect(words.join(" ")).not.toContain("rather than by the formula");
  });
});

describe("underspends and clawbacks in words", () => {
  const u = { grantId: 6, bidId: 6, bidTitle: "Drink Safe", currentPence: 226_750, spentPence: 212_500, returnedPence: 14_250, carriedPence: 0, reallocatedPence: 0, outstandingPence: 0, carriedToLabel: null, reasons: [] };
  it("says what became of the money not spent", () => {
    expect(underspendWords(u, "2023-24")).toBe("£142.50 was not spent in 2023-24: £142.50 returned to the OPCC.");
    expect(underspendWords({ ...u, currentPence: 1_650_000, spentPence: 1_650_000, returnedPence: 0, carriedPence: 150_000, carriedToLabel: "2024-25" }, "2023-24")).toBe(
      "£1,500.00 was not spent in 2023-24: £1,500.00 carried forward into 2024-25.",
    );
    expect(underspendWords({ ...u, returnedPence: 0, outstandingPence: 14_250 }, "2024-25", false)).toBe("£142.50 of 2024-25's money is not yet shown as spent by an accepted quarterly return.");
    expect(underspendWords({ ...u, spentPence: 226_750, returnedPence: 0 }, "2023-24")).toBe("Spent in full in 2023-24.");
  });
  it("says where each clawback stands", () => {
    const c = { amountPence: 14_250, invoiceReference: "INV-MBC-24-0193", invoicedOn: "2024-05-22", receivedOn: "2024-06-14", waivedDecisionReference: null };
    expect(clawbackWords({ ...c, status: "received" }, date)).toBe("£142.50 repaid on 2024-06-14 (invoice INV-MBC-24-0193)");
    expect(clawbackWords({ ...c, status: "invoiced", receivedOn: null }, date)).toBe("£142.50 invoiced (INV-MBC-24-0193) on 2024-05-22: not yet repaid");
    expect(clawbackWords({ ...c, status: "raised", invoiceReference: null, invoicedOn: null, receivedOn: null }, date)).toBe("£142.50 to be repaid: not yet invoiced");
    expect(clawbackWords({ ...c, status: "waived", waivedDecisionReference: "PCC/2024-25/004" }, date)).toBe("£142.50 waived by PCC/2024-25/004");
  });
});

describe("the whole report", () => {
  const input: ScrutinyInput = {
    csp: { id: 6, name: "Safer Melton Partnership", accountableCouncil: "Melton Borough Council" },
    year: { label: "2023-24", status: "closed", endsOn: "2024-03-31" },
    rounds: [round()],
    bids: MELTON.map((b) => bid(b)),
    partLines: new Map([[6, [{ description: "Drink covers", quantityHundredths: 1_000_000, unitPriceTenThousandths: 1535, askedPence: 153_500, approvedPence: 76_750 }]]]),
    matchFunding: [{ bidId: 1, bidTitle: "Safer Communities and Partnership Officer", source: "Melton Borough Council", kind: "cash", amountPence: 1_546_200 }],
    outcomes: [],
    underspends: [],
    clawbacks: [],
  };
  it("sums Melton's six bids from their own figures: £30,227.80 asked for, £29,460.30 approved, £1,539.70 left", () => {
    const report = buildScrutinyReport(input, date);
    const [section] = report.sections;
    expect(section.totals).toEqual({ requestedPence: 3_022_780, grantedPence: 2_946_030, yearSharePence: 2_946_030, spentPence: 2_918_900 });
    expect(section.leftPence).toBe(153_970);
    expect(section.summary).toContain("made 6 bids in CSP annual allocation 2023-24, asking for £30,227.80");
    expect(section.bids[5].partApproval).toEqual([
      "Part-approved: £2,267.50 of the £3,035.00 asked for.",
      "Drink covers (10,000 at £0.1535): £767.50 approved of £1,535.00 asked",
      "The PCC's reasons: Reasons.",
    ]);
    expect(report.matchFunding.words).toBe("1 bid brings £15,462.00 of match funding, paid for by the partners rather than the OPCC.");
    expect(report.outcomes.words).toBe("No outcomes were set for these bids.");
  });
  it("a withdrawn bid asks for nothing in the totals; projects from an earlier year are shown with this year's figures only", () => {
    const report = buildScrutinyReport(
      {
        ...input,
        year: { label: "2024-25", status: "open", endsOn: "2025-03-31" },
        rounds: [{ ...round({ roundId: 2, roundName: "Safer Streets 5", primary: false, allocationPence: 30_000_000 }), fromEarlierYear: true }],
        bids: [bid({ roundId: 2, continuing: true, costPence: 4_500_000, approvedCostPence: 4_500_000, yearCurrentPence: 600_000, yearSpentPence: 450_000 }), bid({ bidId: 2, roundId: 2, status: "withdrawn", costPence: 100, decisionOutcome: null, approvedCostPence: null, grantId: null })],
      },
      date,
    );
    const [section] = report.sections;
    expect(section.heading).toBe("Safer Streets 5: projects continuing from 2023-24");
    expect(section.multiYear).toBe(true);
    expect(section.leftPence).toBeNull();
    expect(section.totals).toEqual({ requestedPence: 4_500_000, grantedPence: 4_500_000, yearSharePence: 600_000, spentPence: 450_000 });
  });
});

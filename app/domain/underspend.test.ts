import { describe, expect, it } from "vitest";
import { clawbackDuePence, opccFundedSpendPence, outstandingUnderspendPence, overProgrammingFigures, reallocatablePence, yearUnderspendPence } from "./underspend";

describe("a year's underspend", () => {
  it("is the current amount less the evidenced spend: Drink Safe spent £2,125.00 of £2,267.50", () => {
    expect(yearUnderspendPence({ currentPence: 226_750, spentPence: 212_500 })).toBe(14_250);
  });

  it("is never below zero when a grant overspends", () => {
    expect(yearUnderspendPence({ currentPence: 76_780, spentPence: 80_000 })).toBe(0);
  });

  it("is resolved by what is recorded as returned or re-allocated", () => {
    expect(outstandingUnderspendPence({ currentPence: 226_750, spentPence: 212_500, returnedPence: 14_250, reallocatedPence: 0 })).toBe(0);
    expect(outstandingUnderspendPence({ currentPence: 226_750, spentPence: 212_500, returnedPence: 10_000, reallocatedPence: 4_000 })).toBe(250);
    expect(outstandingUnderspendPence({ currentPence: 226_750, spentPence: 212_500, returnedPence: 20_000, reallocatedPence: 0 })).toBe(0);
  });
});

describe("a clawback", () => {
  it("is what was paid less the evidenced spend", () => {
    const spent = opccFundedSpendPence({ currentCostPence: 226_750, spentPence: 212_500, matchFundingPence: 0 });
    expect(clawbackDuePence({ paidPence: 226_750, opccFundedSpendPence: spent, alreadyRecoveringPence: 0 })).toBe(14_250);
  });

  it("takes match funding as spent first: the underspend falls on the OPCC's grant", () => {
    // £10,000 project, £5,000 matched, £5,000 granted and paid, £9,000 spent: £1,000 to repay.
    const spent = opccFundedSpendPence({ currentCostPence: 1_000_000, spentPence: 900_000, matchFundingPence: 500_000 });
    expect(spent).toBe(400_000);
    expect(clawbackDuePence({ paidPence: 500_000, opccFundedSpendPence: spent, alreadyRecoveringPence: 0 })).toBe(100_000);
    // Spending less than the match funding leaves none of the OPCC's money spent.
    expect(opccFundedSpendPence({ currentCostPence: 1_000_000, spentPence: 300_000, matchFundingPence: 500_000 })).toBe(0);
  });

  it("counts no overspend as the OPCC's, and nothing already being recovered twice", () => {
    expect(opccFundedSpendPence({ currentCostPence: 76_780, spentPence: 90_000, matchFundingPence: 0 })).toBe(76_780);
    expect(clawbackDuePence({ paidPence: 76_780, opccFundedSpendPence: 63_900, alreadyRecoveringPence: 12_880 })).toBe(0);
    expect(clawbackDuePence({ paidPence: 50_000, opccFundedSpendPence: 63_900, alreadyRecoveringPence: 0 })).toBe(0);
  });
});

describe("over-programming", () => {
  it("relies on the approvals above the pot, less what has come back: £50,000.01 approved of a £50,000 pot", () => {
    expect(overProgrammingFigures({ potPence: 5_000_000, approvedPence: 5_000_001, recordedPence: 0 })).toEqual({ reliesOnPence: 1, recordedPence: 0, stillExpectedPence: 1 });
  });

  it("expects nothing once the underspend recorded covers it, nor for a round within its pot", () => {
    expect(overProgrammingFigures({ potPence: 5_000_000, approvedPence: 5_014_250, recordedPence: 27_130 })).toEqual({ reliesOnPence: 14_250, recordedPence: 27_130, stillExpectedPence: 0 });
    expect(overProgrammingFigures({ potPence: 5_000_000, approvedPence: 4_999_999, recordedPence: 100 })).toMatchObject({ reliesOnPence: 0, stillExpectedPence: 0 });
  });
});

describe("re-allocating an underspend", () => {
  it("is only of money never paid: £128.80 outstanding, £61.00 paid and not spent, £67.80 may be re-allocated", () => {
    expect(reallocatablePence({ outstandingPence: 12_880, clawbackDuePence: 6_100 })).toBe(6_780);
    expect(reallocatablePence({ outstandingPence: 14_250, clawbackDuePence: 14_251 })).toBe(0);
  });
});

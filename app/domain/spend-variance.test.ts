import { describe, expect, it } from "vitest";
import { formatTolerance, isOverspent, lineFigures, needsExplanation, remainingBudget, spendToDate, subtotals, toleratedPence, variancePence } from "./spend-variance";

describe("variance against the profile", () => {
  it("is the actual less the profile", () => {
    expect(variancePence(900_000, 773_100)).toBe(126_900);
    expect(variancePence(700_000, 773_100)).toBe(-73_100);
  });

  it("needs explaining only beyond the tolerance, either way", () => {
    // 10% of £7,731.00 is £773.10.
    expect(needsExplanation(773_100 + 77_310, 773_100, 1000)).toBe(false);
    expect(needsExplanation(773_100 + 77_311, 773_100, 1000)).toBe(true);
    expect(needsExplanation(773_100 - 77_310, 773_100, 1000)).toBe(false);
    expect(needsExplanation(773_100 - 77_311, 773_100, 1000)).toBe(true);
    expect(needsExplanation(0, 773_100, 1000)).toBe(true);
  });

  it("uses the stream's tolerance", () => {
    expect(needsExplanation(1_050, 1_000, 500)).toBe(false);
    expect(needsExplanation(1_051, 1_000, 500)).toBe(true);
    // No tolerance at all: any difference is explained.
    expect(needsExplanation(1_001, 1_000, 0)).toBe(true);
    expect(needsExplanation(1_000, 1_000, 0)).toBe(false);
    // 100%: only spending more than twice the profile.
    expect(needsExplanation(0, 1_000, 10_000)).toBe(false);
    expect(needsExplanation(2_001, 1_000, 10_000)).toBe(true);
  });

  it("spending against a profile of nothing always needs explaining; spending nothing against nothing does not", () => {
    expect(needsExplanation(1, 0, 1000)).toBe(true);
    expect(needsExplanation(484_300, 0, 10_000)).toBe(true);
    expect(needsExplanation(0, 0, 1000)).toBe(false);
  });

  it("no actual yet needs no explanation", () => {
    expect(needsExplanation(null, 773_100, 1000)).toBe(false);
  });

  it("says how much is tolerated, and the tolerance in words", () => {
    expect(toleratedPence(773_100, 1000)).toBe(77_310);
    expect(toleratedPence(33, 1000)).toBe(3);
    expect(formatTolerance(1000)).toBe("10%");
    expect(formatTolerance(750)).toBe("7.5%");
    expect(formatTolerance(1234)).toBe("12.34%");
    expect(formatTolerance(0)).toBe("0%");
  });
});

describe("spend to date and the remaining budget", () => {
  it("adds up the actuals so far, a quarter not reported counting as nothing", () => {
    expect(spendToDate([773_100, null, 800_000])).toBe(1_573_100);
    expect(spendToDate([])).toBe(0);
  });

  it("the remaining budget goes negative when a line is overspent", () => {
    expect(remainingBudget(484_300, 484_300)).toBe(0);
    expect(isOverspent(484_300, 484_300)).toBe(false);
    expect(remainingBudget(484_300, 500_000)).toBe(-15_700);
    expect(isOverspent(484_300, 500_000)).toBe(true);
  });

  it("works out a line's figures from its budget (approved, or as varied), profile and actuals", () => {
    expect(lineFigures({ budgetPence: 3_092_400, profilePence: 773_100, actualPence: 900_000, spentBeforePence: 773_100 }, 1000)).toEqual({
      variancePence: 126_900,
      spentToDatePence: 1_673_100,
      remainingPence: 1_419_300,
      overspent: false,
      needsExplanation: true,
      toleratedPence: 77_310,
    });
    expect(lineFigures({ budgetPence: 100, profilePence: 50, actualPence: null, spentBeforePence: 120 }, 1000)).toMatchObject({
      variancePence: null,
      spentToDatePence: 120,
      remainingPence: -20,
      overspent: true,
      needsExplanation: false,
    });
  });
});

describe("capital and revenue subtotals", () => {
  it("adds each kind up apart", () => {
    const totals = subtotals([
      { expenditureType: "capital", budgetPence: 300_000, profilePence: 100_000, actualPence: 300_000, spentBeforePence: 0 },
      { expenditureType: "capital", budgetPence: 185_000, profilePence: 61_666, actualPence: null, spentBeforePence: 0 },
      { expenditureType: "revenue", budgetPence: 3_092_400, profilePence: 773_100, actualPence: 700_000, spentBeforePence: 773_100 },
    ]);
    expect(totals.capital).toEqual({ budgetPence: 485_000, profilePence: 161_666, actualPence: 300_000, spentToDatePence: 300_000, remainingPence: 185_000 });
    expect(totals.revenue).toEqual({ budgetPence: 3_092_400, profilePence: 773_100, actualPence: 700_000, spentToDatePence: 1_473_100, remainingPence: 1_619_300 });
  });

  it("is all zeros with no lines", () => {
    expect(subtotals([]).capital).toEqual({ budgetPence: 0, profilePence: 0, actualPence: 0, spentToDatePence: 0, remainingPence: 0 });
  });
});

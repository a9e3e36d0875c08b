import { describe, expect, it } from "vitest";
import { carryForwardProblems, carryForwardUnavailable, suggestedFromLine, type CarryForwardCase, type CarryLine } from "./carry-forward";

const Y23 = 1;
const Y24 = 2;
// Target hardening: video doorbells £18,000 (2023-24) spent £16,500.00; window and door alarm kits (2024-25).
const doorbells: CarryLine = { costLineId: 11, financialYearId: Y23, expenditureType: "capital", currentPence: 1_800_000, spentPence: 1_650_000 };
const alarms: CarryLine = { costLineId: 12, financialYearId: Y24, expenditureType: "capital", currentPence: 900_000, spentPence: 0 };
const training: CarryLine = { costLineId: 13, financialYearId: Y24, expenditureType: "revenue", currentPence: 250_000, spentPence: 0 };
const base: CarryForwardCase = { maySpanYears: true, financialYearId: Y23, nextFinancialYearId: Y24, outstandingPence: 150_000, amountPence: 150_000, fromLine: doorbells, toLine: alarms };

describe("carrying an underspend forward", () => {
  it("is allowed for a stream that spans years, into a line of the next year of the same type", () => {
    expect(carryForwardProblems(base)).toEqual([]);
  });

  it("is refused for an annual stream", () => {
    expect(carryForwardUnavailable({ maySpanYears: false, nextFinancialYearId: Y24 })).toMatch(/year by year/);
    expect(carryForwardProblems({ ...base, maySpanYears: false })).toEqual([{ field: "outcome", message: expect.stringMatching(/year by year/) }]);
  });

  it("is refused from the grant's last year (no lines in the next year)", () => {
    expect(carryForwardProblems({ ...base, nextFinancialYearId: null })[0]).toMatchObject({ field: "outcome", message: expect.stringMatching(/no cost lines in the next/) });
  });

  it("may not carry more than is outstanding, to the penny", () => {
    expect(carryForwardProblems({ ...base, amountPence: 150_001, fromLine: { ...doorbells, spentPence: 0 } })).toEqual([{ field: "amount", message: "Amount must be no more than the outstanding underspend, £1,500.00" }]);
    expect(carryForwardProblems({ ...base, amountPence: 149_999 })).toEqual([]);
  });

  it("never takes the from-line below its spend", () => {
    const nearlySpent = { ...doorbells, spentPence: 1_799_999 };
    expect(carryForwardProblems({ ...base, outstandingPence: 500_000, amountPence: 2, fromLine: nearlySpent })).toEqual([
      { field: "fromLineId", message: "That line has £0.01 unspent: a carry-forward cannot take it below what has been spent on it" },
    ]);
    expect(carryForwardProblems({ ...base, amountPence: 1, fromLine: nearlySpent })).toEqual([]);
  });

  it("must go from this year's line to a line of the next year", () => {
    expect(carryForwardProblems({ ...base, fromLine: alarms, toLine: alarms }).map((p) => p.field)).toEqual(["fromLineId"]);
    expect(carryForwardProblems({ ...base, toLine: doorbells }).map((p) => p.field)).toEqual(["toLineId"]);
    expect(carryForwardProblems({ ...base, fromLine: null, toLine: null }).map((p) => p.field)).toEqual(["fromLineId", "toLineId"]);
  });

  it("never moves money between capital and revenue", () => {
    expect(carryForwardProblems({ ...base, toLine: training })).toEqual([{ field: "toLineId", message: "Choose a capital line: money cannot be carried between capital and revenue" }]);
  });

  it("is offered from the year's line with the most left unspent", () => {
    const other = { ...doorbells, costLineId: 14, currentPence: 76_780, spentPence: 63_900 };
    expect(suggestedFromLine([other, alarms, doorbells], Y23)?.costLineId).toBe(11);
    expect(suggestedFromLine([alarms], Y23)).toBeNull();
  });
});

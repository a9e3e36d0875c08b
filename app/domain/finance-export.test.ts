import { describe, expect, it } from "vitest";
import { penceAsDecimal, penceToPounds, shareByLargestRemainder, underspendOutcomeText } from "./finance-export";

describe("sharing a grant's payments over its cost lines", () => {
  it("shares in proportion to the lines' current amounts, adding up exactly", () => {
    expect(shareByLargestRemainder(1000, [1, 1, 1])).toEqual([334, 333, 333]);
    expect(shareByLargestRemainder(100, [2, 1])).toEqual([67, 33]);
    expect(shareByLargestRemainder(303500, [153500, 150000])).toEqual([153500, 150000]);
  });

  it("gives the odd pennies to the largest fractions, the earlier line on a tie", () => {
    // 10 × 1/6 = 1.67, 10 × 2/6 = 3.33, 10 × 3/6 = 5: 1 + 3 + 5 = 9, the penny left to the first (0.67).
    expect(shareByLargestRemainder(10, [1, 2, 3])).toEqual([2, 3, 5]);
    expect(shareByLargestRemainder(1, [5, 5])).toEqual([1, 0]);
    expect(shareByLargestRemainder(2, [1, 1, 1])).toEqual([1, 1, 0]);
  });

  it("always adds up to the total, for awkward amounts", () => {
    const cases: [number, number[]][] = [
      [14250, [303500, 9999, 1]],
      [1, [1, 1, 1, 1, 1, 1, 1]],
      [99_999_999_999, [33_333_333_333, 33_333_333_333, 33_333_333_334]],
      [7, [0, 3, 0, 4]],
      [2_900_000_000, [1_000_000_000_000, 7, 13]],
    ];
    for (const [total, weights] of cases) {
      const shares = shareByLargestRemainder(total, weights);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
      expect(shares.every((s) => Number.isInteger(s) && s >= 0)).toBe(true);
    }
  });

  it("gives a line of nothing nothing, and shares equally when every line is nothing", () => {
    expect(shareByLargestRemainder(500, [0, 1000])).toEqual([0, 500]);
    expect(shareByLargestRemainder(500, [-200, 1000])).toEqual([0, 500]);
    expect(shareByLargestRemainder(5, [0, 0])).toEqual([3, 2]);
  });

  it("shares nothing as nothing, and a negative total as its opposite", () => {
    expect(shareByLargestRemainder(0, [1, 2])).toEqual([0, 0]);
    expect(shareByLargestRemainder(-10, [1, 2, 3])).toEqual([-2, -3, -5]);
    expect(shareByLargestRemainder(0, [])).toEqual([]);
    expect(() => shareByLargestRemainder(100, [])).toThrow(RangeError);
    expect(() => shareByLargestRemainder(1.5, [1])).toThrow(RangeError);
  });
});

describe("what became of an underspend, in words", () => {
  it("names each outcome with its amount", () => {
    expect(underspendOutcomeText([])).toBe("");
    expect(underspendOutcomeText([{ outcome: "returned", amountPence: 14250, clawbackStatus: "received", clawbackPence: 14250 }])).toBe(
      "Returned £142.50 (clawback of £142.50 received)",
    );
    expect(underspendOutcomeText([{ outcome: "returned", amountPence: 500 }])).toBe("Returned £5.00");
    expect(
      underspendOutcomeText([
        { outcome: "reallocated", amountPence: 5000 },
        { outcome: "carried_forward", amountPence: 30000, toYearLabel: "2024-25" },
        { outcome: "returned", amountPence: 1 },
      ]),
    ).toBe("Returned £0.01; Carried forward £300.00 into 2024-25; Re-allocated £50.00");
  });
});

describe("pence in a spreadsheet", () => {
  it("writes pounds exactly", () => {
    expect(penceToPounds(14250)).toBe(142.5);
    expect(penceToPounds(-1)).toBe(-0.01);
    expect(penceAsDecimal(303500)).toBe("3035.00");
    expect(penceAsDecimal(-1230)).toBe("-12.30");
    expect(penceAsDecimal(7)).toBe("0.07");
    expect(penceAsDecimal(0)).toBe("0.00");
    expect(penceAsDecimal(99_999_999_999)).toBe("999999999.99");
  });
});

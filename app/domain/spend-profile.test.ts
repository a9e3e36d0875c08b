import { describe, expect, it } from "vitest";
import { quartersBetween } from "./payment-schedule";
import { compareQuarters, profileFor, quartersAfter, spendProfile } from "./spend-profile";

const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);

describe("a cost line's spend profile", () => {
  it("spreads a year-long line evenly over its four quarters: the officer's £30,924 salary is £7,731 a quarter", () => {
    const quarters = quartersBetween("2023-04-01", "2024-03-31");
    expect(spendProfile(3_092_400, 2023, quarters)).toEqual([773_100, 773_100, 773_100, 773_100]);
  });

  it("gives the odd pennies to the last quarter", () => {
    const quarters = quartersBetween("2023-07-01", "2024-03-31");
    // WCCTV help point, £3,000 over July to March: three quarters.
    expect(spendProfile(300_000, 2023, quarters)).toEqual([100_000, 100_000, 100_000]);
    expect(spendProfile(100, 2023, quarters)).toEqual([33, 33, 34]);
    expect(spendProfile(2, 2023, quarters)).toEqual([0, 0, 2]);
  });

  it("only uses the grant's quarters in the line's own financial year", () => {
    // Safer Streets 5: October 2023 to March 2025, six quarters over two years.
    const quarters = quartersBetween("2023-10-01", "2025-03-31");
    expect(quarters).toHaveLength(6);
    expect(spendProfile(76_780, 2024, quarters)).toEqual([0, 0, 19_195, 19_195, 19_195, 19_195]);
    expect(spendProfile(153_500, 2023, quarters)).toEqual([76_750, 76_750, 0, 0, 0, 0]);
  });

  it("a line dated in a year the grant does not run in falls whole in the nearest quarter", () => {
    const quarters = quartersBetween("2023-10-01", "2025-03-31");
    expect(spendProfile(1_000, 2022, quarters)).toEqual([1_000, 0, 0, 0, 0, 0]);
    expect(spendProfile(1_000, 2026, quarters)).toEqual([0, 0, 0, 0, 0, 1_000]);
  });

  it("always sums to the budget exactly", () => {
    const quarters = quartersBetween("2023-05-14", "2025-02-02");
    for (const budget of [0, 1, 3, 7, 99, 100_001, 3_092_400, 123_456_789]) {
      for (const year of [2022, 2023, 2024, 2025]) {
        const profile = spendProfile(budget, year, quarters);
        expect(sum(profile), `${budget} in ${year}`).toBe(budget);
        expect(profile.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
      }
    }
  });

  it("a zero budget profiles nothing; no quarters give an empty profile; a negative budget is refused", () => {
    expect(spendProfile(0, 2023, quartersBetween("2023-04-01", "2023-09-30"))).toEqual([0, 0]);
    expect(spendProfile(500, 2023, [])).toEqual([]);
    expect(() => spendProfile(-1, 2023, [{ startYear: 2023, quarter: 1 }])).toThrow(RangeError);
    expect(() => spendProfile(1.5, 2023, [{ startYear: 2023, quarter: 1 }])).toThrow(RangeError);
  });

  it("reads one quarter's profile, 0 outside the grant", () => {
    const quarters = quartersBetween("2023-07-01", "2023-12-31");
    // Play Close CCTV, £4,843 over July to December.
    expect(profileFor(484_300, 2023, quarters, { startYear: 2023, quarter: 2 })).toBe(242_150);
    expect(profileFor(484_300, 2023, quarters, { startYear: 2023, quarter: 3 })).toBe(242_150);
    expect(profileFor(484_300, 2023, quarters, { startYear: 2023, quarter: 4 })).toBe(0);
  });

  it("orders quarters across financial years and lists the ones still to come", () => {
    const quarters = quartersBetween("2023-10-01", "2025-03-31");
    expect(compareQuarters({ startYear: 2023, quarter: 4 }, { startYear: 2024, quarter: 1 })).toBeLessThan(0);
    expect(compareQuarters({ startYear: 2024, quarter: 2 }, { startYear: 2024, quarter: 2 })).toBe(0);
    expect(quartersAfter(quarters, { startYear: 2024, quarter: 2 })).toEqual([
      { startYear: 2024, quarter: 3 },
      { startYear: 2024, quarter: 4 },
    ]);
    expect(quartersAfter(quarters, { startYear: 2024, quarter: 4 })).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import {
  barLength,
  compactPounds,
  grantFlags,
  isOfferLapsed,
  niceScale,
  percentOf,
  quarterFromIndex,
  quarterIndex,
  underspendBeyondTolerance,
  underspendPence,
  variancePence,
  type GrantPosition,
} from "./reconciliation";

describe("variance and underspend", () => {
  it("variance is forecast less approved, either way", () => {
    expect(variancePence(90_000, 100_000)).toBe(-10_000);
    expect(variancePence(100_001, 100_000)).toBe(1);
    expect(variancePence(0, 0)).toBe(0);
  });

  it("an underspend is only ever the shortfall", () => {
    expect(underspendPence(100_000, 90_000)).toBe(10_000);
    expect(underspendPence(100_000, 120_000)).toBe(0);
    expect(underspendPence(100_000, 100_000)).toBe(0);
  });

  it("tolerance: exactly 10% of £767.80 (£76.78) is within it, a penny more is beyond", () => {
    expect(underspendBeyondTolerance(7_678, 76_780, 1000)).toBe(false);
    expect(underspendBeyondTolerance(7_679, 76_780, 1000)).toBe(true);
  });

  it("tolerance of a fraction of a penny: 10% of £0.05 lets nothing more than 0.5p through", () => {
    expect(underspendBeyondTolerance(0, 5, 1000)).toBe(false);
    expect(underspendBeyondTolerance(1, 5, 1000)).toBe(true);
  });

  it("a zero tolerance flags any underspend; 100% flags none", () => {
    expect(underspendBeyondTolerance(1, 1_000_000, 0)).toBe(true);
    expect(underspendBeyondTolerance(1_000_000, 1_000_000, 10_000)).toBe(false);
  });
});

describe("a grant's flags", () => {
  const onTrack: GrantPosition = {
    approvedPence: 100_000, spentPence: 50_000, forecastPence: 100_000, paidPence: 50_000, toleranceBasisPoints: 1000,
    overspentLines: 0, overdueReturns: 0, offerStatus: "accepted",
  };

  it("none when everything is on track", () => {
    expect(grantFlags(onTrack)).toEqual([]);
  });

  it("each rule raises its own flag", () => {
    expect(grantFlags({ ...onTrack, forecastPence: 89_999 })).toEqual(["underspend"]);
    expect(grantFlags({ ...onTrack, forecastPence: 90_000 })).toEqual([]);
    expect(grantFlags({ ...onTrack, overspentLines: 1 })).toEqual(["overspent_line"]);
    expect(grantFlags({ ...onTrack, paidPence: 50_001 })).toEqual(["paid_ahead"]);
    expect(grantFlags({ ...onTrack, overdueReturns: 2 })).toEqual(["returns_overdue"]);
    expect(grantFlags({ ...onTrack, offerStatus: "offered" })).toEqual(["offer_not_accepted"]);
  });

  it("a payment ahead of the spend is no longer flagged once the difference is being clawed back", () => {
    // The mirrors: £767.80 paid, £639.00 evidenced, £128.80 raised to recover.
    const mirrors = { ...onTrack, paidPence: 76_780, spentPence: 63_900 };
    expect(grantFlags(mirrors)).toContain("paid_ahead");
    expect(grantFlags({ ...mirrors, recoveringPence: 12_880 })).not.toContain("paid_ahead");
    expect(grantFlags({ ...mirrors, recoveringPence: 12_879 })).toContain("paid_ahead");
  });

  it("an overspend forecast is not an underspend", () => {
    expect(grantFlags({ ...onTrack, forecastPence: 150_000 })).toEqual([]);
  });

  it("several at once, in a fixed order", () => {
    expect(grantFlags({ ...onTrack, forecastPence: 0, paidPence: 60_000, overdueReturns: 1, overspentLines: 2 })).toEqual([
      "underspend", "overspent_line", "paid_ahead", "returns_overdue",
    ]);
  });

  it("an offer lapses the day after its accept-by date", () => {
    expect(isOfferLapsed({ offerStatus: "offered", acceptBy: "2023-08-17" }, "2023-08-17")).toBe(false);
    expect(isOfferLapsed({ offerStatus: "offered", acceptBy: "2023-08-17" }, "2023-08-18")).toBe(true);
    expect(isOfferLapsed({ offerStatus: "accepted", acceptBy: "2023-08-17" }, "2024-01-01")).toBe(false);
  });
});

// A cost line's profile is spendProfile's (app/domain/spend-profile.test.ts).
describe("quarters", () => {
  const q = (startYear: number, quarter: 1 | 2 | 3 | 4) => ({ startYear, quarter });

  it("are numbered in order", () => {
    expect(quarterIndex(q(2023, 4)) + 1).toBe(quarterIndex(q(2024, 1)));
    expect(quarterFromIndex(quarterIndex(q(2024, 3)))).toEqual(q(2024, 3));
  });
});

describe("chart scales", () => {
  it("rounds the axis up to 1, 2 or 5 times a power of ten per step", () => {
    expect(niceScale(3_100_000)).toEqual({ max: 4_000_000, ticks: [0, 1_000_000, 2_000_000, 3_000_000, 4_000_000] });
    expect(niceScale(1_546_200)).toEqual({ max: 2_000_000, ticks: [0, 500_000, 1_000_000, 1_500_000, 2_000_000] });
    expect(niceScale(100).ticks).toEqual([0, 50, 100]);
  });

  it("a chart of nothing still has an axis", () => {
    expect(niceScale(0)).toEqual({ max: 100, ticks: [0, 100] });
    expect(niceScale(Number.NaN).max).toBe(100);
  });

  it("bars are never negative and never run past the axis", () => {
    expect(barLength(50, 100, 400)).toBe(200);
    expect(barLength(-5, 100, 400)).toBe(0);
    expect(barLength(150, 100, 400)).toBe(400);
    expect(barLength(5, 0, 400)).toBe(0);
  });

  it("axis labels are short", () => {
    expect(compactPounds(3_100_000)).toBe("£31k");
    expect(compactPounds(150_000_000)).toBe("£1.5m");
    expect(compactPounds(4_999)).toBe("£50");
    expect(compactPounds(0)).toBe("£0");
  });

  it("percentages of nothing are a dash", () => {
    expect(percentOf(1, 3)).toBe("33%");
    expect(percentOf(5, 0)).toBe("—");
  });
});

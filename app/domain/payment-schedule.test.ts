import { describe, expect, it } from "vitest";
import { ScheduleError, paymentSchedule, quartersBetween } from "./payment-schedule";

describe("a grant's payment schedule", () => {
  it("quarterly in arrears pays after each quarter the project runs: Drink Safe, September to March, is paid in three instalments", () => {
    const schedule = paymentSchedule({ basis: "quarterly_arrears", totalPence: 303_500, startDate: "2023-09-01", endDate: "2024-03-31", decidedOn: "2023-07-20", milestones: [] });
    expect(schedule).toEqual([
      { dueOn: "2023-10-01", label: "2023-24 Q2", amountPence: 101_166 },
      { dueOn: "2024-01-01", label: "2023-24 Q3", amountPence: 101_166 },
      { dueOn: "2024-04-01", label: "2023-24 Q4", amountPence: 101_168 },
    ]);
  });
  it("the instalments always add up to the grant", () => {
    for (const total of [1, 2, 3, 99, 100_001, 1_546_200]) {
      const schedule = paymentSchedule({ basis: "quarterly_arrears", totalPence: total, startDate: "2023-10-01", endDate: "2025-03-31", decidedOn: "2023-09-01", milestones: [] });
      expect(schedule).toHaveLength(6);
      expect(schedule.reduce((n, i) => n + i.amountPence, 0)).toBe(total);
    }
  });
  it("in advance pays everything on the later of the decision and the start", () => {
    expect(paymentSchedule({ basis: "advance", totalPence: 500, startDate: "2023-07-01", endDate: "2023-12-31", decidedOn: "2023-07-20", milestones: [] })).toEqual([
      { dueOn: "2023-07-20", label: "Advance payment", amountPence: 500 },
    ]);
  });
  it("on milestones pays after each milestone quarter, once per quarter", () => {
    const schedule = paymentSchedule({
      basis: "milestones", totalPence: 1_000, startDate: "2023-04-01", endDate: "2024-03-31", decidedOn: "2023-04-01",
      milestones: [{ startYear: 2023, quarter: 4 }, { startYear: 2023, quarter: 2 }, { startYear: 2023, quarter: 2 }],
    });
    expect(schedule.map((i) => [i.dueOn, i.amountPence])).toEqual([["2023-10-01", 500], ["2024-04-01", 500]]);
  });
  it("refuses milestone payments for a bid without milestones", () => {
    expect(() => paymentSchedule({ basis: "milestones", totalPence: 1_000, startDate: "2023-04-01", endDate: "2024-03-31", decidedOn: "2023-04-01", milestones: [] })).toThrow(ScheduleError);
  });
  it("a rejected bid (nothing granted) has no schedule", () => {
    expect(paymentSchedule({ basis: "quarterly_arrears", totalPence: 0, startDate: "2023-04-01", endDate: "2024-03-31", decidedOn: "2023-04-01", milestones: [] })).toEqual([]);
  });
  it("quarters run across the financial year end", () => {
    expect(quartersBetween("2024-02-15", "2024-05-01")).toEqual([{ startYear: 2023, quarter: 4 }, { startYear: 2024, quarter: 1 }]);
  });
});

import { describe, expect, it } from "vitest";
import { ScheduleError, paymentSchedule, quartersBetween, reschedule } from "./payment-schedule";

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

describe("rescheduling a grant after a correction, once payments have been made", () => {
  // Quarterly in arrears over a year: £1,000.00 in four instalments of £250.00.
  const schedule = paymentSchedule({ basis: "quarterly_arrears", totalPence: 100_000, startDate: "2023-04-01", endDate: "2024-03-31", decidedOn: "2023-04-01", milestones: [] });

  it("with nothing paid, the corrected schedule stands as it is", () => {
    expect(reschedule(schedule, 0, "2023-11-15")).toEqual(schedule);
  });

  it("shares what is left over the instalments still to come, keeping their dates and labels", () => {
    // Two instalments (£500.00) paid; the correction grants £800.00: £300.00 over Q3 and Q4.
    const corrected = paymentSchedule({ basis: "quarterly_arrears", totalPence: 80_000, startDate: "2023-04-01", endDate: "2024-03-31", decidedOn: "2023-04-01", milestones: [] });
    expect(reschedule(corrected, 50_000, "2023-11-15")).toEqual([
      { dueOn: "2024-01-01", label: "2023-24 Q3", amountPence: 15_000 },
      { dueOn: "2024-04-01", label: "2023-24 Q4", amountPence: 15_000 },
    ]);
  });

  it("gives the odd pennies to the last instalment, so paid and scheduled add up to the grant", () => {
    const rest = reschedule(schedule, 33_333, "2023-11-15");
    expect(rest.map((i) => i.amountPence)).toEqual([33_333, 33_334]);
    expect(33_333 + rest.reduce((n, i) => n + i.amountPence, 0)).toBe(100_000);
  });

  it("an instalment due today is still to come", () => {
    expect(reschedule(schedule, 25_000, "2024-01-01").map((i) => i.dueOn)).toEqual(["2024-01-01", "2024-04-01"]);
  });

  it("with every date passed, what is left is one instalment due today", () => {
    expect(reschedule(schedule, 60_000, "2024-06-30")).toEqual([{ dueOn: "2024-06-30", label: "Balance after the corrected decision", amountPence: 40_000 }]);
  });

  it("an advance paid in part leaves one balance instalment", () => {
    const advance = paymentSchedule({ basis: "advance", totalPence: 500, startDate: "2023-07-01", endDate: "2023-12-31", decidedOn: "2023-07-20", milestones: [] });
    expect(reschedule(advance, 200, "2023-08-01")).toEqual([{ dueOn: "2023-08-01", label: "Balance after the corrected decision", amountPence: 300 }]);
  });

  it("paid as much as the new grant, or more, leaves nothing to schedule", () => {
    expect(reschedule(schedule, 100_000, "2023-11-15")).toEqual([]);
    expect(reschedule(schedule, 120_000, "2023-11-15")).toEqual([]);
    expect(reschedule([], 5_000, "2023-11-15")).toEqual([]);
  });
});

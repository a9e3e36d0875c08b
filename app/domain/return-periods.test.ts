import { describe, expect, it } from "vitest";
import { quarterHasEnded, returnPeriodLabel, returnPeriods } from "./return-periods";

describe("the quarterly returns a grant owes", () => {
  it("one for every financial quarter its project runs in, each due 30 days after the quarter ends", () => {
    const periods = returnPeriods({ startDate: "2023-10-01", endDate: "2025-03-31" }, 30);
    expect(periods.map((p) => `${p.startYear} Q${p.quarter} due ${p.dueOn}`)).toEqual([
      "2023 Q3 due 2024-01-30", "2023 Q4 due 2024-04-30", "2024 Q1 due 2024-07-30", "2024 Q2 due 2024-10-30", "2024 Q3 due 2025-01-30", "2024 Q4 due 2025-04-30",
    ]);
    expect(periods[0]).toMatchObject({ periodStart: "2023-10-01", periodEnd: "2023-12-31" });
  });

  it("a quarter already over when the offer was accepted is due 30 days after the acceptance, not before it", () => {
    const periods = returnPeriods({ startDate: "2023-04-01", endDate: "2024-03-31", acceptedOn: "2023-07-26" }, 30);
    expect(periods.map((p) => p.dueOn)).toEqual(["2023-08-25", "2023-10-30", "2024-01-30", "2024-04-30"]);
  });

  it("names a quarter with its months, and knows when it has ended", () => {
    expect(returnPeriodLabel(2023, 4)).toBe("2023-24 Q4 (January to March 2024)");
    expect(quarterHasEnded({ periodEnd: "2023-06-30" }, "2023-06-30")).toBe(false);
    expect(quarterHasEnded({ periodEnd: "2023-06-30" }, "2023-07-01")).toBe(true);
  });
});

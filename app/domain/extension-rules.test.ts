import { describe, expect, it } from "vitest";
import { currentEndDate, extendedInstalments, extensionProblem } from "./extension-rules";

const safer = { startDate: "2023-10-01", currentEndDate: "2025-03-31", maxDurationMonths: 24, maySpanYears: true };
const annual = { startDate: "2023-05-01", currentEndDate: "2024-01-31", maxDurationMonths: 12, maySpanYears: false };

describe("a time extension", () => {
  it("may move Beckmill Court's end to 30 June 2025", () => {
    expect(extensionProblem({ ...safer, newEndDate: "2025-06-30" })).toBeNull();
  });

  it("must end after the current end", () => {
    expect(extensionProblem({ ...safer, newEndDate: "2025-03-31" })).toMatch(/after the current end date, 31 March 2025/);
    expect(extensionProblem({ ...safer, newEndDate: "2024-12-31" })).toMatch(/after the current end date/);
  });

  it("may not make the grant longer than the fund allows: 24 months from October 2023 ends in September 2025", () => {
    expect(extensionProblem({ ...safer, newEndDate: "2025-09-30" })).toBeNull();
    expect(extensionProblem({ ...safer, newEndDate: "2025-10-01" })).toMatch(/25 months; this fund allows at most 24. A longer grant needs a new PCC decision/);
  });

  it("may not run past 31 March of the start's year when the fund does not span years", () => {
    expect(extensionProblem({ ...annual, newEndDate: "2024-03-31" })).toBeNull();
    expect(extensionProblem({ ...annual, newEndDate: "2024-04-01" })).toMatch(/must end by 31 March 2024. A later end date needs a new PCC decision/);
  });

  it("starts from the approved extension's end when there is one", () => {
    expect(currentEndDate({ extendedTo: null, endDate: "2025-03-31" })).toBe("2025-03-31");
    expect(currentEndDate({ extendedTo: "2025-06-30", endDate: "2025-03-31" })).toBe("2025-06-30");
  });
});

describe("the schedule after an extension", () => {
  it("shares what is unpaid over the quarters to the new end: Beckmill Court to 30 June 2025", () => {
    // Six quarters of £1,000.01 paid for two; the rest over 2024-25 Q1 to 2025-26 Q1.
    const kept = [
      { dueOn: "2024-01-01", label: "2023-24 Q3", amountPence: 100_001 },
      { dueOn: "2024-04-01", label: "2023-24 Q4", amountPence: 100_001 },
    ];
    const next = extendedInstalments({ kept, totalPence: 600_006, startDate: "2023-10-01", newEndDate: "2025-06-30" });
    expect(next.map((i) => i.label)).toEqual(["2024-25 Q1", "2024-25 Q2", "2024-25 Q3", "2024-25 Q4", "2025-26 Q1"]);
    expect(next.map((i) => i.amountPence)).toEqual([80_000, 80_000, 80_000, 80_000, 80_004]);
    expect(next.at(-1)!.dueOn).toBe("2025-07-01");
  });

  it("leaves nothing to schedule when everything is paid", () => {
    expect(extendedInstalments({ kept: [{ dueOn: "2024-04-01", label: "Advance payment", amountPence: 500 }], totalPence: 500, startDate: "2023-10-01", newEndDate: "2025-06-30" })).toEqual([]);
  });

  it("with nothing kept, is the whole quarterly schedule to the new end", () => {
    const next = extendedInstalments({ kept: [], totalPence: 100, startDate: "2024-01-15", newEndDate: "2024-06-30" });
    expect(next).toEqual([
      { dueOn: "2024-04-01", label: "2023-24 Q4", amountPence: 50 },
      { dueOn: "2024-07-01", label: "2024-25 Q1", amountPence: 50 },
    ]);
  });
});

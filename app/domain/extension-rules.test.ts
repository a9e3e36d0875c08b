import { describe, expect, it } from "vitest";
import { currentEndDate, extensionProblem } from "./extension-rules";

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

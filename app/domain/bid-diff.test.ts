import { describe, expect, it } from "vitest";
import { diffSnapshots, type BidSnapshot } from "./bid-diff";

const FIRST: BidSnapshot = {
  title: "Drink Safe", summary: "Covers and strips", need: "Spiking reports", activities: "Distribute", deliveryPartners: "", locations: "Melton",
  startDate: "2023-09-01", endDate: "2024-03-31", priorities: ["VAWG"], milestones: [],
  costLines: [
    { description: "Drink-spiking testing strips", quantityHundredths: 100_000, unitPriceTenThousandths: 15_000, expenditureType: "revenue", recurrence: "one_off", financialYearLabel: "2023-24" },
    { description: "Drink covers", quantityHundredths: 1_000_000, unitPriceTenThousandths: 1_535, expenditureType: "revenue", recurrence: "one_off", financialYearLabel: "2023-24" },
  ],
  matchFunding: [], outcomes: [], risks: [], holdsPersonalData: false, dpiaCompleted: null, equalityImpact: "None",
  totalCostPence: 303_500, matchFundingPence: 0, requestedPence: 303_500,
};

describe("what changed between two submissions", () => {
  it("the same submission twice has no changes", () => {
    expect(diffSnapshots(FIRST, structuredClone(FIRST))).toEqual([]);
  });
  it("a changed field shows before and after", () => {
    expect(diffSnapshots(FIRST, { ...FIRST, title: "Drink Safe Melton" })).toEqual([{ what: "Title", before: "Drink Safe", after: "Drink Safe Melton" }]);
  });
  it("halving the drink covers shows the old line removed, the new one added, and the new amount requested", () => {
    const second = structuredClone(FIRST);
    second.costLines[1].quantityHundredths = 500_000;
    second.totalCostPence = 226_750;
    second.requestedPence = 226_750;
    const changes = diffSnapshots(FIRST, second);
    expect(changes).toEqual([
      { what: "Cost line removed", before: "Drink covers: 10,000 × £0.1535 = £1,535.00 (revenue, one-off, 2023-24)", after: "" },
      { what: "Cost line added", before: "", after: "Drink covers: 5,000 × £0.1535 = £767.50 (revenue, one-off, 2023-24)" },
      { what: "Requested from the OPCC", before: "£3,035.00", after: "£2,267.50" },
    ]);
  });
  it("an added priority is listed", () => {
    expect(diffSnapshots(FIRST, { ...FIRST, priorities: ["VAWG", "Prevent"] })).toEqual([{ what: "Priority added", before: "", after: "Prevent" }]);
  });
});

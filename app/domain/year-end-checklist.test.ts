import { describe, expect, it } from "vitest";
import { allClear, blockerCount, checklistItems, closeRefusal, NO_BLOCKERS, reconciliationGapPence, reconciliationText } from "./year-end-checklist";
import { opccFundedSpendPence } from "./underspend";

describe("the year-end checklist", () => {
  it("is all clear when nothing blocks, and every item says so", () => {
    const items = checklistItems(NO_BLOCKERS);
    expect(items.map((i) => i.key)).toEqual(["returns", "payments", "underspends", "variations", "offers"]);
    expect(allClear(items)).toBe(true);
    expect(closeRefusal(items)).toBeNull();
    expect(blockerCount(NO_BLOCKERS)).toBe(0);
  });

  it("is not clear while one return is not accepted, and says how many", () => {
    const items = checklistItems({ ...NO_BLOCKERS, returnsNotAccepted: 1 });
    expect(allClear(items)).toBe(false);
    expect(items[0]).toMatchObject({ clear: false, count: 1, summary: "1 return has not been accepted." });
    expect(items.slice(1).every((i) => i.clear)).toBe(true);
  });

  it("says which way payments are out, in pounds", () => {
    const items = checklistItems({ ...NO_BLOCKERS, paymentsUnreconciled: 2, overpaidPence: 14_250, unpaidPence: 76_780 });
    expect(items[1].summary).toBe("2 grants ending this year are not reconciled: paid £142.50 more than evidenced; £767.80 evidenced not yet paid.");
  });

  it("counts outstanding underspend, undecided variations and open offers", () => {
    const c = { ...NO_BLOCKERS, underspendsOutstanding: 1, outstandingPence: 12_880, variationsUndecided: 3, offersOpen: 1_204 };
    const items = checklistItems(c);
    expect(items[2].summary).toBe("1 grant has £128.80 of underspend still to resolve.");
    expect(items[3].summary).toBe("3 variations are waiting for a decision.");
    expect(items[4].summary).toBe("1,204 offers are still open to be accepted.");
    expect(blockerCount(c)).toBe(1 + 3 + 1_204);
    expect(closeRefusal(items)).toBe(
      "The year cannot be closed yet: 1 grant has £128.80 of underspend still to resolve; 3 variations are waiting for a decision; 1,204 offers are still open to be accepted.",
    );
  });
});

describe("reconciling payments to evidenced spend", () => {
  it("is reconciled when paid less clawbacks is the OPCC-funded spend (Drink Safe: paid £2,267.50 in advance, spent £2,125.00, £142.50 clawed back)", () => {
    const funded = opccFundedSpendPence({ currentCostPence: 226_750, spentPence: 212_500, matchFundingPence: 0 });
    expect(reconciliationGapPence({ paidPence: 226_750, clawbacksPence: 0, opccFundedSpendPence: funded })).toBe(14_250);
    expect(reconciliationText(14_250)).toBe("paid £142.50 more than evidenced");
    expect(reconciliationGapPence({ paidPence: 226_750, clawbacksPence: 14_250, opccFundedSpendPence: funded })).toBe(0);
    expect(reconciliationText(0)).toBeNull();
  });

  it("spends match funding first, so a part-spent match-funded grant owes nothing until spend passes the match", () => {
    // £1,000 of cost, £400 of match funding: £600 granted. £300 spent is all match funding.
    const funded = opccFundedSpendPence({ currentCostPence: 100_000, spentPence: 30_000, matchFundingPence: 40_000 });
    expect(funded).toBe(0);
    expect(reconciliationText(reconciliationGapPence({ paidPence: 0, clawbacksPence: 0, opccFundedSpendPence: funded }))).toBeNull();
  });

  it("says what was evidenced and not paid, to the penny (Convex mirrors: £639.00 spent, £511.20 paid)", () => {
    const funded = opccFundedSpendPence({ currentCostPence: 76_780, spentPence: 63_900, matchFundingPence: 0 });
    expect(reconciliationText(reconciliationGapPence({ paidPence: 51_120, clawbacksPence: 0, opccFundedSpendPence: funded }))).toBe("£127.80 evidenced not yet paid");
  });
});

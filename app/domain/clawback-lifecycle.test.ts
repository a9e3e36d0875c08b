import { describe, expect, it } from "vitest";
import { clawbackActions, clawbackDateProblem, clawbackRefusal, lockedWhenYearClosed, nextClawbackStatus } from "./clawback-lifecycle";
import { clawbackDuePence, clawbackForReturnPence, opccFundedSpendPence } from "./underspend";

describe("a clawback's life-cycle", () => {
  it("goes raised → invoiced → received", () => {
    expect(nextClawbackStatus("raised", "invoice")).toBe("invoiced");
    expect(nextClawbackStatus("invoiced", "receive")).toBe("received");
  });

  it("may be waived while raised or invoiced", () => {
    expect(nextClawbackStatus("raised", "waive")).toBe("waived");
    expect(nextClawbackStatus("invoiced", "waive")).toBe("waived");
  });

  it("cannot be received before it is invoiced, nor invoiced twice", () => {
    expect(nextClawbackStatus("raised", "receive")).toBeNull();
    expect(clawbackRefusal("raised", "receive")).toMatch(/Only an invoiced clawback/);
    expect(clawbackRefusal("invoiced", "invoice")).toMatch(/already been invoiced/);
  });

  it("allows nothing after received or waived", () => {
    for (const status of ["received", "waived"] as const) {
      expect(clawbackActions(status)).toEqual([]);
      for (const action of ["invoice", "receive", "waive"] as const) expect(clawbackRefusal(status, action)).toMatch(new RegExp(`has been ${status}`));
    }
    expect(clawbackActions("raised")).toEqual(["invoice", "waive"]);
    expect(clawbackActions("invoiced")).toEqual(["receive", "waive"]);
  });

  it("lets only receiving through once the year is closed", () => {
    expect(lockedWhenYearClosed("receive")).toBe(false);
    expect(lockedWhenYearClosed("invoice")).toBe(true);
    expect(lockedWhenYearClosed("waive")).toBe(true);
  });

  it("keeps its dates in order", () => {
    expect(clawbackDateProblem("invoice", "2024-05-19", { raisedOn: "2024-05-20", invoicedOn: null })).toMatch(/on or after the day/);
    expect(clawbackDateProblem("invoice", "2024-05-20", { raisedOn: "2024-05-20", invoicedOn: null })).toBeNull();
    expect(clawbackDateProblem("receive", "2024-05-21", { raisedOn: "2024-05-20", invoicedOn: "2024-05-22" })).toMatch(/on or after the invoice/);
    expect(clawbackDateProblem("receive", "2024-06-14", { raisedOn: "2024-05-20", invoicedOn: "2024-05-22" })).toBeNull();
  });
});

describe("the clawback raised when an underspend is returned", () => {
  it("is paid less evidenced spend: Drink Safe paid £2,267.50, spent £2,125.00, £142.50 to repay", () => {
    const spent = opccFundedSpendPence({ currentCostPence: 226_750, spentPence: 212_500, matchFundingPence: 0 });
    expect(clawbackForReturnPence({ paidPence: 226_750, opccFundedSpendPence: spent, alreadyRecoveringPence: 0, returnedPence: 14_250 })).toBe(14_250);
  });

  it("is capped at the amount returned: Convex mirrors £767.80 paid, £639.00 spent, £100.01 returned", () => {
    const spent = opccFundedSpendPence({ currentCostPence: 76_780, spentPence: 63_900, matchFundingPence: 0 });
    expect(clawbackDuePence({ paidPence: 76_780, opccFundedSpendPence: spent, alreadyRecoveringPence: 0 })).toBe(12_880);
    expect(clawbackForReturnPence({ paidPence: 76_780, opccFundedSpendPence: spent, alreadyRecoveringPence: 0, returnedPence: 10_001 })).toBe(10_001);
  });

  it("is only the part that was paid: £300.00 paid of £767.80, £639.00 spent, nothing to repay", () => {
    const spent = opccFundedSpendPence({ currentCostPence: 76_780, spentPence: 63_900, matchFundingPence: 0 });
    expect(clawbackForReturnPence({ paidPence: 30_000, opccFundedSpendPence: spent, alreadyRecoveringPence: 0, returnedPence: 12_880 })).toBe(0);
  });

  it("leaves out what is already being recovered, to the penny", () => {
    expect(clawbackForReturnPence({ paidPence: 226_750, opccFundedSpendPence: 212_500, alreadyRecoveringPence: 14_249, returnedPence: 14_250 })).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { PartApprovalError, approveLines, grantedPence, isPartApproval } from "./part-approval";

// Drink Safe: 1,000 testing strips at £1.50 and 10,000 drink covers at £0.1535.
const DRINK_SAFE = [
  { id: 1, quantityHundredths: 100_000, unitPriceTenThousandths: 15_000 },
  { id: 2, quantityHundredths: 1_000_000, unitPriceTenThousandths: 1_535 },
];

describe("part-approving a bid line by line", () => {
  it("approving every line in full grants what was asked", () => {
    const lines = approveLines(DRINK_SAFE, {});
    expect(lines.map((l) => l.approvedPence)).toEqual([150_000, 153_500]);
    expect(grantedPence(lines, 0)).toBe(303_500);
    expect(isPartApproval(lines)).toBe(false);
  });
  it("approving the testing strips but half the drink covers grants £2,267.50", () => {
    const lines = approveLines(DRINK_SAFE, { 2: 76_750 });
    expect(grantedPence(lines, 0)).toBe(226_750);
    expect(isPartApproval(lines)).toBe(true);
  });
  it("never approves more than a line asks for", () => {
    expect(() => approveLines(DRINK_SAFE, { 1: 150_001 })).toThrow(PartApprovalError);
  });
  it("refuses a negative or fractional amount", () => {
    expect(() => approveLines(DRINK_SAFE, { 1: -1 })).toThrow(PartApprovalError);
    expect(() => approveLines(DRINK_SAFE, { 1: 10.5 })).toThrow(PartApprovalError);
  });
  it("the council's match funding still comes off: the partnership officer's £30,924 post with £15,462 match is a £15,462 grant", () => {
    const lines = approveLines([{ id: 9, quantityHundredths: 100, unitPriceTenThousandths: 309_240_000 }], {});
    expect(grantedPence(lines, 1_546_200)).toBe(1_546_200);
  });
  it("a grant is never below zero", () => {
    const lines = approveLines(DRINK_SAFE, { 1: 0, 2: 0 });
    expect(grantedPence(lines, 5_000)).toBe(0);
  });
});

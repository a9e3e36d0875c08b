import { describe, expect, it } from "vitest";
import { describeTransfer, transferProblems, type TransferFromLine, type TransferToLine } from "./transfer-rules";

const from: TransferFromLine = { id: 1, description: "Convex mirrors", financialYearId: 7, approvedPence: 76_780, currentPence: 76_780, spentPence: 63_900 };
const to: TransferToLine = { id: 2, description: "Drink spiking test strips", financialYearId: 7, approvedPence: 150_000, askedPence: 200_000 };

describe("moving money to another grant", () => {
  it("allows what is unspent, unpaid and within the receiving line's ask", () => {
    expect(transferProblems(from, to, 12_880, 76_780)).toEqual({});
  });

  it("never takes the giving line below its spend: £767.80 with £639.00 spent leaves £128.80", () => {
    expect(transferProblems(from, to, 12_881, 76_780).amount).toBe("The amount cannot be more than is left unspent on Convex mirrors (£128.80)");
  });

  it("moves only money not yet paid, so nothing has to be clawed back", () => {
    expect(transferProblems(from, to, 10_000, 9_999).amount).toBe("Only money not yet paid can move to another grant: £99.99 of this grant is still to be paid");
  });

  it("keeps money a virement brought to the line in its grant", () => {
    const varied = { ...from, approvedPence: 10_000, currentPence: 50_000, spentPence: 0 };
    expect(transferProblems(varied, to, 10_001, 50_000).amount).toMatch(/^The amount cannot be more than the decision approved on Convex mirrors \(£100.00\)/);
  });

  it("gives a receiving line no more than its bid asked for", () => {
    expect(transferProblems({ ...from, spentPence: 0 }, to, 50_001, 76_780).amount).toBe("Drink spiking test strips can take at most £500.00 more: a decision never approves more than a line asks for");
    expect(transferProblems({ ...from, spentPence: 0 }, { ...to, approvedPence: 200_000 }, 1, 76_780).amount).toMatch(/already has all it asked for: release the money for a new project/);
  });

  it("keeps money within its financial year", () => {
    expect(transferProblems(from, { ...to, financialYearId: 8 }, 100, 76_780).to).toMatch(/same financial year/);
  });

  it("may release money to the allocation for a new project, within what is unspent and unpaid", () => {
    expect(transferProblems(from, undefined, 12_880, 76_780)).toEqual({});
  });

  it("asks for the lines when they are not ones the transfer can use", () => {
    expect(transferProblems(undefined, to, 100, 100)).toEqual({ fromCostLineId: "Choose a line of this grant the money comes from" });
    expect(transferProblems(from, null, 100, 100).to).toMatch(/^Choose a line of another/);
  });

  it("reads as what moves where", () => {
    expect(describeTransfer(50_000, "Door alarms", { grantTitle: "Play Close CCTV", line: "Cameras" })).toBe("£500.00 from Door alarms to Play Close CCTV: Cameras");
    expect(describeTransfer(50_000, "Door alarms", null)).toBe("£500.00 from Door alarms, released to the partnership's allocation for a new project");
  });
});

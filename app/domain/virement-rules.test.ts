import { describe, expect, it } from "vitest";
import { approvalReasons, automaticRuleText, formatBasisPoints, isAutomatic, toleranceOfPence, virementProblems, withinTolerance, type VirementLine } from "./virement-rules";

const line = (over: Partial<VirementLine>): VirementLine => ({
  id: 1, description: "Help point", financialYearId: 1, financialYearLabel: "2023-24", expenditureType: "capital", approvedPence: 300_000, currentPence: 300_000, spentPence: 0, ...over,
});
const helpPoint = line({ id: 1, description: "Help point" });
const installation = line({ id: 2, description: "Installation", approvedPence: 185_000, currentPence: 185_000 });
const rules = { toleranceBasisPoints: 1000, virementCapPence: 500_000 };

describe("a virement's problems", () => {
  it("has none for £150.00 from the help point to installation", () => {
    expect(virementProblems(helpPoint, installation, 15_000)).toEqual({});
  });

  it("refuses nothing, a negative amount or no amount", () => {
    expect(virementProblems(helpPoint, installation, 0).amount).toMatch(/more than £0.00/);
    expect(virementProblems(helpPoint, installation, -1).amount).toMatch(/more than £0.00/);
    expect(virementProblems(helpPoint, installation, null).amount).toMatch(/Enter the amount/);
  });

  it("refuses the same line, and lines of different years", () => {
    expect(virementProblems(helpPoint, helpPoint, 100).toCostLineId).toMatch(/different line/);
    expect(virementProblems(helpPoint, line({ id: 3, description: "Training", financialYearId: 2, financialYearLabel: "2024-25" }), 100).toCostLineId).toMatch(/same financial year.*2023-24.*2024-25/);
  });

  it("never takes the giving line below what has been spent on it: £639.00 spent of £767.80 leaves £128.80 to give", () => {
    const mirrors = line({ description: "Convex mirrors", approvedPence: 76_780, currentPence: 76_780, spentPence: 63_900 });
    expect(virementProblems(mirrors, installation, 12_880)).toEqual({});
    expect(virementProblems(mirrors, installation, 12_881).amount).toMatch(/£128.80 or less: £639.00 has already been spent on Convex mirrors/);
  });

  it("never takes the giving line below zero, nor gives what it no longer has after earlier virements", () => {
    const given = line({ currentPence: 5_000 });
    expect(virementProblems(given, installation, 5_001).amount).toMatch(/£50.00 or less/);
    expect(virementProblems(given, installation, 5_000)).toEqual({});
  });

  it("names missing lines as the field's problem", () => {
    const p = virementProblems(undefined, undefined, 100);
    expect(p.fromCostLineId).toBeDefined();
    expect(p.toCostLineId).toBeDefined();
  });
});

describe("automatic approval", () => {
  it("allows exactly 10% of £767.80 (£76.78) and refuses £76.79", () => {
    const to = line({ approvedPence: 76_780, currentPence: 76_780 });
    expect(withinTolerance(to, 7_678, 1000)).toBe(true);
    expect(withinTolerance(to, 7_679, 1000)).toBe(false);
    expect(toleranceOfPence(76_780, 1000)).toBe(7_678);
  });

  it("counts the receiving line's earlier increases (cumulative, from its approved amount)", () => {
    const to = line({ approvedPence: 185_000, currentPence: 195_000 });
    expect(withinTolerance(to, 8_500, 1000)).toBe(true);
    expect(withinTolerance(to, 8_501, 1000)).toBe(false);
  });

  it("lets a line that gave money earlier take it back without using its tolerance", () => {
    const to = line({ approvedPence: 300_000, currentPence: 285_000 });
    expect(withinTolerance(to, 45_000, 1000)).toBe(true);
  });

  it("approves the WCCTV virement automatically", () => {
    expect(isAutomatic(helpPoint, installation, 15_000, rules)).toBe(true);
  });

  it("needs the OPCC for £600 onto a £1,200 docking station (over 10%)", () => {
    const camera = line({ description: "Body-worn camera", approvedPence: 450_000, currentPence: 450_000 });
    const docking = line({ id: 2, description: "Docking station", approvedPence: 120_000, currentPence: 120_000 });
    expect(approvalReasons(camera, docking, 60_000, rules)).toEqual(["it would take Docking station more than 10% (£120.00) over its approved £1,200.00"]);
  });

  it("always needs the OPCC between capital and revenue, however small", () => {
    const revenue = line({ id: 2, expenditureType: "revenue" });
    expect(approvalReasons(helpPoint, revenue, 1, rules)).toEqual(["it moves money from capital to revenue"]);
  });

  it("needs the OPCC above the stream's cap, within tolerance or not", () => {
    const big = line({ id: 2, approvedPence: 10_000_000, currentPence: 10_000_000 });
    const giver = line({ approvedPence: 10_000_000, currentPence: 10_000_000 });
    expect(isAutomatic(giver, big, 500_000, rules)).toBe(true);
    expect(approvalReasons(giver, big, 500_001, rules)).toEqual(["it is more than the fund's limit of £5,000.00 for a virement"]);
  });

  it("with a tolerance of 0 needs the OPCC for any increase", () => {
    expect(isAutomatic(helpPoint, installation, 1, { toleranceBasisPoints: 0, virementCapPence: 500_000 })).toBe(false);
  });

  it("says the rule in words", () => {
    expect(formatBasisPoints(1000)).toBe("10%");
    expect(formatBasisPoints(250)).toBe("2.5%");
    expect(formatBasisPoints(1234)).toBe("12.34%");
    expect(automaticRuleText(rules)).toMatch(/no more than 10% above.*£5,000.00 or less/);
  });
});

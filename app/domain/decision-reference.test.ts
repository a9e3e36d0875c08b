import { describe, expect, it } from "vitest";
import { DEFAULT_REFERENCE_FORMAT, formatDecisionReference, isValidReferenceFormat, referenceFormatProblem } from "./decision-reference";

describe("PCC decision references", () => {
  it("the first decision of 2023-24 is PCC/2023-24/001 by default", () => {
    expect(formatDecisionReference(DEFAULT_REFERENCE_FORMAT, "2023-24", 1)).toBe("PCC/2023-24/001");
  });
  it("numbers past the padding keep every digit", () => {
    expect(formatDecisionReference(DEFAULT_REFERENCE_FORMAT, "2023-24", 1234)).toBe("PCC/2023-24/1234");
  });
  it("an OPCC can use its own format", () => {
    expect(formatDecisionReference("OPCC-DEC-{seq:4}-{year}", "2024-25", 7)).toBe("OPCC-DEC-0007-2024-25");
  });
  it("refuses a format without a number, with two, or with unknown tokens", () => {
    expect(isValidReferenceFormat("PCC/{year}")).toBe(false);
    expect(isValidReferenceFormat("{seq}/{seq}")).toBe(false);
    expect(isValidReferenceFormat("PCC/{month}/{seq}")).toBe(false);
    expect(isValidReferenceFormat("PCC/{year}/{seq:3}")).toBe(true);
  });
  it("refuses a format without the year, since numbers start again each year, and says why", () => {
    expect(referenceFormatProblem("DEC-{seq:4}")).toBe("Put {year} in the format: numbers start again each financial year, so references need the year to be unique");
    expect(isValidReferenceFormat("DEC-{seq:4}")).toBe(false);
  });
  it("says what is wrong with a format in words an administrator can act on", () => {
    expect(referenceFormatProblem("")).toBe("Enter the reference format");
    expect(referenceFormatProblem("PCC/{year}")).toBe("Put {seq} (or {seq:3}) where the decision's number goes");
    expect(referenceFormatProblem("{year}/{seq}/{seq}")).toBe("Use {seq} only once: a reference has one number");
    expect(referenceFormatProblem("PCC/{yr}/{seq}")).toBe("Only {year}, {seq} and {seq:N} (N from 1 to 9) may be written in braces");
    expect(referenceFormatProblem("PCC {year} {seq}")).toBe("The reference format cannot contain spaces");
    expect(referenceFormatProblem("P".repeat(61) + "{year}{seq}")).toMatch(/60 characters or fewer/);
    expect(referenceFormatProblem("OPCC-DEC-{seq:4}-{year}")).toBeNull();
  });
  it("refuses a number below 1", () => {
    expect(() => formatDecisionReference(DEFAULT_REFERENCE_FORMAT, "2023-24", 0)).toThrow(RangeError);
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_REFERENCE_FORMAT, formatDecisionReference, isValidReferenceFormat } from "./decision-reference";

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
  it("refuses a number below 1", () => {
    expect(() => formatDecisionReference(DEFAULT_REFERENCE_FORMAT, "2023-24", 0)).toThrow(RangeError);
  });
});

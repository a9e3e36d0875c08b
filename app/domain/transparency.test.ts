import { describe, expect, it } from "vitest";
import { isPublicPath, publicDecisionPath } from "./transparency";

describe("isPublicPath", () => {
  it("knows the published grants pages and the 360Giving files", () => {
    expect(isPublicPath("/transparency")).toBe(true);
    expect(isPublicPath("/transparency/decisions/PCC%2F2023-24%2F001")).toBe(true);
    expect(isPublicPath("/exports/360giving.json")).toBe(true);
    expect(isPublicPath("/exports/360giving.csv")).toBe(true);
  });
  it("does not take anything else for public", () => {
    expect(isPublicPath("/transparencyx")).toBe(false);
    expect(isPublicPath("/exports/finance.csv")).toBe(false);
    expect(isPublicPath("/")).toBe(false);
    expect(isPublicPath("/bids")).toBe(false);
  });
});

describe("publicDecisionPath", () => {
  it("keeps a reference's slashes inside the one path segment", () => {
    expect(publicDecisionPath("PCC/2023-24/006")).toBe("/transparency/decisions/PCC%2F2023-24%2F006");
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_RUBRIC, bandFor, scoreBid, spread, weightedTotal } from "./scoring";

const all = (score: number) => Object.fromEntries(DEFAULT_RUBRIC.criteria.map((c) => [c.key, score]));
const passed = { eligibility: true, governance: true };

describe("scoring against the rubric", () => {
  it("top marks on every criterion is 100", () => {
    expect(weightedTotal(DEFAULT_RUBRIC, all(5))).toBe(100);
  });
  it("weights count: full marks only on Police and Crime Plan alignment (weight 25 of 100) is 25", () => {
    expect(weightedTotal(DEFAULT_RUBRIC, { ...all(0), plan: 5 })).toBe(25);
  });
  it("a weighted total is rounded to one decimal place", () => {
    expect(weightedTotal(DEFAULT_RUBRIC, { ...all(3), plan: 4 })).toBe(65);
    expect(weightedTotal({ ...DEFAULT_RUBRIC, criteria: [{ key: "a", label: "A", weight: 1, descriptors: [] }, { key: "b", label: "B", weight: 2, descriptors: [] }] }, { a: 1, b: 0 })).toBe(6.7);
  });
  it("70 or more is recommended, 50 to 69.9 referred to the PCC, below 50 not recommended", () => {
    expect(bandFor(DEFAULT_RUBRIC, 70).key).toBe("recommend");
    expect(bandFor(DEFAULT_RUBRIC, 69.9).key).toBe("refer");
    expect(bandFor(DEFAULT_RUBRIC, 50).key).toBe("refer");
    expect(bandFor(DEFAULT_RUBRIC, 49.9).key).toBe("do_not_recommend");
  });
  it("a failed gate is not recommended whatever the scores", () => {
    const result = scoreBid(DEFAULT_RUBRIC, { gates: { eligibility: false, governance: true }, scores: all(5) });
    expect(result).toMatchObject({ kind: "failed-gate", failed: ["eligibility"], band: { key: "do_not_recommend" } });
  });
  it("an unanswered gate counts as failed", () => {
    expect(scoreBid(DEFAULT_RUBRIC, { gates: { eligibility: true }, scores: all(5) }).kind).toBe("failed-gate");
  });
  it("passing the gates gives the weighted total and its band", () => {
    expect(scoreBid(DEFAULT_RUBRIC, { gates: passed, scores: all(4) })).toMatchObject({ kind: "scored", total: 80, band: { key: "recommend" } });
  });
  it("refuses a score outside 0 to 5 or a missing one", () => {
    expect(() => weightedTotal(DEFAULT_RUBRIC, { ...all(3), need: 6 })).toThrow(/Evidence of need/);
    expect(() => weightedTotal(DEFAULT_RUBRIC, { ...all(3), need: 2.5 })).toThrow();
    const { risk: _r, ...missing } = all(3);
    expect(() => weightedTotal(DEFAULT_RUBRIC, missing)).toThrow(/Risk management/);
  });
  it("shows the spread between reviewers", () => {
    expect(spread([62.5, 71, 68])).toEqual({ low: 62.5, high: 71, difference: 8.5 });
    expect(spread([])).toBeNull();
  });
});

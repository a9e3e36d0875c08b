import { describe, expect, it } from "vitest";
import { bandsInOrder, rubricProblems, withKeys } from "./rubric-rules";
import { DEFAULT_RUBRIC, type Rubric } from "./scoring";

const rubric = (change: (r: Rubric) => void): Rubric => {
  const copy = structuredClone(DEFAULT_RUBRIC);
  change(copy);
  return copy;
};
const fields = (r: Rubric) => rubricProblems(r).map((p) => p.field);

describe("checking a stream's rubric", () => {
  it("the default rubric has no problems", () => {
    expect(rubricProblems(DEFAULT_RUBRIC)).toEqual([]);
  });

  it("weights must add up to 100, and the message says what they add up to", () => {
    const problems = rubricProblems(rubric((r) => (r.criteria[0].weight = 20)));
    expect(problems).toEqual([{ field: "criteria.0.weight", message: "The weights add up to 95: they must add up to 100" }]);
  });

  it("a weight must be a whole number from 1 to 100", () => {
    expect(fields(rubric((r) => (r.criteria[2].weight = 0)))).toEqual(["criteria.2.weight"]);
    expect(fields(rubric((r) => (r.criteria[2].weight = 2.5)))).toEqual(["criteria.2.weight"]);
  });

  it("each criterion needs six descriptors, one for each score from 0 to 5", () => {
    expect(fields(rubric((r) => (r.criteria[1].descriptors = ["Poor", "Good"])))).toEqual(["criteria.1.descriptors"]);
    expect(fields(rubric((r) => (r.criteria[1].descriptors = ["a", "b", "c", " ", "e", "f"])))).toEqual(["criteria.1.descriptors"]);
  });

  it("a rubric needs at least one criterion and one band", () => {
    expect(fields(rubric((r) => (r.criteria = [])))).toContain("criteria.0.label");
    expect(fields(rubric((r) => (r.bands = [])))).toContain("bands.0.label");
  });

  it("one band must start at 0, and no two bands may start at the same total", () => {
    expect(fields(rubric((r) => (r.bands[2].from = 10)))).toEqual(["bands.2.from"]);
    expect(rubricProblems(rubric((r) => (r.bands[1].from = 70)))).toEqual([{ field: "bands.1.from", message: "Two bands start at 70: each band needs its own lowest total" }]);
    expect(fields(rubric((r) => (r.bands[0].from = 101)))).toEqual(["bands.0.from"]);
  });

  it("gates are optional", () => {
    expect(rubricProblems(rubric((r) => (r.gates = [])))).toEqual([]);
  });
});

describe("keys for rubric rows", () => {
  it("an existing row keeps its key, so score sheets keyed by it still read", () => {
    expect(withKeys([{ key: "plan", label: "Fit with the new plan" }])).toEqual([{ key: "plan", label: "Fit with the new plan" }]);
  });

  it("a new row's key is made from its label, unique among the others", () => {
    const rows = withKeys([{ key: "community_support", label: "Old" }, { label: "Community support!" }, { label: "Community support" }, { label: "" }]);
    expect(rows.map((r) => r.key)).toEqual(["community_support", "community_support_2", "community_support_3", "row"]);
  });
});

describe("band order", () => {
  it("lists bands from the highest threshold down", () => {
    expect(bandsInOrder([{ key: "b", label: "B", from: 0 }, { key: "a", label: "A", from: 70 }]).map((b) => b.key)).toEqual(["a", "b"]);
  });
});

import { describe, expect, it } from "vitest";
import { returnProblems, type ReturnForSubmission } from "./return-completeness";

/** The Safer Communities officer's 2023-24 Q2 return, filled in: £7,731.00 profiled, £7,900.00 spent. */
function complete(overrides: Partial<ReturnForSubmission> = {}): ReturnForSubmission {
  return {
    periodEnd: "2023-09-30",
    toleranceBasisPoints: 1000,
    certificationRequired: true,
    council: "Melton Borough Council",
    certified: true,
    lines: [{ description: "Officer salary", actualPence: 790_000, profilePence: 773_100, varianceExplanation: "" }],
    milestones: [{ description: "Partnership relaunch workshop", progress: "done" }],
    outcomes: [{ measure: "Partner agencies attending", actualToDate: "8" }],
    spendRag: "green",
    spendRagReason: "On profile.",
    deliveryRag: "amber",
    deliveryRagReason: "Two agencies have still to attend.",
    wentWell: "The relaunch workshop.",
    didNotGoWell: "Probation could not attend.",
    nextSteps: "Meet probation in October.",
    ...overrides,
  };
}

const AFTER = "2023-10-01";
const fields = (r: ReturnForSubmission, today = AFTER) => returnProblems(r, today).map((p) => p.field);

describe("what a return needs before it is submitted", () => {
  it("a complete return has no problems", () => {
    expect(returnProblems(complete(), AFTER)).toEqual([]);
  });

  it("an actual for every line, once the quarter has ended", () => {
    const r = complete({ lines: [{ description: "Officer salary", actualPence: null, profilePence: 773_100, varianceExplanation: "" }, { description: "Room hire", actualPence: 0, profilePence: 0, varianceExplanation: "" }] });
    expect(returnProblems(r, AFTER)).toEqual([{ field: "lines-0-actual", message: "Enter the actual spend this quarter on Officer salary" }]);
  });

  it("before the quarter has ended it cannot be submitted at all, and no actual is asked for", () => {
    const r = complete({ lines: [{ description: "Officer salary", actualPence: null, profilePence: 773_100, varianceExplanation: "" }] });
    expect(returnProblems(r, "2023-09-30")).toEqual([{ field: "period", message: "The quarter ends on 30 September 2023: its return can be submitted from 1 October 2023" }]);
  });

  it("an explanation where the actual is beyond the tolerance", () => {
    const over = { description: "Officer salary", actualPence: 900_000, profilePence: 773_100, varianceExplanation: "" };
    const problems = returnProblems(complete({ lines: [over] }), AFTER);
    expect(problems).toEqual([
      { field: "lines-0-explanation", message: "Explain why the spend on Officer salary (£9,000.00) differs from its profile (£7,731.00) by more than 10%" },
    ]);
    expect(fields(complete({ lines: [{ ...over, varianceExplanation: "   " }] }))).toEqual(["lines-0-explanation"]);
    expect(fields(complete({ lines: [{ ...over, varianceExplanation: "Back pay for the pay award." }] }))).toEqual([]);
    // Within 20%, no explanation needed.
    expect(fields(complete({ toleranceBasisPoints: 2000, lines: [over] }))).toEqual([]);
  });

  it("spending on a line with nothing profiled this quarter needs an explanation", () => {
    expect(fields(complete({ lines: [{ description: "CCTV camera", actualPence: 484_300, profilePence: 0, varianceExplanation: "" }] }))).toEqual(["lines-0-explanation"]);
  });

  it("a progress for every milestone and an actual to date for every outcome", () => {
    const r = complete({
      milestones: [{ description: "Workshop", progress: "on_track" }, { description: "Annual report", progress: null }],
      outcomes: [{ measure: "Agencies", actualToDate: null }, { measure: "Events", actualToDate: " " }, { measure: "Referrals", actualToDate: "0" }],
    });
    expect(returnProblems(r, AFTER)).toEqual([
      { field: "milestones-1-progress", message: 'Say how the milestone "Annual report" is going' },
      { field: "outcomes-0-actualToDate", message: "Enter the actual to date for Agencies" },
      { field: "outcomes-1-actualToDate", message: "Enter the actual to date for Events" },
    ]);
  });

  it("both ratings, each with a reason, and the three narrative answers", () => {
    const r = complete({ spendRag: null, spendRagReason: "", deliveryRag: null, deliveryRagReason: " ", wentWell: "", didNotGoWell: "", nextSteps: "" });
    expect(fields(r)).toEqual(["spendRag", "spendRagReason", "deliveryRag", "deliveryRagReason", "wentWell", "didNotGoWell", "nextSteps"]);
  });

  it("the council's certification when the stream asks for it, and not otherwise", () => {
    expect(returnProblems(complete({ certified: false }), AFTER)).toEqual([
      { field: "certification", message: "Melton Borough Council's finance officer must certify the spend before the return is submitted" },
    ]);
    expect(fields(complete({ certified: false, certificationRequired: false }))).toEqual([]);
  });

  it("lists every problem of an empty return, in the order of the page", () => {
    const r = complete({
      certified: false,
      lines: [{ description: "A", actualPence: null, profilePence: 10, varianceExplanation: "" }],
      milestones: [{ description: "M", progress: null }],
      outcomes: [{ measure: "O", actualToDate: null }],
      spendRag: null, spendRagReason: "", deliveryRag: null, deliveryRagReason: "", wentWell: "", didNotGoWell: "", nextSteps: "",
    });
    expect(fields(r)).toEqual([
      "lines-0-actual", "milestones-0-progress", "outcomes-0-actualToDate",
      "spendRag", "spendRagReason", "deliveryRag", "deliveryRagReason", "wentWell", "didNotGoWell", "nextSteps", "certification",
    ]);
  });
});

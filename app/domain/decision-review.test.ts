import { describe, expect, it } from "vitest";
import { decisionBasis, describeScore, isSentence, nextReviewStep, reviewStanding, reviewToken, type ReviewState } from "./decision-review";
import { DEFAULT_RUBRIC } from "./scoring";

const RACHEL = { reviewerId: 1, name: "Rachel Ward", isLead: true, conflict: "none" as const };
const SAM = { reviewerId: 2, name: "Sam Patel", isLead: false, conflict: "none" as const };
const all = (score: number) => Object.fromEntries(DEFAULT_RUBRIC.criteria.map((c) => [c.key, score]));
const sheet = (reviewerId: number, kind: "individual" | "moderated", score = 4, gates = { eligibility: true, governance: true }) => ({
  reviewerId,
  kind,
  gates,
  scores: all(score),
  rubric: DEFAULT_RUBRIC,
  createdAt: `2023-06-19T1${reviewerId}:00:00.000Z`,
});
const state = (reviewers: ReviewState["reviewers"], sheets: ReviewState["sheets"] = [], submissionNumber = 1): ReviewState => ({ submissionNumber, reviewers, sheets });
const reason = "The PCC decided at the board meeting before the review panel could sit.";

describe("what a decision follows", () => {
  it("the lead reviewer's moderated score: its total, band and who moderated which submission", () => {
    const standing = reviewStanding(state([RACHEL, SAM], [sheet(1, "individual"), sheet(2, "individual", 3), sheet(1, "moderated", 4)]));
    expect(standing).toEqual({
      kind: "moderated",
      moderatedAt: "2023-06-19T11:00:00.000Z",
      summary: { submissionNumber: 1, moderatedBy: "Rachel Ward", total: 80, failedGates: [], bandKey: "recommend", bandLabel: "Recommend" },
    });
    expect(decisionBasis(standing, "")).toEqual({ ok: true, review: (standing as { summary: unknown }).summary, withoutReviewReason: null });
  });

  it("a failed gate is kept as such: no total, the gate's words, and the lowest band", () => {
    const standing = reviewStanding(state([RACHEL], [sheet(1, "moderated", 5, { eligibility: false, governance: true })]));
    expect(standing).toMatchObject({ kind: "moderated", summary: { total: null, failedGates: ["Eligible for this fund"], bandKey: "do_not_recommend", bandLabel: "Do not recommend" } });
    expect(describeScore((standing as { summary: { total: null; failedGates: string[] } }).summary)).toBe("Failed a gate: Eligible for this fund");
    expect(describeScore({ total: 75, failedGates: [] })).toBe("75.0 out of 100");
  });

  it.each([
    ["no reviewer assigned", state([]), "no_reviewers", "no reviewer has been assigned"],
    ["reviewers but no lead", state([{ ...RACHEL, isLead: false }, SAM]), "no_lead", "no lead reviewer has been chosen"],
    ["a lead who declared a conflict", state([{ ...RACHEL, conflict: "declared" }, SAM], [sheet(1, "moderated")]), "lead_conflicted", "the lead reviewer, Rachel Ward, has declared a conflict of interest"],
    ["nobody has scored", state([RACHEL, SAM]), "not_scored", "the bid has not been scored yet"],
    ["only a conflicted reviewer scored", state([RACHEL, { ...SAM, conflict: "declared" }], [sheet(2, "individual")]), "not_scored", "the bid has not been scored yet"],
    ["a resubmission nobody has scored", state([RACHEL, SAM], [], 2), "not_scored", "submission 2 has not been scored yet"],
    ["scored but not moderated", state([RACHEL, SAM], [sheet(1, "individual"), sheet(2, "individual")]), "not_moderated", "the lead reviewer, Rachel Ward, has not yet recorded the moderated score"],
    ["moderated by someone who is no longer the lead", state([{ ...RACHEL, isLead: false }, { ...SAM, isLead: true }], [sheet(1, "individual"), sheet(1, "moderated")]), "not_moderated", "the lead reviewer, Sam Patel, has not yet recorded the moderated score"],
  ] as const)("without a moderated score (%s) it says what is missing", (_what, given, gap, missing) => {
    const standing = reviewStanding(given);
    expect(standing).toMatchObject({ kind: "missing", gap, missing });
    expect(decisionBasis(standing, undefined)).toEqual({ ok: false, field: "withoutReviewReason", message: `Enter why the PCC is deciding without a moderated score (${missing})` });
  });

  it("deciding without a moderated score needs a reason of at least a sentence, kept as typed without the spaces around it", () => {
    const standing = reviewStanding(state([]));
    for (const short of ["   ", "Urgent", "n/a n/a n/a n/a", "Needed before deadline"]) {
      expect(decisionBasis(standing, short).ok, short).toBe(false);
    }
    expect(decisionBasis(standing, "Urgent.")).toMatchObject({ message: "Explain in at least a sentence why the PCC is deciding without a moderated score" });
    expect(decisionBasis(standing, `  ${reason}\n`)).toEqual({ ok: true, review: null, withoutReviewReason: reason });
  });

  it("a sentence is at least 20 characters and 4 words", () => {
    expect(isSentence("Decided at the board.")).toBe(true);
    expect(isSentence("Decidedattheboardmeeting")).toBe(false);
    expect(isSentence("It is so ok")).toBe(false);
  });

  it("a reason given when there is a moderated score is refused, not silently dropped", () => {
    const standing = reviewStanding(state([RACHEL], [sheet(1, "moderated")]));
    expect(decisionBasis(standing, reason)).toMatchObject({ ok: false, message: expect.stringMatching(/^Rachel Ward has recorded the moderated score/) });
  });

  it("the token a decision page carries changes when the moderated score is recorded or recorded again", () => {
    const none = reviewToken(reviewStanding(state([RACHEL])));
    const first = reviewToken(reviewStanding(state([RACHEL], [sheet(1, "moderated")])));
    const again = reviewToken(reviewStanding(state([RACHEL], [{ ...sheet(1, "moderated"), createdAt: "2023-06-20T09:00:00.000Z" }])));
    expect(new Set([none, first, again]).size).toBe(3);
  });
});

describe("the review page's next step", () => {
  const reviewer = { userId: 1, canAct: true, canDecide: true };
  const step = (given: ReviewState, viewer = reviewer) => nextReviewStep(given, viewer);

  it("assigning reviewers first, then the viewer's declaration, then their score, then the moderated score, then the decision", () => {
    expect(step(state([]))).toMatchObject({ kind: "act", step: "assign" });
    expect(step(state([{ ...RACHEL, conflict: null }]))).toMatchObject({ kind: "act", step: "declare" });
    expect(step(state([RACHEL]))).toMatchObject({ kind: "act", step: "score", text: "Score submission 1." });
    expect(step(state([RACHEL], [sheet(1, "individual")]))).toMatchObject({ kind: "act", step: "moderate" });
    expect(step(state([RACHEL], [sheet(1, "individual"), sheet(1, "moderated", 3)]))).toEqual({
      kind: "act",
      step: "decide",
      text: "The review is done: Rachel Ward recorded the moderated score, 60.0 out of 100 (Refer to the PCC). Record the PCC decision.",
    });
  });

  it("a lead who declared a conflict, or no lead at all, sends the bid back to assigning", () => {
    expect(step(state([{ ...RACHEL, conflict: "declared" }, SAM]))).toMatchObject({ kind: "act", step: "assign", text: expect.stringContaining("Rachel Ward, has declared a conflict") });
    expect(step(state([{ ...RACHEL, isLead: false }]))).toMatchObject({ kind: "act", step: "assign" });
  });

  it("the viewer's own step comes before waiting for a colleague", () => {
    expect(step(state([RACHEL, { ...SAM, conflict: null }]))).toMatchObject({ kind: "act", step: "score" });
    expect(step(state([RACHEL, { ...SAM, conflict: null }], [sheet(1, "individual")]))).toEqual({ kind: "wait", step: "declare", text: "Waiting for Sam Patel to say whether they have a conflict of interest." });
    expect(step(state([RACHEL, SAM], [sheet(1, "individual")]))).toEqual({ kind: "wait", step: "score", text: "Waiting for Sam Patel to score submission 1." });
  });

  it("the second reviewer, once they have scored, waits for the lead's moderated score", () => {
    const sam = { userId: 2, canAct: true, canDecide: true };
    expect(step(state([RACHEL, SAM], [sheet(1, "individual"), sheet(2, "individual")]), sam)).toEqual({ kind: "wait", step: "moderate", text: "Waiting for the lead reviewer, Rachel Ward, to record the moderated score." });
  });

  it("someone who may not act is told what is next and offered nothing", () => {
    const admin = { userId: 9, canAct: false, canDecide: false };
    expect(step(state([]), admin)).toMatchObject({ kind: "wait", step: "assign" });
    expect(step(state([RACHEL], [sheet(1, "moderated")]), admin)).toMatchObject({ kind: "wait", step: "decide", text: expect.stringContaining("The PCC decision is next.") });
  });

  it("a resubmission starts the scoring again", () => {
    expect(step(state([RACHEL, SAM], [], 2))).toMatchObject({ kind: "act", step: "score", text: "Score submission 2." });
  });
});

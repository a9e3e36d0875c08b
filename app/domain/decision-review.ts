/**
 * A PCC decision follows a review: the lead reviewer's moderated score and band for the bid's
 * latest submission, or, when the PCC decides without one, a reason that says why (decision
 * record 15). These rules are pure: the data layer reads the review, asks here, and refuses or
 * records what the decision followed.
 */
import type { DecisionReviewSummary } from "../../db/schema/decisions";
import { scoreBid, type Rubric } from "./scoring";

export type { DecisionReviewSummary };

/** One bid's review as it stands: its reviewers, and the score sheets for its latest submission. */
export interface ReviewState {
  /** The latest submission's number (1 for a bid submitted once). */
  submissionNumber: number;
  reviewers: { reviewerId: number; name: string; isLead: boolean; conflict: "none" | "declared" | null }[];
  /** Score sheets for the latest submission only, each with the rubric it was scored against. */
  sheets: { reviewerId: number; kind: "individual" | "moderated"; gates: Record<string, boolean>; scores: Record<string, number>; rubric: Rubric; createdAt: string }[];
}

/** Why there is no moderated score to decide on, in the order a review meets them. */
export type ReviewGap = "no_reviewers" | "no_lead" | "lead_conflicted" | "not_scored" | "not_moderated";

export type ReviewStanding =
  | { kind: "moderated"; summary: DecisionReviewSummary; moderatedAt: string }
  | { kind: "missing"; gap: ReviewGap; submissionNumber: number; missing: string };

/**
 * The moderated score a decision would follow, or what is missing. Only the current lead's sheet
 * counts, and only while they have said they have no conflict of interest: a sheet of a lead who
 * was replaced, or who declared a conflict later, is no longer the review's result.
 */
export function reviewStanding(state: ReviewState): ReviewStanding {
  const missing = (gap: ReviewGap, text: string): ReviewStanding => ({ kind: "missing", gap, submissionNumber: state.submissionNumber, missing: text });
  if (state.reviewers.length === 0) return missing("no_reviewers", "no reviewer has been assigned");
  const lead = state.reviewers.find((r) => r.isLead);
  if (!lead) return missing("no_lead", "no lead reviewer has been chosen");
  if (lead.conflict === "declared") return missing("lead_conflicted", `the lead reviewer, ${lead.name}, has declared a conflict of interest`);
  const moderated = lead.conflict === "none" ? state.sheets.find((s) => s.kind === "moderated" && s.reviewerId === lead.reviewerId) : undefined;
  if (moderated) {
    return { kind: "moderated", summary: summarise(moderated, lead.name, state.submissionNumber), moderatedAt: moderated.createdAt };
  }
  const counted = new Set(state.reviewers.filter((r) => r.conflict === "none").map((r) => r.reviewerId));
  const scored = state.sheets.some((s) => s.kind === "individual" && counted.has(s.reviewerId));
  const which = state.submissionNumber > 1 ? `submission ${state.submissionNumber}` : "the bid";
  if (!scored) return missing("not_scored", `${which} has not been scored yet`);
  return missing("not_moderated", `the lead reviewer, ${lead.name}, has not yet recorded the moderated score`);
}

function summarise(sheet: ReviewState["sheets"][number], moderatedBy: string, submissionNumber: number): DecisionReviewSummary {
  const result = scoreBid(sheet.rubric, sheet);
  const labelOf = new Map(sheet.rubric.gates.map((g) => [g.key, g.label]));
  return {
    submissionNumber,
    moderatedBy,
    total: result.kind === "scored" ? result.total : null,
    // Labels, not keys: the decision keeps the words so it reads the same after the rubric changes.
    failedGates: result.kind === "failed-gate" ? result.failed.map((key) => labelOf.get(key) ?? key) : [],
    bandKey: result.band.key,
    bandLabel: result.band.label,
  };
}

/**
 * What the decision page was shown, sent back with the form: a decision is refused when the review
 * changed after the page was opened, so no one decides on a score they have not seen.
 */
export function reviewToken(standing: ReviewStanding): string {
  return standing.kind === "moderated" ? `${standing.summary.submissionNumber}:${standing.moderatedAt}` : "none";
}

export const MIN_REASON_LENGTH = 20;
export const MIN_REASON_WORDS = 4;

/** "At least a sentence": a few words that say something, not "n/a" or "urgent". */
export function isSentence(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length >= MIN_REASON_LENGTH && trimmed.split(/\s+/).length >= MIN_REASON_WORDS;
}

export type DecisionBasis =
  | { ok: true; review: DecisionReviewSummary; withoutReviewReason: null }
  | { ok: true; review: null; withoutReviewReason: string }
  | { ok: false; message: string; field?: "withoutReviewReason" };

/**
 * What a decision follows: the moderated score, or the reason for deciding without one. Exactly one
 * of the two is kept on every decision. A reason given when there is a moderated score is refused
 * rather than ignored: whoever typed it did not know the score was there.
 */
export function decisionBasis(standing: ReviewStanding, withoutReviewReason: string | null | undefined): DecisionBasis {
  const reason = (withoutReviewReason ?? "").trim();
  if (standing.kind === "moderated") {
    if (reason) {
      return { ok: false, message: `${standing.summary.moderatedBy} has recorded the moderated score, so the decision follows it and needs no reason for deciding without one. Reload the page and check the score.` };
    }
    return { ok: true, review: standing.summary, withoutReviewReason: null };
  }
  if (!reason) return { ok: false, field: "withoutReviewReason", message: `Enter why the PCC is deciding without a moderated score (${standing.missing})` };
  if (!isSentence(reason)) return { ok: false, field: "withoutReviewReason", message: "Explain in at least a sentence why the PCC is deciding without a moderated score" };
  return { ok: true, review: null, withoutReviewReason: reason };
}

/** The moderated total as the portal prints it: "75.0 out of 100", or the gates a bid failed. */
export function describeScore(summary: Pick<DecisionReviewSummary, "total" | "failedGates">): string {
  if (summary.total !== null) return `${summary.total.toFixed(1)} out of 100`;
  return `Failed ${summary.failedGates.length === 1 ? "a gate" : "gates"}: ${summary.failedGates.join("; ")}`;
}

// ---------------------------------------------------------------------------------------------
// The review page: what the bid needs next

export type ReviewStep = "assign" | "declare" | "score" | "moderate" | "decide";

export type NextStep =
  /** The viewer can take the step now: it is the page's primary action. */
  | { kind: "act"; step: ReviewStep; text: string }
  /** Someone else has to act first. */
  | { kind: "wait"; step: ReviewStep; text: string };

/**
 * The next step a bid waiting for review needs, as one viewer sees it: assign reviewers (a lead
 * among them), each declares any conflict of interest, each scores, the lead records the moderated
 * score, then the PCC decides. The viewer's own step comes first (a reviewer who has declared can
 * score while a colleague has not), and the decision comes only once the review is done.
 */
export function nextReviewStep(state: ReviewState, viewer: { userId: number; canAct: boolean; canDecide: boolean }): NextStep {
  const standing = reviewStanding(state);
  const act = (step: ReviewStep, text: string, allowed: boolean, waitText: string): NextStep =>
    allowed ? { kind: "act", step, text } : { kind: "wait", step, text: waitText };

  if (standing.kind === "missing" && ["no_reviewers", "no_lead", "lead_conflicted"].includes(standing.gap)) {
    const why = standing.gap === "no_reviewers" ? "" : ` (${standing.missing})`;
    return act("assign", `Assign the reviewers, one of them as lead reviewer${why}.`, viewer.canAct, `Reviewers need to be assigned, one of them as lead reviewer${why}.`);
  }
  if (standing.kind === "moderated") {
    const text = `The review is done: ${standing.summary.moderatedBy} recorded the moderated score, ${describeScore(standing.summary)} (${standing.summary.bandLabel}).`;
    return act("decide", `${text} Record the PCC decision.`, viewer.canDecide, `${text} The PCC decision is next.`);
  }
  const me = viewer.canAct ? state.reviewers.find((r) => r.reviewerId === viewer.userId) : undefined;
  const scored = new Set(state.sheets.filter((s) => s.kind === "individual").map((s) => s.reviewerId));
  if (me?.conflict === null) return { kind: "act", step: "declare", text: "Say whether you have a conflict of interest with this bid." };
  if (me?.conflict === "none" && !scored.has(me.reviewerId)) return { kind: "act", step: "score", text: `Score submission ${state.submissionNumber}.` };

  const names = (list: { name: string }[]) => list.map((r) => r.name).join(" and ");
  const undeclared = state.reviewers.filter((r) => r.conflict === null);
  if (undeclared.length) return { kind: "wait", step: "declare", text: `Waiting for ${names(undeclared)} to say whether they have a conflict of interest.` };
  const unscored = state.reviewers.filter((r) => r.conflict === "none" && !scored.has(r.reviewerId));
  if (unscored.length) return { kind: "wait", step: "score", text: `Waiting for ${names(unscored)} to score submission ${state.submissionNumber}.` };
  const lead = state.reviewers.find((r) => r.isLead)!;
  if (me && me.reviewerId === lead.reviewerId) return { kind: "act", step: "moderate", text: "Every reviewer has scored: record the moderated score." };
  return { kind: "wait", step: "moderate", text: `Waiting for the lead reviewer, ${lead.name}, to record the moderated score.` };
}

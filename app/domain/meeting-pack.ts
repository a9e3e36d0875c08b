import type { Band } from "./scoring";

/**
 * The decision-meeting pack's recommendation for one bid (decision record 29). The rubric's bands
 * are the review's recommendation ("Recommend", "Refer to the PCC", "Do not recommend" by
 * default); the pack turns the band a bid's moderated score fell in into an amount:
 *
 * - the top band recommends the whole request;
 * - the bottom band (the one starting at 0) recommends nothing, when the rubric has more than one band;
 * - any band between refers the bid to the PCC without an amount: the meeting decides it;
 * - a bid not yet moderated has no recommendation.
 *
 * Bands are found by their place in the rubric the score was given against, not their keys, so a
 * stream's own rubric (settings) reads the same way. Part-approval is the PCC's to decide, so the
 * pack never recommends a part of a request.
 */

export type Recommendation =
  | { kind: "recommend"; amountPence: number }
  | { kind: "do_not_recommend"; amountPence: 0 }
  | { kind: "refer"; amountPence: null }
  | { kind: "not_moderated"; amountPence: null };

export function recommendationFor(band: Pick<Band, "key"> | null, bands: readonly Band[], requestedPence: number): Recommendation {
  if (!band || bands.length === 0) return { kind: "not_moderated", amountPence: null };
  const ordered = [...bands].sort((a, b) => b.from - a.from);
  const place = ordered.findIndex((b) => b.key === band.key);
  // A band the rubric no longer has: the meeting decides.
  if (place < 0) return { kind: "refer", amountPence: null };
  if (place === 0) return { kind: "recommend", amountPence: Math.max(0, requestedPence) };
  if (place === ordered.length - 1) return { kind: "do_not_recommend", amountPence: 0 };
  return { kind: "refer", amountPence: null };
}

/** The recommendation in the pack's words: an amount, "For the PCC to decide", or "None yet" before the bid is moderated. */
export function describeRecommendation(r: Recommendation, formatPence: (pence: number) => string): string {
  switch (r.kind) {
    case "recommend":
    case "do_not_recommend":
      return formatPence(r.amountPence);
    case "refer":
      return "For the PCC to decide";
    case "not_moderated":
      return "None yet";
  }
}

/** What the pack recommends in all: the sum of the amounts, and how many bids are left to the PCC or not yet moderated. */
export function recommendationTotals(recommendations: readonly Recommendation[]) {
  let recommendedPence = 0;
  let referred = 0;
  let notModerated = 0;
  for (const r of recommendations) {
    if (r.kind === "refer") referred++;
    else if (r.kind === "not_moderated") notModerated++;
    else recommendedPence += r.amountPence;
  }
  return { recommendedPence, referred, notModerated };
}

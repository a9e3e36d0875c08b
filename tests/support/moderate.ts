import { eq } from "drizzle-orm";
import { getBidDetail } from "../../app/data/bids.server";
import { db } from "../../app/data/db.server";
import { answerConflict, assignReviewer, recordScore } from "../../app/data/review.server";
import { DEFAULT_RUBRIC } from "../../app/domain/scoring";
import { users } from "../../db/schema";

/**
 * Takes a seeded bid through review with the portal's own functions, as a decision needs
 * (decision record 15): Rachel Ward is assigned as lead reviewer, declares no conflict of interest,
 * scores the latest submission and records the same sheet as the moderated score. A score of 4 on
 * every criterion is 80.0 out of 100: Recommend. Throws if any step is refused.
 */
export function moderate(bidId: number, { score = 4, gates = { eligibility: true, governance: true } as Record<string, boolean>, by = "reviewer@demo.opcc.test" } = {}) {
  const lead = db().select({ id: users.id }).from(users).where(eq(users.email, by)).get()!.id;
  const sheet = {
    gates,
    scores: Object.fromEntries(DEFAULT_RUBRIC.criteria.map((c) => [c.key, score])),
    justifications: Object.fromEntries(DEFAULT_RUBRIC.criteria.map((c) => [c.key, "The bid's evidence for this is clear."])),
  };
  const steps = [
    ["assigning the lead reviewer", () => assignReviewer(bidId, lead, true, lead, getBidDetail(bidId)!.version)],
    ["declaring no conflict", () => answerConflict(bidId, lead, false, "")],
    ["scoring", () => recordScore(bidId, lead, "individual", sheet)],
    ["moderating", () => recordScore(bidId, lead, "moderated", sheet)],
  ] as const;
  for (const [what, step] of steps) {
    const result = step();
    if (result.kind !== "saved") throw new Error(`Could not moderate bid ${bidId}: ${what} was refused: ${JSON.stringify(result)}`);
  }
}

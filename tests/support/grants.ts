import { desc, eq } from "drizzle-orm";
import { getBidDetail } from "../../app/data/bids.server";
import { db } from "../../app/data/db.server";
import { recordDecision, type DecisionInput } from "../../app/data/decisions.server";
import { ukDate } from "../../app/domain/round-window";
import { bids, decisions, grants } from "../../db/schema";
import { decisionInput } from "./decision-input";
import { moderate } from "./moderate";
import { userId } from "./requests";

/**
 * Grants for the tests, made through the portal's own functions: a seeded bid reviewed (moderated)
 * and decided, and corrections of that decision. (Payments against a grant's instalments:
 * `pay` in after-award-fixtures.ts.)
 */

export const todayInUk = () => ukDate(new Date());

const bidIdOf = (title: string) => db().select({ id: bids.id }).from(bids).where(eq(bids.title, title)).get()!.id;

/** Reviews and decides a seeded bid (approved, quarterly in arrears, decided today unless told); returns its grant. */
export function decideGrant(title: string, overrides: Partial<DecisionInput> = {}, now?: string) {
  const bidId = bidIdOf(title);
  moderate(bidId);
  const result = recordDecision(bidId, userId("reviewer"), getBidDetail(bidId)!.version, decisionInput(overrides), now);
  if (result.kind !== "recorded" || result.grantId === null) throw new Error(`No grant made: ${JSON.stringify(result)}`);
  return { bidId, grantId: result.grantId, decisionId: result.decisionId, reference: result.reference };
}

/** Corrects the decision that stands on the bid, saying why (`reason`). */
export function correctDecision(bidId: number, { reason = "The approved amount was keyed wrongly.", ...overrides }: Partial<DecisionInput> & { reason?: string }, now?: string) {
  const standing = db().select({ id: decisions.id }).from(decisions).where(eq(decisions.bidId, bidId)).orderBy(desc(decisions.id)).get()!;
  const result = recordDecision(
    bidId,
    userId("reviewer"),
    getBidDetail(bidId)!.version,
    decisionInput({ correctionOf: { decisionId: standing.id, reason }, ...overrides }),
    now,
  );
  if (result.kind !== "recorded") throw new Error(`Correction not recorded: ${JSON.stringify(result)}`);
  return result;
}

export const grantRow = (grantId: number) => db().select().from(grants).where(eq(grants.id, grantId)).get()!;

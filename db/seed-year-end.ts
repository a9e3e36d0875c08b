import { eq } from "drizzle-orm";
import { db } from "../app/data/db.server";
import { closeYear, findYearByLabel, yearChecklistCounts, yearToken } from "../app/data/year-end.server";
import { checklistItems, closeRefusal } from "../app/domain/year-end-checklist";
import * as s from "./schema";

/** When the demo's OPCC finance officer closes 2023-24. */
export const DEMO_CLOSED_AT = "2024-06-28T16:00:00.000Z";

export type DemoCloseOutcome = { kind: "closed"; closureId: number } | { kind: "skipped"; reason: string };

/**
 * The demo's year end: OPCC finance (finance@) closes 2023-24 on 28 June 2024 through the portal's
 * own closeYear, once every return is accepted, the payments reconciled, the underspends resolved,
 * the variations decided and the offers answered. Called last in seedAfterAward, after the returns,
 * payments, virements and underspends are seeded. If the checklist is not clear (the seeds it needs
 * are missing), the year is left open and the reason is given, rather than failing the seed.
 */
export function closeDemoYear(): DemoCloseOutcome {
  const year = findYearByLabel("2023-24");
  if (!year) return { kind: "skipped", reason: "there is no 2023-24" };
  if (year.status === "closed") return { kind: "skipped", reason: "2023-24 is already closed" };
  const finance = db().select({ id: s.users.id }).from(s.users).where(eq(s.users.email, "finance@demo.opcc.test")).get();
  if (!finance) return { kind: "skipped", reason: "there is no OPCC finance officer" };
  const refusal = closeRefusal(checklistItems(yearChecklistCounts(year, { today: DEMO_CLOSED_AT.slice(0, 10) })));
  if (refusal) return { kind: "skipped", reason: refusal };
  const result = closeYear(year.id, finance.id, yearToken(year.id), DEMO_CLOSED_AT);
  return result.kind === "done" ? { kind: "closed", closureId: result.closureId } : { kind: "skipped", reason: result.message };
}

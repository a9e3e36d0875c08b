// Makes, in the database at DATABASE_PATH (the e2e server's), a financial year of the tests' own,
// 2022-23 (before the demo's; no other spec reads it), with one Melton grant in it that is fully
// reconciled: every return accepted with the whole of each line spent, every instalment paid. Its
// checklist is then all clear, so the year-end journey can close it. Prints the grant and its
// returns as JSON. See tests/e2e/year-end.spec.ts.
import { eq, sql } from "drizzle-orm";
import { db } from "../../app/data/db.server";
import { financialYears } from "../../db/schema";
import { returnsAccepted } from "./accepted-grant";
import { makeAcceptedGrant } from "./accepted-grant";
import { userId } from "./requests";

export const YEAR_END_LABEL = "2022-23";

const title = process.argv[2] ?? "Year-end outreach";
db().transaction((tx) => {
  if (!tx.select({ id: financialYears.id }).from(financialYears).where(eq(financialYears.label, YEAR_END_LABEL)).get()) {
    tx.insert(financialYears).values({ label: YEAR_END_LABEL, startsOn: "2022-04-01", endsOn: "2023-03-31", status: "open" }).run();
  }
}, { behavior: "immediate" });
// Paid in advance (all of it on the decision date), so no instalment falls due in 2023-24, which the demo closes.
const grant = makeAcceptedGrant(title, "annual", { shift: -1, paymentBasis: "advance" });
const finance = userId("finance");
db().transaction((tx) => {
  returnsAccepted(grant.grantId);
  // The whole of each approved line spent, reported in the last quarter's return.
  const q4 = grant.returnIds.at(-1)!;
  tx.run(sql`insert into return_lines (return_id, cost_line_id, actual_pence)
             select ${q4}, dl.cost_line_id, dl.approved_pence from grants g join decision_lines dl on dl.decision_id = g.decision_id where g.id = ${grant.grantId}`);
  tx.run(sql`insert into payments (grant_id, instalment_id, paid_on, amount_pence, finance_reference, recorded_by, recorded_at)
             select gp.grant_id, gp.id, gp.due_on, gp.amount_pence, 'AP-YE-' || gp.id, ${finance}, gp.due_on || 'T12:00:00.000Z' from grant_payments gp where gp.grant_id = ${grant.grantId} and gp.amount_pence > 0`);
}, { behavior: "immediate" });
process.stdout.write(`${JSON.stringify(grant)}\n`);

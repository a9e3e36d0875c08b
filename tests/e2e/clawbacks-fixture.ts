import { eq, sql } from "drizzle-orm";
import { db } from "../../app/data/db.server";
import { recordPayment } from "../../app/data/payments.server";
import { recordUnderspend, underspendCase } from "../../app/data/underspends.server";
import { financialYears, users } from "../../db/schema";
import { acceptedOverdueGrant, type FixtureGrant } from "./payments-fixture";

/**
 * Grants for the clawback journeys, in the e2e server's database: payments-fixture.ts's Safer
 * Streets 5 camera (£4,843.00, 2024-25, two quarterly instalments), its returns accepted with
 * £4,000.00 spent and both instalments paid, so £843.00 of 2024-25 is unspent, all of it paid.
 * No other spec reads these grants.
 */

const idOf = (email: string) => db().select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
/** The fixture grant's year (a year after the integration tests', as the e2e demo closes 2023-24). */
export const fixtureYear = () => db().select({ id: financialYears.id }).from(financialYears).where(eq(financialYears.label, "2024-25")).get()!.id;

export function underspentGrant(title: string): FixtureGrant {
  const grant = acceptedOverdueGrant(title);
  const finance = idOf("finance@demo.opcc.test");
  const line = db().get<{ id: number }>(sql`select dl.cost_line_id as id from grants g join decision_lines dl on dl.decision_id = g.decision_id where g.id = ${grant.grantId}`)!.id;
  const first = db().get<{ id: number }>(sql`select id from grant_returns where grant_id = ${grant.grantId} order by start_year, quarter limit 1`)!.id;
  db().transaction((tx) => {
    tx.run(sql`update grant_returns set status = 'accepted', first_submitted_at = due_on || 'T09:00:00.000Z', submitted_at = due_on || 'T09:00:00.000Z',
      accepted_at = due_on || 'T15:00:00.000Z', version = version + 1 where grant_id = ${grant.grantId}`);
    tx.run(sql`insert into return_lines (return_id, cost_line_id, actual_pence, variance_explanation) values (${first}, ${line}, 400000, 'The camera cost less than quoted.')`);
  });
  grant.instalmentIds.forEach((id, i) => {
    const paid = recordPayment(grant.grantId, id, finance, { paidOn: `2025-0${4 + i}-10`, amountPence: 242_150, financeReference: `AP-CLAW-${grant.grantId}-${i}` }, undefined, `2025-0${4 + i}-10T10:00:00.000Z`);
    if (paid.kind !== "recorded") throw new Error(`Could not pay: ${JSON.stringify(paid)}`);
  });
  return grant;
}

/** As underspentGrant, with the £843.00 returned by OPCC finance on 20 May 2025: a clawback raised. Returns the clawback's id. */
export function grantWithClawback(title: string): FixtureGrant & { clawbackId: number } {
  const grant = underspentGrant(title);
  const y = fixtureYear();
  const c = underspendCase(grant.grantId, y)!;
  const done = recordUnderspend(
    { grantId: grant.grantId, financialYearId: y, userId: idOf("finance@demo.opcc.test"), input: { outcome: "returned", amountPence: c.year.outstandingPence, reason: "The camera cost less than quoted." }, seen: { lastRecordId: c.lastRecordId, outstandingPence: c.year.outstandingPence } },
    "2025-05-20T10:00:00.000Z",
  );
  if (done.kind !== "recorded" || !done.clawback) throw new Error(`Could not return the underspend: ${JSON.stringify(done)}`);
  return { ...grant, clawbackId: done.clawback.id };
}

import { addDays } from "date-fns";
import { and, eq, isNull } from "drizzle-orm";
import { db } from "../app/data/db.server";
import { grantPaymentState, recordPayment } from "../app/data/payments.server";
import { parseIsoDate, toIsoDate } from "../app/domain/financial-years";
import { ukDate } from "../app/domain/round-window";
import { addWorkingDays, isWorkingDay } from "../app/domain/working-days";
import * as s from "./schema";

/**
 * The demo's payments, made through the portal's own recordPayment at past dates by OPCC finance
 * (Femi Adeyemi): every instalment of Melton's accepted grants that had fallen due by `today`,
 * paid in full, a grant in advance on the working day it was accepted, one quarterly in arrears a
 * few days after each instalment's due date (or after the acceptance, if that came later).
 *
 * Call it after the offers have been accepted and the returns made and answered (the offers' and
 * returns' demo data), since payments follow both: an instalment the portal holds (its offer not
 * accepted, a return still overdue or queried) is left unpaid, so the demo shows a held payment.
 * `leaveUnpaid` names instalments (a grant by its bid's title, the instalment by its due date) that
 * finance has not paid yet, whether held or not: the demo leaves two Safer Streets 5 final
 * instalments unpaid (DEMO_UNPAID). Safe to call twice: a paid instalment is not paid again.
 * Returns how many were paid and left held.
 */

const FINANCE = "finance@demo.opcc.test";

const onOrAfterWorkingDay = (date: string) => (isWorkingDay(date) ? date : addWorkingDays(date, 1));
const plusDays = (date: string, n: number) => toIsoDate(addDays(parseIsoDate(date), n));

/**
 * The demo's unpaid Safer Streets 5 final instalments (due 1 April 2025): the body cameras' (its
 * final return submitted, waiting for acceptance) shows as due; Beckmill's (its final return
 * overdue) as held.
 */
export const DEMO_UNPAID: { title: string; dueOn: string }[] = [
  { title: "Body cameras and training for officers", dueOn: "2025-04-01" },
  { title: "Additional CCTV at Beckmill Court and solar deployable cameras", dueOn: "2025-04-01" },
];

export function seedDemoPayments({ today = ukDate(new Date()), leaveUnpaid = [] }: { today?: string; leaveUnpaid?: { title: string; dueOn: string }[] } = {}): { paid: number; held: number } {
  const database = db();
  const finance = database.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, FINANCE)).get()!.id;
  const accepted = database
    .select({ id: s.grants.id, title: s.bids.title, basis: s.grants.paymentBasis, respondedAt: s.grants.respondedAt })
    .from(s.grants)
    .innerJoin(s.bids, eq(s.bids.id, s.grants.bidId))
    .innerJoin(s.organisations, eq(s.organisations.id, s.grants.cspId))
    .where(and(eq(s.organisations.code, "melton"), eq(s.grants.offerStatus, "accepted"), isNull(s.grants.withdrawnAt)))
    .orderBy(s.grants.id)
    .all();
  let paid = 0;
  let held = 0;
  let sequence = 400;
  for (const grant of accepted) {
    const acceptedOn = ukDate(new Date(grant.respondedAt ?? `${today}T12:00:00Z`));
    const state = grantPaymentState(grant.id, today)!;
    for (const instalment of state.instalments) {
      const remaining = instalment.amountPence - instalment.paidPence;
      if (remaining <= 0) continue;
      if (leaveUnpaid.some((u) => u.title === grant.title && u.dueOn === instalment.dueOn)) continue;
      const paidOn = grant.basis === "advance" ? onOrAfterWorkingDay(acceptedOn) : onOrAfterWorkingDay(plusDays(instalment.dueOn > acceptedOn ? instalment.dueOn : acceptedOn, 3));
      if (paidOn > today) continue;
      sequence += 1;
      const result = recordPayment(
        grant.id,
        instalment.id,
        finance,
        { paidOn, amountPence: remaining, financeReference: `OPCC-AP-${paidOn.slice(2, 4)}${paidOn.slice(5, 7)}-${sequence}` },
        undefined,
        `${paidOn}T10:30:00.000Z`,
      );
      if (result.kind === "recorded") paid += 1;
      else if (result.kind === "refused" && result.formError) held += 1;
      else throw new Error(`Demo data: paying ${instalment.label} of grant ${grant.id} was refused: ${JSON.stringify(result)}`);
    }
  }
  return { paid, held };
}

import { and, eq, isNull, sql } from "drizzle-orm";
import { actOnClawback, findClawback } from "../app/data/clawbacks.server";
import { db } from "../app/data/db.server";
import { recordUnderspend, underspendCase } from "../app/data/underspends.server";
import * as s from "./schema";

/**
 * The demo's underspends, made through the portal's own functions at past dates by OPCC finance
 * (after the returns, payments and queries, db/seed-returns.ts and db/seed-payments.ts):
 *
 * - Drink Safe 2023-24: the £142.50 the covers came in under budget returned on 20 May 2024; it had
 *   all been paid in advance, so a clawback of £142.50 is raised, invoiced on 22 May 2024
 *   (INV-MBC-24-0193) and received on 14 June 2024.
 * - Convex mirrors 2023-24: the £128.80 saved returned likewise (INV-MBC-24-0194).
 * - Safer Streets 5 "Target hardening": the £1,500.00 the video doorbells (2023-24) did not spend
 *   carried forward into 2024-25, to the window and door alarm kits, on 20 May 2024.
 *
 * After it every 2023-24 line of every Melton grant has no outstanding underspend. Safe to call
 * twice: a year with nothing outstanding is left alone. Returns how many underspends it recorded.
 */

const FINANCE = "finance@demo.opcc.test";
const at = (date: string, time = "10:00") => `${date}T${time}:00.000Z`;

function grantOf(title: string): number | undefined {
  return db()
    .select({ id: s.grants.id })
    .from(s.grants)
    .innerJoin(s.bids, eq(s.bids.id, s.grants.bidId))
    .innerJoin(s.organisations, eq(s.organisations.id, s.grants.cspId))
    .where(and(eq(s.bids.title, title), eq(s.organisations.code, "melton"), eq(s.grants.offerStatus, "accepted"), isNull(s.grants.withdrawnAt)))
    .get()?.id;
}

const yearId = (label: string) => db().get<{ id: number }>(sql`select id from financial_years where label = ${label}`)?.id;

function must<T extends { kind: string }>(result: T, ok: string, step: string): T {
  if (result.kind !== ok) throw new Error(`Demo underspends: ${step} was refused: ${JSON.stringify(result)}`);
  return result;
}

export function seedDemoUnderspends(): number {
  const finance = db().select({ id: s.users.id }).from(s.users).where(eq(s.users.email, FINANCE)).get()?.id;
  const y2023 = yearId("2023-24");
  if (!finance || !y2023) return 0;
  let made = 0;

  const returned: { title: string; reason: string; invoice: string }[] = [
    { title: "Drink Safe", reason: "The drink covers cost 12.5p each against the 15.35p quoted; the saving is not needed for the project.", invoice: "INV-MBC-24-0193" },
    { title: "Convex mirrors at four sites", reason: "The framework price of the mirrors fell before they were ordered; the grant is complete.", invoice: "INV-MBC-24-0194" },
  ];
  for (const r of returned) {
    const grantId = grantOf(r.title);
    const c = grantId ? underspendCase(grantId, y2023) : null;
    if (!grantId || !c || c.year.outstandingPence === 0) continue;
    const done = must(
      recordUnderspend(
        { grantId, financialYearId: y2023, userId: finance, input: { outcome: "returned", amountPence: c.year.outstandingPence, reason: r.reason }, seen: { lastRecordId: c.lastRecordId, outstandingPence: c.year.outstandingPence } },
        at("2024-05-20"),
      ),
      "recorded",
      `returning ${r.title}'s underspend`,
    );
    made++;
    if (!("clawback" in done) || !done.clawback) continue;
    const id = done.clawback.id;
    must(actOnClawback(id, finance, findClawback(id)!.version, { action: "invoice", invoiceReference: r.invoice, invoicedOn: "2024-05-22" }, at("2024-05-22", "11:00")), "done", `invoicing ${r.title}'s clawback`);
    must(actOnClawback(id, finance, findClawback(id)!.version, { action: "receive", receivedOn: "2024-06-14" }, at("2024-06-14", "15:00")), "done", `receiving ${r.title}'s clawback`);
  }

  const hardening = grantOf("Target hardening");
  const c = hardening ? underspendCase(hardening, y2023) : null;
  if (hardening && c && c.year.outstandingPence > 0 && c.nextYear) {
    const from = c.lines.find((l) => l.description === "Video doorbell");
    const to = c.lines.find((l) => l.description === "Window and door alarm kit");
    if (!from || !to) throw new Error("Demo underspends: Target hardening's doorbell or alarm kit line is missing");
    must(
      recordUnderspend(
        {
          grantId: hardening,
          financialYearId: y2023,
          userId: finance,
          input: {
            outcome: "carried_forward",
            amountPence: c.year.outstandingPence,
            reason: "13 households declined a doorbell; the money buys more window and door alarm kits in 2024-25, as Safer Streets 5 allows.",
            fromLineId: from.costLineId,
            toLineId: to.costLineId,
          },
          seen: { lastRecordId: c.lastRecordId, outstandingPence: c.year.outstandingPence },
        },
        at("2024-05-20", "11:30"),
      ),
      "recorded",
      "carrying Target hardening's underspend forward",
    );
    made++;
  }
  return made;
}

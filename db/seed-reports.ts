import { eq, sql } from "drizzle-orm";
import { db } from "../app/data/db.server";
import { findIntroduction, saveIntroduction } from "../app/data/scrutiny.server";
import * as s from "./schema";

/** When the demo's Melton lead writes the introduction to the 2023-24 scrutiny report. */
export const DEMO_INTRODUCTION_AT = "2024-07-10T09:30:00.000Z";

export const DEMO_INTRODUCTION = [
  "This report sets out the funding the Safer Melton Partnership received from the Office of the Police and Crime Commissioner in 2023-24, what it paid for and what it achieved.",
  "The OPCC now asks each partnership to bid against a provisional allocation, with clear, measurable outcomes. Melton bid for six projects within its allocation and was one of two partnerships in Leicester, Leicestershire and Rutland selected for Safer Streets 5.",
].join("\n\n");

/**
 * The demo's scrutiny report: Aysha Rahman (Melton's CSP lead) writes the introduction to Melton's
 * 2023-24 report on 10 July 2024, through the portal's own saveIntroduction (after the year is
 * closed: an introduction is not one of the year's figures). Safe to call twice: an introduction
 * already written is left alone. Returns whether it wrote one.
 */
export function seedDemoScrutinyIntroduction(): boolean {
  const lead = db().select({ id: s.users.id }).from(s.users).where(eq(s.users.email, "lead.melton@demo.opcc.test")).get()?.id;
  const melton = db().select({ id: s.organisations.id }).from(s.organisations).where(eq(s.organisations.code, "melton")).get()?.id;
  const year = db().get<{ id: number }>(sql`select id from financial_years where label = '2023-24'`)?.id;
  if (!lead || !melton || !year || findIntroduction(melton, year)) return false;
  const result = saveIntroduction({ cspId: melton, financialYearId: year, userId: lead, expectedVersion: 0, text: DEMO_INTRODUCTION }, DEMO_INTRODUCTION_AT);
  if (result.kind !== "saved") throw new Error("Demo scrutiny report: the introduction was refused");
  return true;
}

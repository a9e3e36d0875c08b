import { eq } from "drizzle-orm";
import { db } from "../app/data/db.server";
import { acceptOffer } from "../app/data/grants.server";
import * as s from "./schema";

/**
 * The demo's grant offers answered, through the portal's own `acceptOffer`, on the days the
 * partnership's lead accepted them: Aysha Rahman, Melton's Community Safety Manager, accepts each of
 * Melton's 2023-24 offers (decided on 20 July 2023, to be accepted by 17 August) within a fortnight,
 * and the Safer Streets 5 offers (decided on 16 November 2023) the week after. Accepting makes each
 * grant's quarterly returns, so the returns demo builds on these.
 *
 * Called at the end of seedDemoOutcomes (db/seed-outcomes.ts), after the decisions that make the
 * offers. A grant the demo did not make (its bid not decided) is skipped.
 */

const ACCEPTANCES: { title: string; on: string; at: string }[] = [
  { title: "Safer Communities and Partnership Officer", on: "2023-07-26", at: "09:40" },
  { title: "DISC app for Safer Melton Against Retail Theft (SMART)", on: "2023-07-26", at: "09:52" },
  { title: "Play Close CCTV", on: "2023-07-27", at: "14:15" },
  { title: "WCCTV help point and standard support package", on: "2023-07-27", at: "14:25" },
  { title: "Convex mirrors at four sites", on: "2023-07-31", at: "11:05" },
  // The part-approval was talked over with Pubwatch before the lead accepted it.
  { title: "Drink Safe", on: "2023-08-03", at: "16:30" },
  { title: "Solar lighting at Play Close Park", on: "2023-11-23", at: "10:10" },
  { title: "Additional CCTV at Beckmill Court and solar deployable cameras", on: "2023-11-23", at: "10:20" },
  { title: "Target hardening", on: "2023-11-28", at: "15:00" },
  { title: "Body cameras and training for officers", on: "2023-11-28", at: "15:10" },
];

const DECLARATION = { name: "Aysha Rahman", role: "Community Safety Manager" };

export function seedDemoOffers(): void {
  const database = db();
  const lead = database.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, "lead.melton@demo.opcc.test")).get()!.id;
  for (const acceptance of ACCEPTANCES) {
    const grant = database
      .select({ id: s.grants.id, version: s.grants.version })
      .from(s.grants)
      .innerJoin(s.bids, eq(s.bids.id, s.grants.bidId))
      .where(eq(s.bids.title, acceptance.title))
      .get();
    if (!grant) continue;
    const result = acceptOffer(grant.id, lead, grant.version, { ...DECLARATION, date: acceptance.on }, `${acceptance.on}T${acceptance.at}:00.000Z`);
    if (result.kind !== "saved") throw new Error(`Demo data: accepting the offer for ${acceptance.title} was refused: ${JSON.stringify(result)}`);
  }
}

import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { getBidDetail } from "../../app/data/bids.server";
import { closeDb, db } from "../../app/data/db.server";
import { recordDecision } from "../../app/data/decisions.server";
import { recordPayment, releaseHold } from "../../app/data/payments.server";
import { syncReturnsForGrant } from "../../app/data/returns.server";
import { spanningTestRound } from "../support/accepted-grant";
import { bidCostLines, bids, financialYears, grantPayments, grants, organisations, users } from "../../db/schema";

/**
 * Grants for the payments journeys, made in the e2e server's database (from the test's own
 * process, through the portal's own functions where they exist): a Melton Safer Streets 5 bid of
 * its own (1 October 2024 to 31 March 2025, £4,843.00 in two quarterly instalments: a year after the
 * integration tests' dates, as the e2e demo closes 2023-24), in a Safer Streets round of the tests' own, approved,
 * and its offer accepted as the CSP lead's acceptance would leave it, with its returns made. Its
 * returns were due in 2025 and never submitted, so both instalments are held as overdue. No other
 * spec reads this bid.
 */

const databaseFile = () => path.resolve(`tests/.tmp/e2e-${process.env.E2E_PORT}/portal.db`);

function useServerDatabase() {
  process.env.DATABASE_PATH = databaseFile();
}

const idOf = (email: string) => db().select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;

export interface FixtureGrant {
  grantId: number;
  title: string;
  instalmentIds: number[];
}

export function acceptedOverdueGrant(title: string): FixtureGrant {
  useServerDatabase();
  const lead = idOf("lead.melton@demo.opcc.test");
  const reviewer = idOf("reviewer@demo.opcc.test");
  const melton = db().select({ id: organisations.id }).from(organisations).where(eq(organisations.code, "melton")).get()!.id;
  const round = spanningTestRound(1);
  const year = db().select({ id: financialYears.id }).from(financialYears).where(eq(financialYears.label, "2024-25")).get()!.id;
  const submittedAt = "2024-11-01T10:00:00.000Z";
  const bidId = db().transaction((tx) => {
    const id = tx
      .insert(bids)
      .values({
        roundId: round, cspId: melton, status: "submitted", title, summary: "A camera on the path by the skate park.", need: "ASB reports after dark.",
        activities: "Install and run the camera.", deliveryPartners: "Melton Borough Council", locations: "Play Close", startDate: "2024-10-01", endDate: "2025-03-31",
        holdsPersonalData: true, dpiaCompleted: true, equalityImpact: "No adverse impact.", createdBy: lead, createdAt: submittedAt, updatedBy: lead, updatedAt: submittedAt, submittedAt,
      })
      .returning({ id: bids.id })
      .get().id;
    tx.insert(bidCostLines).values({ bidId: id, position: 0, description: "CCTV camera, supply and installation", quantityHundredths: 100, unitPriceTenThousandths: 48_430_000, expenditureType: "capital", recurrence: "one_off", financialYearId: year }).run();
    return id;
  });
  const decided = recordDecision(bidId, reviewer, getBidDetail(bidId)!.version, {
    outcome: "approve", approvedByLine: {}, decidedOn: "2024-11-20", decisionMaker: "Police and Crime Commissioner for Leicestershire", leadOfficer: "Rachel Ward",
    reasons: "Tackles ASB at the skate park.", conditionIds: [], writtenConditions: [], declarationOfInterests: "None", publishable: true, foiExemption: null,
    paymentBasis: "quarterly_arrears", withoutReviewReason: "Made for the payments journeys.",
  }, "2024-11-21T10:00:00.000Z");
  if (decided.kind !== "recorded" || !decided.grantId) throw new Error(`Could not decide the fixture bid: ${JSON.stringify(decided)}`);
  const grantId = decided.grantId;
  const acceptedAt = "2024-11-28T10:00:00.000Z";
  db().transaction((tx) => {
    tx.update(grants)
      .set({ offerStatus: "accepted", respondedBy: lead, respondedAt: acceptedAt, declarationName: "Aysha Rahman", declarationRole: "Community Safety Manager", declarationDate: "2024-11-28", version: sql`${grants.version} + 1` })
      .where(eq(grants.id, grantId))
      .run();
    syncReturnsForGrant(tx, grantId, lead, acceptedAt);
  });
  const instalmentIds = db().select({ id: grantPayments.id }).from(grantPayments).where(eq(grantPayments.grantId, grantId)).orderBy(grantPayments.dueOn).all().map((i) => i.id);
  return { grantId, title, instalmentIds };
}

/** As OPCC finance: releases the first instalment's hold (today), leaving it due. */
export function releaseFirst(grant: FixtureGrant) {
  useServerDatabase();
  const released = releaseHold(grant.instalmentIds[0], idOf("finance@demo.opcc.test"), "Agreed with the partnership.");
  if (released.kind !== "released") throw new Error(`Could not release: ${JSON.stringify(released)}`);
}

/** As OPCC finance: releases the first instalment's hold and pays it in full. */
export function releaseAndPayFirst(grant: FixtureGrant, reference: string) {
  useServerDatabase();
  const finance = idOf("finance@demo.opcc.test");
  const [first] = grant.instalmentIds;
  const released = releaseHold(first, finance, "The camera was installed on time; the return follows.", "2025-02-05T10:00:00.000Z");
  if (released.kind !== "released") throw new Error(`Could not release: ${JSON.stringify(released)}`);
  const paid = recordPayment(grant.grantId, first, finance, { paidOn: "2025-02-06", amountPence: 242_150, financeReference: reference }, undefined, "2025-02-06T10:00:00.000Z");
  if (paid.kind !== "recorded") throw new Error(`Could not pay: ${JSON.stringify(paid)}`);
}

export const closeFixtureDatabase = () => closeDb();

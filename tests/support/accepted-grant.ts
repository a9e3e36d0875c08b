import { asc, eq, sql } from "drizzle-orm";
import { getBidDetail, snapshotOf as bidSnapshotOf } from "../../app/data/bids.server";
import { db } from "../../app/data/db.server";
import { recordDecision } from "../../app/data/decisions.server";
import type { PaymentBasis } from "../../app/domain/payment-schedule";
import * as s from "../../db/schema";
import { grantReturns, grants } from "../../db/schema";
import { bidIdByTitle } from "../integration/helpers";
import { acceptOfferForTest } from "./accepted-return";
import { decisionInput } from "./decision-input";
import { userId } from "./requests";

/**
 * Grants for the payments and reminders tests, made through the portal's own recordDecision on a
 * seeded (submitted) 2023-24 bid, decided without a moderated score. The acceptance is written
 * straight to the grant by acceptOfferForTest (tests/support/accepted-return.ts), as the CSP
 * lead's acceptance would leave it, with its returns made; the acceptance page itself is tested in
 * offers.test.ts.
 */

export function decideGrant(title: string, { paymentBasis = "quarterly_arrears" as PaymentBasis, decidedOn = "2023-07-20", at = "2023-07-21T10:00:00.000Z" } = {}): number {
  const bidId = bidIdByTitle(title);
  // Another suite's helper in the same file may have decided the bid already: its grant serves.
  const existing = db().select({ id: grants.id }).from(grants).where(eq(grants.bidId, bidId)).get();
  if (existing) return existing.id;
  const result = recordDecision(
    bidId,
    userId("reviewer"),
    getBidDetail(bidId)!.version,
    decisionInput({ decidedOn, paymentBasis, withoutReviewReason: "Decided for the payments tests without a review." }),
    at,
  );
  if (result.kind !== "recorded" || !result.grantId) throw new Error(`Could not decide ${title}: ${JSON.stringify(result)}`);
  return result.grantId;
}

/** The partnership's lead accepts the offer on `at`; the grant's returns are made. */
export function acceptOffer(grantId: number, at = "2023-07-28T10:00:00.000Z") {
  acceptOfferForTest(db(), grantId, userId("meltonLead"), at, { name: "Aysha Rahman", role: "Community Safety Manager" });
}

export function acceptedGrant(title: string, options: Parameters<typeof decideGrant>[1] & { acceptedAt?: string } = {}): number {
  const grantId = decideGrant(title, options);
  acceptOffer(grantId, options.acceptedAt);
  return grantId;
}

/** Marks a grant's returns (or those due by `dueBy`) submitted on their due date and accepted, as the returns pages would leave them. */
export function returnsAccepted(grantId: number, dueBy = "9999-12-31") {
  db().run(sql`update grant_returns set status = 'accepted', first_submitted_at = due_on || 'T09:00:00.000Z', submitted_at = due_on || 'T09:00:00.000Z',
    accepted_at = due_on || 'T15:00:00.000Z', version = version + 1 where grant_id = ${grantId} and due_on <= ${dueBy}`);
}

/** Marks one return submitted and then queried by the OPCC at `queriedAt` (with the review row a query leaves). */
export function returnQueried(returnId: number, queriedAt: string) {
  db().run(sql`update grant_returns set status = 'queried', first_submitted_at = coalesce(first_submitted_at, ${queriedAt}), submitted_at = coalesce(submitted_at, ${queriedAt}), version = version + 1 where id = ${returnId}`);
  db().run(sql`insert into return_reviews (return_id, action, comment, by_user, at) values (${returnId}, 'queried', 'Please explain the underspend.', ${userId("reviewer")}, ${queriedAt})`);
}

export function returnsOf(grantId: number) {
  return db().select().from(grantReturns).where(eq(grantReturns.grantId, grantId)).orderBy(grantReturns.startYear, grantReturns.quarter).all();
}

/** Approves a submitted bid (the PCC deciding without a moderated score) and returns its grant's id. */
export function approveBid(bidId: number, decidedOn = "2023-07-20", at = "2023-07-21T10:00:00.000Z", approved: Record<string, number> = {}, paymentBasis?: PaymentBasis): number {
  const bid = getBidDetail(bidId)!;
  const approvedByLine = Object.fromEntries(Object.entries(approved).map(([description, pence]) => [bid.costLines.find((l) => l.description === description)!.id, pence]));
  const result = recordDecision(
    bidId,
    userId("reviewer"),
    bid.version,
    decisionInput({
      outcome: Object.keys(approved).length ? "part_approve" : "approve",
      approvedByLine,
      decidedOn,
      ...(paymentBasis ? { paymentBasis } : {}),
      withoutReviewReason: "Decided without a moderated score for the returns tests.",
    }),
    at,
  );
  if (result.kind !== "recorded" || result.grantId === null) throw new Error(`Could not approve bid ${bidId}: ${JSON.stringify(result)}`);
  return result.grantId;
}

export type FixtureKind = "annual" | "ss5";

/**
 * A closed 2023-24 round of a stream of the tests' own whose returns the council certifies, with no
 * allocations: the fixture's "annual" grants go there rather than into the demo's annual round, so
 * no partnership's allocation, dashboard or round totals change.
 */
function certifiedTestRound(shift = 0): number {
  const label = shiftLabel("2023-24", shift);
  const name = `Test certified fund ${label}`;
  // One write transaction: two spec workers making fixtures at once make the round once.
  return db().transaction((tx) => {
    const found = tx.select({ id: s.rounds.id }).from(s.rounds).where(eq(s.rounds.name, name)).get();
    if (found) return found.id;
    const year = tx.select({ id: s.financialYears.id }).from(s.financialYears).where(eq(s.financialYears.label, label)).get()!.id;
    const stream =
      tx.select({ id: s.fundingStreams.id }).from(s.fundingStreams).where(eq(s.fundingStreams.code, "test-certified")).get()?.id ??
      tx.insert(s.fundingStreams).values({
        code: "test-certified", name: "Test certified fund", description: "Made by the returns tests: returns certified by the council.",
        maySpanYears: false, maxDurationMonths: 12, matchFundingRequired: false, certificationRequired: true,
      }).returning({ id: s.fundingStreams.id }).get().id;
    return tx.insert(s.rounds).values({ streamId: stream, financialYearId: year, name, opensOn: shiftDate("2023-04-01", shift), closesOn: shiftDate("2023-06-30", shift), totalPotPence: 0, status: "closed" }).returning({ id: s.rounds.id }).get().id;
  }, { behavior: "immediate" });
}

/** "2023-24" moved on by `shift` years: "2024-25". */
export const shiftLabel = (label: string, shift: number) => {
  const start = Number(label.slice(0, 4)) + shift;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
};
/** A date or timestamp moved on by `shift` years (29 February never arises in these fixtures). */
export const shiftDate = (iso: string, shift: number) => `${Number(iso.slice(0, 4)) + shift}${iso.slice(4)}`;

/**
 * A Safer Streets round of the tests' own starting in the year `shift` years after 2023-24, for
 * fixtures that must stay clear of a closed 2023-24 (the e2e demo closes it): the Safer Streets 5
 * stream, spanning years, closed to new bids.
 */
export function spanningTestRound(shift: number): number {
  const label = shiftLabel("2023-24", shift);
  const name = `Test Safer Streets ${label}`;
  return db().transaction((tx) => {
    const found = tx.select({ id: s.rounds.id }).from(s.rounds).where(eq(s.rounds.name, name)).get();
    if (found) return found.id;
    const ss5 = tx.select({ streamId: s.rounds.streamId }).from(s.rounds).where(eq(s.rounds.name, "Safer Streets 5")).get()!.streamId;
    const year = tx.select({ id: s.financialYears.id }).from(s.financialYears).where(eq(s.financialYears.label, label)).get()!.id;
    return tx.insert(s.rounds).values({ streamId: ss5, financialYearId: year, name, opensOn: shiftDate("2023-07-01", shift), closesOn: shiftDate("2023-09-30", shift), totalPotPence: 0, status: "closed" }).returning({ id: s.rounds.id }).get().id;
  }, { behavior: "immediate" });
}

/**
 * A new Melton bid of its own, submitted, approved and accepted, so a test can fill its returns
 * whatever else has happened in the database: "annual", in a 2023-24 round of a test stream of its
 * own (April 2023 to March 2024, certified by the council; see certifiedTestRound), a revenue line
 * (an outreach worker, £12,000: £3,000 a quarter) and a capital one (a mobile CCTV camera, £4,000:
 * £1,000 a quarter); in Safer Streets 5 (October 2023 to March 2025, not certified) a capital line
 * in 2023-24 and a revenue one in 2024-25. One milestone, one outcome.
 *
 * `shift` moves it all on by whole years (its round, dates and lines): the e2e specs use 1, so that
 * their grants are in 2024-25 and later, open after the demo closes 2023-24; a shifted "ss5" grant
 * is in a Safer Streets round of its own (spanningTestRound).
 */
export function makeAcceptedGrant(
  title: string,
  kind: FixtureKind = "annual",
  { approved = {} as Record<string, number>, extraLine = false, shift = 0, paymentBasis = undefined as PaymentBasis | undefined, csp = "melton", decide = true } = {},
): { grantId: number; bidId: number; returnIds: number[] } {
  const fy = (label: string) => shiftLabel(label, shift);
  const on = (iso: string) => shiftDate(iso, shift);
  const lead = userId("meltonLead");
  const year = (label: string) => db().select({ id: s.financialYears.id }).from(s.financialYears).where(eq(s.financialYears.label, fy(label))).get()!.id;
  const round =
    kind === "annual" ? certifiedTestRound(shift) : shift ? spanningTestRound(shift) : db().select({ id: s.rounds.id }).from(s.rounds).where(eq(s.rounds.name, "Safer Streets 5")).get()!.id;
  const melton = db().select({ id: s.organisations.id }).from(s.organisations).where(eq(s.organisations.code, csp)).get()!.id;
  const priority = db().select({ id: s.priorities.id }).from(s.priorities).where(eq(s.priorities.kind, "police_and_crime_plan")).orderBy(asc(s.priorities.position)).get()!.id;
  const submittedAt = on("2023-06-30T09:00:00.000Z");
  const [startDate, endDate] = (kind === "annual" ? ["2023-04-01", "2024-03-31"] : ["2023-10-01", "2025-03-31"]).map(on);
  const bidId = db().transaction((tx) => {
    const bid = tx.insert(s.bids).values({
      roundId: round, cspId: melton, status: "submitted", version: 2, title,
      summary: "Outreach and a mobile camera at the hotspots residents name.", need: "ASB reports doubled at Egerton Park in 2022-23.",
      activities: "An outreach worker two days a week; a mobile camera moved between the hotspots.", deliveryPartners: "Leicestershire Police",
      locations: "Egerton Park and Wilton Road, Melton Mowbray", startDate, endDate, holdsPersonalData: true, dpiaCompleted: true,
      equalityImpact: "Outreach is offered to every young person at the sites.", createdBy: lead, createdAt: submittedAt, updatedBy: lead, updatedAt: submittedAt, submittedAt,
    }).returning({ id: s.bids.id }).get().id;
    type Line = { description: string; quantity: number; price: number; type: "capital" | "revenue"; recurrence: "one_off" | "recurring"; year: string };
    const lines: Line[] = kind === "annual"
      ? [
          { description: "Outreach worker: two days a week", quantity: 100, price: 120_000_000, type: "revenue" as const, recurrence: "recurring" as const, year: "2023-24" },
          { description: "Mobile CCTV camera", quantity: 100, price: 40_000_000, type: "capital" as const, recurrence: "one_off" as const, year: "2023-24" },
        ]
      : [
          { description: "Solar lights, supply and installation", quantity: 1200, price: 3_000_000, type: "capital" as const, recurrence: "one_off" as const, year: "2023-24" },
          { description: "Lighting maintenance package", quantity: 100, price: 80_000_000, type: "revenue" as const, recurrence: "recurring" as const, year: "2024-25" },
        ];
    // A third line, for a part-approval that approves it at nothing.
    if (extraLine) lines.push({ description: "Leaflets", quantity: 100, price: 5_000_000, type: "revenue" as const, recurrence: "one_off" as const, year: "2023-24" });
    lines.forEach((l, position) =>
      tx.insert(s.bidCostLines).values({ bidId: bid, position, description: l.description, quantityHundredths: l.quantity, unitPriceTenThousandths: l.price, expenditureType: l.type, recurrence: l.recurrence, financialYearId: year(l.year) }).run(),
    );
    tx.insert(s.bidPriorities).values({ bidId: bid, priorityId: priority }).run();
    tx.insert(s.bidOutcomes).values({ bidId: bid, position: 0, measure: "ASB incidents reported at the hotspots", unit: "incidents a quarter", baseline: "40", target: "30", targetDate: endDate }).run();
    tx.insert(s.bidMilestones).values({ bidId: bid, position: 0, financialYearId: year("2023-24"), quarter: kind === "annual" ? 2 : 3, description: "Camera installed and working" }).run();
    tx.insert(s.bidRisks).values({ bidId: bid, position: 0, description: "Camera vandalised", likelihood: 2, impact: 2, mitigation: "Mounted high, with a tamper alarm." }).run();
    tx.insert(s.bidSubmissions).values({ bidId: bid, number: 1, submittedAt, submittedBy: lead, snapshot: bidSnapshotOf(getBidDetail(bid, tx)!) }).run();
    return bid;
  });
  // Decided the day before the demo's decisions, so that lists of the latest decisions and bids
  // (which other specs read) still lead with the demo's.
  // Left submitted (no grant) when `decide` is false: a bid waiting for its decision.
  if (!decide) return { grantId: 0, bidId, returnIds: [] };
  const grantId = approveBid(bidId, on("2023-07-19"), on("2023-07-19T10:00:00.000Z"), approved, paymentBasis);
  acceptOffer(grantId, on("2023-08-01T10:00:00.000Z"));
  const returnIds = db()
    .select({ id: s.grantReturns.id })
    .from(s.grantReturns)
    .where(eq(s.grantReturns.grantId, grantId))
    .orderBy(asc(s.grantReturns.startYear), asc(s.grantReturns.quarter))
    .all()
    .map((r) => r.id);
  return { grantId, bidId, returnIds };
}

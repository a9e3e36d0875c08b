import { formTokenFor } from "../support/requests";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { hashPassword } from "../../app/auth/password.server";
import { startSession } from "../../app/auth/session.server";
import { db } from "../../app/data/db.server";
import { createBid } from "../../app/data/bids.server";
import { createUser } from "../../app/data/users.server";
import { financialYearBounds, financialYearStartYear } from "../../app/domain/financial-years";
import { ukDate } from "../../app/domain/round-window";
import { currentRoundName } from "../../db/seed";
import {
  auditLog,
  bidCostLines,
  bidMatchFunding,
  bidMilestones,
  bidOutcomes,
  bidPriorities,
  bidRisks,
  bids,
  financialYears,
  organisations,
  priorities,
  rounds,
} from "../../db/schema";

/**
 * Shared helpers for the integration tests: ids looked up from the seeded database (never assumed),
 * snapshots to prove that a refused request wrote nothing, valid section forms, and requests signed
 * in as a user the test made itself.
 */

export const DEMO_PASSWORD = "demo-portal-2023";

export function cspId(code: string): number {
  return db().select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code)).get()!.id;
}

export function yearId(label: string): number {
  return db().select({ id: financialYears.id }).from(financialYears).where(eq(financialYears.label, label)).get()!.id;
}

export function roundId(name: string): number {
  return db().select({ id: rounds.id }).from(rounds).where(eq(rounds.name, name)).get()!.id;
}

export const annualRoundId = () => roundId("CSP annual allocation 2023-24");
export const ss5RoundId = () => roundId("Safer Streets 5");

/**
 * The financial year the tests run in, and the demo's annual round for it (seeded open from the
 * day the test database was made): every test that starts or submits a new bid does it there, so
 * the suite passes in any year. The 2023-24 rounds are closed.
 */
export function currentYear() {
  const bounds = financialYearBounds(financialYearStartYear(ukDate(new Date())));
  return { ...bounds, id: yearId(bounds.label) };
}
export const currentRoundId = () => roundId(currentRoundName(new Date()));

/**
 * Starts a draft in the current round as a partnership's lead would (through the portal's own
 * createBid): the one place tests make a new bid without going through the start page.
 */
export function startCurrentDraft(title: string, { csp = "melton", userId, fund = "allocation" }: { csp?: string; userId: number; fund?: "allocation" | "central" }): number {
  return createBid({ roundId: currentRoundId(), cspId: cspId(csp), title, userId, fund });
}

/** A seeded bid's id, found by its title. */
export function bidIdByTitle(title: string): number {
  return db().select({ id: bids.id }).from(bids).where(eq(bids.title, title)).get()!.id;
}

export function bidRow(id: number) {
  return db().select().from(bids).where(eq(bids.id, id)).get();
}

/** A Police and Crime Plan priority (any CSP may choose it). */
export function pcpPriorityId(position = 0): number {
  return db()
    .select({ id: priorities.id })
    .from(priorities)
    .where(and(eq(priorities.kind, "police_and_crime_plan"), eq(priorities.position, position)))
    .get()!.id;
}

export function statutoryPriorityId(): number {
  return db().select({ id: priorities.id }).from(priorities).where(eq(priorities.kind, "statutory")).orderBy(asc(priorities.position)).get()!.id;
}

/** One of a CSP's own priorities. */
export function ownPriorityId(code: string): number {
  return db().select({ id: priorities.id }).from(priorities).where(eq(priorities.cspId, cspId(code))).orderBy(asc(priorities.position)).get()!.id;
}

export function sharedPriorityIds(): number[] {
  return db().select({ id: priorities.id }).from(priorities).where(isNull(priorities.cspId)).all().map((p) => p.id);
}

export function auditCount(bidId?: number): number {
  return bidId === undefined
    ? db().get<{ n: number }>(sql`select count(*) as n from audit_log`).n
    : db().get<{ n: number }>(sql`select count(*) as n from audit_log where bid_id = ${bidId}`).n;
}

export function auditRows(bidId: number) {
  return db().select().from(auditLog).where(eq(auditLog.bidId, bidId)).orderBy(asc(auditLog.id)).all();
}

/** Everything stored about one bid, and the size of the audit log: equal snapshots mean nothing was written. */
export function bidSnapshot(id: number) {
  const strip = <T extends { id?: number }>(rows: T[]) => rows.map(({ id: _id, ...rest }) => rest);
  return {
    bid: bidRow(id),
    priorities: db().select().from(bidPriorities).where(eq(bidPriorities.bidId, id)).orderBy(asc(bidPriorities.priorityId)).all(),
    milestones: strip(db().select().from(bidMilestones).where(eq(bidMilestones.bidId, id)).orderBy(asc(bidMilestones.position)).all()),
    costLines: strip(db().select().from(bidCostLines).where(eq(bidCostLines.bidId, id)).orderBy(asc(bidCostLines.position)).all()),
    matchFunding: strip(db().select().from(bidMatchFunding).where(eq(bidMatchFunding.bidId, id)).orderBy(asc(bidMatchFunding.position)).all()),
    outcomes: strip(db().select().from(bidOutcomes).where(eq(bidOutcomes.bidId, id)).orderBy(asc(bidOutcomes.position)).all()),
    risks: strip(db().select().from(bidRisks).where(eq(bidRisks.bidId, id)).orderBy(asc(bidRisks.position)).all()),
    auditRows: auditCount(),
  };
}

/** Every bid's and return's version and status, the size of each child table, and the audit log's size. */
export function databaseSnapshot() {
  const count = (table: string) => db().get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
  return {
    bids: db().select({ id: bids.id, version: bids.version, status: bids.status, updatedAt: bids.updatedAt }).from(bids).orderBy(asc(bids.id)).all(),
    children: ["bid_priorities", "bid_milestones", "bid_cost_lines", "bid_match_funding", "bid_outcomes", "bid_risks", "return_evidence"].map((t) => [t, count(t)]),
    returns: db().all(sql`select id, version, status from grant_returns order by id`),
    returnRows: ["return_lines", "return_forecasts", "return_outcomes", "return_milestones", "return_submissions", "return_reviews"].map((t) => [t, count(t)]),
    audit: count("audit_log"),
  };
}

/** Makes an account with a password, as an administrator would. */
export async function makeUser(input: { email: string; name: string; role: "csp_lead" | "opcc_reviewer" | "finance" | "admin"; orgCode: string; password?: string }) {
  const id = createUser({
    email: input.email,
    name: input.name,
    role: input.role,
    organisationId: cspId(input.orgCode),
    passwordHash: await hashPassword(input.password ?? DEMO_PASSWORD),
    createdBy: null,
  });
  return id;
}

/** A request signed in as any user id (requests.ts only knows the demo users). */
export async function requestAsUser(userId: number, path: string, form?: Record<string, string | string[]>): Promise<Request> {
  const headers = new Headers({ Cookie: (await startSession(userId)).split(";")[0] });
  if (!form) return new Request(`http://localhost${path}`, { headers });
  const body = new URLSearchParams({ csrf: await formTokenFor(headers) });
  for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request(`http://localhost${path}`, { method: "POST", headers, body });
}

export type Form = Record<string, string | string[]>;

const dateParts = (name: string, day: string, month: string, year: string): Form => ({
  [`${name}.day`]: day,
  [`${name}.month`]: month,
  [`${name}.year`]: year,
});

/**
 * A complete, valid form for each section of a bid in the current round (the annual allocation:
 * 1 October to 31 March of the financial year the tests run in, every cost in that year), without
 * the version (the caller adds the bid's current one). Asks for £1,802.25: £2,302.80 of costs less
 * £500.55 of match funding.
 */
export function currentSectionForms(): Record<string, Form> {
  const year = currentYear();
  const ss5 = validSectionForms();
  const end = String(year.startYear + 1);
  return {
    ...ss5,
    details: {
      ...ss5.details,
      ...dateParts("startDate", "1", "10", String(year.startYear)),
      ...dateParts("endDate", "31", "3", end),
      "milestones.0.when": `${year.id}-3`,
      "milestones.1.when": `${year.id}-4`,
    },
    costs: { ...ss5.costs, "costs.0.financialYearId": String(year.id), "costs.1.financialYearId": String(year.id) },
    outcomes: { ...ss5.outcomes, ...dateParts("outcomes.0.targetDate", "31", "3", end) },
  };
}

/**
 * A complete, valid form for each section of a Safer Streets 5 bid (1 Oct 2023 – 31 Mar 2025),
 * without the version (the caller adds the bid's current one): for the seeded Safer Streets 5
 * drafts, which may still be changed after the round's close but not submitted.
 */
export function validSectionForms(): Record<string, Form> {
  const fy2023 = yearId("2023-24");
  const fy2024 = yearId("2024-25");
  return {
    details: {
      title: "Lighting and CCTV at Egerton Park",
      summary: "Solar lighting and a CCTV camera on the path through Egerton Park.",
      need: "Residents report ASB on the unlit path; 48 incidents in 2022-23.",
      activities: "Install 6 solar lights and one CCTV camera; run two community walkabouts.",
      deliveryPartners: "Melton Borough Council; Leicestershire Police",
      locations: "Egerton Park, Melton Mowbray",
      ...dateParts("startDate", "1", "10", "2023"),
      ...dateParts("endDate", "31", "3", "2025"),
      "milestones.0.when": `${fy2023}-3`,
      "milestones.0.description": "Lights installed",
      "milestones.1.when": `${fy2024}-4`,
      "milestones.1.description": "Evaluation report to the partnership",
    },
    priorities: { "priorities[]": [String(pcpPriorityId(0)), String(ownPriorityId("melton"))] },
    costs: {
      "costs.0.description": "Drink covers",
      "costs.0.quantity": "10,000",
      "costs.0.unitPrice": "0.1535",
      "costs.0.expenditureType": "revenue",
      "costs.0.recurrence": "one_off",
      "costs.0.financialYearId": String(fy2023),
      "costs.1.description": "450mm convex mirror",
      "costs.1.quantity": "20",
      "costs.1.unitPrice": "£38.39",
      "costs.1.expenditureType": "capital",
      "costs.1.recurrence": "one_off",
      "costs.1.financialYearId": String(fy2024),
    },
    "match-funding": {
      "match.0.source": "Melton Borough Council",
      "match.0.kind": "cash",
      "match.0.amount": "500.55",
    },
    outcomes: {
      "outcomes.0.measure": "ASB incidents reported in Egerton Park",
      "outcomes.0.unit": "incidents a quarter",
      "outcomes.0.baseline": "12",
      "outcomes.0.target": "8.5",
      ...dateParts("outcomes.0.targetDate", "31", "3", "2025"),
    },
    risks: {
      "risks.0.description": "Supplier delays",
      "risks.0.likelihood": "3",
      "risks.0.impact": "2",
      "risks.0.mitigation": "Order through the council's framework suppliers.",
    },
    "data-protection": {
      holdsPersonalData: "yes",
      dpiaCompleted: "yes",
      equalityImpact: "Lighting helps everyone using the path, especially women and girls after dark.",
    },
  };
}

export const SECTIONS = ["details", "priorities", "costs", "match-funding", "outcomes", "risks", "data-protection"] as const;
export type Section = (typeof SECTIONS)[number];

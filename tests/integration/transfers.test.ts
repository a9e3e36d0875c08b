import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { latestDecision } from "../../app/data/decisions.server";
import { unpaidPence } from "../../app/data/transfers.server";
import { virementLines } from "../../app/data/variations.server";
import * as grantPage from "../../app/routes/grants.$grantId._index";
import * as newPage from "../../app/routes/grants.$grantId_.transfers.new";
import * as variationPage from "../../app/routes/grants.$grantId_.variations.$variationId";
import { auditLog, decisions, grantPayments, grantVariations, outbox } from "../../db/schema";
import { makeAcceptedGrant } from "../support/accepted-grant";
import { pay } from "../support/after-award-fixtures";
import { request, run, type DemoUser } from "../support/requests";

/**
 * Moving money between grants (decision record 025): the CSP lead asks to move money from a line
 * of one grant to a line of another of the partnership's grants, or to release it for a new
 * project; it always waits for the OPCC, who approves it as PCC decisions — a correcting decision
 * on each bid with its own reference — or refuses it. What is refused: more than is unspent or
 * unpaid, more than the receiving line asked for, the wrong person, a stale copy.
 */

type Form = Record<string, string>;
const newPath = (grantId: number) => `/grants/${grantId}/transfers/new`;
const vPath = (grantId: number, variationId: number) => `/grants/${grantId}/variations/${variationId}`;
const getNew = async (who: DemoUser, grantId: number) => run<any>(newPage.loader, await request(who, newPath(grantId)), { grantId: String(grantId) });
const postNew = async (who: DemoUser, grantId: number, form: Form) => run<any>(newPage.action, await request(who, newPath(grantId), form), { grantId: String(grantId) });
const postV = async (who: DemoUser, grantId: number, variationId: number, form: Form) => run<any>(variationPage.action, await request(who, vPath(grantId, variationId), form), { grantId: String(grantId), variationId: String(variationId) });
const getV = async (who: DemoUser, grantId: number, variationId: number) => run<any>(variationPage.loader, await request(who, vPath(grantId, variationId)), { grantId: String(grantId), variationId: String(variationId) });
const lineOf = (grantId: number, description: string) => virementLines(grantId).find((l) => l.description === description)!;
const idFrom = (location: string | null | undefined) => Number(/variations\/(\d+)/.exec(location ?? "")![1]);
const variation = (id: number) => db().select().from(grantVariations).where(eq(grantVariations.id, id)).get()!;
const scheduled = (grantId: number) => db().get<{ n: number }>(sql`select sum(amount_pence) as n from grant_payments where grant_id = ${grantId}`).n;

const OUTREACH = "Outreach worker: two days a week";
const CAMERA = "Mobile CCTV camera";

const decisionForm = (version: number, extra: Form = {}): Form => ({
  intent: "approve-transfer",
  version: String(version),
  decisionReason: "The camera at Wilton Road is needed sooner than the outreach hours.",
  "decidedOn.day": "15",
  "decidedOn.month": "1",
  "decidedOn.year": "2024",
  decisionMaker: "Police and Crime Commissioner for Leicestershire",
  leadOfficer: "Olivia Reviewer",
  declarationOfInterests: "None",
  publishable: "yes",
  ...extra,
});

let giving: { grantId: number; bidId: number };
let receiving: { grantId: number; bidId: number };

beforeAll(() => {
  // Both 2023-24 Melton grants of the tests' own: the giving one approved in full (£16,000); the
  // receiving one with its camera part-approved at £2,500 of the £4,000 asked.
  giving = makeAcceptedGrant("Transfer test: the giving grant");
  receiving = makeAcceptedGrant("Transfer test: the receiving grant", "annual", { approved: { [CAMERA]: 250_000 } });
});

describe("asking to move money to another grant", () => {
  it("offers the partnership's other grants' lines with room below their ask, and releasing it for a new project", async () => {
    const res = await getNew("meltonLead", giving.grantId);
    expect(res.status).toBe(200);
    expect(res.data.refusal).toBeNull();
    const labels = res.data.targets.map((t: any) => t.label);
    expect(labels).toContain("Transfer test: the receiving grant: Mobile CCTV camera (2023-24, capital), up to £1,500.00 more");
    // Another partnership's grants are never offered, nor a line that already has all it asked.
    expect(labels.some((l: string) => l.startsWith("Transfer test: the giving grant"))).toBe(false);
    expect(labels.some((l: string) => l.includes("Outreach worker") && l.includes("the receiving grant"))).toBe(false);
  });

  it("refuses more than the receiving line asked for, keeping what was typed", async () => {
    const res = await postNew("meltonLead", giving.grantId, { fromCostLineId: String(lineOf(giving.grantId, OUTREACH).id), to: String(lineOf(receiving.grantId, CAMERA).id), amount: "1500.01", reason: "Cameras first." });
    expect(res.status).toBe(400);
    expect(res.data.errors.amount).toBe("Mobile CCTV camera can take at most £1,500.00 more: a decision never approves more than a line asks for");
    expect(res.data.values.amount).toBe("1500.01");
  });

  it("refuses a request with nothing chosen, with an error for each field", async () => {
    const res = await postNew("meltonLead", giving.grantId, { fromCostLineId: "", to: "", amount: "", reason: "" });
    expect(res.status).toBe(400);
    expect(Object.keys(res.data.errors).sort()).toEqual(["amount", "fromCostLineId", "reason", "to"]);
  });

  it("lets neither the OPCC nor council finance ask, and answers 404 for another partnership", async () => {
    for (const who of ["reviewer", "meltonFinance"] as const) expect((await getNew(who, giving.grantId)).status).toBe(403);
    expect((await getNew("charnwoodLead", giving.grantId)).status).toBe(404);
  });
});

describe("the OPCC approves a transfer as PCC decisions", () => {
  let variationId: number;

  beforeAll(async () => {
    const res = await postNew("meltonLead", giving.grantId, { fromCostLineId: String(lineOf(giving.grantId, OUTREACH).id), to: String(lineOf(receiving.grantId, CAMERA).id), amount: "1500", reason: "The camera is needed at Wilton Road now." });
    expect(res.status).toBe(302);
    variationId = idFrom(res.location);
  });

  it("waits for the OPCC, shown on both grants' pages from each one's side", async () => {
    expect(variation(variationId).status).toBe("requested");
    const out = await run<any>(grantPage.loader, await request("meltonLead", `/grants/${giving.grantId}`), { grantId: String(giving.grantId) });
    const into = await run<any>(grantPage.loader, await request("meltonLead", `/grants/${receiving.grantId}`), { grantId: String(receiving.grantId) });
    expect(out.data.variations.rows.find((r: any) => r.id === variationId)).toMatchObject({ kind: "transfer", grantId: giving.grantId, toGrantId: receiving.grantId });
    expect(into.data.variations.rows.find((r: any) => r.id === variationId)).toMatchObject({ kind: "transfer", grantId: giving.grantId });
    const page = await getV("reviewer", giving.grantId, variationId);
    expect(page.data.variation.ask).toBe("Move £1,500.00 from Outreach worker: two days a week to Transfer test: the receiving grant: Mobile CCTV camera");
    expect(page.data.canDecide).toBe(true);
    expect((await getV("meltonLead", giving.grantId, variationId)).data.canDecide).toBe(false);
  });

  it("cannot be approved by the lead who asked, nor approved without the decision's particulars", async () => {
    expect((await postV("meltonLead", giving.grantId, variationId, decisionForm(1))).status).toBe(403);
    const res = await postV("reviewer", giving.grantId, variationId, { intent: "approve-transfer", version: "1", decisionReason: "", publishable: "no" });
    expect(res.status).toBe(400);
    expect(Object.keys(res.data.errors).sort()).toEqual(["decisionMaker", "decisionReason", "declarationOfInterests", "leadOfficer"]);
    const noDate = await postV("reviewer", giving.grantId, variationId, decisionForm(1, { "decidedOn.day": "", "decidedOn.month": "", "decidedOn.year": "", publishable: "no" }));
    expect(noDate.status).toBe(400);
    expect(Object.keys(noDate.data.errors).sort()).toEqual(["decidedOn", "foiExemption"]);
    // The plain approve of a virement's form does not approve a transfer.
    const plain = await postV("reviewer", giving.grantId, variationId, { intent: "decide", version: "1", decision: "approve", decisionReason: "Fine." });
    expect(plain.status).toBe(409);
    expect(variation(variationId).status).toBe("requested");
  });

  it("records a correcting decision on each bid and moves the amounts, schedules and totals with them", async () => {
    const givingBefore = latestDecision(giving.bidId)!;
    const receivingBefore = latestDecision(receiving.bidId)!;
    const res = await postV("reviewer", giving.grantId, variationId, decisionForm(1));
    expect(res.status).toBe(302);
    const v = variation(variationId);
    expect(v.status).toBe("approved");
    const givingNow = db().select().from(decisions).where(eq(decisions.id, v.decisionId!)).get()!;
    const receivingNow = db().select().from(decisions).where(eq(decisions.id, v.toDecisionId!)).get()!;
    expect(givingNow).toMatchObject({ bidId: giving.bidId, supersedesId: givingBefore.id, outcome: "part_approved", decidedOn: "2024-01-15" });
    expect(receivingNow).toMatchObject({ bidId: receiving.bidId, supersedesId: receivingBefore.id, outcome: "approved" });
    expect(givingNow.reference).not.toBe(receivingNow.reference);
    expect(givingNow.reasons).toMatch(/^The camera at Wilton Road is needed sooner than the outreach hours\.\n\nThis decision moves £1,500\.00 from Outreach worker/);
    // The lines move; each grant's total and schedule follow (£16,000 → £14,500; £14,500 → £16,000).
    expect(lineOf(giving.grantId, OUTREACH)).toMatchObject({ approvedPence: 1_050_000, currentPence: 1_050_000 });
    expect(lineOf(receiving.grantId, CAMERA)).toMatchObject({ approvedPence: 400_000, currentPence: 400_000 });
    expect(scheduled(giving.grantId)).toBe(1_450_000);
    expect(scheduled(receiving.grantId)).toBe(1_600_000);
    // Audited, and the partnership is told with both references.
    expect(db().select().from(auditLog).where(and(eq(auditLog.entityType, "variation"), eq(auditLog.entityId, variationId), eq(auditLog.action, "variation.approved"))).get()).toBeTruthy();
    const mail = db().select().from(outbox).where(sql`instr(${outbox.subject}, 'Transfer approved') > 0`).all().at(-1)!;
    expect(mail.body).toContain(givingNow.reference);
    expect(mail.body).toContain(receivingNow.reference);
    const page = await getV("meltonLead", giving.grantId, variationId);
    expect(page.data.variation.decisions.map((d: any) => d.reference)).toEqual([givingNow.reference, receivingNow.reference]);
  });

  it("is not approved twice", async () => {
    const res = await postV("reviewer", giving.grantId, variationId, decisionForm(2));
    expect(res.status).toBe(409);
  });
});

describe("what a transfer cannot do", () => {
  it("moves only money not yet paid, checked again when the OPCC approves", async () => {
    const g = makeAcceptedGrant("Transfer test: paid ahead");
    const res = await postNew("meltonLead", g.grantId, { fromCostLineId: String(lineOf(g.grantId, CAMERA).id), to: "new-project", amount: "1000", reason: "A new project instead." });
    expect(res.status).toBe(302);
    const id = idFrom(res.location);
    // Everything is paid before the OPCC decides.
    for (let i = 0; i < db().select().from(grantPayments).where(eq(grantPayments.grantId, g.grantId)).all().length; i++) pay(g.grantId, { instalment: i, paidOn: "2023-12-01" });
    expect(unpaidPence(g.grantId)).toBe(0);
    const approve = await postV("reviewer", g.grantId, id, decisionForm(1));
    expect(approve.status).toBe(409);
    expect(approve.data.formError).toMatch(/^This transfer can no longer be approved as asked: Only money not yet paid can move to another grant/);
    expect(variation(id).status).toBe("requested");
    expect(latestDecision(g.bidId)!.id).toBe(db().select().from(decisions).where(eq(decisions.bidId, g.bidId)).all().at(-1)!.id);
  });

  it("released for a new project, corrects only the giving grant, and the OPCC may refuse instead", async () => {
    const g = makeAcceptedGrant("Transfer test: released");
    const ask = async () => idFrom((await postNew("meltonLead", g.grantId, { fromCostLineId: String(lineOf(g.grantId, OUTREACH).id), to: "new-project", amount: "2000", reason: "A knife-crime project instead." })).location);
    const refused = await ask();
    const refuse = await postV("reviewer", g.grantId, refused, { intent: "decide", version: "1", decision: "refuse", decisionReason: "The outreach is the plan's priority." });
    expect(refuse.status).toBe(302);
    expect(variation(refused).status).toBe("refused");
    const approved = await ask();
    expect((await postV("finance", g.grantId, approved, decisionForm(1))).status).toBe(302);
    const v = variation(approved);
    expect(v.toDecisionId).toBeNull();
    expect(lineOf(g.grantId, OUTREACH).currentPence).toBe(1_000_000);
    expect(scheduled(g.grantId)).toBe(1_400_000);
  });

  it("refuses a stale approval", async () => {
    const g = makeAcceptedGrant("Transfer test: stale");
    const id = idFrom((await postNew("meltonLead", g.grantId, { fromCostLineId: String(lineOf(g.grantId, OUTREACH).id), to: "new-project", amount: "100", reason: "Smaller." })).location);
    const res = await postV("reviewer", g.grantId, id, decisionForm(7));
    expect(res.status).toBe(409);
    expect(variation(id).status).toBe("requested");
  });
});

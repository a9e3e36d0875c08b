import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { grantFinance } from "../../app/data/finance.server";
import { loadReturn } from "../../app/data/returns.server";
import { decideVariation, listVariations, requestVirement, virementLines } from "../../app/data/variations.server";
import * as dashboardPage from "../../app/routes/_index";
import * as grantPage from "../../app/routes/grants.$grantId._index";
import * as variationPage from "../../app/routes/grants.$grantId_.variations.$variationId";
import * as newPage from "../../app/routes/grants.$grantId_.variations.new";
import * as queuePage from "../../app/routes/variations._index";
import { auditLog, grantLineAdjustments, grantPayments, grantReturns, grants, grantVariations, outbox } from "../../db/schema";
import { acceptedGrant, makeAcceptedGrant } from "../support/accepted-grant";
import { pay, writeReturn } from "../support/after-award-fixtures";
import { DEMO, request, run, userId, type DemoUser } from "../support/requests";

/**
 * Virements and time extensions through their pages: the CSP lead asks, a virement within the
 * fund's rules is approved at once, one beyond them waits for an OPCC officer, who approves or
 * refuses it with a reason; the lead may withdraw a waiting one. What is refused: a line taken
 * below its spend, the wrong person, another partnership, a stale decision. And what follows: the
 * returns and /finance use the current amounts; an approved extension makes the returns to the new
 * end and shares the unpaid instalments over it.
 */

type Form = Record<string, string>;
const newPath = (grantId: number, kind: "virement" | "extension") => `/grants/${grantId}/variations/new?kind=${kind}`;
const vPath = (grantId: number, variationId: number) => `/grants/${grantId}/variations/${variationId}`;
const postNew = async (who: DemoUser, grantId: number, kind: "virement" | "extension", form: Form) => run<any>(newPage.action, await request(who, newPath(grantId, kind), form), { grantId: String(grantId) });
const getNew = async (who: DemoUser, grantId: number, kind: "virement" | "extension") => run<any>(newPage.loader, await request(who, newPath(grantId, kind)), { grantId: String(grantId) });
const postV = async (who: DemoUser, grantId: number, variationId: number, form: Form) => run<any>(variationPage.action, await request(who, vPath(grantId, variationId), form), { grantId: String(grantId), variationId: String(variationId) });
const getV = async (who: DemoUser, grantId: number, variationId: number) => run<any>(variationPage.loader, await request(who, vPath(grantId, variationId)), { grantId: String(grantId), variationId: String(variationId) });
const lineId = (grantId: number, description: string) => virementLines(grantId).find((l) => l.description === description)!.id;
const variation = (id: number) => db().select().from(grantVariations).where(eq(grantVariations.id, id)).get()!;
const idFrom = (location: string | null | undefined) => Number(/variations\/(\d+)/.exec(location ?? "")![1]);
const mailsTo = (email: string, subject: string) => db().select().from(outbox).where(and(eq(outbox.to, email), sql`instr(${outbox.subject}, ${subject}) > 0`)).all();

const HELP_POINT = "WCCTV help point and standard support package";
const INSTALLATION = "Installation with existing camera";

let wcctv: number;
let cameras: number;

beforeAll(() => {
  wcctv = acceptedGrant("WCCTV help point and standard support package");
  // Two revenue lines of 2023-24: the outreach worker (£12,000) and leaflets (£500).
  cameras = makeAcceptedGrant("Variation test: above the tolerance", "annual", { extraLine: true }).grantId;
});

describe("a virement within the fund's rules", () => {
  it("the lead sees the lines with their current amounts and spend, and the rule for automatic approval", async () => {
    const res = await getNew("meltonLead", wcctv, "virement");
    expect(res.status).toBe(200);
    expect(res.data.lines.map((l: any) => [l.description, l.currentPence, l.spentPence])).toEqual([
      [HELP_POINT, 300_000, 0],
      [INSTALLATION, 185_000, 0],
    ]);
    expect(res.data.rule).toMatch(/no more than 10% above the amount the PCC approved for it, and the amount is £5,000.00 or less/);
  });

  it("£150.00 from the help point to installation is approved as it is made, and everything follows the current amounts", async () => {
    const res = await postNew("meltonLead", wcctv, "virement", { fromCostLineId: String(lineId(wcctv, HELP_POINT)), toCostLineId: String(lineId(wcctv, INSTALLATION)), amount: "150", reason: "The installation needed a longer mast." });
    expect(res.status).toBe(302);
    const id = idFrom(res.location);
    expect(res.location).toContain("done=approved");
    const v = variation(id);
    expect(v).toMatchObject({ status: "approved", autoApproved: true, amountPence: 15_000, decidedBy: null });
    const adjustments = db().select().from(grantLineAdjustments).where(eq(grantLineAdjustments.variationId, id)).all();
    expect(adjustments.map((a) => a.deltaPence).sort((a, b) => a - b)).toEqual([-15_000, 15_000]);
    expect(mailsTo(DEMO.meltonLead, "Virement approved")).toHaveLength(1);
    expect(db().select().from(auditLog).where(and(eq(auditLog.entityType, "variation"), eq(auditLog.entityId, id))).all().map((a) => a.action)).toEqual(["variation.virement_auto_approved"]);

    // The grant page: original, varied, current; the total unchanged.
    const page = await run<any>(grantPage.loader, await request("meltonLead", `/grants/${wcctv}`), { grantId: String(wcctv) });
    expect(page.data.grant.lines.map((l: any) => [l.approvedPence, l.variedPence, l.currentPence])).toEqual([
      [300_000, -15_000, 285_000],
      [185_000, 15_000, 200_000],
    ]);
    expect(page.data.grant.grantedPence).toBe(485_000);
    expect(page.data.variations.rows).toHaveLength(1);
    expect(page.data.variations.canRequest).toBe(true);

    // The returns' budgets and /finance's lines are the current amounts.
    const firstReturn = db().select({ id: grantReturns.id }).from(grantReturns).where(eq(grantReturns.grantId, wcctv)).orderBy(grantReturns.startYear, grantReturns.quarter).get()!.id;
    expect(loadReturn(firstReturn)!.lines.map((l) => l.budgetPence)).toEqual([285_000, 200_000]);
    const finance = grantFinance(wcctv, "2026-12-01")!;
    expect(finance.lines.map((l) => l.approvedPence)).toEqual([285_000, 200_000]);
    expect(finance.grant.approvedPence).toBe(485_000);
  });

  it("is refused when it would take the giving line below what was spent on it, with the typed values kept", async () => {
    const q2 = db().select({ id: grantReturns.id }).from(grantReturns).where(and(eq(grantReturns.grantId, wcctv), eq(grantReturns.quarter, 2))).get()!.id;
    writeReturn(q2, { status: "accepted", actuals: { [lineId(wcctv, HELP_POINT)]: 280_000 } });
    const res = await postNew("meltonLead", wcctv, "virement", { fromCostLineId: String(lineId(wcctv, HELP_POINT)), toCostLineId: String(lineId(wcctv, INSTALLATION)), amount: "50.01", reason: "More cabling." });
    expect(res.status).toBe(400);
    expect(res.data.errors.amount).toBe("The amount must be £50.00 or less: £2,800.00 has already been spent on WCCTV help point and standard support package, and a virement cannot take a line below its spend");
    expect(res.data.values.amount).toBe("50.01");
  });

  it("refuses the same line and bad input as a 400 naming each field", async () => {
    const same = await postNew("meltonLead", wcctv, "virement", { fromCostLineId: String(lineId(wcctv, HELP_POINT)), toCostLineId: String(lineId(wcctv, HELP_POINT)), amount: "1", reason: "x" });
    expect(same.status).toBe(400);
    expect(same.data.errors.toCostLineId).toMatch(/different line/);
    const bad = await postNew("meltonLead", wcctv, "virement", { fromCostLineId: "", toCostLineId: "nine", amount: "£lots", reason: "" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.data.errors).sort()).toEqual(["amount", "fromCostLineId", "reason", "toCostLineId"]);
  });
});

describe("a virement beyond the fund's rules", () => {
  let waiting: number;

  it("£50.01 from the outreach worker to £500 of leaflets (over 10%) waits for the OPCC, who are e-mailed", async () => {
    const res = await postNew("meltonLead", cameras, "virement", {
      fromCostLineId: String(lineId(cameras, "Outreach worker: two days a week")), toCostLineId: String(lineId(cameras, "Leaflets")), amount: "50.01", reason: "A second print run for the new estate.",
    });
    expect(res.status).toBe(302);
    waiting = idFrom(res.location);
    expect(variation(waiting)).toMatchObject({ status: "requested", autoApproved: false });
    expect(db().select().from(grantLineAdjustments).where(eq(grantLineAdjustments.variationId, waiting)).all()).toHaveLength(0);
    expect(mailsTo(DEMO.reviewer, "A virement waits for approval")).toHaveLength(1);
    expect(mailsTo(DEMO.finance, "A virement waits for approval")).toHaveLength(1);
    const page = await getV("reviewer", cameras, waiting);
    expect(page.data.canDecide).toBe(true);
    expect(page.data.variation.needsApproval).toEqual(["it would take Leaflets more than 10% (£50.00) over its approved £500.00"]);
    // It is at the head of the OPCC's queue.
    const queue = await run<any>(queuePage.loader, await request("reviewer", "/variations"));
    expect(queue.data.status).toBe("requested");
    expect(queue.data.result.rows.map((r: any) => r.id)).toContain(waiting);
    // And counted on the OPCC's dashboard; not on the partnership's.
    const board = await run<any>(dashboardPage.loader, await request("reviewer", "/"));
    expect(board.data.variationsWaiting).toBeGreaterThanOrEqual(1);
    expect((await run<any>(dashboardPage.loader, await request("meltonLead", "/"))).data.variationsWaiting).toBeUndefined();
  });

  it("a CSP lead cannot decide it (403), and a stale copy of the decision is refused (409)", async () => {
    const lead = await postV("meltonLead", cameras, waiting, { intent: "decide", version: "1", decision: "approve", decisionReason: "Mine" });
    expect(lead.status).toBe(403);
    const stale = await postV("reviewer", cameras, waiting, { intent: "decide", version: "0", decision: "approve", decisionReason: "Fine" });
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toMatch(/Aysha Rahman|changed this request/);
    const missing = await postV("reviewer", cameras, waiting, { intent: "decide", version: "1", decision: "", decisionReason: "" });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.data.errors).sort()).toEqual(["decision", "decisionReason"]);
  });

  it("the reviewer approves it with a reason: the lines move and the partnership is e-mailed", async () => {
    const res = await postV("reviewer", cameras, waiting, { intent: "decide", version: "1", decision: "approve", decisionReason: "The second office needs its own docking stations." });
    expect(res.status).toBe(302);
    expect(variation(waiting)).toMatchObject({ status: "approved", decidedBy: userId("reviewer"), decisionReason: "The second office needs its own docking stations.", version: 2 });
    const lines = virementLines(cameras);
    expect(lines.map((l) => [l.description, l.currentPence])).toEqual([
      ["Outreach worker: two days a week", 1_194_999],
      ["Mobile CCTV camera", 400_000],
      ["Leaflets", 55_001],
    ]);
    expect(mailsTo(DEMO.meltonLead, "Variation approved")).toHaveLength(1);
    // The partnership sees the decision as the OPCC's.
    const seen = await getV("meltonLead", cameras, waiting);
    expect(seen.data.variation.decidedByName).toBe("The OPCC");
    // Deciding it again is refused.
    const again = await postV("reviewer", cameras, waiting, { intent: "decide", version: "2", decision: "refuse", decisionReason: "No" });
    expect(again.status).toBe(409);
  });

  it("between capital and revenue always waits, however small; the reviewer may refuse it, or the lead withdraw it", async () => {
    const { grantId } = makeAcceptedGrant("Variation test: capital and revenue");
    const ask = () => postNew("meltonLead", grantId, "virement", { fromCostLineId: String(lineId(grantId, "Outreach worker: two days a week")), toCostLineId: String(lineId(grantId, "Mobile CCTV camera")), amount: "0.01", reason: "A bracket." });
    const first = idFrom((await ask()).location);
    expect(variation(first).status).toBe("requested");
    const refused = await postV("finance", grantId, first, { intent: "decide", version: "1", decision: "refuse", decisionReason: "Revenue cannot buy equipment." });
    expect(refused.status).toBe(302);
    expect(variation(first).status).toBe("refused");
    const second = idFrom((await ask()).location);
    const withdrawn = await postV("meltonLead", grantId, second, { intent: "withdraw", version: "1" });
    expect(withdrawn.status).toBe(302);
    expect(variation(second)).toMatchObject({ status: "withdrawn" });
    expect(db().select().from(grantLineAdjustments).where(eq(grantLineAdjustments.grantId, grantId)).all()).toHaveLength(0);
    // The lead's own list.
    const list = await run<any>(queuePage.loader, await request("meltonLead", "/variations"));
    expect(list.data.status).toBe("all");
    expect(list.data.result.rows.map((r: any) => r.id)).toEqual(expect.arrayContaining([first, second]));
  });

  it("is re-checked against the spend when it is approved", () => {
    const { grantId, returnIds } = makeAcceptedGrant("Variation test: spend at approval", "annual", { extraLine: true });
    const outreach = lineId(grantId, "Outreach worker: two days a week");
    const camera = lineId(grantId, "Mobile CCTV camera");
    const asked = requestVirement(grantId, userId("meltonLead"), { fromCostLineId: camera, toCostLineId: outreach, amountPence: 100_000, reason: "Cheaper camera." }, "2023-09-01T10:00:00.000Z");
    if (asked.kind !== "saved") throw new Error(JSON.stringify(asked));
    writeReturn(returnIds[1], { status: "accepted", actuals: { [camera]: 350_000 } });
    const result = decideVariation(grantId, asked.variationId, userId("reviewer"), { approve: true, reason: "Fine", expectedVersion: 1 });
    expect(result).toEqual({ kind: "refused", message: expect.stringMatching(/can no longer be approved as asked: The amount must be £500.00 or less/) });
  });
});

describe("who may do what", () => {
  it("council finance cannot ask (403), Charnwood gets a 404, a variation of another grant is a 404", async () => {
    expect((await getNew("meltonFinance", wcctv, "virement")).status).toBe(403);
    expect((await postNew("meltonFinance", wcctv, "virement", { fromCostLineId: "1", toCostLineId: "2", amount: "1", reason: "x" })).status).toBe(403);
    expect((await getNew("charnwoodLead", wcctv, "virement")).status).toBe(404);
    const one = listVariations({ page: 1 }).rows.find((r) => r.grantId === cameras)!;
    expect((await getV("charnwoodLead", cameras, one.id)).status).toBe(404);
    expect((await getV("reviewer", wcctv, one.id)).status).toBe(404);
    expect((await getV("reviewer", wcctv, 99_999)).status).toBe(404);
    expect((await getV("meltonFinance", cameras, one.id)).status).toBe(200);
    // Charnwood's own list holds none of Melton's.
    const list = await run<any>(queuePage.loader, await request("charnwoodLead", "/variations?status=all"));
    expect(list.data.result.rows.filter((r: any) => r.grantId === cameras)).toHaveLength(0);
  });
});

describe("a time extension", () => {
  it("the lead asks for three more months; the OPCC approves; the returns and unpaid instalments run to the new end", async () => {
    const { grantId } = makeAcceptedGrant("Variation test: extension", "ss5");
    // The first two instalments are paid.
    pay(grantId, { instalment: 0, paidOn: "2024-01-05" });
    pay(grantId, { instalment: 1, paidOn: "2024-04-05" });
    const before = db().select().from(grantPayments).where(eq(grantPayments.grantId, grantId)).orderBy(grantPayments.dueOn).all();
    const total = before.reduce((n, i) => n + i.amountPence, 0);
    const version = String(db().select({ v: grants.version }).from(grants).where(eq(grants.id, grantId)).get()!.v);

    const tooLong = await postNew("meltonLead", grantId, "extension", { version, "newEndDate.day": "1", "newEndDate.month": "12", "newEndDate.year": "2025", reason: "Delays" });
    expect(tooLong.status).toBe(400);
    expect(tooLong.data.errors.newEndDate).toMatch(/at most 24. A longer grant needs a new PCC decision/);

    const res = await postNew("meltonLead", grantId, "extension", { version, "newEndDate.day": "30", "newEndDate.month": "6", "newEndDate.year": "2025", reason: "The solar lights are delayed by the supplier." });
    expect(res.status).toBe(302);
    const id = idFrom(res.location);
    expect(variation(id)).toMatchObject({ kind: "extension", status: "requested", currentEndDate: "2025-03-31", newEndDate: "2025-06-30" });
    expect(mailsTo(DEMO.reviewer, "A time extension waits for approval").length).toBeGreaterThan(0);

    const approved = await postV("reviewer", grantId, id, { intent: "decide", version: "1", decision: "approve", decisionReason: "The supplier's delay is outside the partnership's control." });
    expect(approved.status).toBe(302);
    expect(db().select({ to: grants.extendedTo }).from(grants).where(eq(grants.id, grantId)).get()!.to).toBe("2025-06-30");
    const returns = db().select().from(grantReturns).where(eq(grantReturns.grantId, grantId)).orderBy(grantReturns.startYear, grantReturns.quarter).all();
    expect(returns.at(-1)).toMatchObject({ startYear: 2025, quarter: 1, periodEnd: "2025-06-30" });
    const after = db().select().from(grantPayments).where(eq(grantPayments.grantId, grantId)).orderBy(grantPayments.dueOn).all();
    expect(after.slice(0, 2).map((i) => [i.id, i.amountPence])).toEqual(before.slice(0, 2).map((i) => [i.id, i.amountPence]));
    expect(after.at(-1)).toMatchObject({ dueOn: "2025-07-01", label: "2025-26 Q1" });
    expect(after.reduce((n, i) => n + i.amountPence, 0)).toBe(total);
    expect(after).toHaveLength(before.length + 1);
    expect(mailsTo(DEMO.meltonLead, "Variation approved").length).toBeGreaterThan(0);
    // The grant page shows the new end.
    const page = await run<any>(grantPage.loader, await request("reviewer", `/grants/${grantId}`), { grantId: String(grantId) });
    expect(page.data.grant.bid).toMatchObject({ endDate: "2025-06-30", extendedFrom: "2025-03-31" });
  });

  it("a stale grant copy is refused (409)", async () => {
    const { grantId } = makeAcceptedGrant("Variation test: stale extension", "ss5");
    const res = await postNew("meltonLead", grantId, "extension", { version: "99", "newEndDate.day": "30", "newEndDate.month": "6", "newEndDate.year": "2025", reason: "Delays" });
    expect(res.status).toBe(409);
  });
});

describe("a closed year", () => {
  it("refuses every write to its variations: asking (409 with who closed it), deciding, withdrawing; its pages offer no change", async () => {
    const { grantId } = makeAcceptedGrant("Variation test: closed year", "annual", { extraLine: true });
    const outreach = lineId(grantId, "Outreach worker: two days a week");
    const leaflets = lineId(grantId, "Leaflets");
    const waiting = requestVirement(grantId, userId("meltonLead"), { fromCostLineId: outreach, toCostLineId: leaflets, amountPence: 10_000, reason: "Before the close" });
    if (waiting.kind !== "saved") throw new Error(JSON.stringify(waiting));
    const fy = db().get<{ id: number }>(sql`select id from financial_years where label = '2023-24'`).id;
    db().run(sql`insert into financial_year_closures (financial_year_id, closed_by, closed_at) values (${fy}, ${userId("finance")}, '2024-06-30T16:00:00.000Z')`);
    db().run(sql`update financial_years set status = 'closed' where id = ${fy}`);

    const asked = await postNew("meltonLead", grantId, "virement", { fromCostLineId: String(outreach), toCostLineId: String(leaflets), amount: "1", reason: "After the close" });
    expect(asked.status).toBe(409);
    expect(asked.data).toMatchObject({ refused: "closed-year", message: expect.stringMatching(/2023-24 was closed by .* on 30 June 2024/) });
    const decided = await postV("reviewer", grantId, waiting.variationId, { intent: "decide", version: "1", decision: "approve", decisionReason: "Late" });
    expect(decided.status).toBe(409);
    const withdrawn = await postV("meltonLead", grantId, waiting.variationId, { intent: "withdraw", version: "1" });
    expect(withdrawn.status).toBe(409);
    expect(variation(waiting.variationId).status).toBe("requested");

    const page = await getV("reviewer", grantId, waiting.variationId);
    expect(page.data).toMatchObject({ canDecide: false, canWithdraw: false, closed: expect.stringMatching(/2023-24 was closed/) });
    const form = await getNew("meltonLead", grantId, "virement");
    expect(form.data.lines).toEqual([]);
    expect(form.data.closed).toMatch(/2023-24 was closed/);
    const grantPageData = await run<any>(grantPage.loader, await request("meltonLead", `/grants/${grantId}`), { grantId: String(grantId) });
    expect(grantPageData.data.variations.canRequest).toBe(false);
  });
});

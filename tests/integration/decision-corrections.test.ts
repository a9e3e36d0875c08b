import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { getBidDetail } from "../../app/data/bids.server";
import { decisionsForBid, getDecisionRecord } from "../../app/data/decisions.server";
import { acceptOffer, declineOffer } from "../../app/data/grants.server";
import { countReturns } from "../../app/data/returns.server";
import * as dashboardPage from "../../app/routes/_index";
import * as bidPage from "../../app/routes/bids.$bidId._index";
import * as decision from "../../app/routes/bids.$bidId.decision";
import * as grantPage from "../../app/routes/grants.$grantId._index";
import * as grantOffer from "../../app/routes/grants.$grantId.offer[.pdf]";
import * as grantsList from "../../app/routes/grants._index";
import { auditLog, decisions, grantPayments, grantRecoveries, grants, outbox, paymentHoldReleases, payments } from "../../db/schema";
import { bidIdByTitle, bidRow, cspId } from "./helpers";
import { instalmentsOf, pay } from "../support/after-award-fixtures";
import { correctDecision, decideGrant, grantRow } from "../support/grants";
import { moderate } from "../support/moderate";
import { request, run, userId, type DemoUser } from "../support/requests";

/**
 * A PCC decision is final: a correction is a new decision, with its own reference, that supersedes
 * the old one. The old record is never changed; the bid's grant follows the new decision.
 */

function decisionForm(bidId: number, overrides: Record<string, string | string[]> = {}) {
  return {
    version: String(bidRow(bidId)!.version),
    outcome: "approve",
    "decidedOn.day": "20",
    "decidedOn.month": "7",
    "decidedOn.year": "2023",
    decisionMaker: "Police and Crime Commissioner for Leicestershire",
    leadOfficer: "Rachel Ward",
    reasons: "Removes blind spots where residents report ASB and drug dealing.",
    declarationOfInterests: "None",
    publishable: "yes",
    paymentBasis: "advance",
    ...overrides,
  };
}
const post = async (bidId: number, form: Record<string, string | string[]>, who: DemoUser = "reviewer") =>
  run<any>(decision.action, await request(who, `/bids/${bidId}/decision`, form), { bidId: String(bidId) });
const standing = (bidId: number) => decisionsForBid(bidId)[0];
const correction = (bidId: number, overrides: Record<string, string | string[]> = {}) =>
  decisionForm(bidId, { supersedes: String(standing(bidId).id), correctionReason: "The approved amount was keyed wrongly.", "decidedOn.day": "27", ...overrides });
const grantOf = (bidId: number) => db().select().from(grants).where(eq(grants.bidId, bidId)).get();
const paymentsOf = (grantId: number) => db().select().from(grantPayments).where(eq(grantPayments.grantId, grantId)).all();

describe("correcting a PCC decision", () => {
  it("a correction is a new decision with the next reference; the old one is left as it was and the grant follows the new one", async () => {
    const bidId = bidIdByTitle("Convex mirrors at four sites");
    moderate(bidId);
    expect((await post(bidId, decisionForm(bidId))).status).toBe(302);
    const original = db().select().from(decisions).where(eq(decisions.bidId, bidId)).get()!;
    const grantBefore = grantOf(bidId)!;
    expect(grantBefore.decisionId).toBe(original.id);

    const page = await run<any>(decision.loader, await request("reviewer", `/bids/${bidId}/decision`), { bidId: String(bidId) });
    expect(page.data.correcting).toMatchObject({ id: original.id, reference: original.reference });
    // The form starts from what the standing decision said.
    expect(page.data.defaults).toMatchObject({ outcome: "approve", paymentBasis: "advance", reasons: original.reasons });

    const lineId = page.data.bid.costLines[0].id;
    const res = await post(bidId, correction(bidId, { outcome: "part_approve", [`approved.line${lineId}`]: "575.85" }));
    expect(res.status).toBe(302);
    expect(res.headers?.get("location")).toBe(`/bids/${bidId}?done=corrected`);

    const all = db().select().from(decisions).where(eq(decisions.bidId, bidId)).all();
    expect(all).toHaveLength(2);
    const corrected = all.find((d) => d.id !== original.id)!;
    expect(all.find((d) => d.id === original.id)).toEqual(original);
    expect(corrected).toMatchObject({ outcome: "part_approved", supersedesId: original.id, correctionReason: "The approved amount was keyed wrongly.", sequence: original.sequence + 1 });
    expect(corrected.reference).not.toBe(original.reference);
    expect(bidRow(bidId)!.status).toBe("part_approved");

    const grantAfter = grantOf(bidId)!;
    expect(grantAfter.id).toBe(grantBefore.id);
    expect(grantAfter.decisionId).toBe(corrected.id);
    expect(paymentsOf(grantAfter.id).reduce((n, p) => n + p.amountPence, 0)).toBe(57_585);

    const shown = decisionsForBid(bidId);
    expect(shown.map((d) => d.reference)).toEqual([corrected.reference, original.reference]);
    expect(shown[0]).toMatchObject({ supersedesReference: original.reference, grantId: grantAfter.id });
    expect(shown[1]).toMatchObject({ supersededBy: { id: corrected.id, reference: corrected.reference }, grantId: null });
    expect(getDecisionRecord(original.id)).toMatchObject({ supersededByReference: corrected.reference });
    expect(getDecisionRecord(corrected.id)).toMatchObject({ supersedesReference: original.reference, correctionReason: "The approved amount was keyed wrongly." });

    const audit = db().select().from(auditLog).where(eq(auditLog.bidId, bidId)).all();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["decision.corrected", "grant.varied", "bid.part_approved_by_correction"]));
    const varied = audit.find((a) => a.action === "grant.varied")!;
    expect(JSON.parse(varied.before!)).toMatchObject({ decisionId: original.id });
    expect(JSON.parse(varied.after!)).toMatchObject({ decisionId: corrected.id });
    const mail = db().select().from(outbox).all().find((m) => m.subject.includes(`corrects ${original.reference}`));
    expect(mail?.body).toContain("The approved amount was keyed wrongly.");

    // The CSP lead sees the correction on the bid.
    const lead = await run<any>(bidPage.loader, await request("meltonLead", `/bids/${bidId}`), { bidId: String(bidId) });
    expect(lead.data.decisions[0]).toMatchObject({ reference: corrected.reference, supersedesReference: original.reference });
    expect(lead.data.canCorrect).toBe(false);
    const dashboard = await run<any>(dashboardPage.loader, await request("meltonLead", "/"));
    const latest = dashboard.data.decisions.filter((d: { bidId: number }) => d.bidId === bidId);
    expect(latest.map((d: { reference: string; supersedesReference: string | null; supersededByReference: string | null; grantedPence: number }) => [d.reference, d.supersedesReference, d.supersededByReference, d.grantedPence])).toEqual([
      [corrected.reference, original.reference, null, 57_585],
      [original.reference, null, corrected.reference, 76_780],
    ]);
  });

  it("a correction that rejects the bid withdraws its grant; a later correction that approves it reinstates the same grant", async () => {
    const bidId = bidIdByTitle("Play Close CCTV");
    moderate(bidId);
    expect((await post(bidId, decisionForm(bidId))).status).toBe(302);
    const grant = grantOf(bidId)!;
    expect(paymentsOf(grant.id).length).toBeGreaterThan(0);

    expect((await post(bidId, correction(bidId, { outcome: "reject", reasons: "The site is not available.", correctionReason: "The landowner withdrew consent." }))).status).toBe(302);
    expect(bidRow(bidId)!.status).toBe("rejected");
    const withdrawn = grantOf(bidId)!;
    expect(withdrawn.withdrawnAt).not.toBeNull();
    expect(withdrawn.withdrawnByDecisionId).toBe(standing(bidId).id);
    expect(paymentsOf(grant.id)).toEqual([]);

    const page = await run<any>(grantPage.loader, await request("meltonLead", `/grants/${grant.id}`), { grantId: String(grant.id) });
    expect(page.data.grant.withdrawnBy.reference).toBe(standing(bidId).reference);
    expect((await run(grantOffer.loader, await request("meltonLead", `/grants/${grant.id}/offer.pdf`), { grantId: String(grant.id) })).status).toBe(404);
    const list = await run<any>(grantsList.loader, await request("finance", "/grants"));
    expect(list.data.grants.find((g: { id: number }) => g.id === grant.id)).toMatchObject({ withdrawnByReference: standing(bidId).reference });

    expect((await post(bidId, correction(bidId, { outcome: "approve", correctionReason: "The landowner confirmed consent.", "decidedOn.day": "28" }))).status).toBe(302);
    const reinstated = grantOf(bidId)!;
    expect(reinstated).toMatchObject({ id: grant.id, decisionId: standing(bidId).id, withdrawnAt: null, withdrawnByDecisionId: null });
    expect(paymentsOf(grant.id).reduce((n, p) => n + p.amountPence, 0)).toBe(484_300);
    expect(bidRow(bidId)!.status).toBe("approved");
    expect(decisionsForBid(bidId)).toHaveLength(3);
  });

  it("only the decision that stands can be corrected, and not before it was made", async () => {
    const bidId = bidIdByTitle("WCCTV help point and standard support package");
    moderate(bidId);
    expect((await post(bidId, decisionForm(bidId))).status).toBe(302);
    const first = standing(bidId);
    expect((await post(bidId, correction(bidId, { outcome: "reject", reasons: "Duplicates the council's own scheme." }))).status).toBe(302);
    const count = db().select().from(decisions).all().length;

    const old = await post(bidId, correction(bidId, { supersedes: String(first.id) }));
    expect(old.status).toBe(409);
    expect(old.data.formError).toMatch(/Only the decision that stands on this bid/);

    const early = await post(bidId, correction(bidId, { "decidedOn.day": "1", "decidedOn.month": "7" }));
    expect(early.status).toBe(400);
    expect(early.data.errors.decidedOn).toMatch(/cannot be dated before the decision it corrects/);
    expect(db().select().from(decisions).all().length).toBe(count);
  });

  it("a correction must say why, and keeps what was typed", async () => {
    const bidId = bidIdByTitle("WCCTV help point and standard support package");
    const res = await post(bidId, correction(bidId, { correctionReason: "", reasons: "New reasons typed in." }));
    expect(res.status).toBe(400);
    expect(res.data.errors.correctionReason).toBe("Enter why the decision is corrected");
    expect(res.data.values.reasons).toBe("New reasons typed in.");
  });

  it("a correction made on a stale copy of the bid is refused", async () => {
    const bidId = bidIdByTitle("WCCTV help point and standard support package");
    const form = correction(bidId, { version: String(bidRow(bidId)!.version - 1) });
    const res = await post(bidId, form);
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(/after you opened this page/);
  });

  it("a bid waiting for a decision cannot be 'corrected'", async () => {
    const bidId = bidIdByTitle("Drink Safe");
    const other = db().select().from(decisions).get()!;
    const res = await post(bidId, decisionForm(bidId, { supersedes: String(other.id), correctionReason: "Trying it on." }));
    expect(res.status).toBe(409);
    expect(bidRow(bidId)!.status).toBe("submitted");
    expect(db().select().from(decisions).where(eq(decisions.bidId, bidId)).all()).toEqual([]);
  });

  it.each([
    ["meltonLead", 403],
    ["finance", 403],
    ["meltonFinance", 403],
    ["admin", 403],
    ["charnwoodLead", 404],
  ] as const)("%s cannot correct a decision (%i)", async (who, status) => {
    const bidId = bidIdByTitle("Convex mirrors at four sites");
    const before = db().select().from(decisions).where(eq(decisions.bidId, bidId)).all();
    expect((await run(decision.loader, await request(who, `/bids/${bidId}/decision`), { bidId: String(bidId) })).status).toBe(status);
    expect((await post(bidId, correction(bidId), who)).status).toBe(status);
    expect(db().select().from(decisions).where(and(eq(decisions.bidId, bidId))).all()).toEqual(before);
  });
});

describe("a correction on a grant with payments (decision record 18)", () => {
  // Safer Communities and Partnership Officer: £30,924.00 of cost, £15,462.00 match funding, so
  // £15,462.00 granted, paid quarterly in arrears over 2023-24 in four instalments of £3,865.50.
  const recoveriesOf = (grantId: number) => db().select().from(grantRecoveries).where(eq(grantRecoveries.grantId, grantId)).orderBy(asc(grantRecoveries.id)).all();
  const lineOf = (bidId: number) => getBidDetail(bidId)!.costLines[0].id;
  let grantId = 0;
  let bidId = 0;

  it("keeps what was paid, cuts a part-paid instalment to what was paid on it, and schedules only the rest over what is still to come", () => {
    const made = decideGrant("Safer Communities and Partnership Officer", { decidedOn: "2023-07-20" }, "2023-07-21T10:00:00.000Z");
    ({ grantId, bidId } = made);
    expect(instalmentsOf(grantId).map((i) => [i.dueOn, i.amountPence])).toEqual([["2023-07-01", 386_550], ["2023-10-01", 386_550], ["2024-01-01", 386_550], ["2024-04-01", 386_550]]);
    pay(grantId, { instalment: 0, amountPence: 386_550, paidOn: "2023-08-01" });
    pay(grantId, { instalment: 1, amountPence: 60_000, paidOn: "2023-10-05" });
    pay(grantId, { instalment: 1, amountPence: 40_000, paidOn: "2023-10-20" });
    const instalments = instalmentsOf(grantId);
    // A hold released on an unpaid instalment goes with it.
    db().insert(paymentHoldReleases).values({ instalmentId: instalments[2].id, reason: "Return accepted late.", releasedBy: userId("finance"), releasedAt: "2023-10-30T10:00:00.000Z" }).run();

    // On 15 November 2023 the grant is corrected to £10,000.00 (approved cost £25,462.00).
    const corrected = correctDecision(bidId, { outcome: "part_approve", approvedByLine: { [lineOf(bidId)]: 2_546_200 }, decidedOn: "2023-11-15" }, "2023-11-15T10:00:00.000Z");
    expect(corrected.grantId).toBe(grantId);
    const after = instalmentsOf(grantId);
    expect(after.map((i) => [i.dueOn, i.label, i.amountPence])).toEqual([
      ["2023-07-01", "2023-24 Q1", 386_550],
      ["2023-10-01", "2023-24 Q2", 100_000],
      // £10,000.00 less £4,865.50 paid: £5,134.50 over the two instalments still to come.
      ["2024-01-01", "2023-24 Q3", 256_725],
      ["2024-04-01", "2023-24 Q4", 256_725],
    ]);
    expect(after.slice(0, 2).map((i) => i.id)).toEqual(instalments.slice(0, 2).map((i) => i.id));
    expect(after.reduce((n, i) => n + i.amountPence, 0)).toBe(1_000_000);
    expect(db().select().from(payments).where(eq(payments.grantId, grantId)).all()).toHaveLength(3);
    expect(db().select().from(paymentHoldReleases).all().filter((r) => r.instalmentId === instalments[2].id)).toEqual([]);
    expect(recoveriesOf(grantId)).toEqual([]);

    const varied = db().select().from(auditLog).where(and(eq(auditLog.action, "grant.varied"), eq(auditLog.entityId, grantId))).all().at(-1)!;
    expect(JSON.parse(varied.after!).payments).toHaveLength(4);
    const mail = db().select().from(outbox).all().find((m) => m.subject.includes(corrected.reference) && m.to === "lead.melton@demo.opcc.test")!;
    expect(mail.body).toContain("£4,865.50 has already been paid under the grant and stays paid.");
  });

  it("a correction below what has been paid keeps the payments, schedules nothing and raises the difference to recover", () => {
    // Corrected again to £3,000.00 (approved cost £18,462.00): £1,865.50 more than that has been paid.
    const corrected = correctDecision(bidId, { outcome: "part_approve", approvedByLine: { [lineOf(bidId)]: 1_846_200 }, decidedOn: "2023-11-20", reason: "Only a quarter's salary is eligible." }, "2023-11-20T10:00:00.000Z");
    expect(instalmentsOf(grantId).map((i) => i.amountPence)).toEqual([386_550, 100_000]);
    const [recovery] = recoveriesOf(grantId);
    expect(recovery).toMatchObject({ amountPence: 186_550, decisionId: corrected.decisionId, status: "raised", createdAt: "2023-11-20T10:00:00.000Z" });
    expect(recovery.reason).toBe(`Decision ${corrected.reference} grants £3,000.00; £4,865.50 had been paid under it.`);
    const audit = db().select().from(auditLog).where(and(eq(auditLog.action, "recovery.raised"), eq(auditLog.entityId, recovery.id))).get()!;
    expect(audit).toMatchObject({ entityType: "grant_recovery", userId: userId("reviewer"), bidId, cspId: cspId("melton") });
    expect(JSON.parse(audit.after!)).toMatchObject({ grantId, amountPence: 186_550 });
    expect(db().select().from(outbox).all().some((m) => m.to === "finance@demo.opcc.test" && m.subject === "£1,865.50 to recover: Safer Communities and Partnership Officer")).toBe(true);
  });

  it("a correction that rejects the bid withdraws the grant, keeps what was paid and raises the rest of it to recover", () => {
    const corrected = correctDecision(bidId, { outcome: "reject", decidedOn: "2023-11-27", reasons: "The post was not filled.", reason: "The post was never filled." }, "2023-11-27T10:00:00.000Z");
    expect(grantRow(grantId).withdrawnByDecisionId).toBe(corrected.decisionId);
    expect(instalmentsOf(grantId).map((i) => i.amountPence)).toEqual([386_550, 100_000]);
    // £4,865.50 paid against nothing granted: £1,865.50 was already being recovered, £3,000.00 more is raised.
    expect(recoveriesOf(grantId).map((r) => r.amountPence)).toEqual([186_550, 300_000]);
    expect(recoveriesOf(grantId)[1].reason).toBe(`Decision ${corrected.reference} withdraws the grant; £4,865.50 had been paid under it.`);
  });

  it("an advance paid in part and then corrected leaves one instalment for the balance, due on the correcting decision's date", () => {
    const { bidId: disc, grantId: discGrant } = decideGrant("DISC app for Safer Melton Against Retail Theft (SMART)", { decidedOn: "2023-07-20", paymentBasis: "advance" }, "2023-07-21T10:00:00.000Z");
    pay(discGrant, { instalment: 0, amountPence: 50_000, paidOn: "2023-08-01" });
    correctDecision(disc, { outcome: "approve", paymentBasis: "advance", decidedOn: "2023-09-04", reason: "The payment basis was recorded wrongly." }, "2023-09-04T10:00:00.000Z");
    expect(instalmentsOf(discGrant).map((i) => [i.dueOn, i.label, i.amountPence])).toEqual([
      ["2023-07-20", "Advance payment", 50_000],
      // The corrected advance falls due on the correcting decision's date: what is left is paid then.
      ["2023-09-04", "Advance payment", 77_000],
    ]);
  });
});

describe("what a correction does to the offer (decision record 18)", () => {
  it("an accepted offer stays accepted, its declaration kept and its returns in line; the version moves on", () => {
    const { bidId, grantId } = decideGrant("Loughborough night-time economy street pastors", { decidedOn: "2023-07-20" }, "2023-07-21T10:00:00.000Z");
    expect(acceptOffer(grantId, userId("charnwoodLead"), grantRow(grantId).version, { name: "Priya Shah", role: "Community Safety Officer", date: "2023-08-01" }, "2023-08-01T09:00:00.000Z").kind).toBe("saved");
    const accepted = grantRow(grantId);
    const returns = countReturns(db() as never, grantId);
    expect(returns).toBe(4);
    const lineId = getBidDetail(bidId)!.costLines[0].id;
    const corrected = correctDecision(bidId, { outcome: "part_approve", approvedByLine: { [lineId]: 1_000_000 }, decidedOn: "2023-09-01" }, "2023-09-01T10:00:00.000Z");
    expect(grantRow(grantId)).toMatchObject({
      decisionId: corrected.decisionId, offerStatus: "accepted", acceptBy: accepted.acceptBy, declarationName: "Priya Shah", declarationDate: "2023-08-01", version: accepted.version + 1,
    });
    expect(countReturns(db() as never, grantId)).toBe(4);
    const mail = db().select().from(outbox).all().find((m) => m.subject.includes(corrected.reference))!;
    expect(mail.body).not.toContain("Accept or decline the grant offer");
  });

  it("a declined offer is made afresh by a correction: offered, a new accept-by date from the correcting decision, no response", () => {
    const { bidId, grantId } = decideGrant("Drink Safe", { decidedOn: "2023-07-20" }, "2023-07-21T10:00:00.000Z");
    expect(declineOffer(grantId, userId("meltonLead"), grantRow(grantId).version, "Pubwatch will buy its own covers.", "2023-08-01T09:00:00.000Z").kind).toBe("saved");
    const corrected = correctDecision(bidId, { outcome: "approve", decidedOn: "2023-09-01", reason: "Delivery moved to the spring term." }, "2023-09-01T10:00:00.000Z");
    expect(grantRow(grantId)).toMatchObject({ offerStatus: "offered", acceptBy: "2023-09-29", declineReason: null, respondedBy: null, respondedAt: null });
    const mail = db().select().from(outbox).all().find((m) => m.subject.includes(corrected.reference) && m.to === "lead.melton@demo.opcc.test")!;
    expect(mail.body).toContain("Accept or decline the grant offer in the portal by 29 September 2023");
  });
});

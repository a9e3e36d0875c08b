import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { decisionsForBid, getDecisionRecord } from "../../app/data/decisions.server";
import * as dashboardPage from "../../app/routes/_index";
import * as bidPage from "../../app/routes/bids.$bidId._index";
import * as decision from "../../app/routes/bids.$bidId.decision";
import * as grantPage from "../../app/routes/grants.$grantId";
import * as grantOffer from "../../app/routes/grants.$grantId.offer[.pdf]";
import * as grantsList from "../../app/routes/grants._index";
import { auditLog, decisions, grantPayments, grants, outbox } from "../../db/schema";
import { bidIdByTitle, bidRow } from "./helpers";
import { moderate } from "../support/moderate";
import { request, run, type DemoUser } from "../support/requests";

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

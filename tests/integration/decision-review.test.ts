import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { recordDecision, type DecisionInput } from "../../app/data/decisions.server";
import { answerConflict, assignReviewer, recordScore } from "../../app/data/review.server";
import * as decision from "../../app/routes/bids.$bidId.decision";
import * as decisionPdf from "../../app/routes/decisions.$decisionId[.pdf]";
import * as review from "../../app/routes/bids.$bidId.review";
import { auditLog, decisions } from "../../db/schema";
import { moderate } from "../support/moderate";
import { pdfText } from "../support/pdf-text";
import { request, run, userId, type AnyDemoUser } from "../support/requests";
import { bidIdByTitle, bidRow, databaseSnapshot } from "./helpers";

/**
 * A PCC decision follows the lead reviewer's moderated score for the bid's latest submission, or
 * says why the PCC decided without one (decision record 15). What it followed is kept on the
 * decision, audited, shown on the decision page and printed on the decision record.
 */

const REASON = "The PCC agreed this at the partnership board before the review panel could meet.";

function decisionForm(bidId: number, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    version: String(bidRow(bidId)!.version),
    outcome: "approve",
    "decidedOn.day": "20",
    "decidedOn.month": "7",
    "decidedOn.year": "2023",
    decisionMaker: "Police and Crime Commissioner for Leicestershire",
    leadOfficer: "Rachel Ward",
    reasons: "Delivers the Police and Crime Plan's priorities with measurable outcomes.",
    declarationOfInterests: "None",
    publishable: "yes",
    paymentBasis: "quarterly_arrears",
    ...overrides,
  };
}
const page = async (bidId: number) => run<any>(decision.loader, await request("reviewer", `/bids/${bidId}/decision`), { bidId: String(bidId) });
const decide = async (bidId: number, form: Record<string, string>) => run<any>(decision.action, await request("reviewer", `/bids/${bidId}/decision`, form), { bidId: String(bidId) });
const decisionsOf = (bidId: number) => db().select().from(decisions).where(eq(decisions.bidId, bidId)).orderBy(decisions.id).all();
const everything = () => ({ ...databaseSnapshot(), decisions: db().get<{ n: number }>(sql`select count(*) as n from decisions`).n, grants: db().get<{ n: number }>(sql`select count(*) as n from grants`).n });
async function recordPdf(who: AnyDemoUser, decisionId: number) {
  const res = (await decisionPdf.loader({ request: await request(who, `/decisions/${decisionId}.pdf`), params: { decisionId: String(decisionId) }, context: {} })) as Response;
  expect(res.status).toBe(200);
  return pdfText(new Uint8Array(await res.arrayBuffer())).replace(/\s+/g, " ");
}
const auditOf = (decisionId: number) =>
  JSON.parse(db().select().from(auditLog).where(and(eq(auditLog.entityType, "decision"), eq(auditLog.entityId, decisionId))).get()!.after!);

describe("a decision without a moderated score", () => {
  it("on Blaby's untouched bid is refused, saying no reviewer has been assigned, and nothing is written", async () => {
    const bidId = bidIdByTitle("Fosse Park retail crime partnership");
    const shown = await page(bidId);
    expect(shown.data.review).toEqual({ kind: "missing", gap: "no_reviewers", submissionNumber: 1, missing: "no reviewer has been assigned" });
    expect(shown.data.reviewSeen).toBe("none");

    const before = everything();
    const res = await decide(bidId, decisionForm(bidId, { reviewSeen: shown.data.reviewSeen }));
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ withoutReviewReason: "Enter why the PCC is deciding without a moderated score (no reviewer has been assigned)" });
    expect(res.data.values.reasons).toBe("Delivers the Police and Crime Plan's priorities with measurable outcomes.");
    expect(everything()).toEqual(before);
    expect(bidRow(bidId)!.status).toBe("submitted");
  });

  it("says what is missing at each stage of an unfinished review, and the rule holds in the data layer as well as on the page", async () => {
    const bidId = bidIdByTitle("Knife crime prevention in schools");
    const rachel = userId("reviewer");
    const sam = userId("secondReviewer");
    const missing = async () => (await decide(bidId, decisionForm(bidId))).data.errors.withoutReviewReason;

    expect(assignReviewer(bidId, sam, false, rachel, bidRow(bidId)!.version).kind).toBe("saved");
    expect(await missing()).toBe("Enter why the PCC is deciding without a moderated score (no lead reviewer has been chosen)");
    expect(assignReviewer(bidId, rachel, true, rachel, bidRow(bidId)!.version).kind).toBe("saved");
    expect(await missing()).toBe("Enter why the PCC is deciding without a moderated score (the bid has not been scored yet)");
    expect(answerConflict(bidId, rachel, false, "").kind).toBe("saved");
    const sheet = { gates: { eligibility: true, governance: true }, scores: { plan: 4, need: 4, outcomes: 4, value: 4, deliverability: 4, risk: 4 }, justifications: {} };
    expect(recordScore(bidId, rachel, "individual", sheet).kind).toBe("saved");
    expect(await missing()).toBe("Enter why the PCC is deciding without a moderated score (the lead reviewer, Rachel Ward, has not yet recorded the moderated score)");

    // Called directly, as a script or another page would: refused, nothing written.
    const before = everything();
    const input: DecisionInput = {
      outcome: "approve", approvedByLine: {}, decidedOn: "2023-07-20", decisionMaker: "PCC", leadOfficer: "Rachel Ward", reasons: "Meets the plan.",
      conditionIds: [], writtenConditions: [], declarationOfInterests: "None", publishable: true, foiExemption: null, paymentBasis: "quarterly_arrears",
    };
    expect(recordDecision(bidId, rachel, bidRow(bidId)!.version, input)).toMatchObject({ kind: "refused", field: "withoutReviewReason" });
    expect(recordDecision(bidId, rachel, bidRow(bidId)!.version, { ...input, withoutReviewReason: "Urgent." })).toEqual({
      kind: "refused",
      field: "withoutReviewReason",
      message: "Explain in at least a sentence why the PCC is deciding without a moderated score",
    });
    expect(everything()).toEqual(before);
  });

  it("with a reason of at least a sentence is recorded with the reason, audited, and printed on the decision record", async () => {
    const bidId = bidIdByTitle("Fosse Park retail crime partnership");
    const short = await decide(bidId, decisionForm(bidId, { withoutReviewReason: "Urgent" }));
    expect(short.status).toBe(400);
    expect(short.data.errors.withoutReviewReason).toBe("Explain in at least a sentence why the PCC is deciding without a moderated score");

    const res = await decide(bidId, decisionForm(bidId, { withoutReviewReason: `  ${REASON} `, reviewSeen: "none" }));
    expect(res.status).toBe(302);
    const [made] = decisionsOf(bidId);
    expect(made).toMatchObject({ review: null, withoutReviewReason: REASON });
    expect(auditOf(made.id)).toMatchObject({ reference: made.reference, withoutReviewReason: REASON });

    const text = await recordPdf("reviewer", made.id);
    expect(text).toContain("Review Decided without a moderated score from the OPCC's review.");
    expect(text).toContain(`Why: ${REASON}`);
    const shown = await page(bidId);
    expect(shown.data.decisions[0].followed).toBe("Decided without a moderated score.");
  });
});

describe("a decision after the lead reviewer's moderated score", () => {
  it("keeps the score, band and recommendation, shows them on the decision page, and prints them on the OPCC's decision record", async () => {
    const bidId = bidIdByTitle("Play Close CCTV");
    moderate(bidId, { score: 3 });
    const shown = await page(bidId);
    const summary = { submissionNumber: 1, moderatedBy: "Rachel Ward", total: 60, failedGates: [], bandKey: "refer", bandLabel: "Refer to the PCC" };
    expect(shown.data.review).toMatchObject({ kind: "moderated", summary });
    expect(shown.data.reviewSeen).not.toBe("none");

    const res = await decide(bidId, decisionForm(bidId, { reviewSeen: shown.data.reviewSeen }));
    expect(res.status).toBe(302);
    const [made] = decisionsOf(bidId);
    expect(made).toMatchObject({ review: summary, withoutReviewReason: null });
    expect(auditOf(made.id)).toMatchObject({ review: summary });
    expect((await page(bidId)).data.decisions[0].followed).toBe("Followed the moderated score: 60.0 out of 100 (Refer to the PCC).");

    const opcc = await recordPdf("reviewer", made.id);
    expect(opcc).toContain("Moderated score 60.0 out of 100");
    expect(opcc).toContain("Band and recommendation Refer to the PCC");
    expect(opcc).toContain("Moderated by Rachel Ward, lead reviewer");
    expect(opcc).toContain("Submission Submission 1 of the bid");
    // The partnership's copy says its bid was reviewed, not how it scored (scores and bands are the OPCC's own).
    for (const who of ["meltonLead", "meltonFinance"] as const) {
      const csp = await recordPdf(who, made.id);
      expect(csp).toContain("The decision followed the OPCC's review of submission 1 of the bid.");
      expect(csp).not.toContain("60.0");
      expect(csp).not.toContain("Refer to the PCC");
      expect(csp).not.toContain("Moderated");
    }
  });

  it("a failed gate is kept and shown as such, with the lowest band", async () => {
    const bidId = bidIdByTitle("DISC app for Safer Melton Against Retail Theft (SMART)");
    moderate(bidId, { score: 5, gates: { eligibility: true, governance: false } });
    const shown = await page(bidId);
    expect(shown.data.review.summary).toEqual({ submissionNumber: 1, moderatedBy: "Rachel Ward", total: null, failedGates: ["Governance and accountable body in place"], bandKey: "do_not_recommend", bandLabel: "Do not recommend" });
    expect((await decide(bidId, decisionForm(bidId, { outcome: "reject", reviewSeen: shown.data.reviewSeen }))).status).toBe(302);
    const [made] = decisionsOf(bidId);
    expect(made.review).toMatchObject({ total: null, failedGates: ["Governance and accountable body in place"] });
    const text = await recordPdf("reviewer", made.id);
    expect(text).toContain("Moderated score Failed a gate: Governance and accountable body in place");
    expect(text).toContain("Band and recommendation Do not recommend");
  });

  it("is refused when the page was opened before the moderated score was recorded, or gives a reason as if there were none", async () => {
    const bidId = bidIdByTitle("Convex mirrors at four sites");
    const opened = await page(bidId);
    moderate(bidId);
    const before = everything();
    const stale = await decide(bidId, decisionForm(bidId, { reviewSeen: opened.data.reviewSeen, withoutReviewReason: REASON }));
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toMatch(/^Rachel Ward recorded the moderated score on .+, after you opened this page\. Reload the page, check the score, then try again\.$/);
    const needless = await decide(bidId, decisionForm(bidId, { withoutReviewReason: REASON }));
    expect(needless.status).toBe(409);
    expect(needless.data.formError).toMatch(/^Rachel Ward has recorded the moderated score, so the decision follows it/);
    expect(everything()).toEqual(before);

    expect((await decide(bidId, decisionForm(bidId, { reviewSeen: (await page(bidId)).data.reviewSeen }))).status).toBe(302);
    expect(decisionsOf(bidId)[0].review).toMatchObject({ total: 80, bandLabel: "Recommend" });
  });
});

describe("a correcting decision carries what it followed", () => {
  const correction = async (bidId: number, overrides: Record<string, string> = {}) => {
    const shown = await page(bidId);
    return decide(bidId, decisionForm(bidId, { supersedes: String(shown.data.correcting.id), correctionReason: "The approved amount was keyed wrongly.", "decidedOn.day": "27", reviewSeen: shown.data.reviewSeen, ...overrides }));
  };

  it("after a moderated score: the correction keeps the same score, band and submission", async () => {
    const bidId = bidIdByTitle("WCCTV help point and standard support package");
    moderate(bidId, { score: 5 });
    expect((await decide(bidId, decisionForm(bidId))).status).toBe(302);
    expect((await correction(bidId, { outcome: "reject", reasons: "Another help point already covers the town centre." })).status).toBe(302);
    const [original, corrected] = decisionsOf(bidId);
    expect(corrected.supersedesId).toBe(original.id);
    expect(corrected.review).toEqual({ submissionNumber: 1, moderatedBy: "Rachel Ward", total: 100, failedGates: [], bandKey: "recommend", bandLabel: "Recommend" });
    expect(corrected.withoutReviewReason).toBeNull();
    expect(auditOf(corrected.id)).toMatchObject({ review: corrected.review, supersedes: original.reference });
  });

  it("after a decision without one: the correction needs its own reason, since the review cannot be finished once the bid is decided", async () => {
    const bidId = bidIdByTitle("Loughborough night-time economy street pastors");
    expect((await decide(bidId, decisionForm(bidId, { withoutReviewReason: REASON }))).status).toBe(302);
    expect((await page(bidId)).data.review).toMatchObject({ kind: "missing", gap: "no_reviewers" });

    const refused = await correction(bidId);
    expect(refused.status).toBe(400);
    expect(refused.data.errors).toEqual({ withoutReviewReason: "Enter why the PCC is deciding without a moderated score (no reviewer has been assigned)" });
    const own = "The correction puts right a keying error, which needs no fresh review of the bid.";
    expect((await correction(bidId, { withoutReviewReason: own })).status).toBe(302);
    const [original, corrected] = decisionsOf(bidId);
    expect(original.withoutReviewReason).toBe(REASON);
    expect(corrected).toMatchObject({ supersedesId: original.id, withoutReviewReason: own, review: null });
    expect(await recordPdf("charnwoodLead", corrected.id)).toContain(`Why: ${own}`);
  });
});

describe("the review page puts the bid's next step first", () => {
  const load = async (bidId: number, who: AnyDemoUser = "reviewer") => (await run<any>(review.loader, await request(who, `/bids/${bidId}/review`), { bidId: String(bidId) })).data;
  const post = async (bidId: number, form: Record<string, string>, who: AnyDemoUser = "reviewer") => run<any>(review.action, await request(who, `/bids/${bidId}/review`, form), { bidId: String(bidId) });
  const SCORES = { "gates.eligibility": "pass", "gates.governance": "pass", ...Object.fromEntries(["plan", "need", "outcomes", "value", "deliverability", "risk"].flatMap((k) => [[`scores.${k}`, "4"], [`justifications.${k}`, "Clear evidence in the bid"]])) };

  it("assign, declare, score, moderate, then decide; deciding stays open (as a secondary action) throughout", async () => {
    const bidId = bidIdByTitle("Safer Communities and Partnership Officer");
    const step = async () => (await load(bidId)).next;
    expect(await step()).toEqual({ kind: "act", step: "assign", text: "Assign the reviewers, one of them as lead reviewer." });
    expect((await load(bidId)).canDecide).toBe(true);
    expect((await post(bidId, { intent: "assign", reviewerId: String(userId("reviewer")), lead: "yes", version: String(bidRow(bidId)!.version) })).status).toBe(302);
    expect(await step()).toMatchObject({ kind: "act", step: "declare" });
    expect((await post(bidId, { intent: "conflict", conflict: "none" })).status).toBe(302);
    expect(await step()).toEqual({ kind: "act", step: "score", text: "Score submission 1." });
    expect((await post(bidId, { intent: "score", ...SCORES })).status).toBe(302);
    expect(await step()).toMatchObject({ kind: "act", step: "moderate" });
    // Admin reads the page but may do nothing: told what is next, offered nothing.
    expect((await load(bidId, "admin")).next).toMatchObject({ kind: "wait", step: "moderate" });
    expect((await post(bidId, { intent: "score", kind: "moderated", ...SCORES })).status).toBe(302);
    expect(await step()).toEqual({
      kind: "act",
      step: "decide",
      text: "The review is done: Rachel Ward recorded the moderated score, 80.0 out of 100 (Recommend). Record the PCC decision.",
    });
  });

  it("a score form sent with nothing chosen names every gate and criterion, each on its own field", async () => {
    const bidId = bidIdByTitle("Drink Safe");
    moderate(bidId);
    const res = await post(bidId, { intent: "score", "scores.plan": "", "justifications.plan": "" });
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({
      "gates.eligibility": "Choose pass or fail for the gate: Eligible for this fund",
      "gates.governance": "Choose pass or fail for the gate: Governance and accountable body in place",
      "scores.plan": "Choose a score for Alignment with the Police and Crime Plan",
      "scores.need": "Choose a score for Evidence of need",
      "scores.outcomes": "Choose a score for Measurable outcomes",
      "scores.value": "Choose a score for Value for money",
      "scores.deliverability": "Choose a score for Deliverability",
      "scores.risk": "Choose a score for Risk management",
      "justifications.plan": "Enter why you gave this score for Alignment with the Police and Crime Plan",
      "justifications.need": "Enter why you gave this score for Evidence of need",
      "justifications.outcomes": "Enter why you gave this score for Measurable outcomes",
      "justifications.value": "Enter why you gave this score for Value for money",
      "justifications.deliverability": "Enter why you gave this score for Deliverability",
      "justifications.risk": "Enter why you gave this score for Risk management",
    });
    const bad = await post(bidId, { intent: "score", ...SCORES, "gates.governance": "maybe", "scores.need": "9", kind: "both" });
    expect(bad.data.errors).toEqual({
      kind: "Choose whether this is your own score or the moderated score",
      "gates.governance": "Choose pass or fail for the gate: Governance and accountable body in place",
      "scores.need": "Choose a score from 0 to 5 for Evidence of need",
    });
  });
});

import { and, asc, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../app/data/db.server";
import { certifyReturn, saveReturn, submitReturn, type ReturnInput } from "../../app/data/return-editing.server";
import { acceptReturn, queryReturn } from "../../app/data/return-reviews.server";
import { listReturns, loadReturn, returnSubmissions, returnsForGrant, type ReturnDetail } from "../../app/data/returns.server";
import * as grantPage from "../../app/routes/grants.$grantId._index";
import * as returnPage from "../../app/routes/grants.$grantId_.returns.$returnId._index";
import * as editPage from "../../app/routes/grants.$grantId_.returns.$returnId.edit";
import * as submitPage from "../../app/routes/grants.$grantId_.returns.$returnId.submit";
import * as listPage from "../../app/routes/returns._index";
import { auditLog, grantReturns, outbox } from "../../db/schema";
import { makeAcceptedGrant } from "../support/accepted-grant";
import { DEMO, request, run, userId, type DemoUser } from "../support/requests";
import { cspId } from "./helpers";

/**
 * A quarterly return from start to finish through its pages, as each user would: the lead fills
 * it in (a variance explained), the council's finance officer certifies it, the lead submits it,
 * the OPCC queries it, the lead answers and resubmits, the OPCC accepts it and later reopens it.
 * And what is refused: an incomplete return, an unexplained variance, spend for a quarter still
 * running, a stale copy, bad input (kept as typed), the wrong person, another partnership.
 */

type Form = Record<string, string>;
const path = (r: { grantId: number; id: number }, rest = "") => `/grants/${r.grantId}/returns/${r.id}${rest}`;
const params = (r: { grantId: number; id: number }) => ({ grantId: String(r.grantId), returnId: String(r.id) });
const current = (id: number) => loadReturn(id)!;
const pounds = (pence: number) => (pence / 100).toFixed(2);

/**
 * The whole form for a return, as its page would send it: each line's actual (pounds, as typed),
 * its explanation, the forecasts at their profiles, every outcome and milestone, the ratings and
 * the narrative.
 */
function fullForm(r: ReturnDetail, actuals: (string | null)[], overrides: Form = {}): Form {
  const form: Form = { version: String(r.version), intent: "check" };
  r.lines.forEach((l, i) => {
    form[`lines.${i}.costLineId`] = String(l.costLineId);
    if (actuals[i] !== null && actuals[i] !== undefined) form[`lines.${i}.actual`] = actuals[i]!;
    form[`lines.${i}.explanation`] = "";
    l.forecasts.forEach((f, j) => {
      form[`lines.${i}.forecasts.${j}.quarter`] = `${f.startYear}-${f.quarter}`;
      form[`lines.${i}.forecasts.${j}.amount`] = pounds(f.profilePence);
    });
  });
  r.outcomes.forEach((o, i) => {
    form[`outcomes.${i}.outcomeId`] = String(o.outcomeId);
    form[`outcomes.${i}.actualToDate`] = "36";
    form[`outcomes.${i}.comment`] = "";
  });
  r.milestones.forEach((m, i) => {
    form[`milestones.${i}.milestoneId`] = String(m.milestoneId);
    form[`milestones.${i}.progress`] = "on_track";
    form[`milestones.${i}.comment`] = "";
  });
  Object.assign(form, {
    spendRag: "amber",
    spendRagReason: "The outreach worker's hours ran over in the summer holidays.",
    deliveryRag: "green",
    deliveryRagReason: "Sessions ran every week.",
    wentWell: "Young people came back week after week.",
    didNotGoWell: "The camera's first site had no power.",
    nextSteps: "Move the camera to Wilton Road.",
  });
  return { ...form, ...overrides };
}

async function post(who: DemoUser, handler: Parameters<typeof run>[0], r: { grantId: number; id: number }, rest: string, form: Form) {
  return run<any>(handler, await request(who, path(r, rest), form), params(r));
}

function mailTo(who: DemoUser) {
  return db().select().from(outbox).where(eq(outbox.to, DEMO[who])).orderBy(asc(outbox.id)).all();
}

const auditFor = (returnId: number) =>
  db().select().from(auditLog).where(and(eq(auditLog.entityType, "return"), eq(auditLog.entityId, returnId))).orderBy(asc(auditLog.id)).all();

let grant: ReturnType<typeof makeAcceptedGrant>;
let ss5: ReturnType<typeof makeAcceptedGrant>;
beforeAll(() => {
  grant = makeAcceptedGrant("Hotspot outreach and a mobile camera", "annual");
  ss5 = makeAcceptedGrant("Solar lights for Egerton Park", "ss5");
});
afterEach(() => {
  vi.useRealTimers();
});

describe("an accepted grant's returns", () => {
  it("has one for every quarter it runs in, each due 30 days after it ends (the first, over before the offer was accepted on 1 August, 30 days after that), and they are on the grant page", async () => {
    const rows = returnsForGrant(grant.grantId);
    expect(rows.map((r) => [r.label, r.dueOn, r.status])).toEqual([
      ["2023-24 Q1 (April to June 2023)", "2023-08-31", "not_started"],
      ["2023-24 Q2 (July to September 2023)", "2023-10-30", "not_started"],
      ["2023-24 Q3 (October to December 2023)", "2024-01-30", "not_started"],
      ["2023-24 Q4 (January to March 2024)", "2024-04-30", "not_started"],
    ]);
    expect(returnsForGrant(ss5.grantId)).toHaveLength(6);
    const page = await run<any>(grantPage.loader, await request("meltonLead", `/grants/${grant.grantId}`), { grantId: String(grant.grantId) });
    expect(page.data.returns.map((r: { id: number }) => r.id)).toEqual(grant.returnIds);
  });

  it("shows each approved line with its profile: revenue and capital apart", () => {
    const r = current(grant.returnIds[0]);
    expect(r.lines.map((l) => [l.description, l.expenditureType, l.budgetPence, l.profilePence])).toEqual([
      ["Outreach worker: two days a week", "revenue", 1_200_000, 300_000],
      ["Mobile CCTV camera", "capital", 400_000, 100_000],
    ]);
    expect(r.remainingQuarters.map((q) => q.label)).toEqual(["2023-24 Q2 (July to September 2023)", "2023-24 Q3 (October to December 2023)", "2023-24 Q4 (January to March 2024)"]);
    expect(r.certificationRequired).toBe(true);
    expect(r.toleranceBasisPoints).toBe(1000);
  });

  it("leaves out a line approved at nothing", () => {
    const part = makeAcceptedGrant("Outreach without the leaflets", "annual", { extraLine: true, approved: { Leaflets: 0 } });
    expect(current(part.returnIds[0]).lines.map((l) => l.description)).toEqual(["Outreach worker: two days a week", "Mobile CCTV camera"]);
  });
});

describe("the lead fills in and submits a return with a variance explained", () => {
  it("goes through the form, the council's certification and the check-your-answers page", async () => {
    const q1 = current(grant.returnIds[0]);
    const edit = await run<any>(editPage.loader, await request("meltonLead", path(q1, "/edit")), params(q1));
    expect(edit.status).toBe(200);
    expect(edit.data.r.lines).toHaveLength(2);

    // £3,600 against a profile of £3,000 is 20% over: explained. The camera's £950 is within 10%.
    const form = fullForm(q1, ["3,600", "950"], { "lines.0.explanation": "Extra sessions in the Easter holidays." });
    const saved = await post("meltonLead", editPage.action, q1, "/edit", form);
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(path(q1, "/submit"));
    const after = current(q1.id);
    expect(after.status).toBe("in_progress");
    expect(after.lines.map((l) => [l.actualPence, l.needsExplanation, l.varianceExplanation])).toEqual([
      [360_000, true, "Extra sessions in the Easter holidays."],
      [95_000, false, ""],
    ]);
    expect(after.totals.revenue.actualPence).toBe(360_000);
    expect(after.totals.capital.actualPence).toBe(95_000);
    expect(after.lines[1].forecasts.map((f) => f.amountPence)).toEqual([100_000, 100_000, 100_000]);

    // Not yet certified: the submit page says so, and submitting is refused.
    const check = await run<any>(submitPage.loader, await request("meltonLead", path(q1, "/submit")), params(q1));
    expect(check.data.problems).toEqual([{ field: "certification", message: "Melton Borough Council's finance officer must certify the spend before the return is submitted" }]);
    const early = await post("meltonLead", submitPage.action, q1, "/submit", { version: String(after.version) });
    expect(early.status).toBe(400);
    expect(early.data.problems.map((p: { field: string }) => p.field)).toEqual(["certification"]);

    // The council's finance officer sees the certification form and certifies.
    const page = await run<any>(returnPage.loader, await request("meltonFinance", path(q1)), params(q1));
    expect(page.data.certify).toMatchObject({ ready: true, name: "David Scott" });
    expect(page.data.canEdit).toBe(false);
    expect(page.data.canSubmit).toBe(false);
    const certified = await post("meltonFinance", returnPage.action, q1, "", {
      intent: "certify", version: String(after.version), certifiedName: "David Scott", certifiedRole: "Finance Manager",
      "certifiedOn.day": "4", "certifiedOn.month": "8", "certifiedOn.year": "2023",
    });
    expect(certified.status).toBe(302);
    const ready = current(q1.id);
    expect(ready.certification).toEqual({ byName: "David Scott", name: "David Scott", role: "Finance Manager", on: "2023-08-04" });

    const beforeMail = mailTo("reviewer").length;
    const submitted = await post("meltonLead", submitPage.action, q1, "/submit", { version: String(ready.version) });
    expect(submitted.status).toBe(302);
    expect(submitted.location).toBe(`${path(q1)}?done=submitted`);
    const done = current(q1.id);
    expect(done.status).toBe("submitted");
    expect(done.firstSubmittedAt).not.toBeNull();
    expect(done.submittedAt).toBe(done.firstSubmittedAt);

    // Kept whole as the first submission; e-mailed to the OPCC's reviewers and finance officer.
    const [snapshot] = returnSubmissions(q1.id);
    expect(snapshot.number).toBe(1);
    expect(snapshot.submittedBy).toBe(userId("meltonLead"));
    expect(snapshot.snapshot.lines.map((l) => [l.actualPence, l.varianceExplanation])).toEqual([[360_000, "Extra sessions in the Easter holidays."], [95_000, ""]]);
    expect(snapshot.snapshot.certification?.name).toBe("David Scott");
    const mail = mailTo("reviewer").slice(beforeMail);
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toBe("Quarterly return submitted: Hotspot outreach and a mobile camera, 2023-24 Q1 (April to June 2023) (Safer Melton Partnership)");
    expect(mail[0].body).toContain("after its due date of 31 August 2023");
    expect(mail[0].body).toContain("Spent this quarter: £4,550.00 (capital £950.00, revenue £3,600.00)");
    expect(mailTo("finance").some((m) => m.subject === mail[0].subject)).toBe(true);
    expect(mailTo("meltonLead").some((m) => m.subject === mail[0].subject)).toBe(false);

    // Audited at every step.
    expect(auditFor(q1.id).map((a) => a.action)).toEqual(["return.created", "return.saved", "return.certified", "return.submitted"]);
    const submittedAudit = JSON.parse(auditFor(q1.id).at(-1)!.after!);
    expect(submittedAudit).toMatchObject({ status: "submitted", submission: 1, actualPence: 455_000, late: true });

    // Read back on the page: submitted, late, nothing to edit.
    const read = await run<any>(returnPage.loader, await request("meltonLead", path(q1)), params(q1));
    expect(read.data.submittedLate).toBe(true);
    expect(read.data.canEdit).toBe(false);
    expect((await run<any>(editPage.loader, await request("meltonLead", path(q1, "/edit")), params(q1))).status).toBe(302);
  });

  it("OPCC staff query it, the partnership is e-mailed the comments, the lead answers and resubmits, and the OPCC accepts", async () => {
    const q1 = current(grant.returnIds[0]);
    expect(q1.status).toBe("submitted");

    // A lead cannot accept (or query) their own return.
    expect((await post("meltonLead", returnPage.action, q1, "", { intent: "accept", version: String(q1.version) })).status).toBe(403);
    expect((await post("meltonLead", returnPage.action, q1, "", { intent: "query", version: String(q1.version), comments: "Fine" })).status).toBe(403);
    // Nor can the council's finance officer.
    expect((await post("meltonFinance", returnPage.action, q1, "", { intent: "accept", version: String(q1.version) })).status).toBe(403);

    // A query needs comments.
    const empty = await post("reviewer", returnPage.action, q1, "", { intent: "query", version: String(q1.version), comments: "  " });
    expect(empty.status).toBe(400);
    expect(empty.data.errors).toEqual({ comments: "Enter your comments for the partnership" });

    const comments = "Please send the invoice for the extra Easter sessions and say how many young people came.";
    const queried = await post("reviewer", returnPage.action, q1, "", { intent: "query", version: String(q1.version), comments });
    expect(queried.status).toBe(302);
    expect(current(q1.id).status).toBe("queried");
    for (const who of ["meltonLead", "meltonFinance"] as const) {
      const mail = mailTo(who).at(-1)!;
      expect(mail.subject).toBe("Quarterly return queried: Hotspot outreach and a mobile camera, 2023-24 Q1 (April to June 2023)");
      expect(mail.body).toContain(comments);
    }
    // The lead sees the query on the page and may change the return again.
    const page = await run<any>(returnPage.loader, await request("meltonLead", path(q1)), params(q1));
    expect(page.data.canEdit).toBe(true);
    // The partnership sees the OPCC's query as the OPCC's, not the officer's (decision record 14).
    expect(page.data.r.reviews.at(-1)).toMatchObject({ action: "queried", comment: comments, byName: "OPCC" });
    expect(JSON.stringify(page.data)).not.toContain("Rachel Ward");

    // Saving keeps it queried. The spend is unchanged, so the certification stands.
    const r = current(q1.id);
    const answer = fullForm(r, ["3600.00", "950.00"], { "lines.0.explanation": "Extra sessions in the Easter holidays: 14 young people came to each. Invoice uploaded.", intent: "save" });
    const saved = await post("meltonLead", editPage.action, r, "/edit", answer);
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`${path(r)}?done=saved`);
    const answered = current(q1.id);
    expect(answered.status).toBe("queried");
    expect(answered.certification).not.toBeNull();

    const resubmitted = await post("meltonLead", submitPage.action, r, "/submit", { version: String(answered.version) });
    expect(resubmitted.status).toBe(302);
    const again = current(q1.id);
    expect(again.status).toBe("resubmitted");
    expect(again.submittedAt! > again.firstSubmittedAt!).toBe(true);
    expect(mailTo("reviewer").at(-1)!.subject).toMatch(/^Quarterly return resubmitted: /);

    // Both snapshots are kept, the first as it was.
    const snapshots = returnSubmissions(q1.id);
    expect(snapshots.map((s) => s.number)).toEqual([1, 2]);
    expect(snapshots[0].snapshot.lines[0].varianceExplanation).toBe("Extra sessions in the Easter holidays.");
    expect(snapshots[1].snapshot.lines[0].varianceExplanation).toContain("14 young people");

    // OPCC finance accepts it.
    const accepted = await post("finance", returnPage.action, again, "", { intent: "accept", version: String(again.version), note: "" });
    expect(accepted.status).toBe(302);
    const final = current(q1.id);
    expect(final.status).toBe("accepted");
    expect(final.acceptedAt).not.toBeNull();
    expect(mailTo("meltonLead").at(-1)!.subject).toMatch(/^Quarterly return accepted: /);
    expect(auditFor(q1.id).map((a) => a.action).slice(-4)).toEqual(["return.queried", "return.saved", "return.resubmitted", "return.accepted"]);
  });

  it("OPCC staff reopen an accepted return with a reason: it is in progress again", async () => {
    const q1 = current(grant.returnIds[0]);
    expect(q1.status).toBe("accepted");
    expect((await post("meltonLead", returnPage.action, q1, "", { intent: "reopen", version: String(q1.version), reason: "Mine" })).status).toBe(403);
    const noReason = await post("reviewer", returnPage.action, q1, "", { intent: "reopen", version: String(q1.version), reason: "" });
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors.reason).toBe("Enter why the return is reopened");
    const reason = "The council's audit found the camera invoice was for two cameras.";
    const reopened = await post("reviewer", returnPage.action, q1, "", { intent: "reopen", version: String(q1.version), reason });
    expect(reopened.status).toBe(302);
    const r = current(q1.id);
    expect(r.status).toBe("in_progress");
    expect(r.acceptedAt).toBeNull();
    expect(r.reviews.at(-1)).toMatchObject({ action: "reopened", comment: reason });
    expect(mailTo("meltonLead").at(-1)!.body).toContain(reason);
    expect(auditFor(q1.id).at(-1)!.action).toBe("return.reopened");
    // Reopening cannot be done twice from the same page; the change was the reviewer's own.
    const twice = await post("reviewer", returnPage.action, q1, "", { intent: "reopen", version: String(q1.version), reason });
    expect(twice.status).toBe(409);
    expect(twice.data.formError).toMatch(/^You changed this return on .* in another tab or window after you opened this page\. Nothing has been saved/);
    // Another reviewer's stale copy names who changed it.
    const other = await post("finance", returnPage.action, q1, "", { intent: "reopen", version: String(q1.version), reason });
    expect(other.data.formError).toMatch(/^Rachel Ward changed this return on .*, after you opened this page\./);
    // The return page says, at the top, that the OPCC reopened it, when and why: to everyone who reads it.
    for (const who of ["meltonLead", "meltonFinance", "reviewer"] as const) {
      const page = await run<any>(returnPage.loader, await request(who, path(q1)), params(q1));
      expect(page.data.reopened, who).toEqual({ action: "reopened", comment: reason, byName: who === "reviewer" ? "Rachel Ward" : "OPCC", at: r.reviews.at(-1)!.at });
    }
  });

  it("changing the spend after certification clears it, so the council certifies again", async () => {
    const q1 = current(grant.returnIds[0]);
    expect(q1.certification).not.toBeNull();
    const saved = await post("meltonLead", editPage.action, q1, "/edit", fullForm(q1, ["3600", "475"], { "lines.0.explanation": "Extra sessions.", "lines.1.explanation": "Half the camera invoice was for another site.", intent: "save" }));
    expect(saved.status).toBe(302);
    const r = current(q1.id);
    expect(r.certification).toBeNull();
    expect(JSON.parse(auditFor(q1.id).at(-1)!.after!)).toMatchObject({ certificationCleared: true });
    const check = await run<any>(submitPage.loader, await request("meltonLead", path(r, "/submit")), params(r));
    expect(check.data.problems.map((p: { field: string }) => p.field)).toEqual(["certification"]);
    // Submitting before the council certifies: refused with the reason, not a bare 403.
    const early = await post("meltonLead", submitPage.action, r, "/submit", { version: String(r.version) });
    expect(early.status).toBe(400);
    expect(early.data.problems).toEqual([{ field: "certification", message: "Melton Borough Council's finance officer must certify the spend before the return is submitted" }]);
    // The check-your-answers page lists the evidence files, with the way to add or remove them.
    expect(check.data.evidence).toEqual([]);
    expect(check.data.canChangeEvidence).toBe(true);
  });
});

describe("what is refused", () => {
  it("an incomplete return, with every problem linking to its field", async () => {
    const q2 = current(grant.returnIds[1]);
    const res = await post("meltonLead", submitPage.action, q2, "/submit", { version: String(q2.version) });
    expect(res.status).toBe(400);
    expect(res.data.problems.map((p: { field: string }) => p.field)).toEqual([
      "lines-0-actual", "lines-1-actual", "milestones-0-progress", "outcomes-0-actualToDate",
      "spendRag", "spendRagReason", "deliveryRag", "deliveryRagReason", "wentWell", "didNotGoWell", "nextSteps", "certification",
    ]);
    expect(current(q2.id).status).toBe("not_started");
    expect(returnSubmissions(q2.id)).toEqual([]);
  });

  it("spend beyond the tolerance without an explanation, on a fund that needs no certification", async () => {
    const r = current(ss5.returnIds[0]);
    expect(r.certificationRequired).toBe(false);
    // 2023-24 Q3: the solar lights (£3,600, profiled £1,800 in each 2023-24 quarter) are all bought at once.
    expect(r.lines.map((l) => [l.description, l.profilePence])).toEqual([["Solar lights, supply and installation", 180_000], ["Lighting maintenance package", 0]]);
    expect(r.remainingQuarters).toHaveLength(5);
    expect((await post("meltonLead", editPage.action, r, "/edit", fullForm(r, ["3600", "0"]))).status).toBe(302);
    const saved = current(r.id);
    const refused = await post("meltonLead", submitPage.action, saved, "/submit", { version: String(saved.version) });
    expect(refused.status).toBe(400);
    expect(refused.data.problems).toEqual([
      { field: "lines-0-explanation", message: "Explain why the spend on Solar lights, supply and installation (£3,600.00) differs from its profile (£1,800.00) by more than 10%" },
    ]);
    // Explained, it goes.
    expect((await post("meltonLead", editPage.action, saved, "/edit", fullForm(saved, ["3600", "0"], { "lines.0.explanation": "All twelve lights were installed in one visit." }))).status).toBe(302);
    const explained = current(r.id);
    expect((await post("meltonLead", submitPage.action, explained, "/submit", { version: String(explained.version) })).status).toBe(302);
    expect(current(r.id).status).toBe("submitted");
  });

  it("an actual for a quarter that has not ended: refused by the page and by the write", async () => {
    // 15 December 2023: Q3 (October to December) is still running.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2023-12-15T12:00:00.000Z"));
    const q3 = current(grant.returnIds[2]);
    expect(q3.quarterEnded).toBe(false);
    const form = fullForm(q3, ["3000", "1000"]);
    const res = await post("meltonLead", editPage.action, q3, "/edit", form);
    expect(res.status).toBe(400);
    expect(res.data.errors["lines.0.actual"]).toBe("Outreach worker: two days a week: the actual spend can be entered once the quarter has ended on 31 December 2023");
    expect(res.data.values["lines.0.actual"]).toBe("3000");
    expect(current(q3.id).version).toBe(q3.version);
    // Without the actuals the rest saves.
    const { "lines.0.actual": _a, "lines.1.actual": _b, ...rest } = form;
    expect((await post("meltonLead", editPage.action, q3, "/edit", { ...rest, intent: "save" })).status).toBe(302);
    const saved = current(q3.id);
    expect(saved.wentWell).toBe("Young people came back week after week.");
    // It cannot be submitted while the quarter runs.
    const early = await post("meltonLead", submitPage.action, saved, "/submit", { version: String(saved.version) });
    expect(early.data.problems[0]).toEqual({ field: "period", message: "The quarter ends on 31 December 2023: its return can be submitted from 1 January 2024" });
    vi.useRealTimers();

    // The write refuses it too, whatever the page did.
    const input: ReturnInput = {
      lines: saved.lines.map((l) => ({ costLineId: l.costLineId, actualPence: 100, varianceExplanation: "", forecasts: [] })),
      outcomes: [], milestones: [], spendRag: null, spendRagReason: "", deliveryRag: null, deliveryRagReason: "", wentWell: "", didNotGoWell: "", nextSteps: "",
    };
    expect(saveReturn(saved.id, userId("meltonLead"), saved.version, input, "2023-12-31T23:00:00.000Z")).toEqual({ kind: "quarter-not-ended", periodEnd: "2023-12-31" });
    expect(saveReturn(saved.id, userId("meltonLead"), saved.version, input, "2024-01-01T09:00:00.000Z").kind).toBe("saved");
  });

  it("a save from a stale copy, with what was typed kept", async () => {
    const q4 = current(grant.returnIds[3]);
    const form = fullForm(q4, ["2,999.99", "1000"]);
    expect((await post("meltonLead", editPage.action, q4, "/edit", { ...form, intent: "save" })).status).toBe(302);
    // The same page, sent again: its version is now out of date.
    const res = await post("meltonLead", editPage.action, q4, "/edit", { ...form, "lines.0.actual": "1234" });
    expect(res.status).toBe(409);
    // The change was the lead's own, from another tab: said so, not in the third person.
    expect(res.data.formError).toMatch(/^You changed this return on .* in another tab or window after you opened this page\. Your changes have not been saved/);
    expect(res.data.values["lines.0.actual"]).toBe("1234");
    expect(current(q4.id).lines[0].actualPence).toBe(299_999);
    // And a submit from a stale page.
    const stale = await post("meltonLead", submitPage.action, q4, "/submit", { version: String(q4.version) });
    expect(stale.status).toBe(409);
  });

  it("bad input: 400 with every typed value kept and each message naming its line", async () => {
    const q2 = current(grant.returnIds[1]);
    const form = fullForm(q2, ["three thousand", "12.345"], { "lines.0.explanation": "Typed explanation", "outcomes.0.actualToDate": "lots", "milestones.0.progress": "sideways", spendRag: "purple", "lines.1.forecasts.0.amount": "-5" });
    const before = auditFor(q2.id).length;
    const res = await post("meltonLead", editPage.action, q2, "/edit", form);
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({
      "lines.0.actual": "Outreach worker: two days a week: actual spend must be an amount of money, like 1535 or 1535.50",
      "lines.1.actual": "Mobile CCTV camera: actual spend must have no more than 2 decimal places",
      "lines.1.forecasts.0.amount": "Mobile CCTV camera: the forecast must be an amount of money, like 1535 or 1535.50",
      "outcomes.0.actualToDate": "ASB incidents reported at the hotspots: the actual to date must be a number, like 58 or 12.5",
      "milestones.0.progress": "Camera installed and working: choose on track, at risk, late or done",
      spendRag: "Choose red, amber or green for spend",
    });
    for (const [key, value] of Object.entries(form)) expect(res.data.values[key], key).toBe(value);
    expect(current(q2.id).version).toBe(q2.version);
    expect(auditFor(q2.id)).toHaveLength(before);
  });

  it("a certification dated in the future, or before the quarter ended", async () => {
    const r = current(ss5.returnIds[1]);
    // Safer Streets 5 returns are not certified at all.
    expect(certifyReturn(r.id, userId("meltonFinance"), r.version, { name: "David Scott", role: "Finance Manager", on: "2024-04-10" }).kind).toBe("refused");
    const q2 = current(grant.returnIds[1]);
    expect((await post("meltonLead", editPage.action, q2, "/edit", { ...fullForm(q2, ["3000", "1000"]), intent: "save" })).status).toBe(302);
    const saved = current(q2.id);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    const future = await post("meltonFinance", returnPage.action, saved, "", {
      intent: "certify", version: String(saved.version), certifiedName: "David Scott", certifiedRole: "Finance Manager",
      "certifiedOn.day": String(tomorrow.getUTCDate()), "certifiedOn.month": String(tomorrow.getUTCMonth() + 1), "certifiedOn.year": String(tomorrow.getUTCFullYear()),
    });
    expect(future.status).toBe(400);
    expect(future.data.errors).toEqual({ "certifiedOn.day": "The date of certification must be today or in the past" });
    expect(future.data.values.certifiedRole).toBe("Finance Manager");
    const tooEarly = await post("meltonFinance", returnPage.action, saved, "", {
      intent: "certify", version: String(saved.version), certifiedName: "David Scott", certifiedRole: "Finance Manager", "certifiedOn.day": "30", "certifiedOn.month": "9", "certifiedOn.year": "2023",
    });
    expect(tooEarly.data.errors).toEqual({ "certifiedOn.day": "The date of certification must be after the quarter ended (30 September 2023)" });
    const blank = await post("meltonFinance", returnPage.action, saved, "", { intent: "certify", version: String(saved.version), certifiedName: "", certifiedRole: "" });
    expect(blank.status).toBe(400);
    expect(blank.data.errors).toEqual({ certifiedName: "Enter your full name", certifiedRole: "Enter your role" });
    expect(current(q2.id).certification).toBeNull();
  });

  it("council finance may certify but not fill in or submit a return (403); OPCC staff may neither (403)", async () => {
    const q2 = current(grant.returnIds[1]);
    for (const who of ["meltonFinance", "reviewer", "finance", "admin"] as const) {
      expect((await run(editPage.loader, await request(who, path(q2, "/edit")), params(q2))).status, who).toBe(403);
      expect((await post(who, editPage.action, q2, "/edit", fullForm(q2, ["1", "1"]))).status, who).toBe(403);
      expect((await run(submitPage.loader, await request(who, path(q2, "/submit")), params(q2))).status, who).toBe(403);
      expect((await post(who, submitPage.action, q2, "/submit", { version: String(q2.version) })).status, who).toBe(403);
    }
    for (const who of ["meltonLead", "reviewer", "finance", "admin"] as const) {
      const res = await post(who, returnPage.action, q2, "", { intent: "certify", version: String(q2.version), certifiedName: "X", certifiedRole: "Y", "certifiedOn.day": "1", "certifiedOn.month": "11", "certifiedOn.year": "2023" });
      expect(res.status, who).toBe(403);
    }
    expect(current(q2.id).version).toBe(q2.version);
  });

  it("another partnership's return is not found (404), on every page and form", async () => {
    const q2 = current(grant.returnIds[1]);
    const audit = db().get<{ n: number }>(sql`select count(*) as n from audit_log`).n;
    for (const [handler, rest] of [[returnPage.loader, ""], [editPage.loader, "/edit"], [submitPage.loader, "/submit"]] as const) {
      expect((await run(handler, await request("charnwoodLead", path(q2, rest)), params(q2))).status).toBe(404);
    }
    expect((await post("charnwoodLead", editPage.action, q2, "/edit", fullForm(q2, ["1", "1"]))).status).toBe(404);
    expect((await post("charnwoodLead", submitPage.action, q2, "/submit", { version: String(q2.version) })).status).toBe(404);
    expect((await post("charnwoodLead", returnPage.action, q2, "", { intent: "accept", version: String(q2.version) })).status).toBe(404);
    // A return under another grant's address is not found either, nor a made-up id.
    const elsewhere = { grantId: ss5.grantId, id: q2.id };
    expect((await run(returnPage.loader, await request("meltonLead", path(elsewhere)), params(elsewhere))).status).toBe(404);
    expect((await run(returnPage.loader, await request("meltonLead", `/grants/${grant.grantId}/returns/abc`), { grantId: String(grant.grantId), returnId: "abc" })).status).toBe(404);
    expect(db().get<{ n: number }>(sql`select count(*) as n from audit_log`).n).toBe(audit);
  });

  it("the OPCC cannot accept a return that has not been submitted", () => {
    const q2 = current(grant.returnIds[1]);
    expect(acceptReturn(q2.id, userId("reviewer"), q2.version).kind).toBe("not-allowed");
    expect(queryReturn(q2.id, userId("reviewer"), q2.version, "Where is it?").kind).toBe("not-allowed");
    expect(submitReturn(q2.id, userId("meltonLead"), q2.version).kind).toBe("incomplete");
  });
});

describe("the list of returns", () => {
  it("a partnership sees its own, OPCC staff see every partnership's; filtered by status, year and overdue in SQL", async () => {
    const lead = await run<any>(listPage.loader, await request("meltonLead", "/returns"));
    expect(lead.status).toBe(200);
    expect(lead.data.showCsp).toBe(false);
    expect(lead.data.result.rows.every((r: { cspName: string }) => r.cspName === "Safer Melton Partnership")).toBe(true);
    expect(lead.data.result.count).toBe(db().get<{ n: number }>(sql`select count(*) as n from grant_returns r join grants g on g.id = r.grant_id where g.csp_id = ${cspId("melton")}`).n);
    expect((await run<any>(listPage.loader, await request("charnwoodLead", "/returns"))).data.result.count).toBe(0);
    // A partnership cannot widen its list with ?csp=.
    expect((await run<any>(listPage.loader, await request("charnwoodLead", `/returns?csp=${cspId("melton")}`))).data.result.count).toBe(0);

    const opcc = await run<any>(listPage.loader, await request("reviewer", "/returns?status=accepted&year=2023-24"));
    expect(opcc.data.result.rows.map((r: { id: number }) => r.id)).toEqual(listReturns({ cspId: null }, { status: "accepted", startYear: 2023, page: 1 }).rows.map((r) => r.id));
    expect(opcc.data.result.rows.every((r: { status: string }) => r.status === "accepted")).toBe(true);

    // Overdue: never submitted and past its due date, with the days counted.
    const overdue = await run<any>(listPage.loader, await request("meltonFinance", "/returns?overdue=yes"));
    expect(overdue.data.result.count).toBeGreaterThan(0);
    for (const r of overdue.data.result.rows) {
      expect(r.firstSubmittedAt).toBeNull();
      expect(r.daysOverdue).toBeGreaterThan(0);
    }
    const submittedIds = db().select({ id: grantReturns.id }).from(grantReturns).where(sql`first_submitted_at is not null`).all().map((r) => r.id);
    expect(overdue.data.result.rows.some((r: { id: number }) => submittedIds.includes(r.id))).toBe(false);
    // Nonsense in the query string is ignored.
    expect((await run<any>(listPage.loader, await request("reviewer", "/returns?status=__proto__&year=1999-01&page=-3&overdue=maybe"))).status).toBe(200);
  });
});

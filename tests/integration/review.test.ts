import { describe, expect, it } from "vitest";
import * as bidPage from "../../app/routes/bids.$bidId._index";
import * as edit from "../../app/routes/bids.$bidId.edit.$section";
import * as review from "../../app/routes/bids.$bidId.review";
import * as queue from "../../app/routes/review._index";
import * as submit from "../../app/routes/bids.$bidId.submit";
import { sql } from "drizzle-orm";
import { db } from "../../app/data/db.server";
import * as reviewCsv from "../../app/routes/review[.csv]";
import { bidIdByTitle, bidRow } from "./helpers";
import { request, run, userId } from "../support/requests";

const post = (bidId: number, who: Parameters<typeof request>[0], form: Record<string, string>) =>
  request(who, `/bids/${bidId}/review`, form).then((req) => run<any>(review.action, req, { bidId: String(bidId) }));
const load = (bidId: number, who: Parameters<typeof request>[0]) => request(who, `/bids/${bidId}/review`).then((req) => run<any>(review.loader, req, { bidId: String(bidId) }));

const SCORES = { "gates.eligibility": "pass", "gates.governance": "pass", ...Object.fromEntries(["plan", "need", "outcomes", "value", "deliverability", "risk"].flatMap((k) => [[`scores.${k}`, "4"], [`justifications.${k}`, "Clear evidence in the bid"]])) };

describe("reviewing a bid", () => {
  it("a CSP lead cannot open the review queue or a bid's review page, or act on it", async () => {
    const bidId = bidIdByTitle("Drink Safe");
    expect((await run(queue.loader, await request("meltonLead", "/review"))).status).toBe(403);
    expect((await load(bidId, "meltonLead")).status).toBe(403);
    expect((await post(bidId, "meltonLead", { intent: "comment", body: "x", visibility: "shared" })).status).toBe(403);
    expect((await load(bidId, "charnwoodLead")).status).toBe(404);
  });

  it("OPCC finance cannot act on a review", async () => {
    expect((await post(bidIdByTitle("Drink Safe"), "finance", { intent: "comment", body: "x", visibility: "internal" })).status).toBe(403);
  });

  it("the queue lists submitted bids oldest first", async () => {
    const res = await run<any>(queue.loader, await request("reviewer", "/review"));
    expect(res.status).toBe(200);
    const dates = res.data.queue.rows.map((r: { submittedAt: string }) => r.submittedAt);
    expect(dates).toEqual([...dates].sort());
    expect(res.data.queue.rows.every((r: { status: string }) => ["submitted", "under_review"].includes(r.status))).toBe(true);
  });

  it("assigning a reviewer takes the bid into review; a reviewer declares no conflict, then scores", async () => {
    const bidId = bidIdByTitle("Play Close CCTV");
    const version = String(bidRow(bidId)!.version);
    const assigned = await post(bidId, "reviewer", { intent: "assign", reviewerId: String(userId("reviewer")), lead: "yes", version });
    expect(assigned.status).toBe(302);
    expect(bidRow(bidId)!.status).toBe("under_review");

    const tooSoon = await post(bidId, "reviewer", { intent: "score", ...SCORES });
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.data.formError).toMatch(/conflict of interest/);

    expect((await post(bidId, "reviewer", { intent: "conflict", conflict: "none" })).status).toBe(302);
    expect((await post(bidId, "reviewer", { intent: "score", ...SCORES })).status).toBe(302);
    const page = await load(bidId, "reviewer");
    expect(page.data.sheets).toHaveLength(1);
    expect(page.data.sheets[0].result).toMatchObject({ kind: "scored", total: 80, band: { key: "recommend" } });
  });

  it("a score without a justification is refused and nothing is kept", async () => {
    const bidId = bidIdByTitle("Convex mirrors at four sites");
    await post(bidId, "reviewer", { intent: "assign", reviewerId: String(userId("reviewer")), version: String(bidRow(bidId)!.version) });
    await post(bidId, "reviewer", { intent: "conflict", conflict: "none" });
    const res = await post(bidId, "reviewer", { intent: "score", ...SCORES, "justifications.need": "" });
    expect(res.status).toBe(400);
    expect(res.data.errors["justifications.need"]).toMatch(/Enter why/);
    expect((await load(bidId, "reviewer")).data.sheets).toHaveLength(0);
  });

  it("a declared conflict bars the reviewer from scoring", async () => {
    const bidId = bidIdByTitle("WCCTV help point and standard support package");
    await post(bidId, "reviewer", { intent: "assign", reviewerId: String(userId("reviewer")), version: String(bidRow(bidId)!.version) });
    expect((await post(bidId, "reviewer", { intent: "conflict", conflict: "declared", conflictDetails: "" })).status).toBe(400);
    expect((await post(bidId, "reviewer", { intent: "conflict", conflict: "declared", conflictDetails: "My partner runs WCCTV" })).status).toBe(302);
    const res = await post(bidId, "reviewer", { intent: "score", ...SCORES });
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(/declared a conflict/);
  });

  it("changes requested go back to the CSP with the message; they edit, resubmit, and the reviewer sees what changed", async () => {
    const bidId = bidIdByTitle("DISC app for Safer Melton Against Retail Theft (SMART)");
    const sent = await post(bidId, "reviewer", { intent: "request-changes", message: "Please add the number of retailers you expect to sign up.", version: String(bidRow(bidId)!.version) });
    expect(sent.status).toBe(302);
    expect(bidRow(bidId)!.status).toBe("changes_requested");

    const seen = await run<any>(bidPage.loader, await request("meltonLead", `/bids/${bidId}`), { bidId: String(bidId) });
    expect(seen.data.comments.map((c: { body: string }) => c.body)).toContain("Please add the number of retailers you expect to sign up.");
    expect(seen.data.canEdit).toBe(true);

    const bid = bidRow(bidId)!;
    const saved = await run(edit.action, await request("meltonLead", `/bids/${bidId}/edit/details`, {
      version: String(bid.version), title: "DISC app for SMART retailers", summary: bid.summary, need: bid.need, activities: bid.activities,
      deliveryPartners: bid.deliveryPartners, locations: bid.locations,
      "startDate.day": "1", "startDate.month": "5", "startDate.year": "2023", "endDate.day": "31", "endDate.month": "3", "endDate.year": "2024",
    }), { bidId: String(bidId), section: "details" });
    expect(saved.status).toBe(302);

    const resubmitted = await run(submit.action, await request("meltonLead", `/bids/${bidId}/submit`, { version: String(bidRow(bidId)!.version) }), { bidId: String(bidId) });
    expect(resubmitted.status).toBe(302);
    expect(bidRow(bidId)!.status).toBe("submitted");

    const page = await load(bidId, "reviewer");
    expect(page.data.submissionNumber).toBe(2);
    expect(page.data.changes.list).toContainEqual({ what: "Title", before: "DISC app for Safer Melton Against Retail Theft (SMART)", after: "DISC app for SMART retailers" });
  });

  it("internal comments are not shown to the partnership", async () => {
    const bidId = bidIdByTitle("Safer Communities and Partnership Officer");
    await post(bidId, "reviewer", { intent: "comment", body: "Check the salary grade with HR", visibility: "internal" });
    const lead = await run<any>(bidPage.loader, await request("meltonLead", `/bids/${bidId}`), { bidId: String(bidId) });
    expect(lead.data.comments).toEqual([]);
    const reviewer = await run<any>(bidPage.loader, await request("reviewer", `/bids/${bidId}`), { bidId: String(bidId) });
    expect(reviewer.data.comments.map((c: { body: string }) => c.body)).toContain("Check the salary grade with HR");
  });

  it("a reviewer who declares a conflict after scoring no longer counts in the scores or the spread", async () => {
    const bidId = bidIdByTitle("Fosse Park retail crime partnership");
    await post(bidId, "reviewer", { intent: "assign", reviewerId: String(userId("reviewer")), version: String(bidRow(bidId)!.version) });
    await post(bidId, "reviewer", { intent: "conflict", conflict: "none" });
    await post(bidId, "reviewer", { intent: "score", ...SCORES });
    expect((await load(bidId, "reviewer")).data.sheets).toHaveLength(1);
    await post(bidId, "reviewer", { intent: "conflict", conflict: "declared", conflictDetails: "I used to chair the Fosse Park retailers' group" });
    const page = await load(bidId, "reviewer");
    expect(page.data.sheets).toEqual([]);
    expect(page.data.spread).toBeNull();
  });

  it("two reviewers score a bid; the page shows both, the spread between them, and the lead's moderated score", async () => {
    const bidId = bidIdByTitle("Knife crime prevention in schools");
    await post(bidId, "reviewer", { intent: "assign", reviewerId: String(userId("reviewer")), lead: "yes", version: String(bidRow(bidId)!.version) });
    await post(bidId, "reviewer", { intent: "assign", reviewerId: String(userId("secondReviewer")), version: String(bidRow(bidId)!.version) });
    for (const who of ["reviewer", "secondReviewer"] as const) await post(bidId, who, { intent: "conflict", conflict: "none" });
    expect((await post(bidId, "reviewer", { intent: "score", ...SCORES })).status).toBe(302);
    expect((await post(bidId, "secondReviewer", { intent: "score", ...SCORES, "scores.plan": "2", "scores.need": "3" })).status).toBe(302);
    const notLead = await post(bidId, "secondReviewer", { intent: "score", kind: "moderated", ...SCORES });
    expect(notLead.status).toBe(409);
    expect(notLead.data.formError).toMatch(/Only the lead reviewer/);
    expect((await post(bidId, "reviewer", { intent: "score", kind: "moderated", ...SCORES, "scores.plan": "3" })).status).toBe(302);

    const page = await load(bidId, "secondReviewer");
    const totals = page.data.sheets.map((s: { kind: string; reviewerName: string; result: { total: number } }) => [s.kind, s.reviewerName, s.result.total]);
    // 4 everywhere is 80; plan 2 and need 3 (weights 25 and 20) is 80 − 10 − 4 = 66; moderated plan 3 is 75.
    expect(totals).toEqual([
      ["individual", "Rachel Ward", 80],
      ["individual", "Sam Patel", 66],
      ["moderated", "Rachel Ward", 75],
    ]);
    expect(page.data.spread).toEqual({ low: 66, high: 80, difference: 14 });
  });

  it("a bid whose submission time was never recorded is listed first as not recorded, on the page and in its CSV, never a 500", async () => {
    const bidId = bidIdByTitle("Drink Safe");
    const before = bidRow(bidId)!.submittedAt;
    db().run(sql`update bids set submitted_at = null where id = ${bidId}`);
    try {
      const res = await run<any>(queue.loader, await request("reviewer", "/review"));
      expect(res.status).toBe(200);
      expect(res.data.queue.rows[0]).toMatchObject({ id: bidId, submittedAt: null });
      const csv = (await reviewCsv.loader({ request: await request("reviewer", "/review.csv"), params: {}, context: {} })) as Response;
      expect(csv.status).toBe(200);
      const text = await csv.text();
      const lines = text.trim().split("\r\n");
      expect(lines).toHaveLength(res.data.queue.count + 1);
      expect(lines[1]).toMatch(new RegExp(`^${bidId},`));
    } finally {
      db().run(sql`update bids set submitted_at = ${before} where id = ${bidId}`);
    }
  });

  it("an unknown intent or reviewer is refused with a 400", async () => {
    const bidId = bidIdByTitle("Drink Safe");
    expect((await post(bidId, "reviewer", { intent: "delete-everything" })).status).toBe(400);
    expect((await post(bidId, "reviewer", { intent: "assign", reviewerId: String(userId("meltonLead")), version: String(bidRow(bidId)!.version) })).status).toBe(400);
  });
});

import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "../../app/data/db.server";
import { reviewQueue } from "../../app/data/review.server";
import * as dashboard from "../../app/routes/_index";
import * as bidPage from "../../app/routes/bids.$bidId._index";
import * as reviewPage from "../../app/routes/bids.$bidId.review";
import * as newBid from "../../app/routes/bids.new";
import { financialYearOf } from "../../app/domain/financial-years";
import { takesBids, ukDate } from "../../app/domain/round-window";
import { prepareDatabase } from "../../db/prepare";
import { CURRENT_ROUND_WEEKS, currentRoundName } from "../../db/seed";
import { DEMO_DECIDED_TITLES } from "../../db/seed-outcomes";
import { TMP_DIR } from "../support/paths";
import { request, run } from "../support/requests";
import { bidIdByTitle } from "./helpers";

/**
 * The demo data exactly as `npm start` seeds it into an empty database: Melton's 2023-24 annual
 * bids reviewed and decided, Safer Streets 5 under review. (The other integration tests start from
 * the demo as it stood when the bids were submitted, and take bids through review themselves.)
 */

const file = path.join(TMP_DIR, `demo-${process.pid}.db`);
let previous: string | undefined;

beforeAll(async () => {
  previous = process.env.DATABASE_PATH;
  closeDb();
  process.env.DATABASE_PATH = file;
  const prepared = await prepareDatabase({ demo: true });
  expect(prepared).toEqual({ seeded: true, demo: true });
});

afterAll(() => {
  closeDb();
  process.env.DATABASE_PATH = previous;
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
});

const rows = <T,>(query: ReturnType<typeof sql>) => db().all<T>(query);

describe("the demo data as npm start seeds it", () => {
  it("has Melton's six annual bids decided as PCC/2023-24/001 to 006, Drink Safe part-approved for £2,267.50 of £3,035.00", () => {
    const decided = rows<{ reference: string; title: string; outcome: string; granted: number }>(sql`
      select d.reference, b.title, d.outcome,
             max(0, coalesce((select sum(approved_pence) from decision_lines where decision_id = d.id), 0)
                    - coalesce((select sum(amount_pence) from bid_match_funding where bid_id = b.id), 0)) as granted
        from decisions d join bids b on b.id = d.bid_id order by d.reference`);
    expect(decided.map((d) => d.reference)).toEqual(["001", "002", "003", "004", "005", "006"].map((n) => `PCC/2023-24/${n}`));
    expect(decided.map((d) => d.title)).toEqual(DEMO_DECIDED_TITLES);
    expect(decided.map((d) => [d.title, d.outcome, d.granted])).toEqual([
      ["Safer Communities and Partnership Officer", "approved", 1_546_200],
      ["DISC app for Safer Melton Against Retail Theft (SMART)", "approved", 127_000],
      ["Play Close CCTV", "approved", 484_300],
      ["WCCTV help point and standard support package", "approved", 485_000],
      ["Convex mirrors at four sites", "approved", 76_780],
      ["Drink Safe", "part_approved", 226_750],
    ]);
  });

  it("decides each of them after Rachel Ward's moderated score, which the decision keeps: Drink Safe's 64.0 was referred to the PCC", () => {
    const followed = rows<{ title: string; review: string | null; reason: string | null }>(sql`
      select b.title, d.review, d.without_review_reason as reason from decisions d join bids b on b.id = d.bid_id order by d.reference`);
    expect(followed.map((d) => [d.title, d.reason, JSON.parse(d.review ?? "null")])).toEqual([
      ["Safer Communities and Partnership Officer", null, { submissionNumber: 1, moderatedBy: "Rachel Ward", total: 87, failedGates: [], bandKey: "recommend", bandLabel: "Recommend" }],
      ["DISC app for Safer Melton Against Retail Theft (SMART)", null, { submissionNumber: 1, moderatedBy: "Rachel Ward", total: 79, failedGates: [], bandKey: "recommend", bandLabel: "Recommend" }],
      ["Play Close CCTV", null, { submissionNumber: 1, moderatedBy: "Rachel Ward", total: 84, failedGates: [], bandKey: "recommend", bandLabel: "Recommend" }],
      ["WCCTV help point and standard support package", null, { submissionNumber: 1, moderatedBy: "Rachel Ward", total: 79, failedGates: [], bandKey: "recommend", bandLabel: "Recommend" }],
      ["Convex mirrors at four sites", null, { submissionNumber: 1, moderatedBy: "Rachel Ward", total: 85, failedGates: [], bandKey: "recommend", bandLabel: "Recommend" }],
      ["Drink Safe", null, { submissionNumber: 1, moderatedBy: "Rachel Ward", total: 64, failedGates: [], bandKey: "refer", bandLabel: "Refer to the PCC" }],
    ]);
  });

  it("gives every approved bid a grant whose payment schedule adds up to what was granted", () => {
    const grants = rows<{ title: string; scheduled: number; granted: number; payments: number }>(sql`
      select b.title, (select sum(amount_pence) from grant_payments where grant_id = g.id) as scheduled,
             (select count(*) from grant_payments where grant_id = g.id) as payments,
             max(0, (select sum(approved_pence) from decision_lines where decision_id = g.decision_id)
                    - coalesce((select sum(amount_pence) from bid_match_funding where bid_id = b.id), 0)) as granted
        from grants g join bids b on b.id = g.bid_id order by g.id`);
    expect(grants).toHaveLength(6);
    for (const g of grants) {
      expect(g.payments, g.title).toBeGreaterThan(0);
      expect(g.scheduled, g.title).toBe(g.granted);
    }
  });

  it("shows the Melton lead £29,460.30 approved, nothing waiting and £1,539.70 left of £31,000, with the latest decisions", async () => {
    const res = await run<any>(dashboard.loader, await request("meltonLead", "/"));
    const annual = res.data.rounds.find((r: any) => r.name === "CSP annual allocation 2023-24");
    expect(annual).toMatchObject({ allocationPence: 3_100_000, approvedPence: 2_946_030, awaitingPence: 0, remainingPence: 153_970 });
    const ss5 = res.data.rounds.find((r: any) => r.name === "Safer Streets 5");
    expect(ss5).toMatchObject({ allocationPence: 30_000_000, approvedPence: 0, awaitingPence: 22_155_000, remainingPence: 7_845_000 });
    expect(res.data.decisions).toHaveLength(5);
    expect(res.data.decisions[0]).toMatchObject({ reference: "PCC/2023-24/006", title: "Drink Safe", outcome: "part_approved", grantedPence: 226_750 });
  });

  it("shows the Melton lead Drink Safe's decision: part-approved, with the reasons and conditions", async () => {
    const bidId = bidIdByTitle("Drink Safe");
    const res = await run<any>(bidPage.loader, await request("meltonLead", `/bids/${bidId}`), { bidId: String(bidId) });
    expect(res.status).toBe(200);
    expect(res.data.bid.status).toBe("part_approved");
    expect(JSON.stringify(res.data)).toContain("PCC/2023-24/006");
    expect(JSON.stringify(res.data)).toContain("Half the drink covers are approved");
  });

  it("leaves Melton's Safer Streets 5 bids under review, each scored by both reviewers, with the spread shown", async () => {
    const ss5 = rows<{ title: string; status: string; reviewers: number; scores: number }>(sql`
      select b.title, b.status,
             (select count(*) from review_assignments a where a.bid_id = b.id and a.conflict = 'none') as reviewers,
             (select count(*) from review_scores s where s.bid_id = b.id and s.kind = 'individual') as scores
        from bids b join rounds r on r.id = b.round_id where r.name = 'Safer Streets 5' order by b.id`);
    expect(ss5).toHaveLength(5);
    for (const bid of ss5) expect(bid, bid.title).toMatchObject({ status: "under_review", reviewers: 2, scores: 2 });

    const bidId = bidIdByTitle("Solar lighting at Play Close Park");
    const res = await run<any>(reviewPage.loader, await request("reviewer", `/bids/${bidId}/review`), { bidId: String(bidId) });
    expect(res.data.sheets.map((s: any) => [s.reviewerName, s.result.total])).toEqual(
      expect.arrayContaining([
        ["Rachel Ward", 80],
        ["Sam Patel", 71],
      ]),
    );
    expect(res.data.spread).toMatchObject({ low: 71, high: 80, difference: 9 });
    expect(res.data.canScore).toBe(true);
    // Both have scored: the lead reviewer's next step is the moderated score, and the second reviewer waits for it.
    expect(res.data.next).toEqual({ kind: "act", step: "moderate", text: "Every reviewer has scored: record the moderated score." });
    const second = await run<any>(reviewPage.loader, await request("secondReviewer", `/bids/${bidId}/review`), { bidId: String(bidId) });
    expect(second.data.next).toMatchObject({ kind: "wait", step: "moderate", text: "Waiting for the lead reviewer, Rachel Ward, to record the moderated score." });
  });

  it("keeps the other partnerships' submitted bids in the review queue, oldest first", () => {
    const queue = reviewQueue({ page: 1 });
    const titles = queue.rows.map((r) => r.title);
    expect(titles).toEqual(
      expect.arrayContaining(["Fosse Park retail crime partnership", "Loughborough night-time economy street pastors", "Knife crime prevention in schools"]),
    );
  });

  it("holds this financial year's annual round, open from the day it was seeded for eight weeks, so the Melton lead can start a bid at once", async () => {
    const today = ukDate(new Date());
    const year = financialYearOf(today);
    const round = rows<{ id: number; name: string; status: "open"; opensOn: string; closesOn: string; year: string; allocations: number; melton: number }>(sql`
      select r.id, r.name, r.status, r.opens_on as opensOn, r.closes_on as closesOn, fy.label as year,
             (select count(*) from allocations a where a.round_id = r.id) as allocations,
             (select a.amount_pence from allocations a join organisations o on o.id = a.csp_id where a.round_id = r.id and o.code = 'melton') as melton
        from rounds r join financial_years fy on fy.id = r.financial_year_id where r.name = ${currentRoundName(new Date())}`)[0];
    expect(round).toMatchObject({ name: `CSP annual allocation ${year.label}`, year: year.label, status: "open", opensOn: today, allocations: 9, melton: 3_100_000 });
    expect((Date.parse(round.closesOn) - Date.parse(round.opensOn)) / 86_400_000).toBe(CURRENT_ROUND_WEEKS * 7);
    expect(takesBids(round, new Date())).toBe(true);

    const dash = await run<any>(dashboard.loader, await request("meltonLead", "/"));
    expect(dash.data.rounds.find((r: any) => r.id === round.id)).toMatchObject({ takesBids: true, allocationPence: 3_100_000, remainingPence: 3_100_000 });
    const start = await run<any>(newBid.loader, await request("meltonLead", `/bids/new?round=${round.id}`));
    expect(start.status).toBe(200);
    expect(start.data.closed).toBeNull();
  });

  it("keeps the 2023-24 rounds closed, with their own dates", async () => {
    const closed = rows<{ name: string; status: "open" | "closed"; opensOn: string; closesOn: string }>(sql`
      select r.name, r.status, r.opens_on as opensOn, r.closes_on as closesOn from rounds r join financial_years fy on fy.id = r.financial_year_id
       where fy.label = '2023-24' order by r.opens_on`);
    expect(closed.map((r) => [r.name, r.opensOn, r.closesOn])).toEqual([
      ["CSP annual allocation 2023-24", "2023-04-01", "2023-07-31"],
      ["Safer Streets 5", "2023-08-01", "2023-12-31"],
    ]);
    for (const r of closed) expect(takesBids(r, new Date()), r.name).toBe(false);
    const dash = await run<any>(dashboard.loader, await request("meltonLead", "/"));
    expect(dash.data.rounds.filter((r: any) => r.takesBids).map((r: any) => r.name)).toEqual([currentRoundName(new Date())]);
  });

  it("is not seeded twice", async () => {
    expect(await prepareDatabase({ demo: true })).toEqual({ seeded: false, demo: true });
    expect(db().get<{ n: number }>(sql`select count(*) as n from decisions`).n).toBe(6);
  });
});

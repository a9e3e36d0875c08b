import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "../../app/data/db.server";
import { grantsInScope } from "../../app/data/finance.server";
import { grantYearFiguresSql } from "../../app/data/underspend-sql.server";
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
import { findYearByLabel, yearChecklistCounts } from "../../app/data/year-end.server";
import { allClear, checklistItems } from "../../app/domain/year-end-checklist";
import { DEMO_CLOSED_AT } from "../../db/seed-year-end";
import { request, run } from "../support/requests";
import { bidIdByTitle } from "./helpers";

/**
 * The demo data exactly as `npm start` seeds it into an empty database: Melton's 2023-24 annual
 * bids reviewed and decided, four of its five Safer Streets 5 bids decided in November 2023 (Buddy by
 * M still under review), and every offer accepted by Melton's lead. (The other integration tests start from
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

/** What the PCC granted each decided Safer Streets 5 bid: all it asked for (no match funding). */
const SS5_GRANTED: Record<string, number> = {
  "Solar lighting at Play Close Park": 4_500_000,
  "Additional CCTV at Beckmill Court and solar deployable cameras": 4_410_000,
  "Target hardening": 3_895_000,
  "Body cameras and training for officers": 1_350_000,
};

describe("the demo data as npm start seeds it", () => {
  it("has Melton's six annual bids decided as PCC/2023-24/001 to 006, Drink Safe part-approved for £2,267.50 of £3,035.00, then four Safer Streets 5 bids as 007 to 010", () => {
    const decided = rows<{ reference: string; title: string; outcome: string; granted: number }>(sql`
      select d.reference, b.title, d.outcome,
             max(0, coalesce((select sum(approved_pence) from decision_lines where decision_id = d.id), 0)
                    - coalesce((select sum(amount_pence) from bid_match_funding where bid_id = b.id), 0)) as granted
        from decisions d join bids b on b.id = d.bid_id order by d.reference`);
    expect(decided.map((d) => d.reference)).toEqual(["001", "002", "003", "004", "005", "006", "007", "008", "009", "010"].map((n) => `PCC/2023-24/${n}`));
    expect(decided.map((d) => d.title)).toEqual(DEMO_DECIDED_TITLES);
    expect(decided.map((d) => [d.title, d.outcome, d.granted])).toEqual([
      ["Safer Communities and Partnership Officer", "approved", 1_546_200],
      ["DISC app for Safer Melton Against Retail Theft (SMART)", "approved", 127_000],
      ["Play Close CCTV", "approved", 484_300],
      ["WCCTV help point and standard support package", "approved", 485_000],
      ["Convex mirrors at four sites", "approved", 76_780],
      ["Drink Safe", "part_approved", 226_750],
      ["Solar lighting at Play Close Park", "approved", SS5_GRANTED["Solar lighting at Play Close Park"]],
      ["Additional CCTV at Beckmill Court and solar deployable cameras", "approved", SS5_GRANTED["Additional CCTV at Beckmill Court and solar deployable cameras"]],
      ["Target hardening", "approved", SS5_GRANTED["Target hardening"]],
      ["Body cameras and training for officers", "approved", SS5_GRANTED["Body cameras and training for officers"]],
    ]);
  });

  it("decides each of them after Rachel Ward's moderated score, which the decision keeps: Drink Safe's 64.0 was referred to the PCC", () => {
    const followed = rows<{ title: string; review: string | null; reason: string | null }>(sql`
      select b.title, d.review, d.without_review_reason as reason from decisions d join bids b on b.id = d.bid_id order by d.reference limit 6`);
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
    expect(grants).toHaveLength(10);
    for (const g of grants) {
      expect(g.payments, g.title).toBeGreaterThan(0);
      expect(g.scheduled, g.title).toBe(g.granted);
    }
  });

  it("shows the Melton lead £29,460.30 approved, nothing waiting and £1,539.70 left of £31,000; £141,550 of Safer Streets 5 approved and Buddy by M's £80,000 waiting; the latest decisions", async () => {
    const res = await run<any>(dashboard.loader, await request("meltonLead", "/"));
    const annual = res.data.rounds.find((r: any) => r.name === "CSP annual allocation 2023-24");
    expect(annual).toMatchObject({ allocationPence: 3_100_000, approvedPence: 2_946_030, awaitingPence: 0, remainingPence: 153_970 });
    const ss5 = res.data.rounds.find((r: any) => r.name === "Safer Streets 5");
    const approved = Object.values(SS5_GRANTED).reduce((n, p) => n + p, 0);
    expect(ss5).toMatchObject({ allocationPence: 30_000_000, approvedPence: approved, awaitingPence: 8_000_000, remainingPence: 30_000_000 - approved - 8_000_000 });
    expect(res.data.decisions).toHaveLength(5);
    expect(res.data.decisions[0]).toMatchObject({ reference: "PCC/2023-24/010", title: "Body cameras and training for officers", outcome: "approved" });
    expect(res.data.decisions[4]).toMatchObject({ reference: "PCC/2023-24/006", title: "Drink Safe", outcome: "part_approved", grantedPence: 226_750 });
  });

  it("has every Melton offer accepted by Aysha Rahman within a fortnight of its decision, with the returns made", () => {
    const offers = rows<{ title: string; offerStatus: string; decidedOn: string; acceptBy: string; name: string; role: string; date: string; returns: number }>(sql`
      select b.title, g.offer_status as offerStatus, d.decided_on as decidedOn, g.accept_by as acceptBy, g.declaration_name as name,
             g.declaration_role as role, g.declaration_date as date, (select count(*) from grant_returns r where r.grant_id = g.id) as returns
        from grants g join bids b on b.id = g.bid_id join decisions d on d.id = g.decision_id order by d.reference`);
    expect(offers).toHaveLength(10);
    for (const o of offers) {
      expect(o, o.title).toMatchObject({ offerStatus: "accepted", name: "Aysha Rahman", role: "Community Safety Manager" });
      expect(o.date >= o.decidedOn && o.date <= o.acceptBy, o.title).toBe(true);
      expect((Date.parse(o.date) - Date.parse(o.decidedOn)) / 86_400_000, o.title).toBeLessThanOrEqual(14);
    }
    // A return for every quarter each grant runs in: Safer Streets 5 across 2023-24 and 2024-25.
    expect(offers.find((o) => o.title === "Safer Communities and Partnership Officer")!.returns).toBe(4);
    expect(offers.find((o) => o.title === "Convex mirrors at four sites")!.returns).toBe(1);
    expect(offers.find((o) => o.title === "Solar lighting at Play Close Park")!.returns).toBe(6);
    const ss5Years = rows<{ startYear: number }>(sql`
      select distinct r.start_year as startYear from grant_returns r join grants g on g.id = r.grant_id join bids b on b.id = g.bid_id
       where b.title = 'Target hardening' order by r.start_year`);
    expect(ss5Years.map((y) => y.startYear)).toEqual([2023, 2024]);
    const accepted = rows<{ n: number }>(sql`select count(*) as n from audit_log where action = 'offer.accepted'`)[0].n;
    expect(accepted).toBe(10);
  });

  it("shows the Melton lead Drink Safe's decision: part-approved, with the reasons and conditions", async () => {
    const bidId = bidIdByTitle("Drink Safe");
    const res = await run<any>(bidPage.loader, await request("meltonLead", `/bids/${bidId}`), { bidId: String(bidId) });
    expect(res.status).toBe(200);
    expect(res.data.bid.status).toBe("part_approved");
    expect(JSON.stringify(res.data)).toContain("PCC/2023-24/006");
    expect(JSON.stringify(res.data)).toContain("Half the drink covers are approved");
  });

  it("decides four of Melton's Safer Streets 5 bids after Rachel Ward's moderated score; Buddy by M stays under review, scored by both reviewers, with the spread shown", async () => {
    const ss5 = rows<{ title: string; status: string; reviewers: number; scores: number; moderated: number }>(sql`
      select b.title, b.status,
             (select count(*) from review_assignments a where a.bid_id = b.id and a.conflict = 'none') as reviewers,
             (select count(*) from review_scores s where s.bid_id = b.id and s.kind = 'individual') as scores,
             (select count(*) from review_scores s where s.bid_id = b.id and s.kind = 'moderated') as moderated
        from bids b join rounds r on r.id = b.round_id where r.name = 'Safer Streets 5' order by b.id`);
    expect(ss5.map((b) => [b.title, b.status, b.reviewers, b.scores, b.moderated])).toEqual([
      ["Solar lighting at Play Close Park", "approved", 2, 2, 1],
      ["Additional CCTV at Beckmill Court and solar deployable cameras", "approved", 2, 2, 1],
      ["Target hardening", "approved", 2, 2, 1],
      ["Buddy by M", "under_review", 2, 2, 0],
      ["Body cameras and training for officers", "approved", 2, 2, 1],
    ]);

    const bidId = bidIdByTitle("Buddy by M");
    const res = await run<any>(reviewPage.loader, await request("reviewer", `/bids/${bidId}/review`), { bidId: String(bidId) });
    const totals = res.data.sheets.map((s: any) => s.result.total as number);
    expect(res.data.sheets.map((s: any) => s.reviewerName).sort()).toEqual(["Rachel Ward", "Sam Patel"]);
    expect(res.data.spread).toMatchObject({ low: Math.min(...totals), high: Math.max(...totals) });
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

  it("after the award, leaves OPCC finance a payment due and one held, the flags to act on, and returns to accept", async () => {
    const res = await run<any>(dashboard.loader, await request("finance", "/"));
    const { paymentsDue, awaiting, overdue, flags } = res.data.afterAward;
    // Two Safer Streets 5 final instalments (1 April 2025) unpaid: the body cameras' (its final
    // return submitted) is due; Beckmill's is held by its overdue final return.
    expect(paymentsDue).toMatchObject({ count: 1, outstandingPence: 225_000, held: { count: 1, outstandingPence: 735_000 } });
    expect(paymentsDue.rows.map((r: any) => [r.title, r.label, r.dueOn])).toEqual([["Body cameras and training for officers", "2024-25 Q4", "2025-04-01"]]);
    expect(awaiting.rows.map((r: any) => [r.title, r.period])).toEqual([["Body cameras and training for officers", "2024-25 Q4 (January to March 2025)"]]);
    expect(overdue.rows.map((r: any) => r.title).sort()).toEqual(["Additional CCTV at Beckmill Court and solar deployable cameras", "Solar lighting at Play Close Park"]);
    expect(flags.yearLabel).toBe("2023-24");
    expect(flags.flags).toMatchObject({ underspend: 1, overdueReturns: 2 });
    // Paid ahead: the solar lighting and target hardening (final returns not accepted); the mirrors' and
    // Drink Safe's payments ahead of their spend are being clawed back, so no longer flagged.
    expect(flags.flags.paidAhead).toBe(2);
  });

  it("shows the reviewer the submitted final return to accept, and the Melton lead a queried one to answer and two overdue", async () => {
    const reviewer = await run<any>(dashboard.loader, await request("reviewer", "/"));
    expect(reviewer.data.afterAward.awaiting.count).toBe(1);
    expect(reviewer.data.afterAward.paymentsDue).toBeNull();
    const lead = await run<any>(dashboard.loader, await request("meltonLead", "/"));
    const { overdue, due } = lead.data.afterAward;
    expect(due.queried.map((r: any) => [r.title, r.period])).toEqual([["Target hardening", "2024-25 Q4 (January to March 2025)"]]);
    expect(overdue.count).toBe(2);
    const comments = rows<{ comment: string }>(sql`select rv.comment from return_reviews rv where rv.action = 'queried' order by rv.at desc limit 1`)[0];
    expect(comments.comment).toContain("completion report");
  });

  it("shows finance Melton's 2023-24 underspends: the mirrors beyond the tolerance, Drink Safe within it, both paid ahead of the spend and clawed back", async () => {
    const melton = rows<{ id: number }>(sql`select id from organisations where code = 'melton'`)[0].id;
    const year = rows<{ id: number }>(sql`select id from financial_years where label = '2023-24'`)[0].id;
    const { rows: grants } = grantsInScope({ kind: "year", financialYearId: year, cspId: melton }, { today: ukDate(new Date()) });
    const of = (title: string) => grants.find((g) => g.title === title)!;
    expect(of("Convex mirrors at four sites")).toMatchObject({ approvedPence: 76_780, spentPence: 63_900, forecastPence: 63_900, underspendPence: 12_880, paidPence: 76_780 });
    expect(of("Convex mirrors at four sites").flags).toMatchObject({ underspend: true, paidAhead: false });
    expect(of("Drink Safe")).toMatchObject({ approvedPence: 226_750, spentPence: 212_500, forecastPence: 212_500, underspendPence: 14_250, paidPence: 226_750 });
    expect(of("Drink Safe").flags).toMatchObject({ underspend: false, paidAhead: false });
    // The officer's year is spent exactly as approved.
    expect(of("Safer Communities and Partnership Officer")).toMatchObject({ spentPence: 3_092_400, underspendPence: 0 });
  });

  it("closes 2023-24 as OPCC finance on 28 June 2024, its checklist all clear (db/seed-year-end.ts)", () => {
    const year = findYearByLabel("2023-24")!;
    const closures = db().all<{ by: string; at: string }>(sql`select u.email as by, c.closed_at as at from financial_year_closures c join users u on u.id = c.closed_by where c.financial_year_id = ${year.id}`);
    expect(year.status).toBe("closed");
    expect(allClear(checklistItems(yearChecklistCounts(year, { today: DEMO_CLOSED_AT.slice(0, 10) })))).toBe(true);
    expect(closures).toEqual([{ by: "finance@demo.opcc.test", at: DEMO_CLOSED_AT }]);
    expect(db().get<{ n: number }>(sql`select count(*) as n from audit_log where action = 'year.closed' and entity_id = ${year.id}`).n).toBe(1);
  });

  it("accounts for every pound of Melton's 2023-24: Drink Safe's and the mirrors' underspends returned and recovered, Target hardening's carried into 2024-25", () => {
    const melton = rows<{ id: number }>(sql`select id from organisations where code = 'melton'`)[0].id;
    const year = rows<{ id: number }>(sql`select id from financial_years where label = '2023-24'`)[0].id;
    const outstanding = rows<{ n: number }>(sql`select coalesce(sum(outstanding), 0) as n from (${grantYearFiguresSql(sql`g.csp_id = ${melton} and g.offer_status = 'accepted'`)}) f where f.financial_year_id = ${year}`)[0].n;
    expect(outstanding).toBe(0);
    expect(rows(sql`select b.title, x.amount_pence as amount, x.status, x.invoice_reference as invoice, x.invoiced_on as invoicedOn, x.received_on as receivedOn, substr(x.created_at, 1, 10) as raisedOn
                      from grant_recoveries x join grants g on g.id = x.grant_id join bids b on b.id = g.bid_id order by x.id`)).toEqual([
      { title: "Drink Safe", amount: 14_250, status: "received", invoice: "INV-MBC-24-0193", invoicedOn: "2024-05-22", receivedOn: "2024-06-14", raisedOn: "2024-05-20" },
      { title: "Convex mirrors at four sites", amount: 12_880, status: "received", invoice: "INV-MBC-24-0194", invoicedOn: "2024-05-22", receivedOn: "2024-06-14", raisedOn: "2024-05-20" },
    ]);
    expect(rows(sql`select l.description, a.delta_pence as delta from grant_line_adjustments a join bid_cost_lines l on l.id = a.cost_line_id join grant_underspends u on u.id = a.underspend_id
                     where u.outcome = 'carried_forward' order by a.id`)).toEqual([
      { description: "Video doorbell", delta: -150_000 },
      { description: "Window and door alarm kit", delta: 150_000 },
    ]);
  });

  it("is not seeded twice", async () => {
    expect(await prepareDatabase({ demo: true })).toEqual({ seeded: false, demo: true });
    expect(db().get<{ n: number }>(sql`select count(*) as n from decisions`).n).toBe(10);
  });
});

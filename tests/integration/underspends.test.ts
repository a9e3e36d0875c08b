import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { grantUnderspendYears, underspendCase } from "../../app/data/underspends.server";
import * as clawbackPage from "../../app/routes/finance.clawbacks.$clawbackId";
import * as clawbackList from "../../app/routes/finance.clawbacks._index";
import * as grantFinancePage from "../../app/routes/finance.grants.$grantId";
import * as underspendPage from "../../app/routes/finance.grants.$grantId_.underspend";
import * as paymentsPage from "../../app/routes/grants.$grantId_.payments";
import * as financePage from "../../app/routes/finance._index";
import * as roundPage from "../../app/routes/rounds.$roundId._index";
import { roundOverProgrammingSql } from "../../app/data/underspend-sql.server";
import { acceptOffer, approvedLines, decideBid, instalmentsOf, pay, returnFor, writeReturn } from "../support/after-award-fixtures";
import { request, run, userId, type DemoUser } from "../support/requests";
import { makeAcceptedGrant } from "../support/accepted-grant";
import { bidIdByTitle, yearId } from "./helpers";

/**
 * Recording an underspend (returned, with its clawback worked out; carried forward) and a
 * clawback's life-cycle, through the routes, on grants set up by the after-award fixtures.
 */

let drinkSafe = 0;
let mirrors = 0;
let hardening = 0;
let y2023 = 0;
let y2024 = 0;
const lines: Record<string, number> = {};

beforeAll(() => {
  y2023 = yearId("2023-24");
  y2024 = yearId("2024-25");
  // Drink Safe: both lines' spend accepted, the covers £142.50 under; every instalment paid.
  drinkSafe = decideBid(bidIdByTitle("Drink Safe")).grantId;
  acceptOffer(drinkSafe);
  const [strips, covers] = approvedLines(drinkSafe);
  writeReturn(returnFor(drinkSafe, 2023, 2), { status: "accepted", actuals: { [strips.costLineId]: strips.approvedPence, [covers.costLineId]: covers.approvedPence - 14_250 } });
  instalmentsOf(drinkSafe).forEach((_, i) => pay(drinkSafe, { instalment: i, paidOn: "2024-04-10" }));
  // Convex mirrors: £767.80, spent £639.00, only £700.00 paid: £61.00 of the £128.80 was paid and not spent.
  mirrors = decideBid(bidIdByTitle("Convex mirrors at four sites")).grantId;
  acceptOffer(mirrors);
  const [mirror] = approvedLines(mirrors);
  writeReturn(returnFor(mirrors, 2023, 2), { status: "accepted", actuals: { [mirror.costLineId]: 63_900 } });
  pay(mirrors, { instalment: 0, paidOn: "2024-04-10", amountPence: 70_000 });
  // A Safer Streets 5 grant (spans years): solar lights £3,600.00 (capital, 2023-24), £1,500.00 of
  // them unspent; maintenance £8,000.00 (revenue, 2024-25); and, added here, more lights (capital,
  // 2024-25, £2,000.00) to carry into.
  hardening = makeAcceptedGrant("Underspend test lights", "ss5").grantId;
  const grant = db().get<{ bidId: number; decisionId: number }>(sql`select bid_id as bidId, decision_id as decisionId from grants where id = ${hardening}`)!;
  const extra = db().get<{ id: number }>(sql`insert into bid_cost_lines (bid_id, position, description, quantity_hundredths, unit_price_ten_thousandths, expenditure_type, recurrence, financial_year_id)
    values (${grant.bidId}, 5, 'More solar lights', 100, 20000000, 'capital', 'one_off', ${y2024}) returning id`)!.id;
  db().run(sql`insert into decision_lines (decision_id, cost_line_id, approved_pence) values (${grant.decisionId}, ${extra}, 200000)`);
  for (const l of approvedLines(hardening)) lines[l.description] = l.costLineId;
  writeReturn(returnFor(hardening, 2023, 4), { status: "accepted", actuals: { [lines["Solar lights, supply and installation"]]: 210_000 } });
}, 60_000);

const path = (grantId: number, year = y2023) => `/finance/grants/${grantId}/underspend?year=${year}`;
const seen = (grantId: number, year = y2023) => {
  const c = underspendCase(grantId, year)!;
  return `${c.lastRecordId}-${c.year.outstandingPence}`;
};
const post = async (who: DemoUser, grantId: number, form: Record<string, string>, year = y2023) =>
  run(underspendPage.action, await request(who, path(grantId, year), form), { grantId: String(grantId) });
const recoveries = (grantId: number) => db().all<{ id: number; amount_pence: number; status: string; underspend_id: number; financial_year_id: number; version: number }>(sql`select * from grant_recoveries where grant_id = ${grantId} order by id`);

describe("recording an underspend returned", () => {
  it("shows finance the year's figures and the clawback worked out", async () => {
    const res = await run(underspendPage.loader, await request("finance", path(drinkSafe)), { grantId: String(drinkSafe) });
    expect(res.status).toBe(200);
    expect(res.data.view.year).toMatchObject({ outstandingPence: 14_250, returnedPence: 0 });
    expect(res.data.view.worked.text).toMatch(/^paid £[\d,.]+ − evidenced £[\d,.]+ = £142\.50 to repay$/);
  });

  it("refuses an amount above what is outstanding, keeping what was typed", async () => {
    const res = await post("finance", drinkSafe, { seen: seen(drinkSafe), outcome: "returned", amount: "142.51", reason: "Saving" });
    expect(res.status).toBe(400);
    expect(res.data.errors.amount).toBe("Amount must be no more than the outstanding underspend, £142.50");
    expect(res.data.values.amount).toBe("142.51");
  });

  it("records it and raises a clawback of what was paid and not spent", async () => {
    const res = await post("finance", drinkSafe, { seen: seen(drinkSafe), outcome: "returned", amount: "142.50", reason: "The covers cost less" });
    expect(res.status).toBe(302);
    const [claw] = recoveries(drinkSafe);
    expect(claw).toMatchObject({ amount_pence: 14_250, status: "raised", financial_year_id: y2023 });
    expect(claw.underspend_id).toBeGreaterThan(0);
    expect(grantUnderspendYears(drinkSafe).find((y) => y.financialYearId === y2023)).toMatchObject({ returnedPence: 14_250, outstandingPence: 0 });
    const mail = db().all<{ to: string; subject: string }>(sql`select "to", subject from outbox where subject like '%Drink Safe%' and subject like '%142.50%'`);
    expect(mail.map((m) => m.to)).toEqual(expect.arrayContaining(["lead.melton@demo.opcc.test", "finance.melton@demo.opcc.test", "finance@demo.opcc.test"]));
    expect(db().get<{ n: number }>(sql`select count(*) as n from audit_log where action in ('underspend.returned', 'clawback.raised') and entity_id in (${claw.id}, ${claw.underspend_id})`)!.n).toBe(2);
  });

  it("refuses a form opened before the figures changed", async () => {
    const res = await post("finance", drinkSafe, { seen: "0-14250", outcome: "returned", amount: "1.00", reason: "Again" });
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(/changed since you opened this page/);
  });

  it("caps the clawback at what was paid: £128.80 returned, £61.00 paid and not spent", async () => {
    const res = await post("finance", mirrors, { seen: seen(mirrors), outcome: "returned", amount: "128.80", reason: "Framework price fell" });
    expect(res.status).toBe(302);
    expect(recoveries(mirrors).map((r) => r.amount_pence)).toEqual([6_100]);
  });

  it("refuses carrying forward for an annual stream", async () => {
    const res = await post("finance", mirrors, { seen: "0-0", outcome: "carried_forward", amount: "1.00", reason: "x", fromLineId: "1", toLineId: "2" });
    // Stale first (the mirrors' underspend is now recorded): a fresh form for a fresh grant is below.
    expect(res.status).toBe(409);
    const c = underspendCase(mirrors, y2023)!;
    expect(c.carryUnavailable).toMatch(/year by year/);
  });
});

describe("re-allocating an underspend", () => {
  it("needs a PCC decision on the grant's bid, and is only of money never paid", async () => {
    const { grantId } = makeAcceptedGrant("Re-allocated outreach", "annual");
    const [worker, camera] = approvedLines(grantId);
    writeReturn(returnFor(grantId, 2023, 1), { status: "accepted", actuals: { [worker.costLineId]: worker.approvedPence, [camera.costLineId]: camera.approvedPence - 20_000 } });
    const reference = db().get<{ reference: string }>(sql`select d.reference from grants g join decisions d on d.id = g.decision_id where g.id = ${grantId}`)!.reference;
    const other = db().get<{ reference: string }>(sql`select d.reference from grants g join decisions d on d.id = g.decision_id where g.id = ${drinkSafe}`)!.reference;
    const noRef = await post("finance", grantId, { seen: seen(grantId), outcome: "reallocated", amount: "200", reason: "Released" });
    expect(noRef.status).toBe(400);
    expect(noRef.data.errors.decisionReference).toBe("Enter the reference of the PCC decision that released it");
    const elsewhere = await post("finance", grantId, { seen: seen(grantId), outcome: "reallocated", amount: "200", reason: "Released", decisionReference: other });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.data.errors.decisionReference).toBe("Enter the reference of a PCC decision on this grant's bid");
    // £100.00 of it is paid: only the other £100.00 may be re-allocated.
    pay(grantId, { instalment: 0, paidOn: "2024-04-10", amountPence: worker.approvedPence + camera.approvedPence - 10_000 });
    const paid = await post("finance", grantId, { seen: seen(grantId), outcome: "reallocated", amount: "100.01", reason: "Released", decisionReference: reference });
    expect(paid.status).toBe(400);
    expect(paid.data.errors.amount).toBe("Amount must be no more than £100.00, the part never paid: return the rest");
    const done = await post("finance", grantId, { seen: seen(grantId), outcome: "reallocated", amount: "100", reason: "Released", decisionReference: reference });
    expect(done.status).toBe(302);
    expect(db().get(sql`select u.outcome, u.amount_pence as amount, d.reference from grant_underspends u join decisions d on d.id = u.decision_id where u.grant_id = ${grantId}`)).toEqual({ outcome: "reallocated", amount: 10_000, reference });
    expect(grantUnderspendYears(grantId)[0]).toMatchObject({ reallocatedPence: 10_000, outstandingPence: 10_000 });
    expect(recoveries(grantId)).toEqual([]);
  });
});

describe("carrying an underspend forward", () => {
  it("is refused to a line of the other type, and below the from-line's spend", async () => {
    const revenue = await post("finance", hardening, { seen: seen(hardening), outcome: "carried_forward", amount: "1500", reason: "More kits", fromLineId: String(lines["Solar lights, supply and installation"]), toLineId: String(lines["Lighting maintenance package"]) });
    expect(revenue.status).toBe(400);
    expect(revenue.data.errors.toLineId).toMatch(/capital and revenue/);
    const annual = await post("finance", drinkSafe, { seen: seen(drinkSafe), outcome: "carried_forward", amount: "1", reason: "x", fromLineId: "1", toLineId: "2" });
    expect([400, 409]).toContain(annual.status);
  });

  it("moves the money between the years' lines", async () => {
    const res = await post("finance", hardening, { seen: seen(hardening), outcome: "carried_forward", amount: "1500", reason: "More kits", fromLineId: String(lines["Solar lights, supply and installation"]), toLineId: String(lines["More solar lights"]) });
    expect(res.status).toBe(302);
    const adj = db().all<{ cost_line_id: number; delta_pence: number }>(sql`select cost_line_id, delta_pence from grant_line_adjustments where grant_id = ${hardening} order by id`);
    expect(adj).toEqual([
      { cost_line_id: lines["Solar lights, supply and installation"], delta_pence: -150_000 },
      { cost_line_id: lines["More solar lights"], delta_pence: 150_000 },
    ]);
    const years = grantUnderspendYears(hardening);
    expect(years.find((y) => y.financialYearId === y2023)).toMatchObject({ currentPence: 210_000, carriedPence: 150_000, outstandingPence: 0 });
    const more = underspendCase(hardening, y2024)!.lines.find((l) => l.costLineId === lines["More solar lights"])!;
    expect(more.currentPence).toBe(350_000);
    expect(recoveries(hardening)).toEqual([]);
  });
});

describe("who may record an underspend", () => {
  it("refuses a CSP lead and council finance (403) and hides another partnership's grant (404)", async () => {
    for (const who of ["meltonLead", "meltonFinance", "reviewer", "admin"] as const) {
      expect((await run(underspendPage.loader, await request(who, path(drinkSafe)), { grantId: String(drinkSafe) })).status, who).toBe(403);
      expect((await post(who, drinkSafe, { seen: "0-0", outcome: "returned", amount: "1", reason: "x" })).status, who).toBe(403);
    }
    expect((await run(underspendPage.loader, await request("charnwoodLead", path(drinkSafe)), { grantId: String(drinkSafe) })).status).toBe(404);
  });

  it("answers 404 for a year the grant has no lines in, or a malformed one", async () => {
    expect((await run(underspendPage.loader, await request("finance", path(drinkSafe, y2024)), { grantId: String(drinkSafe) })).status).toBe(404);
    expect((await run(underspendPage.loader, await request("finance", `/finance/grants/${drinkSafe}/underspend?year=x`), { grantId: String(drinkSafe) })).status).toBe(404);
  });
});

// Recorded through the routes, the clawbacks above were raised today.
const today = () => new Date().toISOString().slice(0, 10);
const dateParts = (name: string, iso: string) => ({ [`${name}.day`]: String(Number(iso.slice(8, 10))), [`${name}.month`]: String(Number(iso.slice(5, 7))), [`${name}.year`]: iso.slice(0, 4) });

describe("a clawback's life-cycle", () => {
  const act = async (who: DemoUser, id: number, form: Record<string, string>) => run(clawbackPage.action, await request(who, `/finance/clawbacks/${id}`, form), { clawbackId: String(id) });

  it("is raised, invoiced and received, each audited and told to the partnership", async () => {
    const [claw] = recoveries(drinkSafe);
    const refused = await act("finance", claw.id, { intent: "receive", version: String(claw.version), "receivedOn.day": "14", "receivedOn.month": "6", "receivedOn.year": "2024" });
    expect(refused.status).toBe(409);
    expect(refused.data.formError).toMatch(/Only an invoiced clawback/);
    const noRef = await act("finance", claw.id, { intent: "invoice", version: String(claw.version), invoiceReference: "", "invoicedOn.day": "22", "invoicedOn.month": "5", "invoicedOn.year": "2024" });
    expect(noRef.status).toBe(400);
    expect(noRef.data.errors.invoiceReference).toBe("Enter the invoice reference");
    const invoiced = await act("finance", claw.id, { intent: "invoice", version: String(claw.version), invoiceReference: "INV-MBC-24-0193", ...dateParts("invoicedOn", today()) });
    expect(invoiced.status).toBe(302);
    const stale = await act("finance", claw.id, { intent: "waive", version: String(claw.version), reason: "x", decisionReference: "PCC/1" });
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toMatch(/You changed this clawback/);
    const received = await act("finance", claw.id, { intent: "receive", version: String(claw.version + 1), ...dateParts("receivedOn", today()) });
    expect(received.status).toBe(302);
    expect(recoveries(drinkSafe)[0]).toMatchObject({ status: "received" });
    const after = await act("finance", claw.id, { intent: "waive", version: String(claw.version + 2), reason: "x", decisionReference: "PCC/1" });
    expect(after.status).toBe(409);
    expect(after.data.formError).toMatch(/has been received/);
    const page = await run(clawbackPage.loader, await request("finance", `/finance/clawbacks/${claw.id}`), { clawbackId: String(claw.id) });
    expect(page.data.history.map((h: { text: string }) => h.text)).toEqual(["Raised", "Invoiced", "Received"]);
    expect(page.data.actions).toEqual([]);
  });

  it("may be waived by a PCC decision", async () => {
    const [claw] = recoveries(mirrors);
    const res = await act("finance", claw.id, { intent: "waive", version: String(claw.version), reason: "The council's costs exceeded the sum", decisionReference: "PCC/2024/031" });
    expect(res.status).toBe(302);
    expect(db().get(sql`select status, waived_decision_reference as ref from grant_recoveries where id = ${claw.id}`)).toEqual({ status: "waived", ref: "PCC/2024/031" });
  });

  it("once its year is closed, may only be received if invoiced", async () => {
    // A fresh clawback on Drink Safe's year, invoiced, then the year closed.
    db().run(sql`insert into grant_recoveries (grant_id, financial_year_id, amount_pence, reason, status, created_at) values (${drinkSafe}, ${y2023}, 100, 'Test', 'raised', '2024-05-01T10:00:00.000Z')`);
    const raised = db().get<{ id: number }>(sql`select max(id) as id from grant_recoveries`)!.id;
    db().run(sql`insert into grant_recoveries (grant_id, financial_year_id, amount_pence, reason, status, created_at, invoice_reference, invoiced_on) values (${drinkSafe}, ${y2023}, 200, 'Test', 'invoiced', '2024-05-01T10:00:00.000Z', 'INV-1', '2024-05-02')`);
    const invoiced = db().get<{ id: number }>(sql`select max(id) as id from grant_recoveries`)!.id;
    db().run(sql`insert into financial_year_closures (financial_year_id, closed_by, closed_at) values (${y2023}, ${userId("finance")}, '2024-07-01T10:00:00.000Z')`);
    db().run(sql`update financial_years set status = 'closed' where id = ${y2023}`);
    try {
      const page = await run(clawbackPage.loader, await request("finance", `/finance/clawbacks/${raised}`), { clawbackId: String(raised) });
      expect(page.data.actions).toEqual([]);
      expect(page.data.closed).toMatch(/2023-24 was closed by/);
      const invoice = await act("finance", raised, { intent: "invoice", version: "1", invoiceReference: "INV-2", "invoicedOn.day": "2", "invoicedOn.month": "7", "invoicedOn.year": "2024" });
      expect(invoice.status).toBe(409);
      expect(invoice.data).toMatchObject({ refused: "closed-year" });
      const receive = await act("finance", invoiced, { intent: "receive", version: "1", "receivedOn.day": "2", "receivedOn.month": "7", "receivedOn.year": "2024" });
      expect(receive.status).toBe(302);
      const record = await post("finance", hardening, { seen: seen(hardening), outcome: "returned", amount: "1", reason: "x" });
      expect(record.status).toBe(409);
      expect(record.data).toMatchObject({ refused: "closed-year" });
    } finally {
      db().run(sql`update financial_years set status = 'open' where id = ${y2023}`);
    }
  });
});

describe("what each role is sent", () => {
  it("lists clawbacks for OPCC finance only", async () => {
    const res = await run(clawbackList.loader, await request("finance", "/finance/clawbacks?fy=2023-24&status=received"));
    expect(res.status).toBe(200);
    expect(res.data.list.rows.every((r: { status: string }) => r.status === "received")).toBe(true);
    expect(res.data.list.rows.length).toBeGreaterThan(0);
    const bad = await run(clawbackList.loader, await request("finance", "/finance/clawbacks?fy=nonsense&status=nope&page=-3"));
    expect(bad.status).toBe(200);
    for (const who of ["meltonLead", "meltonFinance", "reviewer", "admin"] as const) {
      expect((await run(clawbackList.loader, await request(who, "/finance/clawbacks"))).status, who).toBe(403);
      expect((await run(clawbackPage.loader, await request(who, "/finance/clawbacks/1"), { clawbackId: "1" })).status, who).toBe(403);
    }
    expect((await run(clawbackPage.loader, await request("finance", "/finance/clawbacks/999999"), { clawbackId: "999999" })).status).toBe(404);
    expect((await run(clawbackPage.loader, await request("finance", "/finance/clawbacks/x"), { clawbackId: "x" })).status).toBe(404);
  });

  it("shows the partnership its clawbacks read-only, without who at the OPCC acted", async () => {
    const res = await run(paymentsPage.loader, await request("meltonLead", `/grants/${drinkSafe}/payments`), { grantId: String(drinkSafe) });
    expect(res.status).toBe(200);
    expect(res.data.manageClawbacks).toBe(false);
    expect(res.data.clawbacks[0]).toMatchObject({ amountPence: 14_250, status: "received", invoiceReference: "INV-MBC-24-0193" });
    expect(JSON.stringify(res.data.clawbacks)).not.toMatch(/Femi|By$|createdBy|invoicedBy/);
    const finance = await run(grantFinancePage.loader, await request("meltonFinance", `/finance/grants/${drinkSafe}`), { grantId: String(drinkSafe) });
    expect(finance.data.underspend.canRecord).toBe(false);
    expect(finance.data.underspend.records.every((r: { recordedByName: string | null }) => r.recordedByName === null)).toBe(true);
    const opcc = await run(grantFinancePage.loader, await request("finance", `/finance/grants/${drinkSafe}`), { grantId: String(drinkSafe) });
    expect(opcc.data.underspend.canRecord).toBe(true);
    expect(opcc.data.underspend.records[0].recordedByName).not.toBeNull();
  });
});

describe("over-programming", () => {
  it("shows on the round page and /finance how much underspend a round over its pot relies on, against what has been recorded", async () => {
    const { grantId } = makeAcceptedGrant("Over-programmed outreach", "annual");
    const round = db().get<{ id: number }>(sql`select b.round_id as id from grants g join bids b on b.id = g.bid_id where g.id = ${grantId}`)!.id;
    const approved = approvedLines(grantId);
    const total = approved.reduce((n, l) => n + l.approvedPence, 0);
    // The tests' own round: every grant in it is this file's or another fixture's, so set its pot from what it approved.
    const roundApproved = () => overProgrammedRoundsApproved(round);
    db().run(sql`update rounds set total_pot_pence = ${roundApproved() - 10_000}, over_programming_basis_points = 1000 where id = ${round}`);
    writeReturn(returnFor(grantId, 2023, 1), { status: "accepted", actuals: { [approved[0].costLineId]: approved[0].approvedPence, [approved[1].costLineId]: approved[1].approvedPence - 5_001 } });
    expect(total).toBeGreaterThan(5_001);
    expect((await post("finance", grantId, { seen: seen(grantId), outcome: "returned", amount: "50.01", reason: "Fewer hours" })).status).toBe(302);
    const page = await run(roundPage.loader, await request("reviewer", `/rounds/${round}`), { roundId: String(round) });
    // Another test here re-allocated £100.00 in the same (the tests' own) round.
    const earlier = db().get<{ n: number }>(sql`select coalesce(sum(u.amount_pence), 0) as n from grant_underspends u join grants g on g.id = u.grant_id join bids b on b.id = g.bid_id
      where b.round_id = ${round} and u.outcome in ('returned', 'reallocated') and u.grant_id <> ${grantId}`)!.n;
    expect(page.data.overProgramming).toEqual([expect.objectContaining({ roundId: round, reliesOnPence: 10_000, recordedPence: earlier + 5_001, stillExpectedPence: Math.max(0, 4_999 - earlier) })]);
    const finance = await run(financePage.loader, await request("finance", "/finance?fy=2023-24"));
    expect(finance.data.overProgramming).toEqual([expect.objectContaining({ roundId: round, reliesOnPence: 10_000 })]);
    const council = await run(financePage.loader, await request("meltonFinance", "/finance?fy=2023-24"));
    expect(council.data.overProgramming).toEqual([]);
  });
});

/** What a round approved, as the round page sums it. */
function overProgrammedRoundsApproved(roundId: number): number {
  return db().get<{ n: number }>(sql`select approvedPence as n from (${roundOverProgrammingSql(sql`r.id = ${roundId}`)})`)!.n;
}

import { addDays, addMonths, format } from "date-fns";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { parseIsoDate } from "../../app/domain/financial-years";
import { daysOverdue } from "../../app/domain/return-lifecycle";
import { ukDate } from "../../app/domain/round-window";
import * as dashboard from "../../app/routes/_index";
import { grantPayments, grantReturns } from "../../db/schema";
import { instalmentsOf, returnFor } from "../support/after-award-fixtures";
import { fixture, setUpFinanceFixtures } from "../support/finance-scenario";
import { request, run, type DemoUser } from "../support/requests";

/**
 * What the dashboards lead with after the award, on the reconciliation's scenario (every 2023-24
 * return is long past due by the real date the dashboard uses), with one return and one instalment
 * moved into the future to show what is not yet due.
 */
const today = ukDate(new Date());
const dashboardOf = async (who: DemoUser) => (await run<any>(dashboard.loader, await request(who, "/"))).data;
const overdueDays = (dueOn: string) => daysOverdue({ dueOn, firstSubmittedAt: null }, today);

let upcomingDue = "";
beforeAll(() => {
  setUpFinanceFixtures();
  // The officer's Q4 return is due in ten days (not overdue), and Blaby's last instalment next month (not due this month).
  upcomingDue = format(addDays(parseIsoDate(today), 10), "yyyy-MM-dd");
  db().update(grantReturns).set({ dueOn: upcomingDue }).where(eq(grantReturns.id, returnFor(fixture.officer, 2023, 4))).run();
  const last = instalmentsOf(fixture.fosse).at(-1)!;
  db().update(grantPayments).set({ dueOn: format(addMonths(parseIsoDate(today), 1), "yyyy-MM-01") }).where(eq(grantPayments.id, last.id)).run();
});

describe("OPCC finance's dashboard", () => {
  it("leads with the payments due by the end of this month: unpaid, on accepted offers, not held, the earliest first", async () => {
    const page = await dashboardOf("finance");
    const { paymentsDue } = page.afterAward;
    // The officer's fourth instalment (£3,865.50) is to pay. Drink Safe's advance (£2,267.50) and three of
    // Blaby's four (£2,025 each) are due but held: each grant has a return overdue.
    // Nothing on Charnwood's offer, never accepted, nor on the instalments paid in full.
    expect(paymentsDue.count).toBe(1);
    expect(paymentsDue.outstandingPence).toBe(386_550);
    expect(paymentsDue.held).toEqual({ count: 4, outstandingPence: 226_750 + 3 * 202_500 });
    expect(paymentsDue.rows.map((r: any) => r.grantId)).toEqual([fixture.officer]);
    expect(paymentsDue.rows[0]).toMatchObject({ title: "Safer Communities and Partnership Officer", outstandingPence: 386_550 });
    expect(page.monthName).toBe(format(parseIsoDate(today), "MMMM"));
  });

  it("a held instalment is to pay once finance releases its hold", async () => {
    const advance = instalmentsOf(fixture.drinkSafe)[0];
    db().run(sql`insert into payment_hold_releases (instalment_id, reason, released_by, released_at)
                 select ${advance.id}, 'Agreed with the partnership', recorded_by, ${new Date().toISOString()} from payments limit 1`);
    const after = (await dashboardOf("finance")).afterAward.paymentsDue;
    expect(after.rows.map((r: any) => r.instalmentId)).toContain(advance.id);
    expect(after.held.count).toBe(3);
    db().run(sql`delete from payment_hold_releases where instalment_id = ${advance.id}`);
  });

  it("a part-paid instalment shows what is left to pay", async () => {
    const before = (await dashboardOf("finance")).afterAward.paymentsDue;
    // Pay £100 towards the officer's fourth instalment.
    const fourth = before.rows[0];
    db().run(sql`insert into payments (grant_id, instalment_id, paid_on, amount_pence, finance_reference, recorded_by, recorded_at)
                 select ${fixture.officer}, ${fourth.instalmentId}, '2023-09-10', 10000, 'PART', recorded_by, recorded_at from payments limit 1`);
    const after = (await dashboardOf("finance")).afterAward.paymentsDue;
    expect(after.outstandingPence).toBe(before.outstandingPence - 10_000);
    expect(after.rows.find((r: any) => r.instalmentId === fourth.instalmentId).outstandingPence).toBe(376_550);
    db().run(sql`delete from payments where finance_reference = 'PART'`);
  });

  it("then the returns waiting for acceptance, the longest waiting first, and the overdue ones with their days", async () => {
    const { awaiting, overdue, flags } = (await dashboardOf("finance")).afterAward;
    expect(awaiting.count).toBe(2);
    expect(awaiting.rows.map((r: any) => [r.title, r.period])).toEqual([
      ["Convex mirrors at four sites", "2023-24 Q2 (July to September 2023)"],
      ["Safer Communities and Partnership Officer", "2023-24 Q3 (October to December 2023)"],
    ]);
    // Drink Safe Q3 and Q4, Blaby's four; not the officer's Q4 (due in ten days).
    expect(overdue.count).toBe(6);
    expect(overdue.rows).toHaveLength(5);
    expect(overdue.rows[0]).toMatchObject({ title: "Fosse Park retail crime partnership", cspName: "Blaby Community Safety Partnership", period: "2023-24 Q1 (April to June 2023)", dueOn: "2023-08-31", daysOverdue: overdueDays("2023-08-31") });
    expect(overdue.rows.every((r: any) => r.daysOverdue > 0)).toBe(true);
    expect(flags).toEqual({ yearLabel: "2023-24", flags: { underspend: 1, overspent: 1, overspentLines: 1, paidAhead: 1, overdueReturns: 6, offersNotAccepted: 1, offersLapsed: 1, attention: 5 } });
  });
});

describe("other OPCC staff", () => {
  it("a reviewer sees the returns to accept, the overdue ones and the flags, but no payments", async () => {
    const { afterAward } = await dashboardOf("reviewer");
    expect(afterAward.paymentsDue).toBeNull();
    expect(afterAward.awaiting.count).toBe(2);
    expect(afterAward.overdue.count).toBe(6);
    expect(afterAward.flags.yearLabel).toBe("2023-24");
  });

  it("an administrator sees the overdue returns and the flags", async () => {
    const { afterAward } = await dashboardOf("admin");
    expect([afterAward.paymentsDue, afterAward.awaiting]).toEqual([null, null]);
    expect(afterAward.overdue.count).toBe(6);
  });

  it("the dashboard's rounds are still there", async () => {
    const page = await dashboardOf("finance");
    expect(page.kind).toBe("opcc");
    expect(page.rounds.length).toBeGreaterThan(0);
  });
});

describe("a partnership's dashboard", () => {
  it("Melton's lead: overdue returns with days overdue, then the next due; no other partnership's", async () => {
    const page = await dashboardOf("meltonLead");
    const { overdue, due, offers, canRespond, canReadFinance } = page.afterAward;
    expect(overdue.rows.map((r: any) => [r.title, r.period, r.daysOverdue])).toEqual([
      ["Drink Safe", "2023-24 Q3 (October to December 2023)", overdueDays("2024-01-30")],
      ["Drink Safe", "2023-24 Q4 (January to March 2024)", overdueDays("2024-04-30")],
    ]);
    expect(due.dueCount).toBe(1);
    expect(due.next).toEqual([expect.objectContaining({ title: "Safer Communities and Partnership Officer", dueOn: upcomingDue, daysOverdue: 0 })]);
    expect(offers.count).toBe(0);
    expect([canRespond, canReadFinance]).toEqual([true, false]);
    const text = JSON.stringify(page.afterAward);
    for (const other of ["Blaby", "Charnwood", "Fosse Park", "street pastors"]) expect(text).not.toContain(other);
    // Its rounds and decisions are still there.
    expect(page.rounds.length).toBeGreaterThan(0);
  });

  it("Charnwood's lead: the offer waiting, lapsed, with the link to answer it", async () => {
    const { offers, overdue, canRespond } = (await dashboardOf("charnwoodLead")).afterAward;
    expect(offers).toEqual({ count: 1, rows: [{ grantId: fixture.pastors, title: "Loughborough night-time economy street pastors", acceptBy: "2023-08-17", lapsed: true }] });
    expect(overdue.count).toBe(0);
    expect(canRespond).toBe(true);
  });

  it("Melton's council finance officer: the same returns, no offer to answer, a link to the reconciliation", async () => {
    const { overdue, canRespond, canReadFinance } = (await dashboardOf("meltonFinance")).afterAward;
    expect(overdue.count).toBe(2);
    expect([canRespond, canReadFinance]).toEqual([false, true]);
  });

  it("a queried return is put in front of the partnership", async () => {
    const id = returnFor(fixture.drinkSafe, 2023, 2);
    db().update(grantReturns).set({ status: "queried" }).where(eq(grantReturns.id, id)).run();
    const { due } = (await dashboardOf("meltonLead")).afterAward;
    expect(due.queried.map((r: any) => r.returnId)).toEqual([id]);
    db().update(grantReturns).set({ status: "accepted" }).where(eq(grantReturns.id, id)).run();
  });
});

describe("Melton's council finance officer's returns to certify", () => {
  it("leads with its partnership's returns waiting for certification: certified stream, quarter over, every actual in, not certified, still open", async () => {
    const id = returnFor(fixture.drinkSafe, 2023, 3);
    const streamOf = sql`(select rd.stream_id from grants g join bids b on b.id = g.bid_id join rounds rd on rd.id = b.round_id where g.id = ${fixture.drinkSafe})`;
    const was = db().get<{ c: number }>(sql`select certification_required as c from funding_streams where id = ${streamOf}`)!.c;
    db().run(sql`update funding_streams set certification_required = 1 where id = ${streamOf}`);
    const lines = db().all<{ costLineId: number }>(sql`
      select dl.cost_line_id as costLineId from grants g join decision_lines dl on dl.decision_id = g.decision_id where g.id = ${fixture.drinkSafe} and dl.approved_pence > 0`);
    expect(lines.length).toBeGreaterThan(1);
    const setActuals = (n: number) => {
      db().run(sql`delete from return_lines where return_id = ${id}`);
      for (const l of lines.slice(0, n)) db().run(sql`insert into return_lines (return_id, cost_line_id, actual_pence) values (${id}, ${l.costLineId}, 1000)`);
    };
    try {
      // One line still without its actual: not yet.
      setActuals(lines.length - 1);
      expect((await dashboardOf("meltonFinance")).afterAward.toCertify).toEqual({ count: 0, rows: [] });
      setActuals(lines.length);
      const { toCertify } = (await dashboardOf("meltonFinance")).afterAward;
      expect(toCertify.count).toBe(1);
      expect(toCertify.rows).toEqual([expect.objectContaining({ returnId: id, grantId: fixture.drinkSafe, title: "Drink Safe", period: "2023-24 Q3 (October to December 2023)" })]);
      // The lead certifies nothing; another partnership's finance officer sees none of Melton's.
      expect((await dashboardOf("meltonLead")).afterAward.toCertify).toBeNull();
      // Certified: off the list.
      db().run(sql`update grant_returns set certified_on = '2024-01-10' where id = ${id}`);
      expect((await dashboardOf("meltonFinance")).afterAward.toCertify.count).toBe(0);
      db().run(sql`update grant_returns set certified_on = null where id = ${id}`);
      // Not certified in this fund: off the list.
      db().run(sql`update funding_streams set certification_required = 0 where id = ${streamOf}`);
      expect((await dashboardOf("meltonFinance")).afterAward.toCertify.count).toBe(0);
    } finally {
      db().run(sql`delete from return_lines where return_id = ${id}`);
      db().run(sql`update funding_streams set certification_required = ${was} where id = ${streamOf}`);
    }
  });
});

import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { financeOverview, grantFinance, grantsInScope, spendByQuarter, type CspFinanceRow } from "../../app/data/finance.server";
import { grantFlags, lineProfile, type Quarter } from "../../app/domain/reconciliation";
import { quartersBetween } from "../../app/domain/payment-schedule";
import { acceptOffer, approvedLines, declineOffer, decideBid, pay, returnFor, writeReturn } from "../support/after-award-fixtures";
import { annualRoundId, bidIdByTitle, cspId, ss5RoundId, yearId } from "./helpers";

/**
 * The reconciliation's figures, checked to the penny on grants set up by hand (see the comments
 * for the sums). "Today" is 15 May 2024 throughout: 2023-24's fourth-quarter returns fell due on
 * 30 April.
 */
const TODAY = "2024-05-15";

export const fixture = {
  officer: 0, cctv: 0, mirrors: 0, drinkSafe: 0, wcctv: 0, pastors: 0, fosse: 0,
  lines: {} as Record<string, number>,
};

/** Melton's 2023-24 annual grants in every state the reconciliation reads, and one each for Charnwood and Blaby. */
export function setUpFinanceFixtures() {
  // Safer Communities and Partnership Officer: £30,924 approved, £15,462 match funding, so £15,462
  // granted; four quarters. Q1 and Q2 accepted (£7,731 each), Q3 submitted (£7,000) forecasting
  // £7,000 for Q4; Q4 never submitted (overdue). Three of four instalments paid (£3,865.50 each).
  fixture.officer = decideBid(bidIdByTitle("Safer Communities and Partnership Officer")).grantId;
  acceptOffer(fixture.officer);
  const [officerLine] = approvedLines(fixture.officer);
  fixture.lines.officer = officerLine.costLineId;
  writeReturn(returnFor(fixture.officer, 2023, 1), { status: "accepted", actuals: { [officerLine.costLineId]: 773_100 } });
  writeReturn(returnFor(fixture.officer, 2023, 2), { status: "accepted", actuals: { [officerLine.costLineId]: 773_100 } });
  writeReturn(returnFor(fixture.officer, 2023, 3), {
    status: "submitted", actuals: { [officerLine.costLineId]: 700_000 },
    forecasts: [{ costLineId: officerLine.costLineId, startYear: 2023, quarter: 4, amountPence: 700_000 }],
  });
  for (const instalment of [0, 1, 2]) pay(fixture.officer, { instalment, paidOn: "2024-01-10" });

  // Play Close CCTV: £4,843; Q2 and Q3 accepted, £3,000 and £2,500: the line is overspent by £657.
  // Both instalments paid.
  fixture.cctv = decideBid(bidIdByTitle("Play Close CCTV")).grantId;
  acceptOffer(fixture.cctv);
  const [cctvLine] = approvedLines(fixture.cctv);
  fixture.lines.cctv = cctvLine.costLineId;
  writeReturn(returnFor(fixture.cctv, 2023, 2), { status: "accepted", actuals: { [cctvLine.costLineId]: 300_000 } });
  writeReturn(returnFor(fixture.cctv, 2023, 3), { status: "accepted", actuals: { [cctvLine.costLineId]: 250_000 } });
  pay(fixture.cctv, { instalment: 0, paidOn: "2023-10-05" });
  pay(fixture.cctv, { instalment: 1, paidOn: "2024-01-05" });

  // Convex mirrors: £767.80, one quarter, its return submitted (£700) but not yet accepted; paid in
  // full: paid ahead of evidenced spend.
  fixture.mirrors = decideBid(bidIdByTitle("Convex mirrors at four sites")).grantId;
  acceptOffer(fixture.mirrors);
  const [mirrorLine] = approvedLines(fixture.mirrors);
  writeReturn(returnFor(fixture.mirrors, 2023, 2), { status: "submitted", actuals: { [mirrorLine.costLineId]: 70_000 } });
  pay(fixture.mirrors, { instalment: 0, paidOn: "2023-10-05" });

  // Drink Safe, part-approved: strips £1,500 and covers £767.50 (of £1,535), paid in advance (not
  // yet paid). Q2 accepted (£500 and £200) forecasting Q3 £500 + £200 and Q4 £100 + £100: a
  // forecast of £1,600 against £2,267.50, an underspend of £667.50, beyond 10%. Q3 and Q4 overdue.
  const drinkBid = bidIdByTitle("Drink Safe");
  const covers = db().get<{ id: number }>(sql`select id from bid_cost_lines where bid_id = ${drinkBid} and description = 'Drink covers'`).id;
  fixture.drinkSafe = decideBid(drinkBid, { approvedByLine: { [covers]: 76_750 }, paymentBasis: "advance" }).grantId;
  acceptOffer(fixture.drinkSafe);
  const [strips, coversLine] = approvedLines(fixture.drinkSafe);
  fixture.lines.strips = strips.costLineId;
  fixture.lines.covers = coversLine.costLineId;
  writeReturn(returnFor(fixture.drinkSafe, 2023, 2), {
    status: "accepted",
    actuals: { [strips.costLineId]: 50_000, [coversLine.costLineId]: 20_000 },
    forecasts: [
      { costLineId: strips.costLineId, startYear: 2023, quarter: 3, amountPence: 50_000 },
      { costLineId: coversLine.costLineId, startYear: 2023, quarter: 3, amountPence: 20_000 },
      { costLineId: strips.costLineId, startYear: 2023, quarter: 4, amountPence: 10_000 },
      { costLineId: coversLine.costLineId, startYear: 2023, quarter: 4, amountPence: 10_000 },
    ],
  });

  // WCCTV: approved, then the offer declined: out of the figures (its bid is still a request).
  fixture.wcctv = decideBid(bidIdByTitle("WCCTV help point and standard support package")).grantId;
  declineOffer(fixture.wcctv);

  // Charnwood's street pastors: £16,245 approved, the offer never answered (accept by 17 August 2023: lapsed).
  fixture.pastors = decideBid(bidIdByTitle("Loughborough night-time economy street pastors")).grantId;
  // Blaby's Fosse Park scheme: £8,100, accepted, no return ever submitted: four overdue.
  fixture.fosse = decideBid(bidIdByTitle("Fosse Park retail crime partnership")).grantId;
  acceptOffer(fixture.fosse, { by: "admin" });
}

const year = () => ({ kind: "year" as const, financialYearId: yearId("2023-24") });
const rowFor = (rows: CspFinanceRow[], code: string) => rows.find((r) => r.cspId === cspId(code))!;

describe("the reconciliation's figures", () => {
  beforeAll(() => setUpFinanceFixtures());

  it("Melton's 2023-24, to the penny", () => {
    const { rows } = financeOverview(year(), { today: TODAY });
    const melton = rowFor(rows, "melton");
    expect(melton).toEqual({
      cspId: cspId("melton"),
      cspName: "Safer Melton Partnership",
      // £31,000 annual and £300,000 Safer Streets 5.
      allocationPence: 33_100_000,
      // All six submitted annual bids, net of match funding (the Safer Streets 5 bids are drafts).
      requestedPence: 1_546_200 + 127_000 + 484_300 + 485_000 + 76_780 + 303_500,
      grants: 4,
      approvedPence: 3_092_400 + 484_300 + 76_780 + 226_750,
      grantedPence: 1_546_200 + 484_300 + 76_780 + 226_750,
      paidPence: 3 * 386_550 + 484_300 + 76_780,
      spentPence: 1_546_200 + 550_000 + 0 + 70_000,
      forecastPence: 2_946_200 + 550_000 + 70_000 + 160_000,
      variancePence: 3_726_200 - 3_880_230,
      underspendPence: 146_200 + 0 + 6_780 + 66_750,
      flags: { underspend: 1, overspent: 1, overspentLines: 1, paidAhead: 1, overdueReturns: 3, offersNotAccepted: 0, offersLapsed: 0, attention: 4 },
    });
  });

  it("Charnwood's lapsed offer and Blaby's overdue returns", () => {
    const { rows } = financeOverview(year(), { today: TODAY });
    const charnwood = rowFor(rows, "charnwood");
    expect(charnwood).toMatchObject({ allocationPence: 36_200_000, requestedPence: 1_624_500, grants: 1, approvedPence: 1_624_500, forecastPence: 1_624_500, spentPence: 0, paidPence: 0 });
    expect(charnwood.flags).toEqual({ underspend: 0, overspent: 0, overspentLines: 0, paidAhead: 0, overdueReturns: 0, offersNotAccepted: 1, offersLapsed: 1, attention: 1 });
    const blaby = rowFor(rows, "blaby");
    expect(blaby).toMatchObject({ allocationPence: 3_800_000, approvedPence: 810_000, forecastPence: 810_000, variancePence: 0, underspendPence: 0 });
    expect(blaby.flags).toMatchObject({ overdueReturns: 4, attention: 1 });
    // Before its accept-by date the offer is waiting, not lapsed.
    expect(rowFor(financeOverview(year(), { today: "2023-08-17" }).rows, "charnwood").flags).toMatchObject({ offersNotAccepted: 1, offersLapsed: 0 });
  });

  it("lists those needing attention first, then by name; every partnership with an allocation is listed", () => {
    const { rows, count } = financeOverview(year(), { today: TODAY });
    expect(count).toBe(9);
    expect(rows.slice(0, 3).map((r) => r.cspName)).toEqual(["Safer Melton Partnership", "Blaby Community Safety Partnership", "Charnwood Community Safety Partnership"]);
    expect(rows.slice(3).every((r) => r.flags.attention === 0)).toBe(true);
    expect(rowFor(rows, "leicester-city")).toMatchObject({ allocationPence: 18_000_000, requestedPence: 4_500_000, grants: 0, approvedPence: 0 });
  });

  it("the totals are every partnership's rows added up", () => {
    const { rows, totals } = financeOverview(year(), { today: TODAY });
    for (const key of ["allocationPence", "requestedPence", "approvedPence", "grantedPence", "paidPence", "spentPence", "forecastPence", "variancePence", "underspendPence", "grants"] as const) {
      expect(totals[key], key).toBe(rows.reduce((n, r) => n + r[key], 0));
    }
    expect(totals.allocationPence).toBe(47_100_000 + 60_000_000);
    expect(totals.flags).toEqual({ underspend: 1, overspent: 1, overspentLines: 1, paidAhead: 1, overdueReturns: 7, offersNotAccepted: 1, offersLapsed: 1, attention: 6 });
  });

  it("pages, keeping the totals of them all", () => {
    const first = financeOverview(year(), { today: TODAY, pageSize: 4 });
    const last = financeOverview(year(), { today: TODAY, pageSize: 4, page: 3 });
    expect([first.pages, first.rows.length, last.rows.length, last.page]).toEqual([3, 4, 1, 3]);
    expect(last.totals).toEqual(first.totals);
    // Past the end: the last page.
    expect(financeOverview(year(), { today: TODAY, pageSize: 4, page: 99 }).page).toBe(3);
  });

  it("filters by round, stream and partnership", () => {
    const annual = financeOverview({ ...year(), roundId: annualRoundId() }, { today: TODAY });
    expect(rowFor(annual.rows, "melton").allocationPence).toBe(3_100_000);
    expect(rowFor(annual.rows, "melton").approvedPence).toBe(3_880_230);
    const ss5Stream = db().get<{ id: number }>(sql`select stream_id as id from rounds where id = ${ss5RoundId()}`).id;
    const ss5 = financeOverview({ ...year(), streamId: ss5Stream }, { today: TODAY });
    expect(ss5.rows.map((r) => [r.cspName, r.allocationPence, r.approvedPence])).toEqual([
      ["Charnwood Community Safety Partnership", 30_000_000, 0],
      ["Safer Melton Partnership", 30_000_000, 0],
    ]);
    const melton = financeOverview({ ...year(), cspId: cspId("melton") }, { today: TODAY });
    expect(melton.rows.map((r) => r.cspName)).toEqual(["Safer Melton Partnership"]);
    expect(melton.totals.approvedPence).toBe(3_880_230);
    // A year with no rounds has nothing in it.
    expect(financeOverview({ kind: "year", financialYearId: yearId("2024-25") }, { today: TODAY }).count).toBe(0);
  });

  it("a partnership's grants, each with the same figures, those needing attention first", () => {
    const { rows, count } = grantsInScope({ ...year(), cspId: cspId("melton") }, { today: TODAY });
    expect(count).toBe(4);
    const byId = new Map(rows.map((r) => [r.grantId, r]));
    expect(byId.get(fixture.officer)).toMatchObject({
      approvedPence: 3_092_400, grantedPence: 1_546_200, paidPence: 1_159_650, spentPence: 1_546_200, forecastPence: 2_946_200,
      variancePence: -146_200, underspendPence: 146_200, overdueReturns: 1, overspentLines: 0, toleranceBasisPoints: 1000,
      flags: { underspend: false, overspent: false, paidAhead: false, overdue: true, offerNotAccepted: false, offerLapsed: false },
    });
    expect(byId.get(fixture.cctv)).toMatchObject({ spentPence: 550_000, forecastPence: 550_000, variancePence: 65_700, underspendPence: 0, overspentLines: 1 });
    expect(byId.get(fixture.cctv)!.flags.overspent).toBe(true);
    expect(byId.get(fixture.mirrors)).toMatchObject({ spentPence: 0, paidPence: 76_780, forecastPence: 70_000, underspendPence: 6_780 });
    expect(byId.get(fixture.mirrors)!.flags).toMatchObject({ paidAhead: true, underspend: false });
    expect(byId.get(fixture.drinkSafe)).toMatchObject({ approvedPence: 226_750, spentPence: 70_000, forecastPence: 160_000, underspendPence: 66_750, overdueReturns: 2 });
    expect(byId.get(fixture.drinkSafe)!.flags).toMatchObject({ underspend: true, overdue: true, paidAhead: false });
    expect(byId.has(fixture.wcctv)).toBe(false);
    // The SQL's flags are the domain's.
    for (const r of rows) {
      const expected = grantFlags({ ...r, offerStatus: r.offerStatus });
      expect(expected.includes("underspend"), `${r.title} underspend`).toBe(r.flags.underspend);
      expect(expected.includes("paid_ahead"), `${r.title} paid ahead`).toBe(r.flags.paidAhead);
      expect(expected.includes("overspent_line"), `${r.title} overspent`).toBe(r.flags.overspent);
      expect(expected.includes("returns_overdue"), `${r.title} overdue`).toBe(r.flags.overdue);
    }
  });

  it("a grant's lines: approved, spent, forecast, remaining, overspent", () => {
    const cctv = grantFinance(fixture.cctv, TODAY)!;
    expect(cctv.lines).toEqual([
      expect.objectContaining({ costLineId: fixture.lines.cctv, approvedPence: 484_300, spentPence: 550_000, forecastPence: 550_000, remainingPence: -65_700, overspent: true }),
    ]);
    const drink = grantFinance(fixture.drinkSafe, TODAY)!;
    expect(drink.lines.map((l) => [l.description, l.approvedPence, l.spentPence, l.forecastPence, l.remainingPence, l.overspent])).toEqual([
      ["Drink-spiking testing strips", 150_000, 50_000, 110_000, 100_000, false],
      ["Drink covers", 76_750, 20_000, 50_000, 56_750, false],
    ]);
    expect(drink.grant).toMatchObject({ approvedPence: 226_750, financialYearLabel: "2023-24", streamName: "Annual CSP allocation" });
    // A declined grant's page still adds up.
    expect(grantFinance(fixture.wcctv, TODAY)!.grant).toMatchObject({ offerStatus: "declined", approvedPence: 485_000 });
  });

  it("by quarter: the profile spreads each line over the grant's quarters in its year, odd pennies last", () => {
    const quarters = spendByQuarter({ ...year(), cspId: cspId("melton") }, { today: TODAY });
    expect(quarters.map((q) => [q.startYear, q.quarter, q.profilePence, q.spentPence, q.forecastPence])).toEqual([
      [2023, 1, 773_100, 773_100, 773_100],
      [2023, 2, 773_100 + 242_150 + 76_780 + 50_000 + 25_583, 773_100 + 300_000 + 70_000, 773_100 + 300_000 + 70_000 + 70_000],
      [2023, 3, 773_100 + 242_150 + 50_000 + 25_583, 250_000, 700_000 + 250_000 + 70_000],
      [2023, 4, 773_100 + 50_000 + 25_584, 0, 700_000 + 20_000],
    ]);
    const sum = (k: "profilePence" | "spentPence" | "forecastPence") => quarters.reduce((n, q) => n + q[k], 0);
    expect([sum("profilePence"), sum("spentPence"), sum("forecastPence")]).toEqual([3_880_230, 2_166_200, 3_726_200]);
  });

  it("the SQL profile of each line is lineProfile's", () => {
    for (const grantId of [fixture.officer, fixture.cctv, fixture.mirrors, fixture.drinkSafe]) {
      const { grant, lines } = grantFinance(grantId, TODAY)!;
      const grantQuarters: Quarter[] = quartersBetween(grant.startDate!, grant.endDate!);
      const byLine = spendByQuarter({ kind: "grant", grantId }, { today: TODAY, byLine: true });
      for (const line of lines) {
        const expected = lineProfile(line.approvedPence, Number(line.financialYearLabel.slice(0, 4)), grantQuarters).map((q) => [q.startYear, q.quarter, q.pence]);
        const actual = byLine.filter((q) => q.costLineId === line.costLineId && q.profilePence > 0).map((q) => [q.startYear, q.quarter, q.profilePence]);
        expect(actual, line.description).toEqual(expected);
      }
    }
  });
});

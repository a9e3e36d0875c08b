import { sql } from "drizzle-orm";
import { db } from "../../app/data/db.server";
import { bidIdByTitle } from "../integration/helpers";
import { acceptOffer, approvedLines, declineOffer, decideBid, pay, returnFor, writeReturn } from "./after-award-fixtures";

/**
 * Grants after the award in every state the reconciliation and the dashboards read, set up through
 * after-award-fixtures.ts on the seeded bids (the test database is seeded as submitted). The sums
 * each state leads to are in the comments; tests/integration/finance.test.ts checks them.
 */

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

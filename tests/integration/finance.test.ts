import { eq, sql, TransactionRollbackError } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bidCostLines, financialYears } from "../../db/schema";
import { db } from "../../app/data/db.server";
import { financeOverview, grantFinance, grantsInScope, spendByQuarter, type CspFinanceRow } from "../../app/data/finance.server";
import { financialYearBounds } from "../../app/domain/financial-years";
import { grantFlags } from "../../app/domain/reconciliation";
import { quartersBetween } from "../../app/domain/payment-schedule";
import { spendProfile } from "../../app/domain/spend-profile";
import * as financeCsp from "../../app/routes/finance.csp.$cspId";
import * as financeGrant from "../../app/routes/finance.grants.$grantId";
import * as financeIndex from "../../app/routes/finance._index";
import { fixture, setUpFinanceFixtures } from "../support/finance-scenario";
import { request, run } from "../support/requests";
import { annualRoundId, cspId, ss5RoundId, yearId } from "./helpers";

/**
 * The reconciliation's figures, checked to the penny on grants set up by hand (see the comments
 * for the sums). "Today" is 15 May 2024 throughout: 2023-24's fourth-quarter returns fell due on
 * 30 April.
 */
const TODAY = "2024-05-15";

const year = () => ({ kind: "year" as const, financialYearId: yearId("2023-24") });
const rowFor = (rows: CspFinanceRow[], code: string) => rows.find((r) => r.cspId === cspId(code))!;

beforeAll(() => setUpFinanceFixtures());

describe("the reconciliation's figures", () => {
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

  /** Each line's profile by quarter as the SQL has it, against spendProfile's (the one rule). */
  function expectSqlProfilesToBeSpendProfiles(grantIds: number[]) {
    for (const grantId of grantIds) {
      const { grant, lines } = grantFinance(grantId, TODAY)!;
      const grantQuarters = quartersBetween(grant.startDate!, grant.endDate!);
      const byLine = spendByQuarter({ kind: "grant", grantId }, { today: TODAY, byLine: true });
      for (const line of lines) {
        const expected = spendProfile(line.approvedPence, Number(line.financialYearLabel.slice(0, 4)), grantQuarters)
          .flatMap((pence, i) => (pence > 0 ? [[grantQuarters[i].startYear, grantQuarters[i].quarter, pence]] : []));
        const actual = byLine.filter((q) => q.costLineId === line.costLineId && q.profilePence > 0).map((q) => [q.startYear, q.quarter, q.profilePence]);
        expect(actual, line.description).toEqual(expected);
      }
    }
  }

  it("the SQL profile of each line is spendProfile's", () => {
    expectSqlProfilesToBeSpendProfiles([fixture.officer, fixture.cctv, fixture.mirrors, fixture.drinkSafe]);
  });

  it("a line dated in a year its grant does not run in is profiled whole in the grant's nearest quarter, in SQL as in spendProfile", () => {
    // Re-dated inside a transaction that is rolled back: Play Close CCTV's line (£4,843, July to
    // December 2023) to 2022-23, before the grant; Drink Safe's covers (£767.50, July 2023 to March
    // 2024) to 2024-25, after it.
    const rolledBack = () =>
      db().transaction((tx) => {
        const b = financialYearBounds(2022);
        const earlier = tx.insert(financialYears).values({ label: b.label, startsOn: b.startsOn, endsOn: b.endsOn, status: "open" }).returning().get().id;
        tx.update(bidCostLines).set({ financialYearId: earlier }).where(eq(bidCostLines.id, fixture.lines.cctv)).run();
        tx.update(bidCostLines).set({ financialYearId: yearId("2024-25") }).where(eq(bidCostLines.id, fixture.lines.covers)).run();
        const profileOf = (grantId: number, costLineId: number) =>
          spendByQuarter({ kind: "grant", grantId }, { today: TODAY, byLine: true }).filter((q) => q.costLineId === costLineId && q.profilePence > 0).map((q) => [q.startYear, q.quarter, q.profilePence]);
        // The first of the grant's quarters for an earlier year, the last for a later one; never that year's own four quarters.
        expect(profileOf(fixture.cctv, fixture.lines.cctv)).toEqual([[2023, 2, 484_300]]);
        expect(profileOf(fixture.drinkSafe, fixture.lines.covers)).toEqual([[2023, 4, 76_750]]);
        expectSqlProfilesToBeSpendProfiles([fixture.cctv, fixture.drinkSafe]);
        tx.rollback();
      });
    expect(rolledBack).toThrow(TransactionRollbackError);
    expect(db().get<{ n: number }>(sql`select count(*) as n from financial_years where label = '2022-23'`).n).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// The pages, as each role gets them (the loaders use the real date: every 2023-24 return is past due)

const names = () => Object.fromEntries(db().all<{ code: string; name: string }>(sql`select code, name from organisations where kind = 'csp'`).map((o) => [o.code, o.name]));
const json = (res: { data?: unknown }) => JSON.stringify(res.data);

describe("/finance", () => {
  it.each(["finance", "reviewer", "admin"] as const)("%s sees every partnership, Melton first, with the totals", async (who) => {
    const res = await run<any>(financeIndex.loader, await request(who, "/finance?fy=2023-24"));
    expect(res.status).toBe(200);
    expect(res.data.overview.count).toBe(9);
    expect(res.data.overview.rows[0]).toMatchObject({ cspName: "Safer Melton Partnership", approvedPence: 3_880_230, spentPence: 2_166_200 });
    expect(res.data.overview.totals.allocationPence).toBe(107_100_000);
    expect(res.data.choices.partnership).toMatchObject({ kind: "list", options: expect.any(Array) });
    expect(res.data.choices.partnership?.kind === "list" && res.data.choices.partnership.options).toHaveLength(9);
    expect(res.data.ownPartnership).toBe(false);
  });

  it("opens on the latest year with grants (the current one has none)", async () => {
    const res = await run<any>(financeIndex.loader, await request("finance", "/finance"));
    expect(res.data.choices.year.label).toBe("2023-24");
    expect(res.data.choices.notices).toEqual([]);
  });

  it("Melton's council finance officer sees Melton's row only: no other partnership's name or figures anywhere", async () => {
    const all = names();
    for (const path of ["/finance", "/finance?fy=2023-24", `/finance?csp=${cspId("charnwood")}`, `/finance?fy=2023-24&csp=${cspId("blaby")}`]) {
      const res = await run<any>(financeIndex.loader, await request("meltonFinance", path));
      expect(res.status, path).toBe(200);
      expect(res.data.overview.rows.map((r: any) => r.cspName), path).toEqual(["Safer Melton Partnership"]);
      expect(res.data.overview.totals.approvedPence, path).toBe(3_880_230);
      expect(res.data.overview.totals.allocationPence, path).toBe(33_100_000);
      expect(res.data.choices.partnership).toBeNull();
      const text = json(res);
      for (const [code, name] of Object.entries(all)) if (code !== "melton") expect(text, `${path}: ${name}`).not.toContain(name);
      // Charnwood's and Blaby's approved amounts, Leicester's allocation, and every partnership's allocations together.
      for (const figure of [1_624_500, 810_000, 18_000_000, 107_100_000]) expect(text, `${path}: ${figure}`).not.toMatch(new RegExp(`\\b${figure}\\b`));
    }
  });

  it.each(["meltonLead", "charnwoodLead"] as const)("%s may not read it (403)", async (who) => {
    expect((await run(financeIndex.loader, await request(who, "/finance"))).status).toBe(403);
  });

  it("signed out: to sign in, and back", async () => {
    const res = await run(financeIndex.loader, await request(null, "/finance?fy=2023-24"));
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/login?redirectTo=${encodeURIComponent("/finance?fy=2023-24")}`);
  });

  it("filters by round, stream and partnership from the address", async () => {
    const ss5Stream = db().get<{ id: number }>(sql`select stream_id as id from rounds where id = ${ss5RoundId()}`).id;
    const stream = await run<any>(financeIndex.loader, await request("finance", `/finance?fy=2023-24&stream=${ss5Stream}`));
    expect(stream.data.overview.rows.map((r: any) => r.cspName)).toEqual(["Charnwood Community Safety Partnership", "Safer Melton Partnership"]);
    const round = await run<any>(financeIndex.loader, await request("finance", `/finance?fy=2023-24&round=${annualRoundId()}&csp=${cspId("melton")}`));
    expect(round.data.overview.rows).toHaveLength(1);
    expect(round.data.overview.totals.allocationPence).toBe(3_100_000);
    expect(round.data.choices.filters).toEqual({ fy: "2023-24", round: annualRoundId(), stream: undefined, csp: cspId("melton") });
  });

  const BAD = [
    "/finance?fy=2099-00", "/finance?fy=2023-25", "/finance?fy=abc", "/finance?fy=", "/finance?round=999999", "/finance?round=abc", "/finance?stream=-1",
    "/finance?csp=999999", "/finance?csp=1e3", "/finance?page=0", "/finance?page=abc", "/finance?page=99999999", "/finance?page=999",
    "/finance?fy=__proto__&round=constructor&stream=toString&csp=__proto__&page=__proto__", "/finance?__proto__=1", "/finance?fy=2023-24&fy=2024-25",
  ];
  it.each(BAD)("%s answers 200, never a 500", async (path) => {
    const res = await run<any>(financeIndex.loader, await request("finance", path));
    expect(res.status).toBe(200);
    expect(res.data.empty).toBe(false);
  });

  it("says what it could not use", async () => {
    const unknownYear = await run<any>(financeIndex.loader, await request("finance", "/finance?fy=2099-00"));
    expect(unknownYear.data.choices.notices).toEqual(["The portal has no financial year 2099-00. Showing 2023-24."]);
    const otherRound = await run<any>(financeIndex.loader, await request("finance", `/finance?fy=2024-25&round=${annualRoundId()}`));
    expect(otherRound.data.choices.notices).toEqual(["That round is not one of 2024-25's. Showing all of its rounds."]);
    expect(otherRound.data.choices.filters.round).toBeUndefined();
  });
});

describe("/finance/csp/:cspId", () => {
  const path = (code: string, query = "?fy=2023-24") => `/finance/csp/${cspId(code)}${query}`;
  const params = (code: string) => ({ cspId: String(cspId(code)) });

  it("lists Melton's grants with their figures, needing attention first", async () => {
    const res = await run<any>(financeCsp.loader, await request("finance", path("melton")), params("melton"));
    expect(res.status).toBe(200);
    expect(res.data.figures).toMatchObject({ approvedPence: 3_880_230, grantedPence: 2_334_030, paidPence: 1_720_730 });
    expect(res.data.grants.count).toBe(4);
    expect(res.data.grants.rows.map((g: any) => g.grantId).sort()).toEqual([fixture.officer, fixture.cctv, fixture.mirrors, fixture.drinkSafe].sort());
    expect(res.data.quarters.map((q: any) => q.label)).toEqual(["2023-24 Q1", "2023-24 Q2", "2023-24 Q3", "2023-24 Q4"]);
  });

  it("Melton's council finance officer reads Melton's, and gets 404 for any other", async () => {
    expect((await run(financeCsp.loader, await request("meltonFinance", path("melton")), params("melton"))).status).toBe(200);
    for (const code of ["charnwood", "blaby", "leicester-city"]) {
      expect((await run(financeCsp.loader, await request("meltonFinance", path(code)), params(code))).status, code).toBe(404);
    }
  });

  it("a ?csp= in the address does not change whose grants are listed", async () => {
    const res = await run<any>(financeCsp.loader, await request("finance", path("charnwood", `?fy=2023-24&csp=${cspId("melton")}`)), params("charnwood"));
    expect(res.data.csp.name).toBe("Charnwood Community Safety Partnership");
    expect(res.data.grants.rows.map((g: any) => g.grantId)).toEqual([fixture.pastors]);
    expect(res.data.grants.rows[0].flags).toMatchObject({ offerNotAccepted: true, offerLapsed: true });
  });

  it.each([["meltonLead", 403], ["charnwoodLead", 403]] as const)("%s: %i", async (who, status) => {
    expect((await run(financeCsp.loader, await request(who, path("melton")), params("melton"))).status).toBe(status);
  });

  it.each(["999999", "0", "-1", "abc", "1.5", "99999999999", String(2 ** 31)])("an id that is no partnership (%s): 404", async (id) => {
    expect((await run(financeCsp.loader, await request("finance", `/finance/csp/${encodeURIComponent(id)}`), { cspId: id })).status).toBe(404);
  });

  it("the OPCC's own organisation is not a partnership: 404", async () => {
    const opcc = db().get<{ id: number }>(sql`select id from organisations where kind = 'opcc'`).id;
    expect((await run(financeCsp.loader, await request("finance", `/finance/csp/${opcc}`), { cspId: String(opcc) })).status).toBe(404);
  });

  it.each(["?page=abc", "?page=999", "?fy=nonsense&round=x", "?fy=2099-00", "?__proto__=1&page=__proto__"])("%s answers 200", async (query) => {
    expect((await run(financeCsp.loader, await request("finance", path("melton", query)), params("melton"))).status).toBe(200);
  });
});

describe("/finance/grants/:grantId", () => {
  const get = async (who: Parameters<typeof request>[0], grantId: number, query = "") =>
    run<any>(financeGrant.loader, await request(who, `/finance/grants/${grantId}${query}`), { grantId: String(grantId) });

  it("per cost line: approved, spent by quarter, forecast, remaining, overspent", async () => {
    const res = await get("finance", fixture.drinkSafe);
    expect(res.status).toBe(200);
    expect(res.data.quarterLabels).toEqual(["2023-24 Q2", "2023-24 Q3", "2023-24 Q4"]);
    expect(res.data.lines.map((l: any) => [l.description, l.approvedPence, l.spentByQuarter, l.spentPence, l.forecastPence, l.remainingPence, l.overspent])).toEqual([
      ["Drink-spiking testing strips", 150_000, [50_000, 0, 0], 50_000, 110_000, 100_000, false],
      ["Drink covers", 76_750, [20_000, 0, 0], 20_000, 50_000, 56_750, false],
    ]);
    expect(res.data.quarters.map((q: any) => [q.profilePence, q.spentPence, q.forecastPence])).toEqual([
      [75_583, 70_000, 70_000], [75_583, 0, 70_000], [75_584, 0, 20_000],
    ]);
    expect(res.data.grant).toMatchObject({ approvedPence: 226_750, underspendPence: 66_750, flags: { underspend: true, overdue: true } });
    expect(res.data.line).toBeNull();
  });

  it("?line= charts one line; a line of another grant is refused with a notice", async () => {
    const res = await get("finance", fixture.drinkSafe, `?line=${fixture.lines.covers}`);
    expect(res.data.line).toMatchObject({ description: "Drink covers", approvedPence: 76_750 });
    expect(res.data.line.quarters.map((q: any) => q.profilePence)).toEqual([25_583, 25_583, 25_584]);
    const other = await get("finance", fixture.drinkSafe, `?line=${fixture.lines.officer}`);
    expect([other.status, other.data.line, other.data.lineAsked]).toEqual([200, null, true]);
  });

  it("the overspent line is flagged", async () => {
    const res = await get("finance", fixture.cctv);
    expect(res.data.lines[0]).toMatchObject({ spentPence: 550_000, remainingPence: -65_700, overspent: true, spentByQuarter: [300_000, 250_000] });
  });

  it("access: OPCC staff and Melton's finance officer read a Melton grant; leads 403; another partnership's grant 404", async () => {
    for (const who of ["finance", "reviewer", "admin", "meltonFinance"] as const) expect((await get(who, fixture.officer)).status, who).toBe(200);
    expect((await get("meltonLead", fixture.officer)).status).toBe(403);
    expect((await get("charnwoodLead", fixture.officer)).status).toBe(404);
    expect((await get("meltonFinance", fixture.pastors)).status).toBe(404);
    expect((await get("meltonFinance", fixture.fosse)).status).toBe(404);
    expect((await get("charnwoodLead", fixture.pastors)).status).toBe(403);
  });

  it.each(["?line=abc", "?line=999999", "?line=__proto__", "?fy=x&page=-3"])("%s answers 200", async (query) => {
    expect((await get("finance", fixture.officer, query)).status).toBe(200);
  });

  it.each(["999999", "0", "abc", "1e3", "99999999999"])("an id that is no grant (%s): 404", async (id) => {
    expect((await run(financeGrant.loader, await request("finance", `/finance/grants/${encodeURIComponent(id)}`), { grantId: id })).status).toBe(404);
  });
});

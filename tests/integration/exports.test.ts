import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { db } from "../../app/data/db.server";
import { csvResponse } from "../../app/data/csv.server";
import { beforeAll, describe, expect, it } from "vitest";
import { listBids } from "../../app/data/bid-list.server";
import { financeOverview } from "../../app/data/finance.server";
import { financeExportBatches, POUNDS_FORMAT } from "../../app/data/finance-export.server";
import { bidCsvBatches, grantCsvBatches, reviewCsvBatches } from "../../app/data/list-exports.server";
import { listGrants } from "../../app/data/grants.server";
import { reviewQueue } from "../../app/data/review.server";
import { bidScopeOf } from "../../app/domain/access-rules";
import { bidFiltersSchema, resolveBidListQuery } from "../../app/forms/bid-filters";
import { currentSession } from "../../app/auth/session.server";
import * as bidsCsv from "../../app/routes/bids[.csv]";
import * as financeCsvRoute from "../../app/routes/finance[.csv]";
import * as financeExportCsv from "../../app/routes/exports.finance[.csv]";
import * as financeExportXlsx from "../../app/routes/exports.finance[.xlsx]";
import * as grantsCsv from "../../app/routes/grants[.csv]";
import * as reviewCsv from "../../app/routes/review[.csv]";
import { readCsv } from "../support/csv-read";
import { fixture, setUpFinanceFixtures } from "../support/finance-scenario";
import { request, run, userId, type DemoUser } from "../support/requests";
import { cspId, startCurrentDraft, yearId } from "./helpers";

/**
 * The finance export (XLSX and CSV) and every list's "Download as CSV", read back as a
 * spreadsheet would read them, on the reconciliation's fixtures (tests/support/finance-scenario.ts:
 * Melton's 2023-24 grants in every state, and one each for Charnwood and Blaby).
 */

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

async function download(loader: Loader, who: DemoUser, path: string): Promise<Response> {
  const res = await loader({ request: await request(who, path), params: {}, context: {} });
  expect(res).toBeInstanceOf(Response);
  return res as Response;
}

/** A CSV download's rows (header first), after checking it starts with a byte-order mark. */
async function csvRows(loader: Loader, who: DemoUser, path: string): Promise<string[][]> {
  const res = await download(loader, who, path);
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = readCsv(Buffer.from(bytes.subarray(3)).toString("utf8"));
  expect(new Set(rows.map((r) => r.length)).size, "every row has every column").toBe(1);
  return rows;
}

const pence = (pounds: string) => Math.round(Number(pounds) * 100);
const column = (rows: string[][], header: string) => {
  const i = rows[0].indexOf(header);
  expect(i, header).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((r) => r[i]);
};
const sumOf = (values: string[]) => values.reduce((n, v) => n + pence(v), 0);

beforeAll(() => setUpFinanceFixtures());

describe("the finance export", () => {
  it("has a row for every cost line of the year's grants, whose sums are the reconciliation's", async () => {
    const rows = await csvRows(financeExportCsv.loader, "finance", "/exports/finance.csv?year=2023-24");
    const { rows: csps, totals } = financeOverview({ kind: "year", financialYearId: yearId("2023-24") }, { today: "2024-05-15" });
    // The declined WCCTV grant is out, as it is out of the reconciliation.
    expect(new Set(column(rows, "Grant ID").map(Number))).toEqual(new Set([fixture.officer, fixture.cctv, fixture.mirrors, fixture.drinkSafe, fixture.pastors, fixture.fosse]));
    expect(sumOf(column(rows, "Current"))).toBe(totals.approvedPence);
    expect(sumOf(column(rows, "Paid (grant's payments shared over its lines)"))).toBe(totals.paidPence);
    expect(sumOf(column(rows, "Spent"))).toBe(totals.spentPence);
    const melton = csps.find((c) => c.cspId === cspId("melton"))!;
    const meltonRows = [rows[0], ...rows.slice(1).filter((r) => r[0] === "Safer Melton Partnership")];
    expect(sumOf(column(meltonRows, "Current"))).toBe(melton.approvedPence);
    expect(sumOf(column(meltonRows, "Paid (grant's payments shared over its lines)"))).toBe(melton.paidPence);
    expect(sumOf(column(meltonRows, "Spent"))).toBe(melton.spentPence);
  });

  it("shows Drink Safe's part-approval line by line, and a grant's payments shared over its lines to the penny", async () => {
    const rows = [...financeExportBatches({ financialYearId: yearId("2023-24") }, 2)].flat();
    const drink = rows.filter((r) => r.grantId === fixture.drinkSafe);
    expect(drink.map((r) => [r.description, r.approvedPence, r.variedPence, r.currentPence, r.spentPence, r.variancePence, r.expenditureType])).toEqual([
      ["Drink-spiking testing strips", 150_000, 0, 150_000, 50_000, -100_000, "revenue"],
      ["Drink covers", 76_750, 0, 76_750, 20_000, -56_750, "revenue"],
    ]);
    expect(drink[0].reference).toMatch(/^PCC\/2023-24\/\d{3}$/);
    // Every grant's lines add up to what was paid on it (read in batches of two grants, each grant whole).
    const paidOn = new Map<number, number>();
    for (const r of rows) paidOn.set(r.grantId, (paidOn.get(r.grantId) ?? 0) + r.paidPence);
    for (const [grantId, paid] of paidOn) expect(paid, `grant ${grantId}`).toBe(db().get<{ n: number }>(sql`select coalesce(sum(amount_pence), 0) as n from payments where grant_id = ${grantId}`).n);
    // Play Close CCTV is one line: all of its payments are on it.
    expect(rows.filter((r) => r.grantId === fixture.cctv).map((r) => r.paidPence)).toEqual([paidOn.get(fixture.cctv)]);
    const officer = rows.filter((r) => r.grantId === fixture.officer);
    expect(officer.reduce((n, r) => n + r.paidPence, 0)).toBe(3 * 386_550);
  });

  it("is an Excel workbook with number cells in £, date cells, the header frozen and filters on", async () => {
    const res = await download(financeExportXlsx.loader, "finance", "/exports/finance.xlsx?year=2023-24");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="finance-cost-lines-2023-24-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe("Cost lines 2023-24");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBe("A1:Q1");
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers[0]).toBe("Partnership");
    const at = (name: string) => headers.indexOf(name) + 1;
    expect(sheet.getColumn(at("Cost line")).width).toBeGreaterThan(20);

    const drinkRows: ExcelJS.Row[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(at("Grant ID")).value === fixture.drinkSafe) drinkRows.push(row);
    });
    expect(drinkRows).toHaveLength(2);
    const covers = drinkRows.find((r) => r.getCell(at("Cost line")).value === "Drink covers")!;
    const approved = covers.getCell(at("Approved"));
    expect(approved.type).toBe(ExcelJS.ValueType.Number);
    expect(approved.value).toBe(767.5);
    expect(approved.numFmt).toBe(POUNDS_FORMAT);
    expect(covers.getCell(at("Variance (spent less current)")).value).toBe(-567.5);
    const decided = covers.getCell(at("Decided on"));
    expect(decided.type).toBe(ExcelJS.ValueType.Date);
    expect((decided.value as Date).toISOString()).toBe("2023-07-20T00:00:00.000Z");
    expect(covers.getCell(at("Grant ID")).type).toBe(ExcelJS.ValueType.Number);

    // The workbook's pounds add up to the CSV's pence.
    let current = 0;
    sheet.eachRow((row, n) => {
      if (n > 1) current += Math.round((row.getCell(at("Current")).value as number) * 100);
    });
    expect(current).toBe(financeOverview({ kind: "year", financialYearId: yearId("2023-24") }, { today: "2024-05-15" }).totals.approvedPence);
  });

  it("gives a partnership's finance officer only their partnership's lines", async () => {
    const rows = await csvRows(financeExportCsv.loader, "meltonFinance", "/exports/finance.csv?year=2023-24");
    expect(rows.length).toBeGreaterThan(1);
    expect(new Set(column(rows, "Partnership"))).toEqual(new Set(["Safer Melton Partnership"]));
    expect(column(rows, "Grant ID").map(Number)).not.toContain(fixture.pastors);
    const res = await download(financeExportXlsx.loader, "meltonFinance", "/exports/finance.xlsx?year=2023-24");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const names = new Set<unknown>();
    workbook.worksheets[0].eachRow((row, n) => n > 1 && names.add(row.getCell(1).value));
    expect(names).toEqual(new Set(["Safer Melton Partnership"]));
  });

  it("refuses a CSP lead (403) but not OPCC staff, asks the signed-out to sign in, and answers a year it does not have with a 400", async () => {
    for (const loader of [financeExportCsv.loader, financeExportXlsx.loader]) {
      expect((await run(loader, await request("meltonLead", "/exports/finance.csv?year=2023-24"))).status).toBe(403);
      for (const who of ["reviewer", "admin", "meltonFinance"] as const) expect((await run(loader, await request(who, "/exports/finance.csv?year=2023-24"))).status).toBe(200);
      expect((await run(loader, await request(null, "/exports/finance.csv?year=2023-24"))).status).toBe(302);
      for (const bad of ["?year=nonsense", "", "?year=1999-00", "?year=2031-32", "?year=__proto__", "?year=2023-24&year=x"]) {
        const outcome = await run(loader, await request("finance", `/exports/finance.csv${bad}`));
        expect(outcome.status, bad).toBe(400);
      }
    }
  });
});

describe("what a spreadsheet would run", () => {
  it("a cost line typed as a formula is text in the workbook and escaped in the CSV", async () => {
    const before = db().get<{ d: string }>(sql`select description as d from bid_cost_lines where id = ${fixture.lines.cctv}`).d;
    db().run(sql`update bid_cost_lines set description = '=HYPERLINK("https://evil.example")' where id = ${fixture.lines.cctv}`);
    try {
      const rows = await csvRows(financeExportCsv.loader, "finance", "/exports/finance.csv?year=2023-24");
      expect(column(rows, "Cost line")).toContain(`'=HYPERLINK("https://evil.example")`);
      const res = await download(financeExportXlsx.loader, "finance", "/exports/finance.xlsx?year=2023-24");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
      const cells: ExcelJS.Cell[] = [];
      workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => typeof cell.value === "string" && cell.value.includes("evil.example") && cells.push(cell)));
      expect(cells.map((c) => [c.type, c.value, c.formula])).toEqual([[ExcelJS.ValueType.String, '=HYPERLINK("https://evil.example")', undefined]]);
    } finally {
      db().run(sql`update bid_cost_lines set description = ${before} where id = ${fixture.lines.cctv}`);
    }
  });

  /** A thousand one-row batches, counting how many were pulled and whether the export let go of them. */
  function countedExport(signal: AbortSignal) {
    const seen = { pulled: 0, stopped: false };
    function* batches() {
      try {
        for (let i = 0; i < 1000; i++) {
          seen.pulled++;
          yield [{ n: i }];
        }
      } finally {
        seen.stopped = true;
      }
    }
    const res = csvResponse({ filename: "x.csv", columns: [{ header: "N", kind: "integer", value: (r: { n: number }) => r.n }], batches: batches(), signal });
    return { reader: res.body!.getReader(), seen };
  }

  it("a download abandoned by its reader reads no further batches", async () => {
    const { reader, seen } = countedExport(new AbortController().signal);
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(seen.stopped).toBe(true);
    expect(seen.pulled).toBeLessThan(10);
  });

  it("stops reading when the person downloading goes away (the request aborts), though the server reads on", async () => {
    const connection = new AbortController();
    const { reader, seen } = countedExport(connection.signal);
    await reader.read();
    await reader.read();
    connection.abort();
    // Remix's adapter reads to the end whatever happened to the socket: the end comes at once.
    let rest = 0;
    while (!(await reader.read()).done) rest++;
    expect(rest).toBeLessThanOrEqual(1);
    expect(seen.stopped).toBe(true);
    expect(seen.pulled).toBeLessThan(10);
  });
});

describe("Download as CSV on the lists", () => {
  it("escapes cells a spreadsheet would run as a formula, and leaves numbers alone", async () => {
    const lead = userId("meltonLead");
    const titles = ['=HYPERLINK("https://evil.example","Click")', "+1 Safer streets", "-2 bins", "@SUM(A1)", "\tTabbed", "Hinckley & Bosworth £5 “quotes”"];
    for (const t of titles) startCurrentDraft(t, { userId: lead });
    const rows = await csvRows(bidsCsv.loader, "meltonLead", "/bids.csv?status=draft&sort=title");
    const got = column(rows, "Title");
    expect(got).toContain(`'=HYPERLINK("https://evil.example","Click")`);
    expect(got).toContain("'+1 Safer streets");
    expect(got).toContain("'-2 bins");
    expect(got).toContain("'@SUM(A1)");
    expect(got).toContain("'\tTabbed");
    expect(got).toContain("Hinckley & Bosworth £5 “quotes”");
    expect(column(rows, "Requested").every((v) => /^-?\d+\.\d{2}$/.test(v))).toBe(true);
  });

  it("lists exactly the bids the filters select, every page, in the list's order, for each sort and direction", async () => {
    const leadId = userId("meltonLead");
    // Enough drafts for several pages of /bids.
    for (let i = 0; i < 30; i++) startCurrentDraft(`Paging draft ${String(i).padStart(2, "0")}`, { userId: leadId });
    for (const who of ["meltonLead", "reviewer", "finance"] as const) {
      for (const qs of ["", "status=draft", "sort=title&dir=asc", "sort=title&dir=desc", "sort=requested", "sort=requested&dir=asc", "sort=csp", "sort=status&dir=desc", `csp=${cspId("melton")}`, "fund=central", "page=2"]) {
        const query = Object.fromEntries(new URLSearchParams(qs));
        const viewer = { meltonLead: "lead.melton", reviewer: "reviewer", finance: "finance" }[who];
        const rows = await csvRows(bidsCsv.loader, who, `/bids.csv${qs ? `?${qs}` : ""}`);
        // What the page lists, every page of it.
        const user = (await currentSession(await request(who, "/bids")))!.user;
        const { scope, filters } = resolveBidListQuery(bidFiltersSchema.parse(query), user);
        const page = listBids(scope, { ...filters, page: 1 });
        expect(rows.length - 1, `${viewer} ${qs}`).toBe(page.count);
        const listed: number[] = [];
        for (let p = 1; p <= page.pages; p++) listed.push(...listBids(scope, { ...filters, page: p }).rows.map((r) => r.id));
        expect(column(rows, "Bid ID").map(Number), `${viewer} ${qs}`).toEqual(listed);
        // In keyset batches of 7 the same rows in the same order.
        expect([...bidCsvBatches(scope, filters, 7)].flat().map((r) => r.id)).toEqual(listed);
      }
    }
    // A partnership never sees another's bids, whatever the address says.
    const rows = await csvRows(bidsCsv.loader, "meltonLead", `/bids.csv?csp=${cspId("charnwood")}`);
    expect(rows[0]).not.toContain("Partnership");
    const lead = (await currentSession(await request("meltonLead", "/bids")))!.user;
    expect(rows.length - 1).toBe(listBids(bidScopeOf(lead), { sort: "updated", direction: "desc", page: 1 }).count);
  });

  it("lists every grant /grants lists, newest first, a partnership's own only", async () => {
    for (const who of ["meltonLead", "finance", "meltonFinance"] as const) {
      const rows = await csvRows(grantsCsv.loader, who, "/grants.csv");
      const cspFilter = who === "finance" ? null : cspId("melton");
      const list = listGrants(cspFilter, { page: 1 }, 1000);
      expect(column(rows, "Grant ID").map(Number)).toEqual(list.rows.map((r) => r.id));
      expect([...grantCsvBatches(cspFilter, "2024-05-15", 2)].flat().map((r) => r.id)).toEqual(list.rows.map((r) => r.id));
    }
  });

  it("lists the review queue's bids for its filters, to OPCC staff only", async () => {
    for (const qs of ["", `csp=${cspId("melton")}`, "age=7", "round=999999"]) {
      const query = Object.fromEntries(new URLSearchParams(qs));
      const filters = { roundId: query.round ? Number(query.round) : undefined, cspId: query.csp ? Number(query.csp) : undefined, olderThanDays: query.age ? Number(query.age) : undefined };
      const rows = await csvRows(reviewCsv.loader, "reviewer", `/review.csv${qs ? `?${qs}` : ""}`);
      const queue = reviewQueue({ ...filters, page: 1 });
      expect(rows.length - 1, qs).toBe(queue.count);
      expect([...reviewCsvBatches(filters, new Date(), 3)].flat().length).toBe(queue.count);
    }
    expect((await run(reviewCsv.loader, await request("meltonLead", "/review.csv"))).status).toBe(403);
  });

  it("lists the reconciliation's partnerships for its filters, a partnership's finance officer only their own", async () => {
    const rows = await csvRows(financeCsvRoute.loader, "finance", "/finance.csv?fy=2023-24");
    const { rows: csps } = financeOverview({ kind: "year", financialYearId: yearId("2023-24") }, { today: new Date().toISOString().slice(0, 10), pageSize: 1000 });
    expect(column(rows, "Partnership")).toEqual(csps.map((c) => c.cspName));
    expect(sumOf(column(rows, "Approved"))).toBe(csps.reduce((n, c) => n + c.approvedPence, 0));
    const own = await csvRows(financeCsvRoute.loader, "meltonFinance", `/finance.csv?fy=2023-24&csp=${cspId("charnwood")}`);
    expect(column(own, "Partnership")).toEqual(["Safer Melton Partnership"]);
    expect((await run(financeCsvRoute.loader, await request("meltonLead", "/finance.csv"))).status).toBe(403);
  });
});

import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "../../app/data/db.server";
import { LINE_TOTAL_SQL } from "../../app/data/money-sql.server";
import * as reportList from "../../app/routes/reports._index";
import * as scrutinyPage from "../../app/routes/reports.scrutiny.$cspId.$fy";
import * as scrutinyPdf from "../../app/routes/reports.scrutiny.$cspId.$fy[.pdf]";
import { prepareDatabase } from "../../db/prepare";
import { DEMO_INTRODUCTION, DEMO_INTRODUCTION_AT } from "../../db/seed-reports";
import { pdfText } from "../support/pdf-text";
import { TMP_DIR } from "../support/paths";
import { request, run, userId } from "../support/requests";

/**
 * The scrutiny committee's annual report (decision record 026) on the demo exactly as `npm start`
 * seeds it: Melton's 2023-24 figures checked against the records (the six bids' own lines add to
 * £30,227.80, where the council's report typed £29,727.80), Drink Safe's part-approval explained
 * from its decision lines, the £142.50 clawback received; who may read it; and the CSP lead's
 * introduction, refused when stale or bad.
 */

const file = path.join(TMP_DIR, `scrutiny-${process.pid}.db`);
let previous: string | undefined;
let melton = "";

beforeAll(async () => {
  previous = process.env.DATABASE_PATH;
  closeDb();
  process.env.DATABASE_PATH = file;
  await prepareDatabase({ demo: true });
  melton = String(db().get<{ id: number }>(sql`select id from organisations where code = 'melton'`)!.id);
}, 120_000);

afterAll(() => {
  closeDb();
  process.env.DATABASE_PATH = previous;
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  fs.rmSync(`${file}-evidence`, { recursive: true, force: true });
});

type Page = Awaited<ReturnType<typeof scrutinyPage.loader>>;
const open = async (who: Parameters<typeof request>[0], fy = "2023-24", cspId = melton) =>
  run<Page>(scrutinyPage.loader, await request(who, `/reports/scrutiny/${cspId}/${fy}`), { cspId, fy });

describe("Melton's 2023-24 report, every figure from the records", () => {
  it("adds the six annual bids from their own lines: £30,227.80 asked for (not the £29,727.80 typed by hand), £29,460.30 approved of the £31,000 allocation", async () => {
    const { status, data } = await open("meltonLead");
    expect(status).toBe(200);
    const [annual, ss5] = data!.report.sections;
    expect(annual.heading).toBe("CSP annual allocation 2023-24");
    expect(annual.bids.map((b) => b.title)).toEqual([
      "Safer Communities and Partnership Officer",
      "DISC app for Safer Melton Against Retail Theft (SMART)",
      "Play Close CCTV",
      "WCCTV help point and standard support package",
      "Convex mirrors at four sites",
      "Drink Safe",
    ]);
    expect(annual.bids.map((b) => b.requestedPence)).toEqual([1_546_200, 127_000, 484_300, 485_000, 76_780, 303_500]);
    expect(annual.totals.requestedPence).toBe(3_022_780);
    // The same sum straight from the records: every line of the round's Melton bids, less their match funding.
    const records = db().get<{ asked: number }>(sql`
      select (select sum(${sql.raw(LINE_TOTAL_SQL)}) from bid_cost_lines l join bids b on b.id = l.bid_id join rounds r on r.id = b.round_id
               where b.csp_id = ${Number(melton)} and r.name = 'CSP annual allocation 2023-24')
           - (select sum(m.amount_pence) from bid_match_funding m join bids b on b.id = m.bid_id join rounds r on r.id = b.round_id
               where b.csp_id = ${Number(melton)} and r.name = 'CSP annual allocation 2023-24') as asked`)!;
    expect(records.asked).toBe(annual.totals.requestedPence);
    expect(annual.totals.grantedPence).toBe(2_946_030);
    expect(annual.round.allocationPence).toBe(3_100_000);
    expect(annual.leftPence).toBe(153_970);
    expect(annual.bids.map((b) => b.decisionReference)).toEqual(["001", "002", "003", "004", "005", "006"].map((n) => `PCC/2023-24/${n}`));
    // Spent: the OPCC's share of the accepted returns' actuals (the officer's match funding spent first; mirrors and covers under budget).
    expect(annual.bids.map((b) => b.spentPence)).toEqual([1_546_200, 127_000, 484_300, 485_000, 63_900, 212_500]);
    expect(annual.summary).toContain("asking for £30,227.80");
    expect(annual.allocationWords[0]).toContain("provisional allocation in CSP annual allocation 2023-24 is £31,000.00");
    expect(annual.allocationWords.join(" ")).toContain("population (weight 50), recorded crime (weight 25), deprivation score (weight 25)");
    // Safer Streets 5 in its own section, Buddy by M still under review.
    expect(ss5.heading).toBe("Safer Streets 5");
    expect(ss5.round.allocationPence).toBe(30_000_000);
    expect(ss5.multiYear).toBe(true);
    expect(ss5.bids.find((b) => b.title === "Buddy by M")).toMatchObject({ statusWords: "Under review", grantedPence: null });
    expect(ss5.totals.grantedPence).toBe(4_500_000 + 4_410_000 + 3_895_000 + 1_350_000);
  });

  it("sends the browser only what the report shows: not the costs before match funding, nor the reasons of decisions approved in full", async () => {
    const { data } = await open("meltonLead");
    const sent = JSON.stringify(data);
    expect(sent).not.toContain("3092400"); // the officer's whole cost; the report shows what was asked of the OPCC
    expect(sent).not.toContain("The post coordinates the Safer Melton Partnership's action plan");
    expect(sent).toContain("Testing strips are approved in full"); // a part-approval's reasons are shown
  });

  it("explains Drink Safe's part-approval from its decision lines and the PCC's reasons", async () => {
    const { data } = await open("reviewer");
    const drinkSafe = data!.report.sections[0].bids.find((b) => b.title === "Drink Safe")!;
    expect(drinkSafe).toMatchObject({ decisionReference: "PCC/2023-24/006", requestedPence: 303_500, grantedPence: 226_750, statusWords: "Part-approved" });
    expect(drinkSafe.partApproval[0]).toBe("Part-approved: £2,267.50 of the £3,035.00 asked for.");
    expect(drinkSafe.partApproval[1]).toBe("Drink covers (10,000 at £0.1535): £767.50 approved of £1,535.00 asked");
    expect(drinkSafe.partApproval[2]).toMatch(/^The PCC's reasons: Testing strips are approved in full\. Half the drink covers are approved/);
  });

  it("shows the match funding, the outcomes against their targets, and what became of the underspends: the £142.50 clawback received", async () => {
    const { data } = await open("meltonFinance");
    const report = data!.report;
    expect(report.matchFunding.rows).toEqual([{ bidId: expect.any(Number), bidTitle: "Safer Communities and Partnership Officer", source: "Melton Borough Council", kind: "cash", amountPence: 1_546_200 }]);
    const mirrors = report.outcomes.rows.find((o) => o.measure === "Residents at the four sites who feel safe")!;
    expect(mirrors).toMatchObject({ baseline: "48", target: "65", actual: "58", verdictWords: "Target not met" });
    const cctv = report.outcomes.rows.find((o) => o.measure === "ASB incidents reported at Play Close")!;
    expect(cctv).toMatchObject({ baseline: "18", target: "12", actual: "11", verdictWords: "Target met", actualFrom: "2023-24 Q3" });
    // Safer Streets 5's targets fall due in March 2025: not met in 2023-24, and not yet due either.
    const lighting = report.outcomes.rows.find((o) => o.bidTitle === "Solar lighting at Play Close Park")!;
    expect(lighting).toMatchObject({ target: "32", targetDate: "2025-03-31", actual: "37.3", verdictWords: "Not met yet: due later" });
    expect(report.outcomes.words).toBe("6 of the 7 outcomes due by the end of 2023-24 with a reported figure have met their target. 4 more are due later and not met yet.");
    expect(report.underspends.rows.map((u) => [u.bidTitle, u.words])).toEqual([
      ["Convex mirrors at four sites", "£128.80 was not spent in 2023-24: £128.80 returned to the OPCC."],
      ["Drink Safe", "£142.50 was not spent in 2023-24: £142.50 returned to the OPCC."],
      ["Target hardening", "£1,500.00 was not spent in 2023-24: £1,500.00 carried forward into 2024-25."],
    ]);
    expect(report.clawbacks.rows.map((c) => [c.bidTitle, c.words])).toEqual([
      ["Drink Safe", "£142.50 repaid on 14 June 2024 (invoice INV-MBC-24-0193)"],
      ["Convex mirrors at four sites", "£128.80 repaid on 14 June 2024 (invoice INV-MBC-24-0194)"],
    ]);
    expect(report.clawbacks.outstandingPence).toBe(0);
    expect(report.yearClosed).toBe(true);
    // Council finance may open the finance pages, so the figures link there; a CSP lead's link to the grant's payments instead.
    expect(data!.links).toEqual({ finance: true, rounds: false, clawbacks: false });
    expect((await open("meltonLead")).data!.links).toEqual({ finance: false, rounds: false, clawbacks: false });
    expect((await open("finance")).data!.links).toEqual({ finance: true, rounds: true, clawbacks: true });
  });

  it("2024-25 shows the Safer Streets 5 projects continuing from 2023-24, with that year's figures and its spend not yet all evidenced", async () => {
    const { data } = await open("meltonLead", "2024-25");
    const [ss5] = data!.report.sections;
    expect(ss5.heading).toBe("Safer Streets 5: projects continuing from 2023-24");
    expect(ss5.bids).toHaveLength(4);
    expect(data!.report.yearClosed).toBe(false);
    expect(data!.report.underspends.words).toMatch(/is not yet shown as spent\. The year is still open/);
  });

  it("the PDF names each figure's record, with the introduction at the top", async () => {
    const res = (await scrutinyPdf.loader({ request: await request("meltonLead", `/reports/scrutiny/${melton}/2023-24.pdf`), params: { cspId: melton, fy: "2023-24" }, context: {} })) as Response;
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe('inline; filename="Scrutiny-report-2023-24-Safer-Melton-Partnership.pdf"');
    const text = pdfText(new Uint8Array(await res.arrayBuffer())).replace(/\s+/g, " ");
    expect(text).toContain("Safer Melton Partnership: funding from the Police and Crime Commissioner, 2023-24");
    expect(text).toContain("This report sets out the funding the Safer Melton Partnership received");
    expect(text).toContain("£30,227.80");
    expect(text).toContain("£29,460.30");
    expect(text).toContain("PCC/2023-24/006");
    expect(text).toContain("Drink covers (10,000 at £0.1535): £767.50 approved of £1,535.00 asked");
    expect(text).toContain("INV-MBC-24-0193");
    expect(text).toMatch(/Drink Safe \(bid \d+, grant \d+\)/);
  });
});

describe("who reads it", () => {
  it("another partnership's report is not found for a CSP lead; OPCC staff open any; /reports sends a choice to the report", async () => {
    expect((await open("charnwoodLead")).status).toBe(404);
    const charnwood = String(db().get<{ id: number }>(sql`select id from organisations where code = 'charnwood'`)!.id);
    const opened = await open("reviewer", "2023-24", charnwood);
    expect(opened.status).toBe(200);
    expect(opened.data!.canEdit).toBe(false);
    expect(opened.data!.introduction).toBeNull();
    const chosen = await run(reportList.loader, await request("reviewer", `/reports?csp=${charnwood}&fy=2023-24`));
    expect(chosen).toMatchObject({ status: 302, location: `/reports/scrutiny/${charnwood}/2023-24` });
    // A partnership's people go to their own, whatever partnership the address names.
    const own = await run(reportList.loader, await request("charnwoodLead", `/reports?csp=${melton}&fy=2023-24`));
    expect(own).toMatchObject({ status: 302, location: `/reports/scrutiny/${charnwood}/2023-24` });
    const bad = await run<any>(reportList.loader, await request("reviewer", "/reports?csp=nope&fy=2023-24"));
    expect(bad.status).toBe(400);
    expect(bad.data.state.errors).toEqual({ csp: "Choose a partnership" });
  });
});

describe("the CSP lead's introduction", () => {
  const path = () => `/reports/scrutiny/${melton}/2023-24`;
  const post = async (form: Record<string, string>, who: Parameters<typeof request>[0] = "meltonLead") =>
    run<any>(scrutinyPage.action, await request(who, path(), form), { cspId: melton, fy: "2023-24" });
  const audits = () => db().get<{ n: number }>(sql`select count(*) as n from audit_log where entity_type = 'scrutiny_report'`)!.n;

  it("the demo's was written by Melton's lead in July 2024, after the year closed", async () => {
    const { data } = await open("reviewer");
    expect(data!.introduction).toEqual({ text: DEMO_INTRODUCTION, version: 1, updatedAt: DEMO_INTRODUCTION_AT, updatedByName: expect.any(String) });
    expect((await open("meltonLead")).data!.canEdit).toBe(true);
  });

  it("refuses bad input with 400, keeping what was typed, and writes nothing", async () => {
    const before = audits();
    const empty = await post({ version: "1", introduction: "   " });
    expect(empty.status).toBe(400);
    expect(empty.data.errors).toEqual({ introduction: "Enter an introduction" });
    const long = "A".repeat(3001);
    const tooLong = await post({ version: "1", introduction: long });
    expect(tooLong.status).toBe(400);
    expect(tooLong.data.errors).toEqual({ introduction: "The introduction must be 3,000 characters or fewer" });
    expect(tooLong.data.values.introduction).toBe(long);
    expect(audits()).toBe(before);
  });

  it("saves a change from the current copy, audited, and refuses one from an older copy", async () => {
    const before = audits();
    const saved = await post({ version: "1", introduction: "Our year in brief.\n\nWhat the committee may ask." });
    expect(saved).toMatchObject({ status: 302, location: `${path()}?done=saved#report-introduction` });
    const { data } = await open("meltonLead");
    expect(data!.introduction).toMatchObject({ text: "Our year in brief.\n\nWhat the committee may ask.", version: 2 });
    expect(audits()).toBe(before + 1);
    const entry = db().get<{ userId: number; action: string; after: string }>(sql`select user_id as userId, action, after from audit_log where entity_type = 'scrutiny_report' order by id desc limit 1`)!;
    expect(entry).toMatchObject({ userId: userId("meltonLead"), action: "scrutiny_report.introduction_changed" });
    const stale = await post({ version: "1", introduction: "From an older tab" });
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toMatch(/^You changed this introduction on .* in another tab or window after you opened this page\. Your words are kept below/);
    expect(stale.data.values.introduction).toBe("From an older tab");
    expect((await open("meltonLead")).data!.introduction!.version).toBe(2);
    expect(audits()).toBe(before + 1);
  });

  it("only the partnership's own lead writes it", async () => {
    expect((await post({ version: "2", introduction: "Hi" }, "meltonFinance")).status).toBe(403);
    expect((await post({ version: "2", introduction: "Hi" }, "reviewer")).status).toBe(403);
    expect((await post({ version: "2", introduction: "Hi" }, "charnwoodLead")).status).toBe(404);
  });
});

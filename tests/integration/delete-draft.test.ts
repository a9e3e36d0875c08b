import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { db } from "../../app/data/db.server";
import * as bidPage from "../../app/routes/bids.$bidId._index";
import * as deleteDraft from "../../app/routes/bids.$bidId.delete";
import * as edit from "../../app/routes/bids.$bidId.edit.$section";
import * as bidList from "../../app/routes/bids._index";
import { request, run, userId } from "../support/requests";
import { auditCount, auditRows, bidIdByTitle, bidRow, bidSnapshot, cspId, databaseSnapshot, validSectionForms } from "./helpers";

/**
 * A CSP lead deletes a draft that was never submitted: the page says what will go, the bid and all
 * its rows go in one transaction with an audit row that keeps what it was, and the lead is back on
 * the bids list. A bid the OPCC has seen (ever submitted) can only be withdrawn.
 */

const CHILD_TABLES = ["bid_priorities", "bid_milestones", "bid_cost_lines", "bid_match_funding", "bid_outcomes", "bid_risks"];
const rowsOf = (bidId: number) =>
  Object.fromEntries(CHILD_TABLES.map((t) => [t, db().get<{ n: number }>(sql`select count(*) as n from ${sql.raw(t)} where bid_id = ${bidId}`).n]));

/** Saves a section as its page would (with the page's version and fingerprint). */
async function saveSection(bidId: number, section: string, form: Record<string, string | string[]>) {
  const page = await run<any>(edit.loader, await request("meltonLead", `/bids/${bidId}/edit/${section}`), { bidId: String(bidId), section });
  const res = await run<any>(edit.action, await request("meltonLead", `/bids/${bidId}/edit/${section}`, { ...form, version: String(page.data.bid.version), fingerprint: page.data.fingerprint }), { bidId: String(bidId), section });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
}

const open = (who: Parameters<typeof request>[0], bidId: number) => request(who, `/bids/${bidId}/delete`).then((req) => run<any>(deleteDraft.loader, req, { bidId: String(bidId) }));
const send = (who: Parameters<typeof request>[0], bidId: number, version: number | string) =>
  request(who, `/bids/${bidId}/delete`, { version: String(version) }).then((req) => run<any>(deleteDraft.action, req, { bidId: String(bidId) }));

describe("deleting a Melton draft that was never submitted", () => {
  const bid = bidIdByTitle("Buddy by M");
  const forms = validSectionForms();

  it("the page says what will be deleted, and sends nothing more", async () => {
    for (const section of ["details", "priorities", "costs", "match-funding", "outcomes", "risks"]) await saveSection(bid, section, forms[section]);
    const page = await open("meltonLead", bid);
    expect(page.status).toBe(200);
    expect(page.data.bid).toEqual({
      id: bid,
      title: "Lighting and CCTV at Egerton Park",
      version: bidRow(bid)!.version,
      round: "Safer Streets 5, 2023-24",
      milestones: "2 milestones",
      costs: "2 lines, £2,302.80 in all",
      matchFunding: "1 source, £500.55 in all",
      outcomes: "1 outcome",
      risks: "1 risk",
      lastChanged: expect.stringMatching(/ by Aysha Rahman$/),
    });
  });

  it("from a stale copy it is refused (409), names who changed the draft, and deletes nothing", async () => {
    const opened = (await open("meltonLead", bid)).data.bid.version;
    await saveSection(bid, "risks", { ...forms.risks, "risks.0.mitigation": "Order early." });
    const before = databaseSnapshot();
    const res = await send("meltonLead", bid, opened);
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(/^You changed this draft on .+ in another tab or window after you opened this page\. It has not been deleted/);
    expect(databaseSnapshot()).toEqual(before);
  });

  it("another partnership's lead is told it does not exist (404), and it is not deleted", async () => {
    const before = databaseSnapshot();
    expect((await open("charnwoodLead", bid)).status).toBe(404);
    expect((await send("charnwoodLead", bid, bidRow(bid)!.version)).status).toBe(404);
    expect(databaseSnapshot()).toEqual(before);
  });

  it("OPCC staff cannot see a draft (404) and Melton's council finance officer may not change it (403), even with its version", async () => {
    const before = databaseSnapshot();
    for (const who of ["reviewer", "finance", "admin"] as const) {
      expect((await open(who, bid)).status, who).toBe(404);
      expect((await send(who, bid, bidRow(bid)!.version)).status, who).toBe(404);
    }
    expect((await open("meltonFinance", bid)).status).toBe(403);
    expect((await send("meltonFinance", bid, bidRow(bid)!.version)).status).toBe(403);
    expect(databaseSnapshot()).toEqual(before);
  });

  it("its lead deletes it and every row of it in one go, and is taken to the bids list", async () => {
    expect(Object.values(rowsOf(bid)).every((n) => n > 0)).toBe(true);
    const earlier = auditRows(bid).length;
    const audit = auditCount();
    const res = await send("meltonLead", bid, bidRow(bid)!.version);
    expect(res.status).toBe(302);
    expect(res.location).toBe("/bids?done=deleted");
    expect(bidRow(bid)).toBeUndefined();
    expect(rowsOf(bid)).toEqual(Object.fromEntries(CHILD_TABLES.map((t) => [t, 0])));
    expect(auditCount()).toBe(audit + 1);
    // Its history stays on the record, with the deletion last.
    expect(auditRows(bid)).toHaveLength(earlier + 1);
  });

  it("the audit log keeps what was deleted, by whom, and the draft's earlier history", () => {
    const rows = auditRows(bid);
    const deleted = rows.at(-1)!;
    expect(deleted).toMatchObject({ action: "bid.deleted", entityType: "bid", entityId: bid, bidId: bid, cspId: cspId("melton"), userId: userId("meltonLead"), after: null });
    expect(JSON.parse(deleted.before!)).toMatchObject({
      title: "Lighting and CCTV at Egerton Park",
      cspName: "Safer Melton Partnership",
      roundName: "Safer Streets 5",
      status: "draft",
      totalCostPence: 230_280,
      requestedPence: 230_280 - 50_055,
    });
    expect(rows.filter((r) => r.action.startsWith("bid.section."))).not.toHaveLength(0);
  });

  it("it is gone: its page is not found, the list no longer shows it, and deleting it again is not found", async () => {
    expect((await run(bidPage.loader, await request("meltonLead", `/bids/${bid}`), { bidId: String(bid) })).status).toBe(404);
    const list = await run<any>(bidList.loader, await request("meltonLead", "/bids"));
    expect(list.data.result.rows.map((r: any) => r.id)).not.toContain(bid);
    expect((await send("meltonLead", bid, 1)).status).toBe(404);
  });
});

describe("a bid that was ever submitted cannot be deleted", () => {
  const cases = [
    ["a submitted Melton bid", "meltonLead", "Safer Communities and Partnership Officer"],
    ["a withdrawn Charnwood bid", "charnwoodLead", "Shepshed youth diversion football"],
  ] as const;
  it.each(cases)("%s: the page goes back to the bid, and a delete with its current version is refused (409) and deletes nothing", async (_what, who, title) => {
    const bid = bidIdByTitle(title);
    const page = await open(who, bid);
    expect([page.status, page.location]).toEqual([302, `/bids/${bid}`]);
    const before = bidSnapshot(bid);
    const res = await send(who, bid, before.bid!.version);
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("This bid has been submitted, so it cannot be deleted. You can withdraw it instead.");
    expect(bidSnapshot(bid)).toEqual(before);
  });

  it("a bad version is refused (400), not a 500", async () => {
    const bid = bidIdByTitle("Target hardening");
    for (const version of ["", "abc", "-1", "__proto__"]) {
      const res = await send("meltonLead", bid, version);
      expect(res.status, version).toBe(400);
    }
    expect(bidRow(bid)).toBeDefined();
  });
});

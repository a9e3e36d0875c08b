import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { bids } from "../../db/schema";
import * as bidList from "../../app/routes/bids._index";
import { TOTALS_LIMIT, listBids } from "../../app/data/bid-list.server";
import { bidCsvBatches } from "../../app/data/list-exports.server";
import { bidScopeOf } from "../../app/domain/access-rules";
import { BID_SORTS } from "../../app/forms/bid-filters";
import { request, run, userId } from "../support/requests";
import { bidIdByTitle, cspId, startCurrentDraft } from "./helpers";

/**
 * /bids says what the listed bids request in all. A withdrawn bid asks for nothing: it is listed
 * and counted, but its money is not in the total, and the page says how many were left out.
 * Charnwood has one submitted bid (Loughborough street pastors, £16,245.00), one withdrawn
 * (Shepshed youth diversion football) and one draft.
 */
const list = async (who: "reviewer" | "charnwoodLead", query: string) => (await run(bidList.loader, await request(who, `/bids?${query}`))).data;

describe("the total requested on /bids", () => {
  it("leaves out a withdrawn bid's money, and says how many withdrawn bids it left out", async () => {
    const charnwood = await list("reviewer", `csp=${cspId("charnwood")}`);
    expect(charnwood.result.rows.map((r: { id: number }) => r.id)).toContain(bidIdByTitle("Shepshed youth diversion football"));
    expect(charnwood.result.count).toBe(2);
    expect(charnwood.result.withdrawnCount).toBe(1);
    expect(charnwood.result.requestedPence).toBe(1_624_500);
  });

  it("counts what a list of only withdrawn bids requests as nothing", async () => {
    const withdrawn = await list("reviewer", "status=withdrawn");
    expect(withdrawn.result.count).toBeGreaterThan(0);
    expect(withdrawn.result.withdrawnCount).toBe(withdrawn.result.count);
    expect(withdrawn.result.requestedPence).toBe(0);
  });

  it("is the sum of every listed bid that is not withdrawn, drafts included for the partnership's own list", async () => {
    const own = await list("charnwoodLead", "");
    const stillAsking = own.result.rows.filter((r: { status: string }) => r.status !== "withdrawn");
    expect(own.result.count).toBe(3);
    expect(own.result.requestedPence).toBe(stillAsking.reduce((n: number, r: { requestedPence: number }) => n + r.requestedPence, 0));
    expect(own.result.withdrawnCount).toBe(1);
  });

  it("is unchanged where nothing is withdrawn", async () => {
    const melton = await list("reviewer", `csp=${cspId("melton")}`);
    expect(melton.result.withdrawnCount).toBe(0);
    expect(melton.result.requestedPence).toBe(melton.result.rows.reduce((n: number, r: { requestedPence: number }) => n + r.requestedPence, 0));
  });

  it("counts and totals a bid started a moment ago: the kept count is let go on the write", async () => {
    const before = (await list("charnwoodLead", "")).result;
    const id = startCurrentDraft("Counted at once", { csp: "charnwood", userId: userId("charnwoodLead") });
    try {
      const after = (await list("charnwoodLead", "")).result;
      expect(after.count).toBe(before.count + 1);
      expect(after.rows.map((r: { id: number }) => r.id)).toContain(id);
    } finally {
      db().delete(bids).where(eq(bids.id, id)).run();
    }
    expect((await list("charnwoodLead", "")).result.count).toBe(before.count);
  });

  it("is not summed for a list longer than TOTALS_LIMIT bids, which says to filter for it", () => {
    expect(TOTALS_LIMIT).toBeGreaterThanOrEqual(100);
    // The demo's lists are all shorter: every one of them has its total (the national case is in scale.test.ts).
    expect(listBids(bidScopeOf({ role: "opcc_reviewer", organisationId: 1, organisationKind: "opcc" } as never), { sort: "updated", direction: "desc", page: 1 }).requestedPence).not.toBeNull();
  });
});

describe("paging /bids", () => {
  const opcc = { cspId: null, includeDrafts: false };
  it.each(BID_SORTS.flatMap((sort) => (["asc", "desc"] as const).map((direction) => [sort, direction] as const)))(
    "lists every bid once, page after page, in the order of its CSV (sorted by %s, %s), the pages past the middle read from the end",
    (sort, direction) => {
      const filters = { sort, direction };
      const first = listBids(opcc, { ...filters, page: 1 }, 4);
      expect(first.pages).toBeGreaterThan(1);
      const paged = Array.from({ length: first.pages }, (_, i) => listBids(opcc, { ...filters, page: i + 1 }, 4).rows.map((r) => r.id)).flat();
      const exported = [...bidCsvBatches(opcc, filters, 7)].flat().map((r) => r.id);
      expect(paged).toHaveLength(first.count);
      expect(paged).toEqual(exported);
      expect(new Set(paged).size).toBe(paged.length);
    },
  );
});

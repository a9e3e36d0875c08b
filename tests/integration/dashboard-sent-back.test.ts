import { describe, expect, it } from "vitest";
import * as dashboard from "../../app/routes/_index";
import * as review from "../../app/routes/bids.$bidId.review";
import * as submit from "../../app/routes/bids.$bidId.submit";
import { request, run, type DemoUser } from "../support/requests";
import { bidIdByTitle, bidRow } from "./helpers";

/**
 * A bid the OPCC sends back for changes is put in front of the partnership's lead on the
 * dashboard, with the message the OPCC shared and a link to the bid, until it is submitted again.
 */
const dashboardOf = async (who: DemoUser) => (await run(dashboard.loader, await request(who, "/"))).data;

describe("the dashboard's sent-back banner", () => {
  it("shows the lead the bid sent back and the OPCC's message, never an internal comment, until it is resubmitted", async () => {
    const bidId = bidIdByTitle("Play Close CCTV");
    expect((await dashboardOf("meltonLead")).sentBack).toEqual([]);

    const message = "Say which cameras cover the play area and who watches them.";
    const sentBack = await run(review.action, await request("reviewer", `/bids/${bidId}/review`, { intent: "request-changes", message, version: String(bidRow(bidId)!.version) }), { bidId: String(bidId) });
    expect(sentBack.status).toBe(302);
    // A later internal note stays with the OPCC.
    await run(review.action, await request("reviewer", `/bids/${bidId}/review`, { intent: "comment", visibility: "internal", body: "INTERNAL-NOTE-NOT-FOR-MELTON" }), { bidId: String(bidId) });

    const lead = await dashboardOf("meltonLead");
    expect(lead.sentBack).toEqual([{ id: bidId, title: "Play Close CCTV", message, messageAt: expect.any(String) }]);
    expect(JSON.stringify(lead)).not.toContain("INTERNAL-NOTE-NOT-FOR-MELTON");

    // Another partnership never hears of it; the council's finance officer, who cannot change it, is not asked to.
    expect((await dashboardOf("charnwoodLead")).sentBack).toEqual([]);
    expect((await dashboardOf("meltonFinance")).sentBack).toEqual([]);
    // OPCC staff have their own dashboard.
    expect((await dashboardOf("reviewer")).sentBack).toBeUndefined();

    const resubmitted = await run(submit.action, await request("meltonLead", `/bids/${bidId}/submit`, { version: String(bidRow(bidId)!.version) }), { bidId: String(bidId) });
    expect(resubmitted.status).toBe(302);
    expect((await dashboardOf("meltonLead")).sentBack).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import * as bidPage from "../../app/routes/bids.$bidId._index";
import { request, run } from "../support/requests";

describe("the bid page", () => {
  it("sends a signed-out visitor to sign in and back", async () => {
    const res = await run(bidPage.loader, await request(null, "/bids/1"), { bidId: "1" });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/login?redirectTo=%2Fbids%2F1");
  });
  it("a Charnwood lead cannot open Melton's bid", async () => {
    const res = await run(bidPage.loader, await request("charnwoodLead", "/bids/1"), { bidId: "1" });
    expect(res.status).toBe(404);
  });
  it("a Melton lead opens Melton's bid", async () => {
    const res = await run<any>(bidPage.loader, await request("meltonLead", "/bids/1"), { bidId: "1" });
    expect(res.status).toBe(200);
    expect(res.data.bid.requestedPence).toBe(1546200);
  });
});

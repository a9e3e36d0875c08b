import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { allocationPosition } from "../../app/data/bids.server";
import { db } from "../../app/data/db.server";
import * as dashboard from "../../app/routes/_index";
import * as bidPage from "../../app/routes/bids.$bidId._index";
import * as bidList from "../../app/routes/bids._index";
import * as newBid from "../../app/routes/bids.new";
import * as allocationsPage from "../../app/routes/rounds.$roundId.allocations";
import * as roundPage from "../../app/routes/rounds.$roundId._index";
import * as newRound from "../../app/routes/rounds.new";
import { bidCostLines, bids, rounds } from "../../db/schema";
import { request, run } from "../support/requests";
import { annualRoundId, cspId, currentRoundId, currentYear, makeUser, requestAsUser } from "./helpers";

/**
 * A round may keep part of its pot as a central fund for projects across partnerships: any CSP may
 * bid for it, and its bids count against the fund, not against the CSP's allocation.
 */

let roundId: number;
const version = () => String(db().select({ v: rounds.version }).from(rounds).where(eq(rounds.id, roundId)).get()!.v);

beforeAll(async () => {
  // A round of £100,000 with a £25,000 central fund, open all this financial year; only Melton and Charnwood have allocations.
  const streamId = db().select({ id: rounds.streamId }).from(rounds).where(eq(rounds.id, annualRoundId())).get()!.id;
  const year = currentYear();
  const [opensYear, opensMonth, opensDay] = year.startsOn.split("-").map(Number);
  const [closesYear, closesMonth, closesDay] = year.endsOn.split("-").map(Number);
  const created = await run(
    newRound.action,
    await request("reviewer", "/rounds/new", {
      streamId: String(streamId), financialYearId: String(year.id), name: `Central fund test round ${year.label}`,
      "opensOn.day": String(opensDay), "opensOn.month": String(opensMonth), "opensOn.year": String(opensYear),
      "closesOn.day": String(closesDay), "closesOn.month": String(closesMonth), "closesOn.year": String(closesYear),
      totalPot: "100000", centralFund: "25000", overProgramming: "0", maxPerCsp: "", maySpanYears: "no", maxDurationMonths: "12", matchFundingRequired: "no", acceptByDays: "28", returnDueDays: "30", tolerance: "10", certificationRequired: "no",
    }),
  );
  roundId = Number(created.location!.split("/").pop());
  const params = { roundId: String(roundId) };
  const typed = { intent: "typed", version: version(), [`allocation.csp${cspId("melton")}`]: "40000", [`allocation.csp${cspId("charnwood")}`]: "35000" };
  expect((await run(allocationsPage.action, await request("reviewer", `/rounds/${roundId}/allocations`, typed), params)).status).toBe(302);
  expect((await run(roundPage.action, await request("reviewer", `/rounds/${roundId}`, { intent: "status", status: "open", version: version() }), params)).status).toBe(302);
});

/** Puts a cost line on a bid and marks it submitted, as the bid journey would. */
function submitWithCost(bidId: number, pence: number) {
  db().insert(bidCostLines).values({ bidId, position: 0, description: "Project", quantityHundredths: 100, unitPriceTenThousandths: pence * 100, expenditureType: "revenue", recurrence: "one_off", financialYearId: currentYear().id }).run();
  db().update(bids).set({ status: "submitted" }).where(eq(bids.id, bidId)).run();
}

describe("bids to a round's central fund", () => {
  it("a CSP lead with an allocation chooses what the bid draws on, and must choose", async () => {
    const page = await run<any>(newBid.loader, await request("meltonLead", `/bids/new?round=${roundId}`));
    expect(page.data.funds).toEqual(["allocation", "central"]);

    const refused = await run<any>(newBid.action, await request("meltonLead", `/bids/new?round=${roundId}`, { title: "Cross-border county lines project" }));
    expect(refused.status).toBe(400);
    expect(refused.data.errors).toEqual({ fund: "Choose what the bid draws on" });
    expect(refused.data.values.title).toBe("Cross-border county lines project");

    const made = await run(newBid.action, await request("meltonLead", `/bids/new?round=${roundId}`, { title: "Cross-border county lines project", fund: "central" }));
    expect(made.status).toBe(302);
    const bidId = Number(/\/bids\/(\d+)\//.exec(made.location!)![1]);
    expect(db().select({ fund: bids.fund, cspId: bids.cspId }).from(bids).where(eq(bids.id, bidId)).get()).toEqual({ fund: "central", cspId: cspId("melton") });
  });

  it("a CSP with no allocation in the round may still bid for its central fund, and only for that", async () => {
    const blabyLead = await makeUser({ email: "lead.blaby@central.test", name: "Bea Blaby", role: "csp_lead", orgCode: "blaby" });
    const page = await run<any>(newBid.loader, await requestAsUser(blabyLead, `/bids/new?round=${roundId}`));
    expect(page.status).toBe(200);
    expect(page.data.funds).toEqual(["central"]);
    const made = await run(newBid.action, await requestAsUser(blabyLead, `/bids/new?round=${roundId}`, { title: "Fosse Way rural crime partnership" }));
    expect(made.status).toBe(302);
    const refused = await run<any>(newBid.action, await requestAsUser(blabyLead, `/bids/new?round=${roundId}`, { title: "Our own project", fund: "allocation" }));
    expect(refused.status).toBe(400);
    expect(refused.data.errors.fund).toBe("Choose what the bid draws on");
  });

  it("a round without a central fund offers only the allocation, and refuses a central bid", async () => {
    const page = await run<any>(newBid.loader, await request("meltonLead", `/bids/new?round=${currentRoundId()}`));
    expect(page.data.funds).toEqual(["allocation"]);
    const refused = await run(newBid.action, await request("meltonLead", `/bids/new?round=${currentRoundId()}`, { title: "Central", fund: "central" }));
    expect(refused.status).toBe(400);
  });

  it("central bids from every partnership count against the central fund, and never against an allocation", async () => {
    const charnwoodLead = (await run(newBid.action, await request("charnwoodLead", `/bids/new?round=${roundId}`, { title: "LLR-wide hate crime reporting", fund: "central" }))).location!;
    const charnwoodBid = Number(/\/bids\/(\d+)\//.exec(charnwoodLead)![1]);
    submitWithCost(charnwoodBid, 2_000_000);
    const ownBid = Number(/\/bids\/(\d+)\//.exec((await run(newBid.action, await request("meltonLead", `/bids/new?round=${roundId}`, { title: "Melton's own", fund: "allocation" }))).location!)![1]);
    submitWithCost(ownBid, 1_000_000);

    expect(allocationPosition(roundId, cspId("melton"), null, db(), "central")).toEqual({ fund: "central", allocationPence: 2_500_000, committedElsewherePence: 2_000_000 });
    expect(allocationPosition(roundId, cspId("melton"), null, db(), "allocation")).toEqual({ fund: "allocation", allocationPence: 4_000_000, committedElsewherePence: 1_000_000 });
    expect(allocationPosition(roundId, cspId("charnwood"), null, db(), "allocation")).toEqual({ fund: "allocation", allocationPence: 3_500_000, committedElsewherePence: 0 });

    // The round page shows the central fund's own line; the partnerships' lines leave it out.
    const round = await run<any>(roundPage.loader, await request("reviewer", `/rounds/${roundId}`), { roundId: String(roundId) });
    expect(round.data.overview.totals.central).toMatchObject({ fundPence: 2_500_000, requestedPence: 2_000_000, approvedPence: 0, remainingPence: 500_000 });
    expect(round.data.overview.rows.find((r: any) => r.cspId === cspId("charnwood")).requestedPence).toBe(0);

    // The OPCC dashboard's line for the round adds the central fund to the partnerships' allocations,
    // and its bid to what waits for a decision.
    const opcc = await run<any>(dashboard.loader, await request("reviewer", "/"));
    const onDashboard = opcc.data.rounds.find((r: any) => r.id === roundId);
    expect(onDashboard.allocatedPence).toBe(round.data.overview.totals.allocatedPence + 2_500_000);
    expect(onDashboard.awaitingPence).toBe(3_000_000);

    // The Melton lead's dashboard counts only Melton's allocation bids against its allocation.
    const melton = await run<any>(dashboard.loader, await request("meltonLead", "/"));
    expect(melton.data.rounds.find((r: any) => r.id === roundId)).toMatchObject({ allocationPence: 4_000_000, awaitingPence: 1_000_000, remainingPence: 3_000_000 });

    // The bids list filters to the central fund's bids.
    const list = await run<any>(bidList.loader, await request("reviewer", `/bids?round=${roundId}&fund=central`));
    expect(list.data.result.rows.map((r: any) => [r.title, r.fund])).toEqual([["LLR-wide hate crime reporting", "central"]]);
  });

  it("a central bid still belongs to the partnership that made it: another CSP's lead cannot open it", async () => {
    const made = await run(newBid.action, await request("meltonLead", `/bids/new?round=${roundId}`, { title: "Melton-led central project", fund: "central" }));
    const bidId = /\/bids\/(\d+)\//.exec(made.location!)![1];
    expect((await run(bidPage.loader, await request("charnwoodLead", `/bids/${bidId}`), { bidId })).status).toBe(404);
    expect((await run(bidPage.loader, await request("meltonLead", `/bids/${bidId}`), { bidId })).status).toBe(200);
  });
});

import { describe, expect, it } from "vitest";
import * as dashboard from "../../app/routes/_index";
import * as bidPage from "../../app/routes/bids.$bidId._index";
import * as edit from "../../app/routes/bids.$bidId.edit.$section";
import * as submit from "../../app/routes/bids.$bidId.submit";
import * as submitted from "../../app/routes/bids.$bidId.submitted";
import * as withdraw from "../../app/routes/bids.$bidId.withdraw";
import * as bidList from "../../app/routes/bids._index";
import * as newBid from "../../app/routes/bids.new";
import { request, run, userId } from "../support/requests";
import {
  SECTIONS,
  annualRoundId,
  auditRows,
  bidRow,
  bidSnapshot,
  cspId,
  currentRoundId,
  currentSectionForms,
  currentYear,
  pcpPriorityId,
  ss5RoundId,
  type Form,
  type Section,
} from "./helpers";

/**
 * A Melton lead's whole journey: start a bid, fill every section, check, submit, withdraw. New bids
 * go in this year's annual round (the 2023-24 rounds have closed); dates come from today's year.
 */

async function startBid(roundId: number, title: string): Promise<number> {
  const res = await run(newBid.action, await request("meltonLead", `/bids/new?round=${roundId}`, { title }));
  expect(res.status).toBe(302);
  const m = /^\/bids\/(\d+)\/edit\/details$/.exec(res.location ?? "");
  expect(m, `redirected to ${res.location}`).not.toBeNull();
  return Number(m![1]);
}

/** Saves each section from the version the page was loaded at, checking where each save leads. */
async function fillSections(bidId: number, forms: Record<Section, Form>) {
  for (const [i, section] of SECTIONS.entries()) {
    const page = await run<any>(edit.loader, await request("meltonLead", `/bids/${bidId}/edit/${section}`), { bidId: String(bidId), section });
    expect(page.status).toBe(200);
    const form = { ...forms[section], version: String(page.data.bid.version), fingerprint: page.data.fingerprint };
    const res = await run<any>(edit.action, await request("meltonLead", `/bids/${bidId}/edit/${section}`, form), { bidId: String(bidId), section });
    expect(res.status, `${section}: ${JSON.stringify(res.data)}`).toBe(302);
    const next = SECTIONS[i + 1];
    expect(res.location).toBe(next ? `/bids/${bidId}/edit/${next}` : `/bids/${bidId}/submit`);
  }
}

/** Section forms for a bid in the current round, asking for `pounds` from one cost line. */
function annualForms(pounds: string): Record<Section, Form> {
  const forms = currentSectionForms() as Record<Section, Form>;
  const fy = String(currentYear().id);
  return {
    ...forms,
    priorities: { "priorities[]": [String(pcpPriorityId(0))] },
    costs: {
      "costs.0.description": "Street marshals for the Christmas light switch-on",
      "costs.0.quantity": "1",
      "costs.0.unitPrice": pounds,
      "costs.0.expenditureType": "revenue",
      "costs.0.recurrence": "one_off",
      "costs.0.financialYearId": fy,
    },
    "match-funding": {},
  };
}

function annualRound(data: any) {
  return data.rounds.find((r: any) => r.id === annualRoundId());
}
function ss5Round(data: any) {
  return data.rounds.find((r: any) => r.id === ss5RoundId());
}
function currentRound(data: any) {
  return data.rounds.find((r: any) => r.id === currentRoundId());
}

describe("Melton's dashboard", () => {
  it("shows the £31,000 annual allocation, £30,227.80 waiting for a decision in submitted bids and £772.20 left", async () => {
    const res = await run<any>(dashboard.loader, await request("meltonLead", "/"));
    expect(res.status).toBe(200);
    expect(res.data.kind).toBe("csp");
    expect(res.data.canBid).toBe(true);
    const annual = annualRound(res.data);
    expect(annual.allocationPence).toBe(3_100_000);
    expect(annual.awaitingPence).toBe(3_022_780);
    expect(annual.remainingPence).toBe(77_220);
    const ss5 = ss5Round(res.data);
    expect(ss5.allocationPence).toBe(30_000_000);
    expect(ss5.awaitingPence).toBe(0);
  });

  it("offers \"Start a bid\" only in this year's round: the 2023-24 rounds have closed, and say so", async () => {
    const res = await run<any>(dashboard.loader, await request("meltonLead", "/"));
    expect(annualRound(res.data)).toMatchObject({ takesBids: false, stateText: "Closed on 31 July 2023" });
    expect(ss5Round(res.data)).toMatchObject({ takesBids: false, stateText: "Closed on 31 December 2023" });
    expect(currentRound(res.data)).toMatchObject({ takesBids: true, allocationPence: 3_100_000, awaitingPence: 0, remainingPence: 3_100_000 });
    expect(currentRound(res.data).stateText).toMatch(/^Closes at midnight at the end of \d{1,2} \w+ \d{4}$/);
  });
});

describe("a Melton lead's bid in this year's annual round from start to submission", () => {
  let bidId: number;
  const forms = currentSectionForms() as Record<Section, Form>;
  const year = currentYear();

  it("opens the start page for the round and creates a draft, landing on the first section", async () => {
    const page = await run<any>(newBid.loader, await request("meltonLead", `/bids/new?round=${currentRoundId()}`));
    expect(page.status).toBe(200);
    expect(page.data.allocationPence).toBe(3_100_000);
    expect(page.data.closed).toBeNull();
    bidId = await startBid(currentRoundId(), "Egerton Park lighting");
    const row = bidRow(bidId)!;
    expect(row.status).toBe("draft");
    expect(row.version).toBe(1);
    expect(row.cspId).toBe(cspId("melton"));
    expect(row.roundId).toBe(currentRoundId());
    expect(auditRows(bidId).map((a) => a.action)).toEqual(["bid.created"]);
  });

  it("fills every section, each save leading to the next section and the last to the check page", async () => {
    await fillSections(bidId, forms);
    expect(bidRow(bidId)!.version).toBe(1 + SECTIONS.length);
  });

  it("stores what was typed", () => {
    const snap = bidSnapshot(bidId);
    expect(snap.bid!.title).toBe(forms.details.title);
    expect(snap.bid!.startDate).toBe(`${year.startYear}-10-01`);
    expect(snap.bid!.endDate).toBe(`${year.startYear + 1}-03-31`);
    expect(snap.milestones.map((m) => [m.financialYearId, m.quarter, m.description])).toEqual([
      [year.id, 3, "Lights installed"],
      [year.id, 4, "Evaluation report to the partnership"],
    ]);
    expect(snap.priorities.map((p) => p.priorityId).sort()).toEqual((forms.priorities["priorities[]"] as string[]).map(Number).sort());
    expect(snap.costLines.map((l) => [l.quantityHundredths, l.unitPriceTenThousandths, l.expenditureType, l.financialYearId])).toEqual([
      [1_000_000, 1535, "revenue", year.id],
      [2000, 383_900, "capital", year.id],
    ]);
    expect(snap.matchFunding.map((m) => [m.source, m.kind, m.amountPence])).toEqual([["Melton Borough Council", "cash", 50_055]]);
    expect(snap.outcomes.map((o) => [o.baseline, o.target, o.targetDate])).toEqual([["12", "8.5", `${year.startYear + 1}-03-31`]]);
    expect(snap.risks.map((r) => [r.likelihood, r.impact])).toEqual([[3, 2]]);
    expect(snap.bid!.holdsPersonalData).toBe(true);
    expect(snap.bid!.dpiaCompleted).toBe(true);
  });

  it("the check page lists no problems and the figures add up to the penny", async () => {
    const res = await run<any>(submit.loader, await request("meltonLead", `/bids/${bidId}/submit`), { bidId: String(bidId) });
    expect(res.status).toBe(200);
    expect(res.data.problems).toEqual([]);
    // Only now is there a declaration to make, and the form to submit it.
    expect(res.data.declaration).toEqual({ cspName: "Safer Melton Partnership", requestedPence: 180_225, version: bidRow(bidId)!.version });
    const bid = res.data.bid;
    // 10,000 × £0.1535 = £1,535.00; 20 × £38.39 = £767.80
    expect(bid.costLines.map((l: any) => l.totalPence)).toEqual([153_500, 76_780]);
    expect(bid.totalCostPence).toBe(230_280);
    expect(bid.matchFundingPence).toBe(50_055);
    expect(bid.requestedPence).toBe(180_225);
  });

  it("submitting takes the lead to a confirmation page with the bid's reference", async () => {
    const version = bidRow(bidId)!.version;
    const res = await run(submit.action, await request("meltonLead", `/bids/${bidId}/submit`, { version: String(version) }), { bidId: String(bidId) });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/bids/${bidId}/submitted`);
    const row = bidRow(bidId)!;
    expect(row.status).toBe("submitted");
    expect(row.submittedAt).not.toBeNull();
    expect(row.version).toBe(version + 1);

    const page = await run<any>(submitted.loader, await request("meltonLead", `/bids/${bidId}/submitted`), { bidId: String(bidId) });
    expect(page.status).toBe(200);
    expect(page.data).toEqual({ bid: { id: bidId, title: "Lighting and CCTV at Egerton Park", cspName: "Safer Melton Partnership" }, reference: `Bid ${bidId}`, resubmitted: false });
    // Melton's council finance officer may see it too; the OPCC has no use for it.
    expect((await run(submitted.loader, await request("meltonFinance", `/bids/${bidId}/submitted`), { bidId: String(bidId) })).status).toBe(200);
    expect((await run(submitted.loader, await request("reviewer", `/bids/${bidId}/submitted`), { bidId: String(bidId) })).status).toBe(403);
    expect((await run(submitted.loader, await request("charnwoodLead", `/bids/${bidId}/submitted`), { bidId: String(bidId) })).status).toBe(404);
  });

  it("the bid page, the list and the dashboard all show the same amount requested", async () => {
    const page = await run<any>(bidPage.loader, await request("meltonLead", `/bids/${bidId}`), { bidId: String(bidId) });
    expect(page.data.bid.status).toBe("submitted");
    expect(page.data.bid.requestedPence).toBe(180_225);
    expect(page.data.canEdit).toBe(false);
    expect(page.data.canSubmit).toBe(false);
    expect(page.data.canWithdraw).toBe(true);
    const list = await run<any>(bidList.loader, await request("meltonLead", `/bids?round=${currentRoundId()}&status=submitted`));
    expect(list.data.result.rows.map((r: any) => [r.id, r.requestedPence])).toEqual([[bidId, 180_225]]);
    expect(list.data.result.requestedPence).toBe(180_225);
    const dash = await run<any>(dashboard.loader, await request("meltonLead", "/"));
    expect(currentRound(dash.data).awaitingPence).toBe(180_225);
    expect(currentRound(dash.data).remainingPence).toBe(3_100_000 - 180_225);
    // And OPCC staff now see it.
    const reviewer = await run<any>(bidPage.loader, await request("reviewer", `/bids/${bidId}`), { bidId: String(bidId) });
    expect(reviewer.status).toBe(200);
    expect(reviewer.data.bid.requestedPence).toBe(180_225);
  });

  it("the submitted bid is read-only: edit pages go back to the bid, and saves are refused with a message", async () => {
    const before = bidSnapshot(bidId);
    for (const section of SECTIONS) {
      const page = await run(edit.loader, await request("meltonLead", `/bids/${bidId}/edit/${section}`), { bidId: String(bidId), section });
      expect(page.status).toBe(302);
      expect(page.location).toBe(`/bids/${bidId}`);
      const form = { ...forms[section], version: String(before.bid!.version) };
      const res = await run<any>(edit.action, await request("meltonLead", `/bids/${bidId}/edit/${section}`, form), { bidId: String(bidId), section });
      expect(res.status).toBe(409);
      expect(res.data.formError).toMatch(/submitted and can no longer be changed/);
      expect(res.data.values).toEqual(form);
    }
    const check = await run(submit.loader, await request("meltonLead", `/bids/${bidId}/submit`), { bidId: String(bidId) });
    expect(check.status).toBe(302);
    const again = await run<any>(submit.action, await request("meltonLead", `/bids/${bidId}/submit`, { version: String(before.bid!.version) }), { bidId: String(bidId) });
    expect(again.status).toBe(409);
    expect(again.data.formError).toMatch(/already been submitted/);
    expect(bidSnapshot(bidId)).toEqual(before);
  });

  it("the audit log has the creation, one row per save with what the section was before and after, and the submission", () => {
    const rows = auditRows(bidId);
    expect(rows.map((r) => r.action)).toEqual([
      "bid.created",
      ...SECTIONS.map((s) => `bid.section.${s}.saved`),
      "bid.submitted",
    ]);
    const lead = userId("meltonLead");
    for (const row of rows) {
      expect(row.userId).toBe(lead);
      expect(row.bidId).toBe(bidId);
      expect(row.after).not.toBeNull();
      expect(() => JSON.parse(row.after!)).not.toThrow();
    }
    const saves = rows.filter((r) => r.action.startsWith("bid.section."));
    for (const row of saves) {
      expect(row.before).not.toBeNull();
      expect(() => JSON.parse(row.before!)).not.toThrow();
    }
    const bySection = Object.fromEntries(saves.map((r) => [r.action.split(".")[2], { before: JSON.parse(r.before!), after: JSON.parse(r.after!) }]));
    expect(bySection.details.before.title).toBe("Egerton Park lighting");
    expect(bySection.details.after.title).toBe(forms.details.title);
    expect(bySection.details.after.milestones).toHaveLength(2);
    expect(bySection.costs.before).toEqual([]);
    expect(bySection.costs.after.map((l: any) => [l.quantityHundredths, l.unitPriceTenThousandths])).toEqual([
      [1_000_000, 1535],
      [2000, 383_900],
    ]);
    expect(bySection["match-funding"].after.map((m: any) => m.amountPence)).toEqual([50_055]);
    expect(bySection["data-protection"].before).toEqual({ holdsPersonalData: null, dpiaCompleted: null, equalityImpact: "" });
    expect(bySection["data-protection"].after).toMatchObject({ holdsPersonalData: true, dpiaCompleted: true });
    const submitted = JSON.parse(rows.at(-1)!.after!);
    expect(submitted).toMatchObject({ status: "submitted", requestedPence: 180_225, totalCostPence: 230_280, matchFundingPence: 50_055 });
  });

  it("withdrawing the submitted bid works, frees the allocation, and a second withdrawal is refused (409)", async () => {
    const page = await run<any>(withdraw.loader, await request("meltonLead", `/bids/${bidId}/withdraw`), { bidId: String(bidId) });
    expect(page.status).toBe(200);
    const version = page.data.bid.version;
    const res = await run(withdraw.action, await request("meltonLead", `/bids/${bidId}/withdraw`, { version: String(version) }), { bidId: String(bidId) });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/bids/${bidId}?done=withdrawn`);
    expect(bidRow(bidId)!.status).toBe("withdrawn");
    expect(auditRows(bidId).at(-1)!.action).toBe("bid.withdrawn");

    const dash = await run<any>(dashboard.loader, await request("meltonLead", "/"));
    expect(currentRound(dash.data).awaitingPence).toBe(0);

    const before = bidSnapshot(bidId);
    for (const v of [version + 1, version]) {
      const again = await run<any>(withdraw.action, await request("meltonLead", `/bids/${bidId}/withdraw`, { version: String(v) }), { bidId: String(bidId) });
      expect(again.status).toBe(409);
      expect(again.data.formError).toMatch(/already been withdrawn/);
    }
    expect(bidSnapshot(bidId)).toEqual(before);
    const gone = await run(withdraw.loader, await request("meltonLead", `/bids/${bidId}/withdraw`), { bidId: String(bidId) });
    expect(gone.status).toBe(302);
    expect(gone.location).toBe(`/bids/${bidId}`);
  });
});

describe("submitting a bid that is not finished", () => {
  it("is refused (400) with the problems listed by section, and the bid stays a draft", async () => {
    const bidId = await startBid(currentRoundId(), "Half-written idea");
    const check = await run<any>(submit.loader, await request("meltonLead", `/bids/${bidId}/submit`), { bidId: String(bidId) });
    expect(check.status).toBe(200);
    const expectedSections = ["details", "priorities", "costs", "outcomes", "risks", "data-protection"];
    expect([...new Set(check.data.problems.map((p: any) => p.section))]).toEqual(expectedSections);
    // The check page offers no declaration (it would be for £0.00) and so no Submit.
    expect(check.data.declaration).toBeNull();
    // The confirmation page is not there for a draft: it goes to the bid.
    const early = await run(submitted.loader, await request("meltonLead", `/bids/${bidId}/submitted`), { bidId: String(bidId) });
    expect([early.status, early.location]).toEqual([302, `/bids/${bidId}`]);

    const before = bidSnapshot(bidId);
    const res = await run<any>(submit.action, await request("meltonLead", `/bids/${bidId}/submit`, { version: "1" }), { bidId: String(bidId) });
    expect(res.status).toBe(400);
    expect(res.data.formError).toMatch(/not submitted/);
    expect([...new Set(res.data.problems.map((p: any) => p.section))]).toEqual(expectedSections);
    const messages = res.data.problems.map((p: any) => p.message);
    expect(messages).toContain("Enter a summary of the project");
    expect(messages).toContain("Select at least one Police and Crime Plan priority");
    expect(messages).toContain("Add at least one cost line");
    expect(messages).toContain("Add at least one risk");
    expect(bidSnapshot(bidId)).toEqual(before);
    expect(bidRow(bidId)!.status).toBe("draft");
  });

  it("a bid filled in apart from one section lists only that section", async () => {
    const bidId = await startBid(currentRoundId(), "Nearly there");
    const forms = currentSectionForms() as Record<Section, Form>;
    await fillSections(bidId, { ...forms, risks: {} });
    const version = bidRow(bidId)!.version;
    const res = await run<any>(submit.action, await request("meltonLead", `/bids/${bidId}/submit`, { version: String(version) }), { bidId: String(bidId) });
    expect(res.status).toBe(400);
    expect(res.data.problems).toEqual([{ section: "risks", field: "risks-0-description", message: "Add at least one risk" }]);
    expect(bidRow(bidId)!.status).toBe("draft");
  });
});

describe("the current round's remaining allocation, to the penny", () => {
  // Melton has £31,000.00 in this year's round and nothing asked yet.
  it("a bid asking for £31,000.01 is refused with a message naming the £31,000.00 left", async () => {
    const bidId = await startBid(currentRoundId(), "Christmas marshals (too dear)");
    await fillSections(bidId, annualForms("31000.01"));
    const check = await run<any>(submit.loader, await request("meltonLead", `/bids/${bidId}/submit`), { bidId: String(bidId) });
    expect(check.data.problems).toHaveLength(1);
    const before = bidSnapshot(bidId);
    const res = await run<any>(submit.action, await request("meltonLead", `/bids/${bidId}/submit`, { version: String(before.bid!.version) }), { bidId: String(bidId) });
    expect(res.status).toBe(400);
    expect(res.data.problems).toHaveLength(1);
    expect(res.data.problems[0].section).toBe("costs");
    expect(res.data.problems[0].message).toContain("£31,000.01");
    expect(res.data.problems[0].message).toContain("£31,000.00");
    expect(bidSnapshot(bidId)).toEqual(before);
  });

  it("a bid asking for exactly £31,000.00 is accepted, and nothing is left", async () => {
    const bidId = await startBid(currentRoundId(), "Christmas marshals");
    await fillSections(bidId, annualForms("31000.00"));
    const version = bidRow(bidId)!.version;
    const res = await run(submit.action, await request("meltonLead", `/bids/${bidId}/submit`, { version: String(version) }), { bidId: String(bidId) });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/bids/${bidId}/submitted`);
    const dash = await run<any>(dashboard.loader, await request("meltonLead", "/"));
    expect(currentRound(dash.data).awaitingPence).toBe(3_100_000);
    expect(currentRound(dash.data).remainingPence).toBe(0);
  });

  it("after that, even a penny more is refused", async () => {
    const bidId = await startBid(currentRoundId(), "One more penny");
    await fillSections(bidId, annualForms("0.01"));
    const version = bidRow(bidId)!.version;
    const res = await run<any>(submit.action, await request("meltonLead", `/bids/${bidId}/submit`, { version: String(version) }), { bidId: String(bidId) });
    expect(res.status).toBe(400);
    expect(res.data.problems.map((p: any) => p.message).join(" ")).toContain("£0.00");
    expect(bidRow(bidId)!.status).toBe("draft");
  });
});

describe("money to the penny", () => {
  it("half a penny rounds up, less than half rounds down, and the list's SQL total matches the bid page", async () => {
    const bidId = await startBid(currentRoundId(), "Rounding");
    const fy = String(currentYear().id);
    const line = (i: number, quantity: string, unitPrice: string): Form => ({
      [`costs.${i}.description`]: `Line ${i}`,
      [`costs.${i}.quantity`]: quantity,
      [`costs.${i}.unitPrice`]: unitPrice,
      [`costs.${i}.expenditureType`]: "revenue",
      [`costs.${i}.recurrence`]: "one_off",
      [`costs.${i}.financialYearId`]: fy,
    });
    const form = { version: "1", ...line(0, "1", "0.005"), ...line(1, "3", "0.3333"), ...line(2, "2.5", "0.1535"), ...line(3, "10,000", "0.1535"), ...line(4, "20", "38.39") };
    const res = await run(edit.action, await request("meltonLead", `/bids/${bidId}/edit/costs`, form), { bidId: String(bidId), section: "costs" });
    expect(res.status).toBe(302);
    const page = await run<any>(bidPage.loader, await request("meltonLead", `/bids/${bidId}`), { bidId: String(bidId) });
    // £0.005 → 1p; 3 × £0.3333 = £0.9999 → 100p; 2.5 × £0.1535 = £0.38375 → 38p
    expect(page.data.bid.costLines.map((l: any) => l.totalPence)).toEqual([1, 100, 38, 153_500, 76_780]);
    expect(page.data.bid.totalCostPence).toBe(230_419);
    const list = await run<any>(bidList.loader, await request("meltonLead", `/bids?round=${currentRoundId()}&status=draft&sort=title&dir=asc`));
    const row = list.data.result.rows.find((r: any) => r.id === bidId);
    expect(row.requestedPence).toBe(230_419);
  });

  it("'save and add another' keeps the lead on the same section", async () => {
    const bidId = await startBid(currentRoundId(), "Add another");
    const forms = currentSectionForms();
    const res = await run(edit.action, await request("meltonLead", `/bids/${bidId}/edit/costs`, { ...forms.costs, version: "1", intent: "add" }), { bidId: String(bidId), section: "costs" });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/bids/${bidId}/edit/costs?saved=1#add`);
    const page = await run<any>(edit.loader, await request("meltonLead", `/bids/${bidId}/edit/costs?saved=1`), { bidId: String(bidId), section: "costs" });
    expect(page.data.saved).toBe(true);
    expect(page.data.bid.costLines).toHaveLength(2);
  });

  it("ticking 'remove' on a row drops it when the section is saved", async () => {
    const bidId = await startBid(currentRoundId(), "Remove a row");
    const forms = currentSectionForms();
    await run(edit.action, await request("meltonLead", `/bids/${bidId}/edit/costs`, { ...forms.costs, version: "1" }), { bidId: String(bidId), section: "costs" });
    const res = await run(edit.action, await request("meltonLead", `/bids/${bidId}/edit/costs`, { ...forms.costs, "costs.0.remove": "yes", version: "2" }), { bidId: String(bidId), section: "costs" });
    expect(res.status).toBe(302);
    expect(bidSnapshot(bidId).costLines.map((l) => l.description)).toEqual(["450mm convex mirror"]);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import * as edit from "../../app/routes/bids.$bidId.edit.$section";
import * as submit from "../../app/routes/bids.$bidId.submit";
import * as withdraw from "../../app/routes/bids.$bidId.withdraw";
import { request, run, userId } from "../support/requests";
import { auditCount, auditRows, bidIdByTitle, bidRow, bidSnapshot, makeUser, requestAsUser, validSectionForms } from "./helpers";

/**
 * Two people editing the same draft. A save is refused (409) only when the section it would
 * overwrite changed after its page was opened: whoever saves a section second is told who changed
 * that section and when, and given back what they typed, and the first save is what is stored. Two
 * people on two different sections both save. Submitting and withdrawing act on the whole bid, so
 * they still need the whole bid unchanged. Decision record 16.
 */

/** A section's page as the given user opens it: the bid's version and the section's fingerprint, which its form sends back. */
async function open(who: "meltonLead" | number, bidId: number, section: string): Promise<{ version: string; fingerprint: string }> {
  const path = `/bids/${bidId}/edit/${section}`;
  const page = await run<any>(edit.loader, who === "meltonLead" ? await request(who, path) : await requestAsUser(who, path), { bidId: String(bidId), section });
  expect(page.status).toBe(200);
  expect(page.data.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  return { version: String(page.data.bid.version), fingerprint: page.data.fingerprint };
}

/** Saves a section from a page opened earlier. */
async function save(who: "meltonLead" | number, bidId: number, section: string, form: Record<string, string | string[]>, openedAt: { version: string; fingerprint: string }) {
  const path = `/bids/${bidId}/edit/${section}`;
  const body = { ...form, ...openedAt };
  return run<any>(edit.action, who === "meltonLead" ? await request(who, path, body) : await requestAsUser(who, path, body), { bidId: String(bidId), section });
}

const FIRST = "Aysha Rahman"; // the demo Melton lead
let secondLead: number;

beforeAll(async () => {
  secondLead = await makeUser({ email: "second.lead.melton@demo.opcc.test", name: "Priya Shah", role: "csp_lead", orgCode: "melton" });
});

describe("two Melton leads saving the same section of one draft", () => {
  const bid = bidIdByTitle("Target hardening");
  const forms = validSectionForms();
  let aysha: { version: string; fingerprint: string };
  let priya: { version: string; fingerprint: string };
  let priyaRisks: { version: string; fingerprint: string };
  let afterFirst: ReturnType<typeof bidSnapshot>;
  let secondForm: Record<string, string | string[]>;

  it("both open the details page at the same version, with the same fingerprint", async () => {
    aysha = await open("meltonLead", bid, "details");
    priya = await open(secondLead, bid, "details");
    priyaRisks = await open(secondLead, bid, "risks");
    expect(priya).toEqual(aysha);
    expect(priyaRisks.fingerprint).not.toBe(priya.fingerprint);
  });

  it("the first save goes through", async () => {
    const audit = auditCount(bid);
    const res = await save("meltonLead", bid, "details", { ...forms.details, title: "Target hardening: Aysha's version" }, aysha);
    expect(res.status).toBe(302);
    afterFirst = bidSnapshot(bid);
    expect(afterFirst.bid!.version).toBe(Number(aysha.version) + 1);
    expect(auditCount(bid)).toBe(audit + 1);
  });

  it("the second save of the same section is refused (409), names the first editor and says the section changed, and gives back what was typed", async () => {
    secondForm = { ...forms.details, title: "Target hardening: Priya's version", need: "Priya's evidence", ...priya };
    const res = await run<any>(edit.action, await requestAsUser(secondLead, `/bids/${bid}/edit/details`, secondForm), { bidId: String(bid), section: "details" });
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(new RegExp(`^${FIRST} changed this section on .+, after you opened this page\\. Your changes have not been saved\\.`));
    expect(res.data.values).toEqual(secondForm);
    expect(res.data.errors).toEqual({});
  });

  it("the first save is what is stored, and the refused save left no audit row", () => {
    const now = bidSnapshot(bid);
    expect(now).toEqual(afterFirst);
    expect(now.bid!.title).toBe("Target hardening: Aysha's version");
    expect(now.bid!.updatedBy).toBe(userId("meltonLead"));
    expect(auditRows(bid).at(-1)!.userId).toBe(userId("meltonLead"));
  });

  it("sending the stale form again is refused again, until the page is reloaded", async () => {
    const res = await run<any>(edit.action, await requestAsUser(secondLead, `/bids/${bid}/edit/details`, secondForm), { bidId: String(bid), section: "details" });
    expect(res.status).toBe(409);
    expect(bidSnapshot(bid)).toEqual(afterFirst);
  });

  it("a form without the section's fingerprint (a page from before fingerprints) is held to the whole bid's version", async () => {
    const res = await run<any>(edit.action, await requestAsUser(secondLead, `/bids/${bid}/edit/risks`, { ...forms.risks, version: priya.version }), { bidId: String(bid), section: "risks" });
    expect(res.status).toBe(409);
    expect(res.data.formError).toContain(`${FIRST} changed this bid on `);
    expect(bidSnapshot(bid)).toEqual(afterFirst);
  });

  it("submitting or withdrawing from the old version is refused (409) with the first editor's name: they act on the whole bid", async () => {
    const sub = await run<any>(submit.action, await requestAsUser(secondLead, `/bids/${bid}/submit`, { version: priya.version }), { bidId: String(bid) });
    expect(sub.status).toBe(409);
    expect(sub.data.formError).toContain(FIRST);
    const wd = await run<any>(withdraw.action, await requestAsUser(secondLead, `/bids/${bid}/withdraw`, { version: priya.version }), { bidId: String(bid) });
    expect(wd.status).toBe(409);
    expect(wd.data.formError).toContain(FIRST);
    expect(bidSnapshot(bid)).toEqual(afterFirst);
    expect(bidRow(bid)!.status).toBe("draft");
  });

  it("a save of another section, opened before the first save, goes through: the first save did not touch it", async () => {
    const res = await save(secondLead, bid, "risks", forms.risks, priyaRisks);
    expect(res.status).toBe(302);
    const now = bidSnapshot(bid);
    expect(now.risks.map((r) => r.description)).toEqual(["Supplier delays"]);
    expect(now.bid!.title).toBe("Target hardening: Aysha's version");
    expect(now.bid!.version).toBe(afterFirst.bid!.version + 1);
    expect(auditRows(bid).at(-1)).toMatchObject({ userId: secondLead, action: "bid.section.risks.saved" });
  });

  it("after reloading, the second lead's save goes through, and the next stale save of that section names them, not whoever changed the bid last", async () => {
    const reloaded = await open(secondLead, bid, "details");
    expect(reloaded.fingerprint).not.toBe(priya.fingerprint);
    const res = await save(secondLead, bid, "details", secondForm, reloaded);
    expect(res.status).toBe(302);
    expect(bidRow(bid)!.title).toBe("Target hardening: Priya's version");

    // Aysha then saves the risks (so she changed the bid last), and sends her details page, opened before Priya's save.
    const ayshaRisks = await open("meltonLead", bid, "risks");
    expect((await save("meltonLead", bid, "risks", { ...forms.risks, "risks.0.mitigation": "Two suppliers quoted." }, ayshaRisks)).status).toBe(302);
    expect(bidRow(bid)!.updatedBy).toBe(userId("meltonLead"));
    const late = await save("meltonLead", bid, "details", forms.details, reloaded);
    expect(late.status).toBe(409);
    expect(late.data.formError).toMatch(/^Priya Shah changed this section on /);
    // Her own risks page, sent again after she saved it: her own change, from another tab or window, not "Aysha Rahman changed…".
    const again = await save("meltonLead", bid, "risks", { ...forms.risks, "risks.0.mitigation": "Three suppliers quoted." }, ayshaRisks);
    expect(again.status).toBe(409);
    expect(again.data.formError).toMatch(/^You changed this section on .+ in another tab or window after you opened this page\. Your changes have not been saved\./);
    expect(bidRow(bid)!.title).toBe("Target hardening: Priya's version");
  });
});

describe("two people saving two sections of one draft", () => {
  it("both saves go through, each audited as its author's, and neither undoes the other", async () => {
    const bid = bidIdByTitle("Solar lighting at Play Close Park");
    const forms = validSectionForms();
    const before = bidSnapshot(bid);
    // Both open their pages before either saves.
    const ayshaCosts = await open("meltonLead", bid, "costs");
    const priyaOutcomes = await open(secondLead, bid, "outcomes");
    expect(ayshaCosts.version).toBe(priyaOutcomes.version);

    const first = await save("meltonLead", bid, "costs", forms.costs, ayshaCosts);
    expect(first.status).toBe(302);
    const second = await save(secondLead, bid, "outcomes", forms.outcomes, priyaOutcomes);
    expect(second.status, JSON.stringify(second.data)).toBe(302);

    const now = bidSnapshot(bid);
    expect(now.costLines.map((l) => [l.description, l.quantityHundredths, l.unitPriceTenThousandths])).toEqual([
      ["Drink covers", 1_000_000, 1_535],
      ["450mm convex mirror", 2_000, 383_900],
    ]);
    expect(now.outcomes.map((o) => [o.measure, o.baseline, o.target])).toEqual([["ASB incidents reported in Egerton Park", "12", "8.5"]]);
    expect(now.bid!.version).toBe(before.bid!.version + 2);
    expect(now.bid!.updatedBy).toBe(secondLead);
    expect(auditRows(bid).slice(-2).map((r) => [r.userId, r.action])).toEqual([
      [userId("meltonLead"), "bid.section.costs.saved"],
      [secondLead, "bid.section.outcomes.saved"],
    ]);
  });
});

describe("a double-clicked save", () => {
  it("stores the first and refuses the repeat (409) without a second audit row", async () => {
    const bid = bidIdByTitle("Buddy by M");
    const id = String(bid);
    const form = { ...validSectionForms().costs, ...(await open("meltonLead", bid, "costs")) };
    const audit = auditCount(bid);
    const first = await run(edit.action, await request("meltonLead", `/bids/${id}/edit/costs`, form), { bidId: id, section: "costs" });
    const second = await run<any>(edit.action, await request("meltonLead", `/bids/${id}/edit/costs`, form), { bidId: id, section: "costs" });
    expect(first.status).toBe(302);
    expect(second.status).toBe(409);
    expect(second.data.formError).toMatch(/^You changed this section on /);
    expect(auditCount(bid)).toBe(audit + 1);
    expect(bidSnapshot(bid).costLines).toHaveLength(2);
  });
});

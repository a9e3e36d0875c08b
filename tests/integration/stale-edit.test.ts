import { beforeAll, describe, expect, it } from "vitest";
import * as edit from "../../app/routes/bids.$bidId.edit.$section";
import * as submit from "../../app/routes/bids.$bidId.submit";
import * as withdraw from "../../app/routes/bids.$bidId.withdraw";
import { request, run, userId } from "../support/requests";
import { auditCount, auditRows, bidIdByTitle, bidRow, bidSnapshot, makeUser, requestAsUser, validSectionForms } from "./helpers";

/**
 * Two people editing the same draft: whoever saves second from the same version is refused (409),
 * told who changed it, and given back what they typed. The first save is what is stored.
 */

const FIRST = "Aysha Rahman"; // the demo Melton lead
let secondLead: number;

beforeAll(async () => {
  secondLead = await makeUser({ email: "second.lead.melton@demo.opcc.test", name: "Priya Shah", role: "csp_lead", orgCode: "melton" });
});

describe("two Melton leads saving the same draft", () => {
  const bid = bidIdByTitle("Target hardening");
  const id = String(bid);
  const forms = validSectionForms();
  let loadedAt: number;
  let afterFirst: ReturnType<typeof bidSnapshot>;
  let secondForm: Record<string, string | string[]>;

  it("both open the details page at the same version", async () => {
    const a = await run<any>(edit.loader, await request("meltonLead", `/bids/${id}/edit/details`), { bidId: id, section: "details" });
    const b = await run<any>(edit.loader, await requestAsUser(secondLead, `/bids/${id}/edit/details`), { bidId: id, section: "details" });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.data.bid.version).toBe(b.data.bid.version);
    loadedAt = a.data.bid.version;
  });

  it("the first save goes through", async () => {
    const audit = auditCount(bid);
    const res = await run(edit.action, await request("meltonLead", `/bids/${id}/edit/details`, { ...forms.details, title: "Target hardening: Aysha's version", version: String(loadedAt) }), { bidId: id, section: "details" });
    expect(res.status).toBe(302);
    afterFirst = bidSnapshot(bid);
    expect(afterFirst.bid!.version).toBe(loadedAt + 1);
    expect(auditCount(bid)).toBe(audit + 1);
  });

  it("the second save from the same version is refused (409), names the first editor, and gives back what was typed", async () => {
    secondForm = { ...forms.details, title: "Target hardening: Priya's version", need: "Priya's evidence", version: String(loadedAt) };
    const res = await run<any>(edit.action, await requestAsUser(secondLead, `/bids/${id}/edit/details`, secondForm), { bidId: id, section: "details" });
    expect(res.status).toBe(409);
    expect(res.data.formError).toContain(FIRST);
    expect(res.data.formError).toMatch(/not been saved/);
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
    const res = await run<any>(edit.action, await requestAsUser(secondLead, `/bids/${id}/edit/details`, secondForm), { bidId: id, section: "details" });
    expect(res.status).toBe(409);
    expect(bidSnapshot(bid)).toEqual(afterFirst);
  });

  it("the version covers the whole bid: a stale save of another section is refused too", async () => {
    const res = await run<any>(edit.action, await requestAsUser(secondLead, `/bids/${id}/edit/risks`, { ...forms.risks, version: String(loadedAt) }), { bidId: id, section: "risks" });
    expect(res.status).toBe(409);
    expect(res.data.formError).toContain(FIRST);
    expect(bidSnapshot(bid)).toEqual(afterFirst);
  });

  it("submitting or withdrawing from the old version is refused (409) with the first editor's name", async () => {
    const sub = await run<any>(submit.action, await requestAsUser(secondLead, `/bids/${id}/submit`, { version: String(loadedAt) }), { bidId: id });
    expect(sub.status).toBe(409);
    expect(sub.data.formError).toContain(FIRST);
    const wd = await run<any>(withdraw.action, await requestAsUser(secondLead, `/bids/${id}/withdraw`, { version: String(loadedAt) }), { bidId: id });
    expect(wd.status).toBe(409);
    expect(wd.data.formError).toContain(FIRST);
    expect(bidSnapshot(bid)).toEqual(afterFirst);
    expect(bidRow(bid)!.status).toBe("draft");
  });

  it("after reloading, the second lead's save goes through and the next stale save names them", async () => {
    const page = await run<any>(edit.loader, await requestAsUser(secondLead, `/bids/${id}/edit/details`), { bidId: id, section: "details" });
    expect(page.data.bid.version).toBe(loadedAt + 1);
    const res = await run(edit.action, await requestAsUser(secondLead, `/bids/${id}/edit/details`, { ...secondForm, version: String(loadedAt + 1) }), { bidId: id, section: "details" });
    expect(res.status).toBe(302);
    expect(bidRow(bid)!.title).toBe("Target hardening: Priya's version");

    const late = await run<any>(edit.action, await request("meltonLead", `/bids/${id}/edit/details`, { ...forms.details, version: String(loadedAt + 1) }), { bidId: id, section: "details" });
    expect(late.status).toBe(409);
    expect(late.data.formError).toContain("Priya Shah");
    expect(bidRow(bid)!.title).toBe("Target hardening: Priya's version");
  });
});

describe("a double-clicked save", () => {
  it("stores the first and refuses the repeat (409) without a second audit row", async () => {
    const bid = bidIdByTitle("Buddy by M");
    const id = String(bid);
    const version = String(bidRow(bid)!.version);
    const form = { ...validSectionForms().costs, version };
    const audit = auditCount(bid);
    const first = await run(edit.action, await request("meltonLead", `/bids/${id}/edit/costs`, form), { bidId: id, section: "costs" });
    const second = await run<any>(edit.action, await request("meltonLead", `/bids/${id}/edit/costs`, form), { bidId: id, section: "costs" });
    expect(first.status).toBe(302);
    expect(second.status).toBe(409);
    expect(second.data.formError).toContain(FIRST);
    expect(auditCount(bid)).toBe(audit + 1);
    expect(bidSnapshot(bid).costLines).toHaveLength(2);
  });
});

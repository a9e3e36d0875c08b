import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { recordDecision } from "../../app/data/decisions.server";
import { removeEvidence } from "../../app/data/evidence.server";
import { acceptOffer as acceptOfferData } from "../../app/data/grants.server";
import { recordPayment } from "../../app/data/payments.server";
import { saveReturn } from "../../app/data/return-editing.server";
import { acceptReturn } from "../../app/data/return-reviews.server";
import { closeYear, yearChecklistCounts, findYearByLabel, yearToken } from "../../app/data/year-end.server";
import { grantClosure, returnClosure } from "../../app/data/year-lock.server";
import { getBidDetail } from "../../app/data/bids.server";
import { isYearLockTriggerError, YearClosedError } from "../../app/domain/year-lock";
import { virementLines } from "../../app/data/variations.server";
import * as transferPage from "../../app/routes/grants.$grantId_.transfers.new";
import * as decisionPage from "../../app/routes/bids.$bidId.decision";
import * as acceptPage from "../../app/routes/grants.$grantId.accept";
import * as declinePage from "../../app/routes/grants.$grantId.decline";
import * as extendPage from "../../app/routes/grants.$grantId.extend-offer";
import * as grantPage from "../../app/routes/grants.$grantId._index";
import * as paymentsPage from "../../app/routes/grants.$grantId_.payments";
import * as returnPage from "../../app/routes/grants.$grantId_.returns.$returnId._index";
import * as editPage from "../../app/routes/grants.$grantId_.returns.$returnId.edit";
import * as submitPage from "../../app/routes/grants.$grantId_.returns.$returnId.submit";
import * as evidencePage from "../../app/routes/grants.$grantId_.returns.$returnId_.evidence";
import * as yearPage from "../../app/routes/finance.year-end.$fy";
import * as yearsPage from "../../app/routes/finance.year-end._index";
import { decideGrant, returnsAccepted } from "../support/accepted-grant";
import { makeAcceptedGrant } from "../support/accepted-grant";
import { decisionInput } from "../support/decision-input";
import { request, run, userId, type DemoUser } from "../support/requests";
import { uploadRequest } from "../support/uploads";
import { bidIdByTitle } from "./helpers";

/**
 * Closing a financial year and the lock it puts on every write path (decision record 022). The
 * test's own grants are made on 2023-24 (a Melton grant of a test stream, a Safer Streets 5 grant
 * running into 2024-25, and a seeded bid decided and left offered), then 2023-24 is closed and
 * every action that could change it is tried: each answers 409 with who closed the year, and
 * nothing changes. Closing and reopening through the page are tried on a year of its own.
 */

let annual: { grantId: number; bidId: number; returnIds: number[] };
let ss5: { grantId: number; bidId: number; returnIds: number[] };
let offered: number; // Convex mirrors: decided, offer not answered
let undecidedBid: number; // Drink Safe: submitted, not decided
let evidenceId: number;
let heldInstalment: number;
let invoicedClawback: number;

const CLOSED = /^2023-24 was closed by Femi Adeyemi on 28 June 2024, so nothing in it can be changed\./;

const fingerprint = () =>
  db().get<Record<string, number>>(sql`
    select (select count(*) from payments) as payments, (select count(*) from payment_hold_releases) as releases,
           (select count(*) from return_evidence where removed_at is null) as evidence, (select count(*) from decisions) as decisions,
           (select coalesce(sum(version), 0) from grant_returns) as returnVersions, (select coalesce(sum(version), 0) from grants) as grantVersions,
           (select count(*) from return_reviews) as reviews, (select count(*) from audit_log) as audit, (select count(*) from outbox) as outbox`);

const versionOfReturn = (id: number) => db().get<{ v: number }>(sql`select version as v from grant_returns where id = ${id}`).v;
const versionOfGrant = (id: number) => db().get<{ v: number }>(sql`select version as v from grants where id = ${id}`).v;

function closeForTest(label: string, at = "2024-06-28T15:00:00.000Z") {
  const year = findYearByLabel(label)!;
  db().run(sql`insert into financial_year_closures (financial_year_id, closed_by, closed_at) values (${year.id}, ${userId("finance")}, ${at})`);
  db().run(sql`update financial_years set status = 'closed' where id = ${year.id}`);
}
function reopenForTest(label: string) {
  const year = findYearByLabel(label)!;
  db().run(sql`update financial_year_closures set reopened_by = ${userId("admin")}, reopened_at = '2024-07-01T09:00:00.000Z', reopen_reason = 'test' where financial_year_id = ${year.id} and reopened_at is null`);
  db().run(sql`update financial_years set status = 'open' where id = ${year.id}`);
}

beforeAll(() => {
  annual = makeAcceptedGrant("Year lock: outreach and a camera", "annual");
  ss5 = makeAcceptedGrant("Year lock: Safer Streets lighting", "ss5");
  offered = decideGrant("Convex mirrors at four sites");
  undecidedBid = bidIdByTitle("Drink Safe");
  const [q1, q2, q3] = annual.returnIds;
  // Q1 accepted (may be reopened), Q2 submitted (may be accepted or queried), Q3 in progress (may be edited).
  returnsAccepted(annual.grantId, "2023-07-30");
  db().run(sql`update grant_returns set status = 'submitted', first_submitted_at = '2023-10-20T09:00:00.000Z', submitted_at = '2023-10-20T09:00:00.000Z', version = version + 1 where id = ${q2}`);
  db().run(sql`update grant_returns set status = 'in_progress', version = version + 1 where id = ${q3}`);
  evidenceId = db().get<{ id: number }>(sql`
    insert into return_evidence (return_id, stored_name, file_name, content_type, size_bytes, sha256, scan, description, uploaded_by, uploaded_at)
    values (${q3}, 'year-lock-test.pdf', 'invoice.pdf', 'application/pdf', 10, ${"0".repeat(64)}, 'not_scanned', '', ${userId("meltonLead")}, '2024-01-10T10:00:00.000Z') returning id`).id;
  heldInstalment = db().get<{ id: number }>(sql`select id from grant_payments where grant_id = ${annual.grantId} order by due_on desc limit 1`).id;
  const fy = findYearByLabel("2023-24")!;
  invoicedClawback = db().get<{ id: number }>(sql`
    insert into grant_recoveries (grant_id, financial_year_id, amount_pence, reason, status, created_at, created_by, invoice_reference, invoiced_on, invoiced_by)
    values (${annual.grantId}, ${fy.id}, 14250, 'Paid and not spent', 'invoiced', '2024-05-01T10:00:00.000Z', ${userId("finance")}, 'INV-1', '2024-05-02', ${userId("finance")}) returning id`).id;
  void q1;
});

describe("the year-end page", () => {
  const get = async (who: DemoUser, fy = "2023-24", query = "") => run<any>(yearPage.loader, await request(who, `/finance/year-end/${fy}${query}`), { fy });

  it("is OPCC staff's: a CSP lead and a partnership's council finance officer get 403", async () => {
    expect((await get("meltonLead")).status).toBe(403);
    expect((await get("meltonFinance")).status).toBe(403);
    expect((await run(yearsPage.loader, await request("meltonFinance", "/finance/year-end"))).status).toBe(403);
    for (const who of ["reviewer", "finance", "admin"] as const) expect((await get(who)).status).toBe(200);
    expect((await run<any>(yearsPage.loader, await request("finance", "/finance/year-end"))).data.years.map((y: { label: string }) => y.label)).toContain("2023-24");
  });

  it("answers 404 for a year that is not one, or not in the portal", async () => {
    for (const fy of ["2023-25", "2023", "abcd-ef", "1999-00"]) expect((await get("finance", fy)).status).toBe(404);
  });

  it("counts what blocks 2023-24, per partnership, with links to each thing", async () => {
    const res = await get("finance", "2023-24", `?csp=${db().get<{ id: number }>(sql`select csp_id as id from grants where id = ${annual.grantId}`).id}`);
    const { items, clear, csps, chosen, canClose, canReopen } = res.data;
    expect(clear).toBe(false);
    expect(canClose).toBe(true);
    expect(canReopen).toBe(false);
    const returns = items.find((i: { key: string }) => i.key === "returns");
    expect(returns.clear).toBe(false);
    expect(items.find((i: { key: string }) => i.key === "offers").count).toBeGreaterThanOrEqual(0);
    expect(csps.rows[0].cspName).toBe("Safer Melton Partnership");
    expect(chosen.blockers.returns.map((b: { href: string }) => b.href)).toContain(`/grants/${annual.grantId}/returns/${annual.returnIds[1]}`);
    // The payments of a grant ending in 2023-24 are reconciled here; the Safer Streets grant ends in 2024-25.
    expect(chosen.blockers.payments.map((b: { href: string }) => b.href)).not.toContain(`/finance/grants/${ss5.grantId}`);
  });

  it("refuses to close a year while anything blocks it (409, saying what), and a CSP lead, council finance or reviewer cannot close (403)", async () => {
    const year = findYearByLabel("2023-24")!;
    const form = { intent: "close", token: yearToken(year.id), confirm: "yes" };
    for (const who of ["meltonLead", "meltonFinance", "reviewer", "admin"] as const) {
      expect((await run(yearPage.action, await request(who, "/finance/year-end/2023-24", form), { fy: "2023-24" })).status).toBe(403);
    }
    const res = await run<any>(yearPage.action, await request("finance", "/finance/year-end/2023-24", form), { fy: "2023-24" });
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(/^The year cannot be closed yet: .*returns? ha(s|ve) not been accepted/);
    expect(findYearByLabel("2023-24")!.status).toBe("open");
  });

  it("closes an all-clear year with a confirmation, audited and e-mailed; only an administrator reopens it, with a reason", async () => {
    const label = "2025-26";
    const year = findYearByLabel(label)!;
    expect(yearChecklistCounts(year, { today: "2026-12-01" })).toMatchObject({ returnsNotAccepted: 0, offersOpen: 0 });
    const path = `/finance/year-end/${label}`;
    const unconfirmed = await run<any>(yearPage.action, await request("finance", path, { intent: "close", token: yearToken(year.id) }), { fy: label });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.data.errors.confirm).toBe("Confirm that you have checked the year and want to close it");
    const stale = await run<any>(yearPage.action, await request("finance", path, { intent: "close", token: "open:999", confirm: "yes" }), { fy: label });
    expect(stale.status).toBe(409);

    const mailBefore = db().get<{ n: number }>(sql`select count(*) as n from outbox`).n;
    const closed = await run(yearPage.action, await request("finance", path, { intent: "close", token: yearToken(year.id), confirm: "yes" }), { fy: label });
    expect(closed).toMatchObject({ status: 302, location: `${path}?done=closed` });
    expect(findYearByLabel(label)!.status).toBe("closed");
    expect(db().get<{ n: number }>(sql`select count(*) as n from audit_log where action = 'year.closed' and entity_id = ${year.id}`).n).toBe(1);
    expect(db().get<{ n: number }>(sql`select count(*) as n from outbox`).n).toBeGreaterThan(mailBefore);
    const page = await get("finance", label);
    expect(page.data.closedMessage).toMatch(/^2025-26 was closed by Femi Adeyemi on /);
    expect(page.data.canClose).toBe(false);
    expect(page.data.history).toHaveLength(1);

    const token = yearToken(year.id);
    expect((await run(yearPage.action, await request("finance", path, { intent: "reopen", token, reason: "A payment was keyed wrongly." }), { fy: label })).status).toBe(403);
    const noReason = await run<any>(yearPage.action, await request("admin", path, { intent: "reopen", token, reason: " " }), { fy: label });
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors.reason).toBe("Enter why the year is reopened");
    const reopened = await run(yearPage.action, await request("admin", path, { intent: "reopen", token, reason: "A payment was keyed wrongly." }), { fy: label });
    expect(reopened).toMatchObject({ status: 302, location: `${path}?done=reopened` });
    expect(findYearByLabel(label)!.status).toBe("open");
    const after = await get("admin", label);
    expect(after.data.history[0]).toMatchObject({ closedByName: "Femi Adeyemi", reopenReason: "A payment was keyed wrongly." });
    expect(db().get<{ n: number }>(sql`select count(*) as n from audit_log where action = 'year.reopened' and entity_id = ${year.id}`).n).toBe(1);
    // The same reopen again, from the page as it was: refused as stale.
    expect((await run(yearPage.action, await request("admin", path, { intent: "reopen", token, reason: "Again" }), { fy: label })).status).toBe(409);
  });
});

describe("a closed year refuses every change", () => {
  beforeAll(() => closeForTest("2023-24"));

  const [q1, q2, q3] = [0, 1, 2].map((i) => () => annual.returnIds[i]);
  const retParams = (returnId: number) => ({ grantId: String(annual.grantId), returnId: String(returnId) });
  const retPath = (returnId: number, rest = "") => `/grants/${annual.grantId}/returns/${returnId}${rest}`;
  const grantParams = (grantId: number) => ({ grantId: String(grantId) });

  /** Every action route that writes to a year's records. Add a row for each new one (variations, clawbacks). */
  const WRITES: { name: string; who: DemoUser; call: () => Promise<Request>; action: (args: any) => unknown; params: () => Record<string, string> }[] = [
    { name: "save a return", who: "meltonLead", action: editPage.action, params: () => retParams(q3()), call: () => request("meltonLead", retPath(q3(), "/edit"), { intent: "save", version: String(versionOfReturn(q3())) }) },
    { name: "submit a return", who: "meltonLead", action: submitPage.action, params: () => retParams(q3()), call: () => request("meltonLead", retPath(q3(), "/submit"), { version: String(versionOfReturn(q3())) }) },
    { name: "certify a return", who: "meltonFinance", action: returnPage.action, params: () => retParams(q3()), call: () => request("meltonFinance", retPath(q3()), { intent: "certify", version: String(versionOfReturn(q3())), certifiedName: "A", certifiedRole: "B", "certifiedOn.day": "1", "certifiedOn.month": "5", "certifiedOn.year": "2024" }) },
    { name: "accept a return", who: "reviewer", action: returnPage.action, params: () => retParams(q2()), call: () => request("reviewer", retPath(q2()), { intent: "accept", version: String(versionOfReturn(q2())) }) },
    { name: "query a return", who: "reviewer", action: returnPage.action, params: () => retParams(q2()), call: () => request("reviewer", retPath(q2()), { intent: "query", version: String(versionOfReturn(q2())), comments: "Why?" }) },
    { name: "reopen a return", who: "finance", action: returnPage.action, params: () => retParams(q1()), call: () => request("finance", retPath(q1()), { intent: "reopen", version: String(versionOfReturn(q1())), reason: "Wrong" }) },
    { name: "remove evidence", who: "meltonLead", action: evidencePage.action, params: () => retParams(q3()), call: () => request("meltonLead", retPath(q3(), "/evidence"), { intent: "remove", evidenceId: String(evidenceId) }) },
    { name: "upload evidence", who: "meltonLead", action: evidencePage.action, params: () => retParams(q3()), call: () => uploadRequest("meltonLead", retPath(q3(), "/evidence"), { file: { name: "receipt.pdf", data: "%PDF-1.4\n%test\n", type: "application/pdf" } }) },
    {
      name: "record a payment", who: "finance", action: paymentsPage.action, params: () => grantParams(annual.grantId),
      call: () => request("finance", `/grants/${annual.grantId}/payments`, { intent: "record", version: String(versionOfGrant(annual.grantId)), instalmentId: String(heldInstalment), "paidOn.day": "3", "paidOn.month": "5", "paidOn.year": "2024", amount: "10.00", financeReference: "AP-1" }),
    },
    {
      name: "release a hold", who: "finance", action: paymentsPage.action, params: () => grantParams(annual.grantId),
      call: () => request("finance", `/grants/${annual.grantId}/payments`, { intent: "release", version: String(versionOfGrant(annual.grantId)), heldInstalmentId: String(heldInstalment), reason: "Fine" }),
    },
    { name: "accept an offer", who: "meltonLead", action: acceptPage.action, params: () => grantParams(offered), call: () => request("meltonLead", `/grants/${offered}/accept`, { version: String(versionOfGrant(offered)) }) },
    { name: "decline an offer", who: "meltonLead", action: declinePage.action, params: () => grantParams(offered), call: () => request("meltonLead", `/grants/${offered}/decline`, { version: String(versionOfGrant(offered)), declineReason: "No" }) },
    { name: "extend an offer", who: "reviewer", action: extendPage.action, params: () => grantParams(offered), call: () => request("reviewer", `/grants/${offered}/extend-offer`, { version: String(versionOfGrant(offered)), reason: "More time" }) },
    {
      name: "ask to move money to another grant", who: "meltonLead", action: transferPage.action, params: () => grantParams(annual.grantId),
      call: () => request("meltonLead", `/grants/${annual.grantId}/transfers/new`, { fromCostLineId: String(virementLines(annual.grantId)[0].id), to: "new-project", amount: "1.00", reason: "A new project" }),
    },
    { name: "record a decision", who: "reviewer", action: decisionPage.action, params: () => ({ bidId: String(undecidedBid) }), call: () => request("reviewer", `/bids/${undecidedBid}/decision`, { version: "1" }) },
  ];

  it.each(WRITES.map((w) => [w.name, w] as const))("%s: 409 saying who closed the year, and nothing changed", async (_name, w) => {
    const before = fingerprint();
    const res = await run<any>(w.action, await w.call(), w.params());
    expect(res.status).toBe(409);
    expect(res.data).toMatchObject({ refused: "closed-year" });
    expect(res.data.message).toMatch(CLOSED);
    expect(fingerprint()).toEqual(before);
  });

  it("is refused in the data layer too, inside the write (a page opened before the year closed, or a script)", () => {
    const r = db().get<{ v: number }>(sql`select version as v from grant_returns where id = ${q2()}`).v;
    expect(() => acceptReturn(q2(), userId("reviewer"), r)).toThrow(YearClosedError);
    expect(() => saveReturn(q3(), userId("meltonLead"), versionOfReturn(q3()), { lines: [], outcomes: [], milestones: [], spendRag: null, deliveryRag: null } as never)).toThrow(YearClosedError);
    expect(() => recordPayment(annual.grantId, heldInstalment, userId("finance"), { paidOn: "2024-05-03", amountPence: 1000, financeReference: "X" })).toThrow(YearClosedError);
    expect(() => acceptOfferData(offered, userId("meltonLead"), versionOfGrant(offered), { name: "A", role: "B", date: "2024-05-01" } as never)).toThrow(YearClosedError);
    const bid = getBidDetail(undecidedBid)!;
    expect(() => recordDecision(undecidedBid, userId("reviewer"), bid.version, decisionInput({ decidedOn: "2024-05-01", withoutReviewReason: "x" }))).toThrow(YearClosedError);
    return expect(removeEvidence(q3(), evidenceId, userId("meltonLead"))).rejects.toThrow(YearClosedError);
  });

  it("leaves a grant that runs into an open year unlocked, while its closed year's returns are locked", async () => {
    expect(grantClosure(ss5.grantId)).toBeNull();
    expect(returnClosure(ss5.returnIds[0])).not.toBeNull();
    expect(grantClosure(annual.grantId)).not.toBeNull();
    const page = await run<any>(grantPage.loader, await request("finance", `/grants/${annual.grantId}`), grantParams(annual.grantId));
    expect(page.data.yearClosed).toMatch(CLOSED);
    const ssPage = await run<any>(grantPage.loader, await request("finance", `/grants/${ss5.grantId}`), grantParams(ss5.grantId));
    expect(ssPage.data.yearClosed).toBeNull();
  });

  it("shows the pages of a closed year as closed, offering no change", async () => {
    const ret = await run<any>(returnPage.loader, await request("reviewer", retPath(q2())), retParams(q2()));
    expect(ret.data).toMatchObject({ canEdit: false, canSubmit: false, canReview: false, canChangeEvidence: false });
    expect(ret.data.yearClosed).toMatch(CLOSED);
    const edit = await run(editPage.loader, await request("meltonLead", retPath(q3(), "/edit")), retParams(q3()));
    expect(edit).toMatchObject({ status: 302, location: retPath(q3()) });
    const evidence = await run<any>(evidencePage.loader, await request("meltonLead", retPath(q3(), "/evidence")), retParams(q3()));
    expect(evidence.data).toMatchObject({ canChange: false });
    const payments = await run<any>(paymentsPage.loader, await request("finance", `/grants/${annual.grantId}/payments`), grantParams(annual.grantId));
    expect(payments.data).toMatchObject({ canRecord: false });
    const accept = await run<any>(acceptPage.loader, await request("meltonLead", `/grants/${offered}/accept`), grantParams(offered));
    expect(accept.data.refusal).toMatch(CLOSED);
    const decision = await run<any>(decisionPage.loader, await request("reviewer", `/bids/${undecidedBid}/decision`), { bidId: String(undecidedBid) });
    expect(decision.data).toMatchObject({ canDecide: false });
  });

  const refusedByTrigger = (write: () => unknown) => {
    let thrown: unknown;
    try {
      write();
    } catch (error) {
      thrown = error;
    }
    expect(isYearLockTriggerError(thrown)).toBe(true);
  };

  it("has the database refuse direct writes as a last guard, but lets an invoiced clawback be received", () => {
    refusedByTrigger(() => db().run(sql`update grant_returns set status = 'accepted' where id = ${q2()}`));
    refusedByTrigger(() => db().run(sql`update grants set version = version + 1 where id = ${annual.grantId}`));
    refusedByTrigger(() => db().run(sql`insert into payments (grant_id, instalment_id, paid_on, amount_pence, finance_reference, recorded_by, recorded_at) values (${annual.grantId}, ${heldInstalment}, '2024-01-05', 100, 'X', ${userId("finance")}, '2024-01-05T10:00:00Z')`));
    refusedByTrigger(() => db().run(sql`update grant_recoveries set amount_pence = 1 where id = ${invoicedClawback}`));
    db().run(sql`update grant_recoveries set status = 'received', received_on = '2024-07-10', received_by = ${userId("finance")}, version = version + 1 where id = ${invoicedClawback}`);
    expect(db().get<{ s: string }>(sql`select status as s from grant_recoveries where id = ${invoicedClawback}`).s).toBe("received");
  });

  it("lets the page be changed again once an administrator reopens the year", async () => {
    reopenForTest("2023-24");
    const res = await run(returnPage.action, await request("reviewer", retPath(q2()), { intent: "accept", version: String(versionOfReturn(q2())) }), retParams(q2()));
    expect(res.status).toBe(302);
    closeForTest("2023-24", "2024-07-02T10:00:00.000Z");
    expect(returnClosure(q2())).not.toBeNull();
  });

  it("cannot be closed twice (the close refuses a year already closed)", () => {
    const year = findYearByLabel("2023-24")!;
    expect(closeYear(year.id, userId("finance"), yearToken(year.id)).kind).toBe("stale");
  });
});

import { addDays } from "date-fns";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { acceptOffer, extendOffer, listGrants } from "../../app/data/grants.server";
import { formatDate, parseIsoDate, toIsoDate } from "../../app/domain/financial-years";
import * as acceptPage from "../../app/routes/grants.$grantId.accept";
import * as declinePage from "../../app/routes/grants.$grantId.decline";
import * as extendPage from "../../app/routes/grants.$grantId.extend-offer";
import * as grantPage from "../../app/routes/grants.$grantId._index";
import * as grantsList from "../../app/routes/grants._index";
import { auditLog, outbox } from "../../db/schema";
import { returnsOf } from "../support/accepted-grant";
import { correctDecision, decideGrant, grantRow, todayInUk } from "../support/grants";
import { DEMO, request, run, userId, type DemoUser } from "../support/requests";
import { cspId } from "./helpers";

/**
 * The grant offer (decision record 18): the CSP lead accepts it with a declaration on behalf of the
 * accountable council, or declines it with a reason, while it is offered and not past its accept-by
 * date; OPCC staff extend that date. Every change is audited and e-mailed; the returns are made on
 * acceptance.
 */

const today = todayInUk();
const inDays = (n: number) => toIsoDate(addDays(parseIsoDate(today), n));
const dateParts = (name: string, iso: string) => {
  const [y, m, d] = iso.split("-");
  return { [`${name}.day`]: String(Number(d)), [`${name}.month`]: String(Number(m)), [`${name}.year`]: y };
};

const params = (grantId: number) => ({ grantId: String(grantId) });
const get = async (module: { loader: (args: any) => unknown }, who: DemoUser | null, path: string, grantId: number) => run<any>(module.loader, await request(who, path), params(grantId));
const post = async (module: { action: (args: any) => unknown }, who: DemoUser | null, path: string, grantId: number, form: Record<string, string>) =>
  run<any>(module.action, await request(who, path, form), params(grantId));

const acceptForm = (grantId: number, overrides: Record<string, string> = {}) => ({
  version: String(grantRow(grantId).version),
  declarationName: "Aysha Rahman",
  declarationRole: "Community Safety Manager",
  ...dateParts("declarationDate", today),
  onBehalf: "yes",
  ...overrides,
});

const auditFor = (grantId: number) =>
  db().select().from(auditLog).where(and(eq(auditLog.entityType, "grant"), eq(auditLog.entityId, grantId))).orderBy(asc(auditLog.id)).all();
const mailTo = (who: keyof typeof DEMO | "secondReviewer", subject: string) =>
  db().select().from(outbox).all().filter((m) => m.to === (who === "secondReviewer" ? "reviewer.two@demo.opcc.test" : DEMO[who]) && m.subject.includes(subject));
/** Everything about a grant that a refused request must leave as it was. */
const snapshot = (grantId: number) => ({ grant: grantRow(grantId), audit: auditFor(grantId).length, returns: returnsOf(grantId).length, mail: db().select().from(outbox).all().length });

describe("the CSP lead accepts an offer", () => {
  const { grantId, reference } = decideGrant("WCCTV help point and standard support package");
  const path = `/grants/${grantId}/accept`;

  it("the grant page shows the offer, its accept-by date and the call to action, only to the lead", async () => {
    const page = await get(grantPage, "meltonLead", `/grants/${grantId}`, grantId);
    expect(page.status).toBe(200);
    expect(page.data.offer).toMatchObject({ status: "offered", acceptBy: inDays(28), canRespond: true, canExtend: false, declaration: null });
    for (const who of ["meltonFinance", "reviewer", "finance", "admin"] as const) {
      const other = await get(grantPage, who, `/grants/${grantId}`, grantId);
      expect(other.data.offer.canRespond, who).toBe(false);
    }
    expect((await get(grantPage, "reviewer", `/grants/${grantId}`, grantId)).data.offer.canExtend).toBe(true);
    expect((await get(grantPage, "finance", `/grants/${grantId}`, grantId)).data.offer.canExtend).toBe(true);
    expect((await get(grantPage, "admin", `/grants/${grantId}`, grantId)).data.offer.canExtend).toBe(false);
  });

  it("the accept page shows the offer's summary, its conditions and a declaration to make on behalf of the council", async () => {
    const page = await get(acceptPage, "meltonLead", path, grantId);
    expect(page.status).toBe(200);
    expect(page.data.offer).toMatchObject({ title: "WCCTV help point and standard support package", council: "Melton Borough Council", grantedPence: 485_000, reference, acceptBy: inDays(28), status: "offered" });
    expect(page.data.refusal).toBeNull();
    expect(page.data.defaults).toEqual({ name: "Aysha Rahman", date: today });
  });

  it("accepting records the declaration, makes the returns, audits it and e-mails OPCC finance and the partnership", async () => {
    const before = grantRow(grantId);
    expect(returnsOf(grantId)).toEqual([]);
    const res = await post(acceptPage, "meltonLead", path, grantId, acceptForm(grantId));
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/grants/${grantId}?done=accepted`);

    const after = grantRow(grantId);
    expect(after).toMatchObject({
      offerStatus: "accepted", declarationName: "Aysha Rahman", declarationRole: "Community Safety Manager", declarationDate: today,
      respondedBy: userId("meltonLead"), version: before.version + 1, declineReason: null,
    });
    // July 2023 to March 2024: a return for each of 2023-24's Q2, Q3 and Q4.
    expect(returnsOf(grantId).map((r) => [r.startYear, r.quarter, r.status])).toEqual([[2023, 2, "not_started"], [2023, 3, "not_started"], [2023, 4, "not_started"]]);

    const accepted = auditFor(grantId).find((a) => a.action === "offer.accepted")!;
    expect(accepted.userId).toBe(userId("meltonLead"));
    expect(JSON.parse(accepted.before!)).toEqual({ offerStatus: "offered", acceptBy: inDays(28) });
    expect(JSON.parse(accepted.after!)).toMatchObject({
      offerStatus: "accepted",
      declaration: { name: "Aysha Rahman", role: "Community Safety Manager", date: today, onBehalfOf: "Melton Borough Council" },
      returnsMade: 3,
    });
    expect(db().select().from(auditLog).where(eq(auditLog.action, "return.created")).all().filter((a) => a.cspId === cspId("melton"))).toHaveLength(3);

    const finance = mailTo("finance", "Grant offer accepted: WCCTV help point and standard support package");
    expect(finance).toHaveLength(1);
    expect(finance[0].body).toContain(`Aysha Rahman, Community Safety Manager, accepted the grant of £4,850.00 for "WCCTV help point and standard support package" (decision ${reference}) on behalf of Melton Borough Council`);
    expect(finance[0].body).toContain(`/grants/${grantId}`);
    // OPCC finance only: not the council's finance officer, who gets the confirmation.
    expect(mailTo("meltonFinance", "Grant offer accepted")).toEqual([]);
    expect(mailTo("meltonLead", "You have accepted the grant offer")).toHaveLength(1);
    expect(mailTo("meltonFinance", "You have accepted the grant offer")).toHaveLength(1);
  });

  it("the grant page then shows the declaration and no call to action; the list shows it accepted", async () => {
    const page = await get(grantPage, "meltonLead", `/grants/${grantId}?done=accepted`, grantId);
    expect(page.data.offer).toMatchObject({
      status: "accepted",
      canRespond: false,
      canExtend: false,
      declaration: { name: "Aysha Rahman", role: "Community Safety Manager", date: today, onBehalfOf: "Melton Borough Council" },
    });
    const list = await run<any>(grantsList.loader, await request("meltonLead", "/grants"));
    expect(list.data.grants.find((g: any) => g.id === grantId)).toMatchObject({ offer: "accepted" });
  });

  it("an accepted offer cannot be accepted again, nor declined: the page says so and a post is refused (409)", async () => {
    const page = await get(acceptPage, "meltonLead", path, grantId);
    expect(page.data.refusal).toBe("This offer has already been accepted.");
    const snap = snapshot(grantId);
    const again = await post(acceptPage, "meltonLead", path, grantId, acceptForm(grantId));
    expect(again.status).toBe(409);
    expect(again.data.formError).toBe("This offer has already been accepted.");
    const decline = await post(declinePage, "meltonLead", `/grants/${grantId}/decline`, grantId, { version: String(grantRow(grantId).version), declineReason: "Changed our minds." });
    expect(decline.status).toBe(409);
    expect(snapshot(grantId)).toEqual(snap);
  });
});

describe("bad input and stale copies", () => {
  const { grantId } = decideGrant("Convex mirrors at four sites");
  const path = `/grants/${grantId}/accept`;

  it("an empty declaration is refused (400) with a message for each field, what was typed kept, and nothing written", async () => {
    const snap = snapshot(grantId);
    const res = await post(acceptPage, "meltonLead", path, grantId, { version: String(grantRow(grantId).version), declarationName: "", declarationRole: "  ", "declarationDate.day": "", "declarationDate.month": "", "declarationDate.year": "" });
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({
      declarationName: "Enter your full name",
      declarationRole: "Enter your role",
      declarationDate: "Enter the date of the declaration",
      onBehalf: "Confirm that you accept this offer and its conditions on behalf of Melton Borough Council",
    });
    expect(snapshot(grantId)).toEqual(snap);
  });

  it.each([
    ["a date in the future", dateParts("declarationDate", inDays(1)), "The date of the declaration must be today or in the past"],
    ["a date before the decision", dateParts("declarationDate", inDays(-1)), `The date of the declaration cannot be before the PCC decision (${formatDate(today)})`],
    ["a date that does not exist", { "declarationDate.day": "31", "declarationDate.month": "2", "declarationDate.year": "2024" }, "The date of the declaration must be a real date, like 1 10 2023"],
  ])("%s is refused (400), the other values kept", async (_what, date, message) => {
    const snap = snapshot(grantId);
    const res = await post(acceptPage, "meltonLead", path, grantId, acceptForm(grantId, { declarationRole: "Head of Communities", ...date }));
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ declarationDate: message });
    expect(res.data.values).toMatchObject({ declarationName: "Aysha Rahman", declarationRole: "Head of Communities", onBehalf: "yes", ...date });
    expect(snapshot(grantId)).toEqual(snap);
  });

  it("a garbled version is the page out of date (400), not a field", async () => {
    const res = await post(acceptPage, "meltonLead", path, grantId, acceptForm(grantId, { version: "x" }));
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({});
    expect(res.data.formError).toBe("This page is out of date: reload it and try again.");
  });

  it("an acceptance from a copy of the page older than an extension is refused (409) with who changed it, and nothing written", async () => {
    const stale = String(grantRow(grantId).version);
    expect(extendOffer(grantId, userId("reviewer"), grantRow(grantId).version, { acceptBy: inDays(40), reason: "The council's cabinet meets late this month." }).kind).toBe("saved");
    const snap = snapshot(grantId);
    const res = await post(acceptPage, "meltonLead", path, grantId, acceptForm(grantId, { version: stale }));
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(/^Rachel Ward changed this grant on .+, after you opened this page\. Reload the page, check the offer, then accept it again\.$/);
    expect(res.data.values.declarationRole).toBe("Community Safety Manager");
    expect(snapshot(grantId)).toEqual(snap);
  });

  it("a decline needs a reason (400), what was typed kept", async () => {
    const snap = snapshot(grantId);
    const res = await post(declinePage, "meltonLead", `/grants/${grantId}/decline`, grantId, { version: String(grantRow(grantId).version), declineReason: "" });
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ declineReason: "Enter why the offer is declined" });
    expect(snapshot(grantId)).toEqual(snap);
  });

  it("an extension needs a date after the current one, not in the past, and a reason (400), what was typed kept", async () => {
    const current = grantRow(grantId).acceptBy;
    const version = String(grantRow(grantId).version);
    const snap = snapshot(grantId);
    // The hint's example is four weeks from today, as the date boxes take it.
    const [y, m, d] = inDays(28).split("-").map(Number);
    expect((await get(extendPage, "reviewer", `/grants/${grantId}/extend-offer`, grantId)).data.example).toBe(`${d} ${m} ${y}`);
    const past = await post(extendPage, "reviewer", `/grants/${grantId}/extend-offer`, grantId, { version, ...dateParts("acceptBy", inDays(-1)), reason: "" });
    expect(past.status).toBe(400);
    expect(past.data.errors).toEqual({ acceptBy: "The new accept-by date must be today or in the future", reason: "Enter why the date is extended" });
    const earlier = await post(extendPage, "reviewer", `/grants/${grantId}/extend-offer`, grantId, { version, ...dateParts("acceptBy", current), reason: "More time." });
    expect(earlier.status).toBe(400);
    expect(earlier.data.errors).toEqual({ acceptBy: `The new accept-by date must be after the current one (${formatDate(current)})` });
    expect(earlier.data.values.reason).toBe("More time.");
    expect(snapshot(grantId)).toEqual(snap);
  });
});

describe("who may answer or extend an offer", () => {
  const { grantId } = decideGrant("Drink Safe");
  const accept = `/grants/${grantId}/accept`;
  const decline = `/grants/${grantId}/decline`;
  const extend = `/grants/${grantId}/extend-offer`;

  it.each([
    ["charnwoodLead", 404, 404],
    ["meltonFinance", 403, 403],
    ["reviewer", 403, 200],
    ["finance", 403, 200],
    ["admin", 403, 403],
    ["meltonLead", 200, 403],
  ] as const)("%s: accept and decline pages %i, extend page %i; a refused post writes nothing", async (who, respond, extendStatus) => {
    expect((await get(acceptPage, who, accept, grantId)).status).toBe(respond);
    expect((await get(declinePage, who, decline, grantId)).status).toBe(respond);
    expect((await get(extendPage, who, extend, grantId)).status).toBe(extendStatus);
    const snap = snapshot(grantId);
    if (respond !== 200) {
      expect((await post(acceptPage, who, accept, grantId, acceptForm(grantId))).status).toBe(respond);
      expect((await post(declinePage, who, decline, grantId, { version: String(grantRow(grantId).version), declineReason: "Not wanted." })).status).toBe(respond);
    }
    if (extendStatus !== 200) {
      expect((await post(extendPage, who, extend, grantId, { version: String(grantRow(grantId).version), ...dateParts("acceptBy", inDays(60)), reason: "More time." })).status).toBe(extendStatus);
    }
    expect(snapshot(grantId)).toEqual(snap);
  });

  it("another partnership's lead gets 404 for the grant page too, and does not see it listed", async () => {
    expect((await get(grantPage, "charnwoodLead", `/grants/${grantId}`, grantId)).status).toBe(404);
    const list = await run<any>(grantsList.loader, await request("charnwoodLead", "/grants"));
    expect(list.data.grants.some((g: any) => g.id === grantId)).toBe(false);
  });

  it("signed out, every page sends you to sign in", async () => {
    for (const [module, path] of [[acceptPage, accept], [declinePage, decline], [extendPage, extend]] as const) {
      const res = await get(module, null, path, grantId);
      expect(res.status).toBe(302);
      expect(res.location).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
  });

  it("an id that is not a grant is 404", async () => {
    expect((await run(acceptPage.loader, await request("meltonLead", "/grants/999999/accept"), { grantId: "999999" })).status).toBe(404);
    expect((await run(acceptPage.loader, await request("meltonLead", "/grants/x/accept"), { grantId: "x" })).status).toBe(404);
  });
});

describe("the CSP lead declines an offer", () => {
  const { grantId } = decideGrant("DISC app for Safer Melton Against Retail Theft (SMART)", { paymentBasis: "advance" });

  it("declining records the reason, audits it and e-mails the OPCC's reviewers and finance; nothing more can be said to it", async () => {
    const page = await get(declinePage, "meltonLead", `/grants/${grantId}/decline`, grantId);
    expect(page.data).toMatchObject({ refusal: null, offer: { council: "Melton Borough Council", grantedPence: 127_000 } });
    const res = await post(declinePage, "meltonLead", `/grants/${grantId}/decline`, grantId, { version: String(grantRow(grantId).version), declineReason: "The retailers chose a county-wide app instead." });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/grants/${grantId}?done=declined`);
    expect(grantRow(grantId)).toMatchObject({ offerStatus: "declined", declineReason: "The retailers chose a county-wide app instead.", respondedBy: userId("meltonLead"), declarationName: null });
    expect(returnsOf(grantId)).toEqual([]);
    const audit = auditFor(grantId).find((a) => a.action === "offer.declined")!;
    expect(JSON.parse(audit.after!)).toEqual({ offerStatus: "declined", reason: "The retailers chose a county-wide app instead." });
    for (const who of ["reviewer", "secondReviewer", "finance"] as const) {
      const mail = mailTo(who, "Grant offer declined: DISC app");
      expect(mail, who).toHaveLength(1);
      expect(mail[0].body).toContain("Their reason: The retailers chose a county-wide app instead.");
    }

    const grant = await get(grantPage, "reviewer", `/grants/${grantId}`, grantId);
    expect(grant.data.offer).toMatchObject({ status: "declined", declineReason: "The retailers chose a county-wide app instead.", canExtend: false });
    expect((await get(acceptPage, "meltonLead", `/grants/${grantId}/accept`, grantId)).data.refusal).toBe("This offer has been declined.");
    expect((await post(acceptPage, "meltonLead", `/grants/${grantId}/accept`, grantId, acceptForm(grantId))).status).toBe(409);
    expect((await post(extendPage, "reviewer", `/grants/${grantId}/extend-offer`, grantId, { version: String(grantRow(grantId).version), ...dateParts("acceptBy", inDays(60)), reason: "More time." })).status).toBe(409);
  });
});

describe("an offer past its accept-by date lapses; OPCC staff extend it", () => {
  // Decided on 20 July 2023: it had to be accepted by 17 August 2023.
  const { grantId } = decideGrant("Play Close CCTV", { decidedOn: "2023-07-20" });

  it("is lapsed: the lead cannot accept it and is told to ask the OPCC; OPCC staff are offered the extension", async () => {
    expect(grantRow(grantId)).toMatchObject({ offerStatus: "offered", acceptBy: "2023-08-17" });
    const lead = await get(grantPage, "meltonLead", `/grants/${grantId}`, grantId);
    expect(lead.data.offer).toMatchObject({ status: "lapsed", canRespond: false, canExtend: false, acceptBy: "2023-08-17" });
    const reviewer = await get(grantPage, "reviewer", `/grants/${grantId}`, grantId);
    expect(reviewer.data.offer).toMatchObject({ status: "lapsed", canExtend: true });
    expect((await get(acceptPage, "meltonLead", `/grants/${grantId}/accept`, grantId)).data.refusal).toBe(
      "This offer lapsed: it had to be accepted by 17 August 2023. Ask the OPCC to extend the accept-by date.",
    );
    const snap = snapshot(grantId);
    const res = await post(acceptPage, "meltonLead", `/grants/${grantId}/accept`, grantId, acceptForm(grantId));
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(/^This offer lapsed/);
    expect(snapshot(grantId)).toEqual(snap);
    const list = await run<any>(grantsList.loader, await request("reviewer", "/grants"));
    expect(list.data.grants.find((g: any) => g.id === grantId)).toMatchObject({ offer: "lapsed", acceptBy: "2023-08-17" });
  });

  it("OPCC finance extends it with a reason: audited, the partnership e-mailed, and the lead may then accept", async () => {
    const page = await get(extendPage, "finance", `/grants/${grantId}/extend-offer`, grantId);
    expect(page.data).toMatchObject({ refusal: null, offer: { status: "lapsed", acceptBy: "2023-08-17" } });
    const res = await post(extendPage, "finance", `/grants/${grantId}/extend-offer`, grantId, {
      version: String(grantRow(grantId).version), ...dateParts("acceptBy", inDays(14)), reason: "The Town Estate's consent for the site arrived late.",
    });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/grants/${grantId}?done=extended`);
    expect(grantRow(grantId)).toMatchObject({ offerStatus: "offered", acceptBy: inDays(14) });
    const audit = auditFor(grantId).find((a) => a.action === "offer.extended")!;
    expect(audit.userId).toBe(userId("finance"));
    expect(JSON.parse(audit.before!)).toEqual({ acceptBy: "2023-08-17", offer: "lapsed" });
    expect(JSON.parse(audit.after!)).toEqual({ acceptBy: inDays(14), reason: "The Town Estate's consent for the site arrived late." });
    const mail = mailTo("meltonLead", "More time to accept the grant offer: Play Close CCTV");
    expect(mail).toHaveLength(1);
    expect(mail[0].body).toContain(`to ${formatDate(inDays(14))} (it was 17 August 2023)`);
    expect(mail[0].body).toContain("Why: The Town Estate's consent for the site arrived late.");

    const grant = await get(grantPage, "meltonLead", `/grants/${grantId}`, grantId);
    expect(grant.data.offer).toMatchObject({ status: "offered", canRespond: true, extensions: [{ from: "2023-08-17", to: inDays(14), reason: "The Town Estate's consent for the site arrived late." }] });
    const accepted = await post(acceptPage, "meltonLead", `/grants/${grantId}/accept`, grantId, acceptForm(grantId));
    expect(accepted.status).toBe(302);
    // Play Close CCTV runs July to December 2023: two returns.
    expect(returnsOf(grantId)).toHaveLength(2);
  });
});

describe("a withdrawn grant has no offer to answer", () => {
  it("refuses acceptance, with the reason on the page", async () => {
    const { bidId, grantId } = decideGrant("Fosse Park retail crime partnership");
    correctDecision(bidId, { outcome: "reject", reasons: "The partnership is funded by the landlord." });
    expect(grantRow(grantId).withdrawnAt).not.toBeNull();
    // Blaby's own lead would be the one; the data function refuses it whoever asks.
    const result = acceptOffer(grantId, userId("meltonLead"), grantRow(grantId).version, { name: "A", role: "B", date: today });
    expect(result).toEqual({ kind: "refused", message: "This grant has been withdrawn by a later PCC decision: there is no offer to accept or decline." });
    const list = listGrants(null);
    expect(list.rows.find((g) => g.id === grantId)).toMatchObject({ offer: "withdrawn" });
  });
});

describe("the grants list", () => {
  it("pages in SQL, newest first, with the offer's status, for one partnership or all", () => {
    const all = listGrants(null, { page: 1 }, 2);
    expect(all.rows).toHaveLength(2);
    expect(all.count).toBeGreaterThanOrEqual(5);
    expect(all.pages).toBe(Math.ceil(all.count / 2));
    expect(all.rows[0].id).toBeGreaterThan(all.rows[1].id);
    const last = listGrants(null, { page: 999 }, 2);
    expect(last.page).toBe(all.pages);
    const melton = listGrants(cspId("melton"));
    expect(melton.rows.every((g) => g.cspName === "Safer Melton Partnership")).toBe(true);
    expect(new Set(melton.rows.map((g) => g.offer))).toEqual(new Set(["accepted", "offered", "declined"]));
  });
});

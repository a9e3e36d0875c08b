import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { databaseSnapshot, annualRoundId, bidIdByTitle, cspId, currentRoundId, validSectionForms, yearId } from "./helpers";
import { cookieFor, formTokenFor, run, type DemoUser } from "../support/requests";
import { acceptedGrantForTest } from "../support/accepted-return";
import * as dashboard from "../../app/routes/_index";
import { acceptedGrant, makeAcceptedGrant } from "../support/accepted-grant";
import { decideGrant } from "../support/grants";

/**
 * Every form that changes something must come from the portal's own page: a request without the
 * session's CSRF token, with another session's token, or sent from another site answers 403 and
 * writes nothing. Every route with an action is found from the routes folder, so a new one is
 * covered (or this test says it needs a row).
 */

type RouteModule = { action?: (args: unknown) => unknown };
const modules = import.meta.glob<RouteModule>("../../app/routes/*.{ts,tsx}", { eager: true });
const withActions = Object.entries(modules)
  .filter(([, m]) => typeof m.action === "function")
  .map(([file, m]) => [file.replace("../../app/routes/", ""), m] as const);

const DRAFT = String(bidIdByTitle("Solar lighting at Play Close Park"));
const SUBMITTED = String(bidIdByTitle("Safer Communities and Partnership Officer"));
const MELTON_DRAFT = () => DRAFT;
/** A Melton grant still on offer, made the first time a row needs it (before that row's snapshot). */
let grant: string | undefined;
const MELTON_GRANT = () => (grant ??= String(decideGrant("Convex mirrors at four sites").grantId));
const MELTON_SUBMITTED = () => SUBMITTED;
// An accepted grant's first return, made once (before any row takes its snapshot).
let accepted: ReturnType<typeof makeAcceptedGrant> | undefined;
const RETURN = () => {
  accepted ??= makeAcceptedGrant("Forgery test outreach", "annual");
  const params = { grantId: String(accepted.grantId), returnId: String(accepted.returnIds[0]) };
  return { path: `/grants/${params.grantId}/returns/${params.returnId}`, params };
};
/** An accepted Melton grant, made when its row is first asked for. */
let paymentsGrant: string | undefined;
const PAYMENTS_GRANT = () => (paymentsGrant ??= String(acceptedGrant("Play Close CCTV")));
/** A return of an accepted Melton grant (tests/support/accepted-return.ts), made when first asked for. */
const MELTON_RETURN = () => {
  const { grantId, returnIds } = acceptedGrantForTest("WCCTV help point and standard support package");
  return { grantId: String(grantId), returnId: String(returnIds[0]), path: `/grants/${grantId}/returns/${returnIds[0]}/evidence` };
};
const UPLOAD_ROUTE = "grants.$grantId_.returns.$returnId_.evidence.tsx";
/** A time extension waiting on the accepted Melton grant, written straight in (its pages are tested in variations.test.ts). */
let waitingVariation: string | undefined;
const VARIATION = () =>
  (waitingVariation ??= String(
    db().get<{ id: number }>(sql`insert into grant_variations (grant_id, kind, status, financial_year_id, current_end_date, new_end_date, reason, requested_by, requested_at)
      select ${Number(PAYMENTS_GRANT())}, 'extension', 'requested', fy.id, '2024-03-31', '2024-06-30', 'Forgery test', u.id, '2023-12-01T10:00:00.000Z'
        from financial_years fy, users u where fy.label = '2023-24' and u.email = 'lead.melton@demo.opcc.test' returning id`).id,
  ));

/** Who may send each form, where, and a form that the action would otherwise take. */
const FORMS: Record<string, () => { who: DemoUser | null; path: string; params: Record<string, string>; form: Record<string, string> }> = {
  "login.tsx": () => ({ who: null, path: "/login", params: {}, form: { email: "lead.melton@demo.opcc.test", password: "demo-portal-2023" } }),
  "logout.tsx": () => ({ who: "meltonLead", path: "/logout", params: {}, form: {} }),
  "forgot-password.tsx": () => ({ who: null, path: "/forgot-password", params: {}, form: { email: "lead.melton@demo.opcc.test" } }),
  "reset-password.$token.tsx": () => ({ who: null, path: "/reset-password/forged-token-forged-token", params: { token: "forged-token-forged-token" }, form: { password: "forged forged forged", confirm: "forged forged forged" } }),
  "invitation.$token.tsx": () => ({ who: null, path: "/invitation/forged-token-forged-token", params: { token: "forged-token-forged-token" }, form: { password: "forged forged forged", confirm: "forged forged forged" } }),
  "account.password.tsx": () => ({ who: "meltonLead", path: "/account/password", params: {}, form: { currentPassword: "demo-portal-2023", newPassword: "forged forged forged", confirm: "forged forged forged" } }),
  "bids.new.tsx": () => ({ who: "meltonLead", path: `/bids/new?round=${currentRoundId()}`, params: {}, form: { title: "Forged bid" } }),
  "bids.$bidId.edit.$section.tsx": () => ({ who: "meltonLead", path: `/bids/${MELTON_DRAFT()}/edit/details`, params: { bidId: MELTON_DRAFT(), section: "details" }, form: { ...(validSectionForms().details as Record<string, string>), title: "Forged title", version: "1" } }),
  "bids.$bidId.submit.tsx": () => ({ who: "meltonLead", path: `/bids/${MELTON_DRAFT()}/submit`, params: { bidId: MELTON_DRAFT() }, form: { version: "1" } }),
  "bids.$bidId.withdraw.tsx": () => ({ who: "meltonLead", path: `/bids/${MELTON_DRAFT()}/withdraw`, params: { bidId: MELTON_DRAFT() }, form: { version: "1" } }),
  // Version 0 is never real: accepted, the delete is refused as out of date, so the draft stays for the other rows.
  "bids.$bidId.delete.tsx": () => ({ who: "meltonLead", path: `/bids/${MELTON_DRAFT()}/delete`, params: { bidId: MELTON_DRAFT() }, form: { version: "0" } }),
  "bids.$bidId.review.tsx": () => ({ who: "reviewer", path: `/bids/${MELTON_SUBMITTED()}/review`, params: { bidId: MELTON_SUBMITTED() }, form: { intent: "comment", visibility: "internal", body: "Forged comment" } }),
  "bids.$bidId.decision.tsx": () => ({ who: "reviewer", path: `/bids/${MELTON_SUBMITTED()}/decision`, params: { bidId: MELTON_SUBMITTED() }, form: { outcome: "reject", reasons: "Forged" } }),
  "rounds.new.tsx": () => ({ who: "reviewer", path: "/rounds/new", params: {}, form: { name: "Forged round" } }),
  "rounds.$roundId._index.tsx": () => ({ who: "reviewer", path: `/rounds/${annualRoundId()}`, params: { roundId: String(annualRoundId()) }, form: { intent: "close", version: "1" } }),
  "rounds.$roundId.allocations.tsx": () => ({ who: "reviewer", path: `/rounds/${annualRoundId()}/allocations`, params: { roundId: String(annualRoundId()) }, form: { intent: "typed" } }),
  "settings.conditions.tsx": () => ({ who: "admin", path: "/settings/conditions", params: {}, form: { intent: "add", text: "Forged condition" } }),
  "settings.streams.new.tsx": () => ({ who: "admin", path: "/settings/streams/new", params: {}, form: { name: "Forged stream", code: "forged-stream" } }),
  "settings.streams.$streamId.tsx": () => ({ who: "admin", path: "/settings/streams/1", params: { streamId: "1" }, form: { intent: "retire", version: "1" } }),
  "settings.priorities.tsx": () => ({ who: "admin", path: "/settings/priorities", params: {}, form: { intent: "add", kind: "statutory", name: "" } }),
  "settings.years.tsx": () => ({ who: "admin", path: "/settings/years", params: {}, form: { next: "2027-28" } }),
  "account.two-factor.tsx": () => ({ who: "meltonLead", path: "/account/two-factor", params: {}, form: { intent: "off", code: "000000" } }),
  "login_.two-factor.tsx": () => ({ who: null, path: "/login/two-factor", params: {}, form: { code: "000000" } }),
  "settings.two-factor.tsx": () => ({ who: "admin", path: "/settings/two-factor", params: {}, form: { expected: "no", required: "no" } }),
  "settings.privacy.tsx": () => ({ who: "admin", path: "/settings/privacy", params: {}, form: { expected: "", notice: "Forged" } }),
  "settings.opcc.tsx": () => ({ who: "admin", path: "/settings/opcc", params: {}, form: { name: "Forged OPCC" } }),
  "settings.partnerships.new.tsx": () => ({ who: "admin", path: "/settings/partnerships/new", params: {}, form: { name: "Forged Partnership", accountableCouncil: "Forged Council" } }),
  "settings.partnerships.$partnershipId.tsx": () => ({ who: "admin", path: `/settings/partnerships/${cspId("melton")}`, params: { partnershipId: String(cspId("melton")) }, form: { intent: "retire", version: "1" } }),
  "settings.people.invite.tsx": () => ({ who: "admin", path: "/settings/people/invite", params: {}, form: { name: "Forged Person", email: "forged.person@example.org", role: "opcc_reviewer" } }),
  // Version 0 is never real: accepted, the resend is refused as out of date and nothing is written.
  "settings.people.$userId.tsx": () => {
    const id = String(db().get<{ id: number }>(sql`select id from users where email = 'lead.melton@demo.opcc.test'`).id);
    return { who: "admin", path: `/settings/people/${id}`, params: { userId: id }, form: { intent: "resend", version: "0" } };
  },
  "settings.decision-reference.tsx": () => ({ who: "admin", path: "/settings/decision-reference", params: {}, form: { format: "FORGED/{year}/{seq}" } }),
  "settings.rubrics.$streamId.tsx": () => ({ who: "admin", path: "/settings/rubrics/1", params: { streamId: "1" }, form: { intent: "reset" } }),
  // Version 0 is never real: accepted, each is refused as out of date and the return stays as it was.
  "grants.$grantId_.returns.$returnId._index.tsx": () => ({ who: "reviewer", path: RETURN().path, params: RETURN().params, form: { intent: "query", version: "0", comments: "Forged query" } }),
  "grants.$grantId_.returns.$returnId.edit.tsx": () => ({ who: "meltonLead", path: `${RETURN().path}/edit`, params: RETURN().params, form: { version: "0", intent: "save", wentWell: "Forged" } }),
  "grants.$grantId_.returns.$returnId.submit.tsx": () => ({ who: "meltonLead", path: `${RETURN().path}/submit`, params: RETURN().params, form: { version: "0" } }),
  "grants.$grantId_.payments.tsx": () => ({ who: "finance", path: `/grants/${PAYMENTS_GRANT()}/payments`, params: { grantId: PAYMENTS_GRANT() }, form: { intent: "release", version: "1", heldInstalmentId: "1", reason: "Forged release" } }),
  // Version 0 is never real: accepted, each is refused as out of date and nothing is asked for, decided or withdrawn.
  "grants.$grantId_.transfers.new.tsx": () => ({ who: "meltonLead", path: `/grants/${PAYMENTS_GRANT()}/transfers/new`, params: { grantId: PAYMENTS_GRANT() }, form: { fromCostLineId: "1", to: "new-project", amount: "1", reason: "Forged" } }),
  "grants.$grantId_.variations.new.tsx": () => ({ who: "meltonLead", path: `/grants/${PAYMENTS_GRANT()}/variations/new?kind=extension`, params: { grantId: PAYMENTS_GRANT() }, form: { version: "0", "newEndDate.day": "30", "newEndDate.month": "6", "newEndDate.year": "2024", reason: "Forged" } }),
  "grants.$grantId_.variations.$variationId.tsx": () => ({ who: "reviewer", path: `/grants/${PAYMENTS_GRANT()}/variations/${VARIATION()}`, params: { grantId: PAYMENTS_GRANT(), variationId: VARIATION() }, form: { intent: "decide", version: "0", decision: "approve", decisionReason: "Forged" } }),
  // Version 0 is never real: accepted, each is refused as out of date, so the offer stays open for the other rows.
  "grants.$grantId.accept.tsx": () => ({ who: "meltonLead", path: `/grants/${MELTON_GRANT()}/accept`, params: { grantId: MELTON_GRANT() }, form: { version: "0", declarationName: "Forged", declarationRole: "Forged", "declarationDate.day": "1", "declarationDate.month": "1", "declarationDate.year": "2000", onBehalf: "yes" } }),
  "grants.$grantId.decline.tsx": () => ({ who: "meltonLead", path: `/grants/${MELTON_GRANT()}/decline`, params: { grantId: MELTON_GRANT() }, form: { version: "0", declineReason: "Forged" } }),
  "finance.year-end.$fy.tsx": () => ({ who: "finance", path: "/finance/year-end/2025-26", params: { fy: "2025-26" }, form: { intent: "close", token: "open:0", confirm: "yes" } }),
  "grants.$grantId.extend-offer.tsx": () => ({ who: "reviewer", path: `/grants/${MELTON_GRANT()}/extend-offer`, params: { grantId: MELTON_GRANT() }, form: { version: "0", "acceptBy.day": "1", "acceptBy.month": "1", "acceptBy.year": "2099", reason: "Forged" } }),
  // Made up: accepted, each is refused as out of date or not found, and nothing is written.
  "finance.grants.$grantId_.underspend.tsx": () => ({ who: "finance", path: `/finance/grants/${PAYMENTS_GRANT()}/underspend?year=${yearId("2023-24")}`, params: { grantId: PAYMENTS_GRANT() }, form: { seen: "0-0", outcome: "returned", amount: "1", reason: "Forged" } }),
  // From a copy that never was (version 99): accepted, it is refused as out of date and nothing is written.
  "reports.scrutiny.$cspId.$fy.tsx": () => ({ who: "meltonLead", path: `/reports/scrutiny/${cspId("melton")}/2023-24`, params: { cspId: String(cspId("melton")), fy: "2023-24" }, form: { version: "99", introduction: "Forged" } }),
  "finance.clawbacks.$clawbackId.tsx": () => ({ who: "finance", path: "/finance/clawbacks/999999999", params: { clawbackId: "999999999" }, form: { intent: "waive", version: "1", reason: "Forged", decisionReference: "PCC/FORGED" } }),
  // A plain form removes a file (this one names none); the upload is multipart, sent below and in evidence.test.ts.
  [UPLOAD_ROUTE]: () => {
    const r = MELTON_RETURN();
    return { who: "meltonLead", path: r.path, params: { grantId: r.grantId, returnId: r.returnId }, form: { intent: "remove", evidenceId: "999999999" } };
  },
};

type How = { token: "own" | "none" | "wrong" | "other-session"; headers?: Record<string, string>; multipart?: boolean };

/** The form, url-encoded as the portal's forms are, or (`multipart`) as a file upload's form: token first, then the fields and a file. */
async function post(who: DemoUser | null, path: string, form: Record<string, string>, { token, headers: extra = {}, multipart = false }: How) {
  const headers = new Headers(multipart ? extra : { "Content-Type": "application/x-www-form-urlencoded", ...extra });
  const cookie = await cookieFor(who);
  if (cookie) headers.set("Cookie", cookie);
  const body = new URLSearchParams();
  if (token === "own") body.set("csrf", await formTokenFor(headers));
  if (token === "wrong") body.set("csrf", "x".repeat(43));
  if (token === "other-session") body.set("csrf", await formTokenFor(new Headers({ Cookie: (await cookieFor(who ?? "meltonLead"))! })));
  for (const [k, v] of Object.entries(form)) body.append(k, v);
  if (!multipart) return new Request(`http://localhost${path}`, { method: "POST", headers, body });
  const data = new FormData();
  for (const [k, v] of body) data.append(k, v);
  data.append("file", new File(["%PDF-1.4\n%%EOF\n"], "forged.pdf", { type: "application/pdf" }));
  return new Request(`http://localhost${path}`, { method: "POST", headers, body: data });
}

describe("forms sent from anywhere but the portal's own pages", () => {
  it("every route with an action is listed here", () => {
    expect(withActions.map(([file]) => file).sort()).toEqual(Object.keys(FORMS).sort());
  });

  describe.each(withActions)("%s", (file, module) => {
    const refusals = [
      ["with no token", { token: "none" as const }],
      ["with a made-up token", { token: "wrong" as const }],
      ["with another session's token", { token: "other-session" as const }],
      ["from another site (Origin)", { token: "own" as const, headers: { Origin: "https://evil.example" } }],
      ["from another site (Sec-Fetch-Site)", { token: "own" as const, headers: { "Sec-Fetch-Site": "cross-site" } }],
      ["from a sibling subdomain", { token: "own" as const, headers: { Origin: "https://evil.localhost", "Sec-Fetch-Site": "same-site" } }],
      ["from an opaque origin", { token: "own" as const, headers: { Origin: "null" } }],
      // A multipart body is never buffered to find a token (csrf.server.ts): only the upload reads it, as it streams.
      ["as a multipart form with no token", { token: "none" as const, multipart: true }],
      ["as a multipart form with a made-up token", { token: "wrong" as const, multipart: true }],
      ["as a multipart form with another session's token", { token: "other-session" as const, multipart: true }],
      ["as a multipart form from another site", { token: "own" as const, multipart: true, headers: { Origin: "https://evil.example" } }],
    ] as const;
    it.each(refusals)("answers 403 %s and writes nothing", async (_what, how) => {
      const { who, path, params, form } = FORMS[file]();
      const before = databaseSnapshot();
      const res = await run<any>(module.action!, await post(who, path, form, how), params);
      expect(res.status).toBe(403);
      expect(res.data).toEqual({ refused: "form" });
      expect(databaseSnapshot()).toEqual(before);
    });

    it("is accepted from the portal's own page with the session's token", async () => {
      const { who, path, params, form } = FORMS[file]();
      const res = await run<any>(module.action!, await post(who, path, form, { token: "own", headers: { Origin: "http://localhost", "Sec-Fetch-Site": "same-origin" } }), params);
      expect(res.status).not.toBe(403);
      expect(res.status).toBeLessThan(500);
    });
  });
});

describe("multipart forms, which only the evidence upload takes", () => {
  const others = withActions.filter(([file]) => file !== UPLOAD_ROUTE);
  it.each(others)("%s refuses one (403) even with the session's token, and writes nothing: its token is never looked for in a multipart body", async (file, module) => {
    const { who, path, params, form } = FORMS[file]();
    const before = databaseSnapshot();
    const res = await run<any>(module.action!, await post(who, path, form, { token: "own", multipart: true, headers: { Origin: "http://localhost" } }), params);
    expect(res.status).toBe(403);
    expect(res.data).toEqual({ refused: "form" });
    expect(databaseSnapshot()).toEqual(before);
  });

  it("the evidence upload takes one with the session's token", async () => {
    const { path, params } = FORMS[UPLOAD_ROUTE]();
    const module = modules[`../../app/routes/${UPLOAD_ROUTE}`];
    const res = await run<any>(module.action!, await post("meltonLead", path, {}, { token: "own", multipart: true, headers: { Origin: "http://localhost", "Sec-Fetch-Site": "same-origin" } }), params);
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/\/evidence\?uploaded=\d+$/);
  });
});

describe("signing out from another site", () => {
  it("does not sign anyone out", async () => {
    const cookie = (await cookieFor("meltonLead"))!;
    const logout = modules["../../app/routes/logout.tsx"];
    const headers = new Headers({ Cookie: cookie, Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" });
    const res = await run(logout.action!, new Request("http://localhost/logout", { method: "POST", headers, body: "" }));
    expect(res.status).toBe(403);
    expect((await run(dashboard.loader, new Request("http://localhost/", { headers: { Cookie: cookie } }))).status).toBe(200);
  });
});

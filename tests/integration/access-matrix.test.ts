import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import * as dashboard from "../../app/routes/_index";
import * as bidPage from "../../app/routes/bids.$bidId._index";
import * as edit from "../../app/routes/bids.$bidId.edit.$section";
import * as submit from "../../app/routes/bids.$bidId.submit";
import * as withdraw from "../../app/routes/bids.$bidId.withdraw";
import * as deleteDraft from "../../app/routes/bids.$bidId.delete";
import * as submitted from "../../app/routes/bids.$bidId.submitted";
import * as bidList from "../../app/routes/bids._index";
import * as bidPdf from "../../app/routes/bids.$bidId[.pdf]";
import * as newBid from "../../app/routes/bids.new";
import * as finance from "../../app/routes/finance._index";
import * as financeCsp from "../../app/routes/finance.csp.$cspId";
import * as yearEnd from "../../app/routes/finance.year-end.$fy";
import * as yearEndList from "../../app/routes/finance.year-end._index";
import * as reportList from "../../app/routes/reports._index";
import * as scrutinyPage from "../../app/routes/reports.scrutiny.$cspId.$fy";
import * as scrutinyPdf from "../../app/routes/reports.scrutiny.$cspId.$fy[.pdf]";
import * as healthz from "../../app/routes/healthz";
import * as readyz from "../../app/routes/readyz";
import * as forgotPassword from "../../app/routes/forgot-password";
import * as resetPassword from "../../app/routes/reset-password.$token";
import * as changePassword from "../../app/routes/account.password";
import * as twoFactorAccount from "../../app/routes/account.two-factor";
import * as twoFactorSignIn from "../../app/routes/login_.two-factor";
import * as twoFactorSettings from "../../app/routes/settings.two-factor";
import * as accessibilityPage from "../../app/routes/accessibility";
import * as privacyPage from "../../app/routes/privacy";
import * as cookiesPage from "../../app/routes/cookies";
import * as privacySettings from "../../app/routes/settings.privacy";
import * as opccSettingsPage from "../../app/routes/settings.opcc";
import * as partnershipsPage from "../../app/routes/settings.partnerships._index";
import * as newPartnership from "../../app/routes/settings.partnerships.new";
import * as partnershipPage from "../../app/routes/settings.partnerships.$partnershipId";
import * as peoplePage from "../../app/routes/settings.people._index";
import * as invitePage from "../../app/routes/settings.people.invite";
import * as personPage from "../../app/routes/settings.people.$userId";
import * as invitationPage from "../../app/routes/invitation.$token";
import * as streamsSettings from "../../app/routes/settings.streams._index";
import * as newStream from "../../app/routes/settings.streams.new";
import * as streamSettings from "../../app/routes/settings.streams.$streamId";
import * as yearsSettings from "../../app/routes/settings.years";
import * as prioritiesSettings from "../../app/routes/settings.priorities";
import * as transparency from "../../app/routes/transparency._index";
import * as publicDecision from "../../app/routes/transparency.decisions.$reference";
import * as threeSixtyJson from "../../app/routes/exports.360giving[.json]";
import * as threeSixtyCsv from "../../app/routes/exports.360giving[.csv]";
import * as meetingPack from "../../app/routes/rounds.$roundId.pack[.pdf]";
import * as searchPage from "../../app/routes/search";
import { closePdfPool } from "../../app/pdf/pool.server";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import * as returnPage from "../../app/routes/grants.$grantId_.returns.$returnId._index";
import * as returnEdit from "../../app/routes/grants.$grantId_.returns.$returnId.edit";
import * as returnSubmit from "../../app/routes/grants.$grantId_.returns.$returnId.submit";
import * as returnList from "../../app/routes/returns._index";
import { acceptedGrant, makeAcceptedGrant } from "../support/accepted-grant";
import * as grantPayments from "../../app/routes/grants.$grantId_.payments";
import * as newVariation from "../../app/routes/grants.$grantId_.variations.new";
import * as newTransfer from "../../app/routes/grants.$grantId_.transfers.new";
import * as variationPage from "../../app/routes/grants.$grantId_.variations.$variationId";
import * as variationList from "../../app/routes/variations._index";
import * as underspendPage from "../../app/routes/finance.grants.$grantId_.underspend";
import * as clawbackList from "../../app/routes/finance.clawbacks._index";
import * as clawbackPage from "../../app/routes/finance.clawbacks.$clawbackId";
import * as grantList from "../../app/routes/grants._index";
import * as bidsCsv from "../../app/routes/bids[.csv]";
import * as grantsCsv from "../../app/routes/grants[.csv]";
import * as reviewCsv from "../../app/routes/review[.csv]";
import * as financeCsv from "../../app/routes/finance[.csv]";
import * as financeExportCsv from "../../app/routes/exports.finance[.csv]";
import * as financeExportXlsx from "../../app/routes/exports.finance[.xlsx]";
import * as grantPage from "../../app/routes/grants.$grantId._index";
import * as grantOfferPdf from "../../app/routes/grants.$grantId.offer[.pdf]";
import * as acceptOffer from "../../app/routes/grants.$grantId.accept";
import * as declineOffer from "../../app/routes/grants.$grantId.decline";
import * as extendOffer from "../../app/routes/grants.$grantId.extend-offer";
import { decideGrant, todayInUk } from "../support/grants";
import * as evidencePage from "../../app/routes/grants.$grantId_.returns.$returnId_.evidence";
import * as evidenceFile from "../../app/routes/grants.$grantId_.returns.$returnId_.evidence.$evidenceId";
import { Readable } from "node:stream";
import { addEvidence } from "../../app/data/evidence.server";
import { samplePdf } from "../../db/evidence-samples";
import { acceptedGrantForTest } from "../support/accepted-return";
import { uploadRequest, type UploadOptions } from "../support/uploads";
import { bids, organisations } from "../../db/schema";
import { request, run, userId, type DemoUser } from "../support/requests";
import {
  SECTIONS,
  annualRoundId,
  auditCount,
  bidIdByTitle,
  bidSnapshot,
  cspId,
  currentRoundId,
  databaseSnapshot,
  ss5RoundId,
  validSectionForms,
  type Form,
} from "./helpers";

/**
 * Who may do what, for every loader and action, signed out and as each demo user. Actions are sent
 * with an otherwise valid form but version 0 (never a real version), so a request that gets past the
 * access check is refused as out of date (409) or as invalid (400) and nothing is ever written.
 */

type Who = DemoUser | null;
const EVERYONE: Who[] = [null, "meltonLead", "charnwoodLead", "reviewer", "finance", "meltonFinance", "admin"];
const label = (who: Who) => who ?? "signed out";

// Seeded bids, found by title rather than assumed ids.
const MELTON_SUBMITTED = bidIdByTitle("Safer Communities and Partnership Officer");
const MELTON_DRAFT = bidIdByTitle("Solar lighting at Play Close Park");
const CHARNWOOD_SUBMITTED = bidIdByTitle("Loughborough night-time economy street pastors");
const CHARNWOOD_DRAFT = bidIdByTitle("Domestic abuse awareness in workplaces");
const CHARNWOOD_WITHDRAWN = bidIdByTitle("Shepshed youth diversion football");
const BLABY_SUBMITTED = bidIdByTitle("Fosse Park retail crime partnership");
const CITY_SUBMITTED = bidIdByTitle("Knife crime prevention in schools");
const NWL_DRAFT = bidIdByTitle("Download festival safety team");
// A Melton grant on offer (decided today), and one whose offer lapsed (decided in July 2023).
const MELTON_GRANT = decideGrant("Convex mirrors at four sites").grantId;
const LAPSED_GRANT = decideGrant("Play Close CCTV", { decidedOn: "2023-07-20" }).grantId;
const ANNUAL = annualRoundId();
const SS5 = ss5RoundId();
const CURRENT = currentRoundId();
// A Melton grant, accepted, and its first quarterly return (made before the snapshot is taken).
const RETURNS_GRANT = makeAcceptedGrant("Access matrix outreach", "annual");
const RETURN_PATH = `/grants/${RETURNS_GRANT.grantId}/returns/${RETURNS_GRANT.returnIds[0]}`;
const RETURN_PARAMS = { grantId: String(RETURNS_GRANT.grantId), returnId: String(RETURNS_GRANT.returnIds[0]) };

// Returns of accepted grants (tests/support/accepted-return.ts), each with an evidence file.
const EVIDENCE_GRANT = acceptedGrantForTest("WCCTV help point and standard support package");
// Blaby's, not Charnwood's: the rows above need Charnwood's submitted bid still undecided.
const BLABY_GRANT = acceptedGrantForTest("Fosse Park retail crime partnership");
async function returnWithFile({ grantId, returnIds }: { grantId: number; returnIds: number[] }, who: DemoUser) {
  const kept = await addEvidence(Readable.from([samplePdf(["Invoice"])]), { returnId: returnIds[0], userId: userId(who), fileName: "invoice.pdf" });
  if (kept.kind !== "saved") throw new Error(kept.message);
  const path = `/grants/${grantId}/returns/${returnIds[0]}/evidence`;
  return { path, params: { grantId: String(grantId), returnId: String(returnIds[0]) }, file: { path: `${path}/${kept.id}`, params: { grantId: String(grantId), returnId: String(returnIds[0]), evidenceId: String(kept.id) } } };
}
const MELTON_RETURN = await returnWithFile(EVIDENCE_GRANT, "meltonLead");
// No demo user leads Blaby: the file is put there as the administrator (no route would let them).
const BLABY_RETURN = await returnWithFile(BLABY_GRANT, "admin");

type Expected = Record<"out" | DemoUser, number>;
/** out: signed out; opcc: reviewer, OPCC finance and admin alike. */
const expect7 = (e: { out: number; meltonLead: number; charnwoodLead: number; opcc: number; meltonFinance: number }): Expected => ({
  out: e.out,
  meltonLead: e.meltonLead,
  charnwoodLead: e.charnwoodLead,
  reviewer: e.opcc,
  finance: e.opcc,
  admin: e.opcc,
  meltonFinance: e.meltonFinance,
});
const all = (status: number, out = status): Expected => expect7({ out, meltonLead: status, charnwoodLead: status, opcc: status, meltonFinance: status });

type Handler = Parameters<typeof run>[0];
interface Row {
  what: string;
  handler: Handler;
  path: string;
  params?: Record<string, string>;
  form?: Form;
  expected: Expected;
  /** Where a redirect (other than to sign in) goes. */
  redirectsTo?: string;
  /** Open to signed-out visitors: no redirect to sign in. */
  open?: true;
  /** Sent as a multipart upload (with the session's token first) rather than `form`. */
  upload?: UploadOptions;
}

const sectionForm = (section: string): Form => ({ ...validSectionForms()[section], version: "0" });

/** The CSP lead answers an offer; OPCC reviewers and OPCC finance (not the administrator) extend it. */
const answer = (lead: number): Expected => expect7({ out: 302, meltonLead: lead, charnwoodLead: 404, opcc: 403, meltonFinance: 403 });
const extension = (opcc: number): Expected => ({ out: 302, meltonLead: 403, charnwoodLead: 404, reviewer: opcc, finance: opcc, admin: 403, meltonFinance: 403 });
const [TODAY_YEAR, TODAY_MONTH, TODAY_DAY] = todayInUk().split("-");
const TODAY_PARTS = { "declarationDate.day": String(Number(TODAY_DAY)), "declarationDate.month": String(Number(TODAY_MONTH)), "declarationDate.year": TODAY_YEAR };
const grantRows = (grant: number, what: string): Row[] => {
  const path = (tail: string) => `/grants/${grant}${tail}`;
  const params = { grantId: String(grant) };
  return [
    { what: `GET ${what}`, handler: grantPage.loader, path: path(""), params, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 200, meltonFinance: 200 }) },
    { what: `GET the offer letter of ${what}`, handler: grantOfferPdf.loader, path: path("/offer.pdf"), params, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 200, meltonFinance: 200 }) },
    { what: `GET accept of ${what}`, handler: acceptOffer.loader, path: path("/accept"), params, expected: answer(200) },
    { what: `POST accept of ${what}`, handler: acceptOffer.action, path: path("/accept"), params, form: { version: "0", declarationName: "Aysha Rahman", declarationRole: "Community Safety Manager", ...TODAY_PARTS, onBehalf: "yes" }, expected: answer(409) },
    { what: `GET decline of ${what}`, handler: declineOffer.loader, path: path("/decline"), params, expected: answer(200) },
    { what: `POST decline of ${what}`, handler: declineOffer.action, path: path("/decline"), params, form: { version: "0", declineReason: "Not wanted." }, expected: answer(409) },
    { what: `GET extend-offer of ${what}`, handler: extendOffer.loader, path: path("/extend-offer"), params, expected: extension(200) },
    { what: `POST extend-offer of ${what}`, handler: extendOffer.action, path: path("/extend-offer"), params, form: { version: "0", "acceptBy.day": "31", "acceptBy.month": "12", "acceptBy.year": "2099", reason: "More time." }, expected: extension(409) },
  ];
};

const ROWS: Row[] = [
  // Pages anyone signed in may see
  { what: "GET / (dashboard)", handler: dashboard.loader, path: "/", expected: all(200, 302) },
  { what: "GET /bids", handler: bidList.loader, path: "/bids", expected: all(200, 302) },
  { what: "GET /grants", handler: grantList.loader, path: "/grants", expected: all(200, 302) },
  // The reconciliation: OPCC staff and a partnership's finance officer (its own partnership only); not CSP leads
  { what: "GET /finance", handler: finance.loader, path: "/finance", expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 200, meltonFinance: 200 }) },
  { what: "GET /finance with every filter", handler: finance.loader, path: `/finance?fy=2023-24&round=${ANNUAL}&stream=1&csp=${cspId("charnwood")}&page=2`, expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 200, meltonFinance: 200 }) },
  { what: "GET /finance with malformed filters", handler: finance.loader, path: "/finance?fy=20x3&round=abc&stream=-1&csp=1e3&page=0", expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 200, meltonFinance: 200 }) },
  // Downloads: each list's CSV has its list's access; the finance exports finance:read (a partnership's finance officer: its own lines)
  { what: "GET /bids.csv", handler: bidsCsv.loader, path: `/bids.csv?status=draft&csp=${cspId("charnwood")}&sort=requested`, expected: all(200, 302) },
  { what: "GET /grants.csv", handler: grantsCsv.loader, path: "/grants.csv", expected: all(200, 302) },
  { what: "GET /review.csv", handler: reviewCsv.loader, path: "/review.csv?age=7", expected: { out: 302, meltonLead: 403, charnwoodLead: 403, reviewer: 200, finance: 403, admin: 200, meltonFinance: 403 } },
  { what: "GET /finance.csv", handler: financeCsv.loader, path: `/finance.csv?fy=2023-24&csp=${cspId("charnwood")}`, expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 200, meltonFinance: 200 }) },
  { what: "GET /exports/finance.csv", handler: financeExportCsv.loader, path: "/exports/finance.csv?year=2023-24", expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 200, meltonFinance: 200 }) },
  { what: "GET /exports/finance.xlsx", handler: financeExportXlsx.loader, path: "/exports/finance.xlsx?year=2023-24", expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 200, meltonFinance: 200 }) },
  { what: "GET /exports/finance.xlsx of no such year", handler: financeExportXlsx.loader, path: "/exports/finance.xlsx?year=nonsense", expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 400, meltonFinance: 400 }) },
  { what: "GET /finance/csp/:id of Melton", handler: financeCsp.loader, path: `/finance/csp/${cspId("melton")}`, params: { cspId: String(cspId("melton")) }, expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 200, meltonFinance: 200 }) },
  { what: "GET /finance/csp/:id of Charnwood", handler: financeCsp.loader, path: `/finance/csp/${cspId("charnwood")}?fy=2023-24`, params: { cspId: String(cspId("charnwood")) }, expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 200, meltonFinance: 404 }) },
  { what: "GET /finance/csp/:id of no partnership", handler: financeCsp.loader, path: "/finance/csp/999999", params: { cspId: "999999" }, expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 404, meltonFinance: 404 }) },
  { what: "GET /finance/csp/abc", handler: financeCsp.loader, path: "/finance/csp/abc", params: { cspId: "abc" }, expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 404, meltonFinance: 404 }) },

  { open: true, what: "GET /healthz", handler: healthz.loader, path: "/healthz", expected: all(200) },
  { open: true, what: "GET /readyz", handler: readyz.loader, path: "/readyz", expected: all(200) },
  { open: true, what: "GET /forgot-password", handler: forgotPassword.loader, path: "/forgot-password", expected: all(200) },
  { open: true, what: "POST /forgot-password with no address", handler: forgotPassword.action, path: "/forgot-password", form: { email: "" }, expected: all(400) },
  { open: true, what: "GET a reset link that was never sent", handler: resetPassword.loader, path: "/reset-password/never-sent-never-sent", params: { token: "never-sent-never-sent" }, expected: all(404) },
  { open: true, what: "GET an invitation that was never sent", handler: invitationPage.loader, path: "/invitation/never-sent-never-sent", params: { token: "never-sent-never-sent" }, expected: all(404) },
  { open: true, what: "POST an invitation that was never sent with a password", handler: invitationPage.action, path: "/invitation/never-sent-never-sent", params: { token: "never-sent-never-sent" }, form: { password: "copper meadow lantern fig", confirm: "copper meadow lantern fig" }, expected: all(404) },
  { open: true, what: "GET /accessibility", handler: accessibilityPage.loader, path: "/accessibility", expected: all(200) },
  { open: true, what: "GET /privacy", handler: privacyPage.loader, path: "/privacy", expected: all(200) },
  { open: true, what: "GET /cookies", handler: cookiesPage.loader, path: "/cookies", expected: all(200) },
  { what: "GET /settings/privacy", handler: privacySettings.loader, path: "/settings/privacy", expected: { ...all(403, 302), admin: 200 } },
  // The OPCC itself and its partnerships (issue 12): administrators only.
  { what: "GET /settings/opcc", handler: opccSettingsPage.loader, path: "/settings/opcc", expected: { ...all(403, 302), admin: 200 } },
  { what: "POST /settings/opcc with nothing typed", handler: opccSettingsPage.action, path: "/settings/opcc", form: { name: "" }, expected: { ...all(403, 302), admin: 400 } },
  { what: "GET /settings/partnerships", handler: partnershipsPage.loader, path: "/settings/partnerships?page=2", expected: { ...all(403, 302), admin: 200 } },
  { what: "GET /settings/partnerships/new", handler: newPartnership.loader, path: "/settings/partnerships/new", expected: { ...all(403, 302), admin: 200 } },
  { what: "POST /settings/partnerships/new with nothing typed", handler: newPartnership.action, path: "/settings/partnerships/new", form: { name: "" }, expected: { ...all(403, 302), admin: 400 } },
  { what: "GET /settings/partnerships/:id of Melton", handler: partnershipPage.loader, path: `/settings/partnerships/${cspId("melton")}`, params: { partnershipId: String(cspId("melton")) }, expected: { ...all(403, 302), admin: 200 } },
  { what: "GET /settings/partnerships/:id of no partnership", handler: partnershipPage.loader, path: "/settings/partnerships/999999", params: { partnershipId: "999999" }, expected: { ...all(403, 302), admin: 404 } },
  { what: "POST /settings/partnerships/:id with a blank priority", handler: partnershipPage.action, path: `/settings/partnerships/${cspId("melton")}`, params: { partnershipId: String(cspId("melton")) }, form: { intent: "add-priority", priority: "" }, expected: { ...all(403, 302), admin: 400 } },
  // People (issue 12): administrators only.
  { what: "GET /settings/people", handler: peoplePage.loader, path: "/settings/people?role=csp_lead&status=active", expected: { ...all(403, 302), admin: 200 } },
  { what: "GET /settings/people with a made-up status", handler: peoplePage.loader, path: "/settings/people?status=asleep", expected: { ...all(403, 302), admin: 400 } },
  { what: "GET /settings/people/invite", handler: invitePage.loader, path: "/settings/people/invite", expected: { ...all(403, 302), admin: 200 } },
  { what: "POST /settings/people/invite with nothing typed", handler: invitePage.action, path: "/settings/people/invite", form: { name: "" }, expected: { ...all(403, 302), admin: 400 } },
  { what: "GET /settings/people/:id of the Melton lead", handler: personPage.loader, path: `/settings/people/${userId("meltonLead")}`, params: { userId: String(userId("meltonLead")) }, expected: { ...all(403, 302), admin: 200 } },
  { what: "GET /settings/people/:id of nobody", handler: personPage.loader, path: "/settings/people/999999", params: { userId: "999999" }, expected: { ...all(403, 302), admin: 404 } },
  { what: "POST /settings/people/:id deactivate from an old copy", handler: personPage.action, path: `/settings/people/${userId("meltonLead")}`, params: { userId: String(userId("meltonLead")) }, form: { intent: "deactivate", version: "0" }, expected: { ...all(403, 302), admin: 409 } },
  { what: "GET /settings/streams", handler: streamsSettings.loader, path: "/settings/streams", expected: { ...all(403, 302), admin: 200 } },
  { what: "GET /settings/streams/new", handler: newStream.loader, path: "/settings/streams/new", expected: { ...all(403, 302), admin: 200 } },
  { what: "POST /settings/streams/new with nothing typed", handler: newStream.action, path: "/settings/streams/new", form: { name: "" }, expected: { ...all(403, 302), admin: 400 } },
  { what: "GET /settings/streams/:id", handler: streamSettings.loader, path: "/settings/streams/1", params: { streamId: "1" }, expected: { ...all(403, 302), admin: 200 } },
  { what: "GET /settings/streams/:id of no stream", handler: streamSettings.loader, path: "/settings/streams/999999", params: { streamId: "999999" }, expected: { ...all(403, 302), admin: 404 } },
  { what: "POST /settings/streams/:id from an old copy", handler: streamSettings.action, path: "/settings/streams/1", params: { streamId: "1" }, form: { intent: "retire", version: "999" }, expected: { ...all(403, 302), admin: 409 } },
  { what: "GET /settings/priorities", handler: prioritiesSettings.loader, path: "/settings/priorities", expected: { ...all(403, 302), admin: 200 } },
  { what: "POST /settings/priorities with no name", handler: prioritiesSettings.action, path: "/settings/priorities", form: { intent: "add", kind: "statutory", name: "" }, expected: { ...all(403, 302), admin: 400 } },
  { what: "GET /settings/years", handler: yearsSettings.loader, path: "/settings/years", expected: { ...all(403, 302), admin: 200 } },
  { what: "POST /settings/years for a year that is not next", handler: yearsSettings.action, path: "/settings/years", form: { next: "1999-00" }, expected: { ...all(403, 302), admin: 409 } },
  { what: "GET /account/two-factor", handler: twoFactorAccount.loader, path: "/account/two-factor", expected: all(200, 302) },
  { what: "POST /account/two-factor with no code", handler: twoFactorAccount.action, path: "/account/two-factor", form: { intent: "off", code: "" }, expected: all(400, 302) },
  { what: "GET /settings/two-factor", handler: twoFactorSettings.loader, path: "/settings/two-factor", expected: { ...all(403, 302), admin: 200 } },
  { what: "POST /settings/two-factor with nothing chosen", handler: twoFactorSettings.action, path: "/settings/two-factor", form: { expected: "no" }, expected: { ...all(403, 302), admin: 400 } },
  { what: "GET /account/password", handler: changePassword.loader, path: "/account/password", expected: all(200, 302) },
  { what: "POST /account/password with nothing typed", handler: changePassword.action, path: "/account/password", form: { currentPassword: "", newPassword: "", confirm: "" }, expected: all(400, 302) },
  // The published grants and 360Giving files: public, the same for everyone (decision record 027).
  { open: true, what: "GET /transparency", handler: transparency.loader, path: "/transparency", expected: all(200) },
  { open: true, what: "GET /transparency with every filter", handler: transparency.loader, path: "/transparency?fy=2023-24&csp=melton&stream=csp-annual&page=2&apage=2", expected: all(200) },
  { open: true, what: "GET /transparency with a filter not among the choices", handler: transparency.loader, path: "/transparency?fy=20x3&csp=nowhere", expected: all(400) },
  { open: true, what: "GET /transparency/decisions/:reference of no decision", handler: publicDecision.loader, path: "/transparency/decisions/PCC%2F1999-00%2F001", params: { reference: "PCC/1999-00/001" }, expected: all(404) },
  { open: true, what: "GET /exports/360giving.json", handler: threeSixtyJson.loader, path: "/exports/360giving.json", expected: all(200) },
  { open: true, what: "GET /exports/360giving.csv", handler: threeSixtyCsv.loader, path: "/exports/360giving.csv", expected: all(200) },
  { open: true, what: "GET /login", handler: login.loader, path: "/login", expected: all(302, 200), redirectsTo: "/" },
  { open: true, what: "POST /login with an empty form", handler: login.action, path: "/login", form: { email: "", password: "" }, expected: all(400) },
  { open: true, what: "GET /logout (the sign-out page)", handler: logout.loader, path: "/logout", expected: all(200, 302), redirectsTo: "/login" },
  { open: true, what: "POST /logout", handler: logout.action, path: "/logout", form: {}, expected: all(302), redirectsTo: "/login?signedOut=1" },

  // Starting a bid: CSP leads only. The 2023-24 rounds have closed: their start page says so, and a post is refused (409).
  ...([[CURRENT, 400], [ANNUAL, 409], [SS5, 409]] as const).flatMap(([round, leadPost]): Row[] => [
    {
      what: `GET /bids/new?round=${round}`,
      handler: newBid.loader,
      path: `/bids/new?round=${round}`,
      expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 200, opcc: 403, meltonFinance: 403 }),
    },
    {
      what: `POST /bids/new?round=${round} with no title`,
      handler: newBid.action,
      path: `/bids/new?round=${round}`,
      form: { title: "" },
      expected: expect7({ out: 302, meltonLead: leadPost, charnwoodLead: leadPost, opcc: 403, meltonFinance: 403 }),
    },
  ]),

  // Reading a bid
  { what: "GET a submitted Melton bid", handler: bidPage.loader, path: `/bids/${MELTON_SUBMITTED}`, params: { bidId: String(MELTON_SUBMITTED) }, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 200, meltonFinance: 200 }) },
  { what: "GET a draft Melton bid", handler: bidPage.loader, path: `/bids/${MELTON_DRAFT}`, params: { bidId: String(MELTON_DRAFT) }, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 404, meltonFinance: 200 }) },
  { what: "GET a submitted Charnwood bid", handler: bidPage.loader, path: `/bids/${CHARNWOOD_SUBMITTED}`, params: { bidId: String(CHARNWOOD_SUBMITTED) }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 200, opcc: 200, meltonFinance: 404 }) },
  { what: "GET a draft Charnwood bid", handler: bidPage.loader, path: `/bids/${CHARNWOOD_DRAFT}`, params: { bidId: String(CHARNWOOD_DRAFT) }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 200, opcc: 404, meltonFinance: 404 }) },
  { what: "GET a withdrawn Charnwood bid", handler: bidPage.loader, path: `/bids/${CHARNWOOD_WITHDRAWN}`, params: { bidId: String(CHARNWOOD_WITHDRAWN) }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 200, opcc: 200, meltonFinance: 404 }) },
  { what: "GET a submitted Blaby bid", handler: bidPage.loader, path: `/bids/${BLABY_SUBMITTED}`, params: { bidId: String(BLABY_SUBMITTED) }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 404, opcc: 200, meltonFinance: 404 }) },
  { what: "GET a draft North West Leicestershire bid", handler: bidPage.loader, path: `/bids/${NWL_DRAFT}`, params: { bidId: String(NWL_DRAFT) }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 404, opcc: 404, meltonFinance: 404 }) },

  // Editing a section
  ...SECTIONS.flatMap((section): Row[] => [
    {
      what: `GET edit/${section} of a Melton draft`,
      handler: edit.loader,
      path: `/bids/${MELTON_DRAFT}/edit/${section}`,
      params: { bidId: String(MELTON_DRAFT), section },
      expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 404, meltonFinance: 403 }),
    },
    {
      what: `POST edit/${section} of a Melton draft`,
      handler: edit.action,
      path: `/bids/${MELTON_DRAFT}/edit/${section}`,
      params: { bidId: String(MELTON_DRAFT), section },
      form: sectionForm(section),
      expected: expect7({ out: 302, meltonLead: 409, charnwoodLead: 404, opcc: 404, meltonFinance: 403 }),
    },
  ]),
  { what: "GET edit/details of a submitted Melton bid", handler: edit.loader, path: `/bids/${MELTON_SUBMITTED}/edit/details`, params: { bidId: String(MELTON_SUBMITTED), section: "details" }, expected: expect7({ out: 302, meltonLead: 302, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }), redirectsTo: `/bids/${MELTON_SUBMITTED}` },
  { what: "POST edit/risks of a submitted Melton bid", handler: edit.action, path: `/bids/${MELTON_SUBMITTED}/edit/risks`, params: { bidId: String(MELTON_SUBMITTED), section: "risks" }, form: sectionForm("risks"), expected: expect7({ out: 302, meltonLead: 409, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }) },
  { what: "GET edit/costs of a submitted Charnwood bid", handler: edit.loader, path: `/bids/${CHARNWOOD_SUBMITTED}/edit/costs`, params: { bidId: String(CHARNWOOD_SUBMITTED), section: "costs" }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 302, opcc: 403, meltonFinance: 404 }), redirectsTo: `/bids/${CHARNWOOD_SUBMITTED}` },
  { what: "GET edit/risks of a Charnwood draft", handler: edit.loader, path: `/bids/${CHARNWOOD_DRAFT}/edit/risks`, params: { bidId: String(CHARNWOOD_DRAFT), section: "risks" }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 200, opcc: 404, meltonFinance: 404 }) },
  { what: "POST edit/risks of a Charnwood draft", handler: edit.action, path: `/bids/${CHARNWOOD_DRAFT}/edit/risks`, params: { bidId: String(CHARNWOOD_DRAFT), section: "risks" }, form: sectionForm("risks"), expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 409, opcc: 404, meltonFinance: 404 }) },

  // Check and submit
  { what: "GET submit of a Melton draft", handler: submit.loader, path: `/bids/${MELTON_DRAFT}/submit`, params: { bidId: String(MELTON_DRAFT) }, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 404, meltonFinance: 403 }) },
  { what: "POST submit of a Melton draft", handler: submit.action, path: `/bids/${MELTON_DRAFT}/submit`, params: { bidId: String(MELTON_DRAFT) }, form: { version: "0" }, expected: expect7({ out: 302, meltonLead: 409, charnwoodLead: 404, opcc: 404, meltonFinance: 403 }) },
  { what: "GET submit of a submitted Melton bid", handler: submit.loader, path: `/bids/${MELTON_SUBMITTED}/submit`, params: { bidId: String(MELTON_SUBMITTED) }, expected: expect7({ out: 302, meltonLead: 302, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }), redirectsTo: `/bids/${MELTON_SUBMITTED}` },
  { what: "POST submit of a submitted Charnwood bid", handler: submit.action, path: `/bids/${CHARNWOOD_SUBMITTED}/submit`, params: { bidId: String(CHARNWOOD_SUBMITTED) }, form: { version: "0" }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 409, opcc: 403, meltonFinance: 404 }) },
  { what: "POST submit of a Charnwood draft", handler: submit.action, path: `/bids/${CHARNWOOD_DRAFT}/submit`, params: { bidId: String(CHARNWOOD_DRAFT) }, form: { version: "0" }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 409, opcc: 404, meltonFinance: 404 }) },

  // Withdraw
  { what: "GET withdraw of a submitted Melton bid", handler: withdraw.loader, path: `/bids/${MELTON_SUBMITTED}/withdraw`, params: { bidId: String(MELTON_SUBMITTED) }, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }) },
  { what: "POST withdraw of a submitted Melton bid", handler: withdraw.action, path: `/bids/${MELTON_SUBMITTED}/withdraw`, params: { bidId: String(MELTON_SUBMITTED) }, form: { version: "0" }, expected: expect7({ out: 302, meltonLead: 409, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }) },
  { what: "GET withdraw of a Melton draft", handler: withdraw.loader, path: `/bids/${MELTON_DRAFT}/withdraw`, params: { bidId: String(MELTON_DRAFT) }, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 404, meltonFinance: 403 }) },
  { what: "POST withdraw of a Melton draft", handler: withdraw.action, path: `/bids/${MELTON_DRAFT}/withdraw`, params: { bidId: String(MELTON_DRAFT) }, form: { version: "0" }, expected: expect7({ out: 302, meltonLead: 409, charnwoodLead: 404, opcc: 404, meltonFinance: 403 }) },
  { what: "GET withdraw of a withdrawn Charnwood bid", handler: withdraw.loader, path: `/bids/${CHARNWOOD_WITHDRAWN}/withdraw`, params: { bidId: String(CHARNWOOD_WITHDRAWN) }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 302, opcc: 403, meltonFinance: 404 }), redirectsTo: `/bids/${CHARNWOOD_WITHDRAWN}` },
  { what: "POST withdraw of a withdrawn Charnwood bid", handler: withdraw.action, path: `/bids/${CHARNWOOD_WITHDRAWN}/withdraw`, params: { bidId: String(CHARNWOOD_WITHDRAWN) }, form: { version: "0" }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 409, opcc: 403, meltonFinance: 404 }) },

  // The confirmation after submitting: the bid's own partnership only, and only while it waits for review
  { what: "GET submitted of a submitted Melton bid", handler: submitted.loader, path: `/bids/${MELTON_SUBMITTED}/submitted`, params: { bidId: String(MELTON_SUBMITTED) }, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 403, meltonFinance: 200 }) },
  { what: "GET submitted of a Melton draft", handler: submitted.loader, path: `/bids/${MELTON_DRAFT}/submitted`, params: { bidId: String(MELTON_DRAFT) }, expected: expect7({ out: 302, meltonLead: 302, charnwoodLead: 404, opcc: 404, meltonFinance: 302 }), redirectsTo: `/bids/${MELTON_DRAFT}` },
  { what: "GET submitted of a submitted Charnwood bid", handler: submitted.loader, path: `/bids/${CHARNWOOD_SUBMITTED}/submitted`, params: { bidId: String(CHARNWOOD_SUBMITTED) }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 200, opcc: 403, meltonFinance: 404 }) },

  // Deleting a draft that was never submitted: CSP leads only
  { what: "GET delete of a Melton draft", handler: deleteDraft.loader, path: `/bids/${MELTON_DRAFT}/delete`, params: { bidId: String(MELTON_DRAFT) }, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 404, meltonFinance: 403 }) },
  { what: "POST delete of a Melton draft", handler: deleteDraft.action, path: `/bids/${MELTON_DRAFT}/delete`, params: { bidId: String(MELTON_DRAFT) }, form: { version: "0" }, expected: expect7({ out: 302, meltonLead: 409, charnwoodLead: 404, opcc: 404, meltonFinance: 403 }) },
  { what: "GET delete of a submitted Melton bid", handler: deleteDraft.loader, path: `/bids/${MELTON_SUBMITTED}/delete`, params: { bidId: String(MELTON_SUBMITTED) }, expected: expect7({ out: 302, meltonLead: 302, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }), redirectsTo: `/bids/${MELTON_SUBMITTED}` },
  { what: "POST delete of a submitted Melton bid", handler: deleteDraft.action, path: `/bids/${MELTON_SUBMITTED}/delete`, params: { bidId: String(MELTON_SUBMITTED) }, form: { version: "0" }, expected: expect7({ out: 302, meltonLead: 409, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }) },
  { what: "GET delete of a Charnwood draft", handler: deleteDraft.loader, path: `/bids/${CHARNWOOD_DRAFT}/delete`, params: { bidId: String(CHARNWOOD_DRAFT) }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 200, opcc: 404, meltonFinance: 404 }) },
  { what: "POST delete of a Charnwood draft", handler: deleteDraft.action, path: `/bids/${CHARNWOOD_DRAFT}/delete`, params: { bidId: String(CHARNWOOD_DRAFT) }, form: { version: "0" }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 409, opcc: 404, meltonFinance: 404 }) },
  // A grant's offer: answered by the partnership's lead, extended by OPCC staff; another partnership gets 404.
  ...grantRows(MELTON_GRANT, "a Melton grant on offer"),
  ...grantRows(LAPSED_GRANT, "a Melton grant whose offer lapsed"),

  { what: "POST delete of a withdrawn Charnwood bid", handler: deleteDraft.action, path: `/bids/${CHARNWOOD_WITHDRAWN}/delete`, params: { bidId: String(CHARNWOOD_WITHDRAWN) }, form: { version: "0" }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 409, opcc: 403, meltonFinance: 404 }) },

  // A return's evidence: read and downloaded by all who may read the return; uploaded and removed by its partnership's lead only.
  { what: "GET the evidence page of a Melton return", handler: evidencePage.loader, path: MELTON_RETURN.path, params: MELTON_RETURN.params, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 200, meltonFinance: 200 }) },
  { what: "GET an evidence file of a Melton return", handler: evidenceFile.loader, path: MELTON_RETURN.file.path, params: MELTON_RETURN.file.params, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 200, meltonFinance: 200 }) },
  { what: "POST an upload with no file chosen to a Melton return", handler: evidencePage.action, path: MELTON_RETURN.path, params: MELTON_RETURN.params, upload: { file: "none-chosen" }, expected: expect7({ out: 302, meltonLead: 400, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }) },
  { what: "POST a removal naming no file to a Melton return", handler: evidencePage.action, path: MELTON_RETURN.path, params: MELTON_RETURN.params, form: { intent: "remove", evidenceId: "0" }, expected: expect7({ out: 302, meltonLead: 400, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }) },
  { what: "GET the evidence page of a Blaby return", handler: evidencePage.loader, path: BLABY_RETURN.path, params: BLABY_RETURN.params, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 404, opcc: 200, meltonFinance: 404 }) },
  { what: "GET an evidence file of a Blaby return", handler: evidenceFile.loader, path: BLABY_RETURN.file.path, params: BLABY_RETURN.file.params, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 404, opcc: 200, meltonFinance: 404 }) },
  { what: "POST an upload with no file chosen to a Blaby return", handler: evidencePage.action, path: BLABY_RETURN.path, params: BLABY_RETURN.params, upload: { file: "none-chosen" }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 404, opcc: 403, meltonFinance: 404 }) },
  { what: "POST a removal of the Blaby return's file", handler: evidencePage.action, path: BLABY_RETURN.path, params: BLABY_RETURN.params, form: { intent: "remove", evidenceId: BLABY_RETURN.file.params.evidenceId }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 404, opcc: 403, meltonFinance: 404 }) },
  // Quarterly returns: the partnership reads and writes its own; OPCC staff read every one and review them.
  { what: "GET /returns", handler: returnList.loader, path: "/returns", expected: all(200, 302) },
  { what: "GET a Melton return", handler: returnPage.loader, path: RETURN_PATH, params: RETURN_PARAMS, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 200, meltonFinance: 200 }) },
  {
    what: "POST accept on a Melton return",
    handler: returnPage.action,
    path: RETURN_PATH,
    params: RETURN_PARAMS,
    form: { intent: "accept", version: "0" },
    // Reviewers and OPCC finance get past the check (and are refused as out of date); the administrator reads only.
    expected: { ...expect7({ out: 302, meltonLead: 403, charnwoodLead: 404, opcc: 409, meltonFinance: 403 }), admin: 403 },
  },
  {
    what: "POST certify on a Melton return",
    handler: returnPage.action,
    path: RETURN_PATH,
    params: RETURN_PARAMS,
    form: { intent: "certify", version: "0", certifiedName: "David Scott", certifiedRole: "Finance Manager", "certifiedOn.day": "1", "certifiedOn.month": "8", "certifiedOn.year": "2023" },
    expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 404, opcc: 403, meltonFinance: 409 }),
  },
  { what: "GET edit of a Melton return", handler: returnEdit.loader, path: `${RETURN_PATH}/edit`, params: RETURN_PARAMS, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }) },
  { what: "POST edit of a Melton return", handler: returnEdit.action, path: `${RETURN_PATH}/edit`, params: RETURN_PARAMS, form: { version: "0", intent: "save" }, expected: expect7({ out: 302, meltonLead: 409, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }) },
  { what: "GET submit of a Melton return", handler: returnSubmit.loader, path: `${RETURN_PATH}/submit`, params: RETURN_PARAMS, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }) },
  { what: "POST submit of a Melton return", handler: returnSubmit.action, path: `${RETURN_PATH}/submit`, params: RETURN_PARAMS, form: { version: "0" }, expected: expect7({ out: 302, meltonLead: 409, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }) },
];

let before: ReturnType<typeof databaseSnapshot>;
beforeAll(() => {
  before = databaseSnapshot();
});

describe("who may open which page and send which form", () => {
  const cases = ROWS.flatMap((row) => EVERYONE.map((who) => ({ row, who, as: label(who), status: row.expected[who ?? "out"] })));
  it.each(cases)("$row.what as $as → $status", async ({ row, who, status }) => {
    const req = row.upload ? await uploadRequest(who, row.path, row.upload) : await request(who, row.path, row.form);
    const res = await run<any>(row.handler, req, row.params ?? {});
    expect(res.status, `${row.what} as ${label(who)}`).toBe(status);
    if (status === 302) {
      if (who === null && !row.open) {
        // Signed out: off to sign in, and back here afterwards.
        expect(res.location).toBe(`/login?redirectTo=${encodeURIComponent(row.path)}`);
      } else {
        expect(res.location).toBe(row.redirectsTo);
      }
    }
  });

  it("none of those requests changed a bid, a section or the audit log", () => {
    expect(databaseSnapshot()).toEqual(before);
  });
});

describe("a Melton lead typing another partnership's bid into the address bar", () => {
  const forms = validSectionForms();
  for (const [name, target] of [
    ["submitted Charnwood bid", CHARNWOOD_SUBMITTED],
    ["draft Charnwood bid", CHARNWOOD_DRAFT],
  ] as const) {
    describe(`the ${name}`, () => {
      const id = String(target);
      // Forms carry the bid's real current version: only the access check stands in the way.
      const version = () => String(bidSnapshot(target).bid!.version);

      it("cannot read it (404, as if it did not exist)", async () => {
        expect((await run(bidPage.loader, await request("meltonLead", `/bids/${id}`), { bidId: id })).status).toBe(404);
      });

      it.each(SECTIONS)("cannot open the %s section for editing (404)", async (section) => {
        const res = await run(edit.loader, await request("meltonLead", `/bids/${id}/edit/${section}`), { bidId: id, section });
        expect(res.status).toBe(404);
      });

      it.each(SECTIONS)("cannot save the %s section (404) and nothing is written", async (section) => {
        const snap = bidSnapshot(target);
        const audit = auditCount();
        const res = await run(edit.action, await request("meltonLead", `/bids/${id}/edit/${section}`, { ...forms[section], version: version() }), { bidId: id, section });
        expect(res.status).toBe(404);
        expect(bidSnapshot(target)).toEqual(snap);
        expect(auditCount()).toBe(audit);
      });

      it("cannot open its check-and-submit page or submit it (404) and nothing is written", async () => {
        const snap = bidSnapshot(target);
        expect((await run(submit.loader, await request("meltonLead", `/bids/${id}/submit`), { bidId: id })).status).toBe(404);
        const res = await run(submit.action, await request("meltonLead", `/bids/${id}/submit`, { version: version() }), { bidId: id });
        expect(res.status).toBe(404);
        expect(bidSnapshot(target)).toEqual(snap);
      });

      it("cannot open its withdraw page or withdraw it (404) and nothing is written", async () => {
        const snap = bidSnapshot(target);
        expect((await run(withdraw.loader, await request("meltonLead", `/bids/${id}/withdraw`), { bidId: id })).status).toBe(404);
        const res = await run(withdraw.action, await request("meltonLead", `/bids/${id}/withdraw`, { version: version() }), { bidId: id });
        expect(res.status).toBe(404);
        expect(bidSnapshot(target)).toEqual(snap);
      });
    });
  }
});

describe("OPCC staff and the Melton council finance officer can read but never write", () => {
  const forms = validSectionForms();
  const attempts = [
    ...(["reviewer", "finance", "admin"] as const).map((who) => ({ who, target: CHARNWOOD_SUBMITTED })),
    { who: "meltonFinance" as const, target: MELTON_DRAFT },
  ];
  it.each(attempts)("$who is refused (403) every change to bid $target with its current version, and nothing is written", async ({ who, target }) => {
    const id = String(target);
    const snap = bidSnapshot(target);
    const version = String(snap.bid!.version);
    for (const section of SECTIONS) {
      expect((await run(edit.loader, await request(who, `/bids/${id}/edit/${section}`), { bidId: id, section })).status).toBe(403);
      expect((await run(edit.action, await request(who, `/bids/${id}/edit/${section}`, { ...forms[section], version }), { bidId: id, section })).status).toBe(403);
    }
    expect((await run(submit.action, await request(who, `/bids/${id}/submit`, { version }), { bidId: id })).status).toBe(403);
    expect((await run(withdraw.action, await request(who, `/bids/${id}/withdraw`, { version }), { bidId: id })).status).toBe(403);
    expect((await run(newBid.action, await request(who, `/bids/new?round=${CURRENT}`, { title: "Sneaky bid" }))).status).toBe(403);
    expect(bidSnapshot(target)).toEqual(snap);
  });
});

describe("what the bid list shows each user", () => {
  const nameOf = (code: string) => db().select().from(organisations).all().find((o) => o.code === code)!.name;
  const countWhere = (pred: (b: { cspId: number; status: string }) => boolean) => db().select({ cspId: bids.cspId, status: bids.status }).from(bids).all().filter(pred).length;

  it("a Melton lead sees every Melton bid, drafts included, and nothing else", async () => {
    const res = await run<any>(bidList.loader, await request("meltonLead", "/bids"));
    expect(res.status).toBe(200);
    const melton = cspId("melton");
    expect(res.data.result.count).toBe(countWhere((b) => b.cspId === melton));
    expect(res.data.result.rows.length).toBe(res.data.result.count);
    expect(new Set(res.data.result.rows.map((r: any) => r.cspName))).toEqual(new Set([nameOf("melton")]));
    expect(res.data.result.rows.some((r: any) => r.status === "draft")).toBe(true);
    expect(res.data.showCsp).toBe(false);
  });

  it("a Melton lead cannot widen the list to Charnwood with ?csp=", async () => {
    const res = await run<any>(bidList.loader, await request("meltonLead", `/bids?csp=${cspId("charnwood")}`));
    expect(res.status).toBe(200);
    expect(res.data.result.rows.length).toBeGreaterThan(0);
    expect(res.data.result.rows.every((r: any) => r.cspName === nameOf("melton"))).toBe(true);
  });

  it("a Charnwood lead sees only Charnwood bids", async () => {
    const res = await run<any>(bidList.loader, await request("charnwoodLead", "/bids"));
    const charnwood = cspId("charnwood");
    expect(res.data.result.count).toBe(countWhere((b) => b.cspId === charnwood));
    expect(res.data.result.rows.every((r: any) => r.cspName === nameOf("charnwood"))).toBe(true);
  });

  it("the Melton council finance officer sees Melton's bids, drafts included, and nothing else", async () => {
    const res = await run<any>(bidList.loader, await request("meltonFinance", "/bids"));
    const melton = cspId("melton");
    expect(res.data.result.count).toBe(countWhere((b) => b.cspId === melton));
    expect(res.data.result.rows.every((r: any) => r.cspName === nameOf("melton"))).toBe(true);
    expect(res.data.canCreate).toBe(false);
  });

  it.each(["reviewer", "finance", "admin"] as const)("%s sees every partnership's submitted and withdrawn bids but no drafts", async (who) => {
    const res = await run<any>(bidList.loader, await request(who, "/bids"));
    expect(res.status).toBe(200);
    expect(res.data.result.count).toBe(countWhere((b) => b.status !== "draft"));
    expect(res.data.result.rows.some((r: any) => r.status === "draft")).toBe(false);
    const csps = new Set(res.data.result.rows.map((r: any) => r.cspName));
    for (const code of ["melton", "charnwood", "blaby", "leicester-city"]) expect(csps.has(nameOf(code))).toBe(true);
    expect(res.data.statuses).not.toContain("draft");
    expect(res.data.showCsp).toBe(true);
  });

  it("the reviewer asking for drafts with ?status=draft gets none", async () => {
    const res = await run<any>(bidList.loader, await request("reviewer", "/bids?status=draft"));
    expect(res.status).toBe(200);
    expect(res.data.result.count).toBe(0);
    expect(res.data.result.rows).toEqual([]);
  });
});

describe("the OPCC reviewer reading bids", () => {
  it.each([MELTON_SUBMITTED, CHARNWOOD_SUBMITTED, BLABY_SUBMITTED, CITY_SUBMITTED, CHARNWOOD_WITHDRAWN])("opens non-draft bid %i from any partnership", async (id) => {
    const res = await run<any>(bidPage.loader, await request("reviewer", `/bids/${id}`), { bidId: String(id) });
    expect(res.status).toBe(200);
    expect(res.data.bid.id).toBe(id);
    expect(res.data.canEdit).toBe(false);
    expect(res.data.canSubmit).toBe(false);
    expect(res.data.canWithdraw).toBe(false);
  });

  it.each([MELTON_DRAFT, CHARNWOOD_DRAFT, NWL_DRAFT])("cannot open draft bid %i (404)", async (id) => {
    const res = await run(bidPage.loader, await request("reviewer", `/bids/${id}`), { bidId: String(id) });
    expect(res.status).toBe(404);
  });

  it("the dashboard counts no drafts for OPCC staff", async () => {
    const res = await run<any>(dashboard.loader, await request("reviewer", "/"));
    expect(res.data.kind).toBe("opcc");
    expect(res.data.counts.draft).toBeUndefined();
    expect(res.data.counts.submitted).toBeGreaterThan(0);
  });
});

describe("/healthz", () => {
  it.each(EVERYONE)("answers 200 ok for %s", async (who) => {
    const res = await run(healthz.loader, await request(who, "/healthz"));
    expect(res.status).toBe(200);
    const response = (await healthz.loader()) as Response;
    expect(await response.text()).toBe("ok");
  });
});

describe("a draft withdrawn before it was ever submitted", () => {
  it("stays with its partnership: OPCC staff get 404 for it and do not see it in any list or count", async () => {
    const made = await run(newBid.action, await request("meltonLead", `/bids/new?round=${currentRoundId()}`, { title: "Withdrawn before it was sent" }));
    const id = String(/\/bids\/(\d+)\//.exec(made.location!)![1]);
    const version = String(db().select({ v: bids.version }).from(bids).where(eq(bids.id, Number(id))).get()!.v);
    expect((await run(withdraw.action, await request("meltonLead", `/bids/${id}/withdraw`, { version }), { bidId: id })).status).toBe(302);
    for (const who of ["reviewer", "finance", "admin"] as const) {
      expect((await run(bidPage.loader, await request(who, `/bids/${id}`), { bidId: id })).status, who).toBe(404);
      expect((await run(bidPdf.loader, await request(who, `/bids/${id}.pdf`), { bidId: id })).status, who).toBe(404);
      const list = await run<any>(bidList.loader, await request(who, "/bids?status=withdrawn"));
      expect(JSON.stringify(list.data), who).not.toContain("Withdrawn before it was sent");
    }
    // Its own partnership still has it.
    expect((await run(bidPage.loader, await request("meltonLead", `/bids/${id}`), { bidId: id })).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------
// After the award: a grant's payments. Made when this file is collected (before the snapshot above).

const PAYMENTS_GRANT = String(acceptedGrant("Drink Safe"));
const paymentsPath = `/grants/${PAYMENTS_GRANT}/payments`;
// The grant's own first instalment: whichever grants other rows' helpers made first, this one is real.
const FIRST_INSTALMENT = String(db().get<{ id: number }>(sql`select id from grant_payments where grant_id = ${Number(PAYMENTS_GRANT)} order by due_on, id limit 1`).id);
const PAYMENT_ROWS: Row[] = [
  { what: "GET a Melton grant's payments", handler: grantPayments.loader, path: paymentsPath, params: { grantId: PAYMENTS_GRANT }, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 200, meltonFinance: 200 }) },
  // OPCC finance only: version 0 is refused as out of date (409) for them, and nothing is written.
  {
    what: "POST a payment on a Melton grant",
    handler: grantPayments.action,
    path: paymentsPath,
    params: { grantId: PAYMENTS_GRANT },
    form: { intent: "record", version: "0", instalmentId: FIRST_INSTALMENT, "paidOn.day": "3", "paidOn.month": "11", "paidOn.year": "2023", amount: "1", financeReference: "AP-1" },
    expected: { out: 302, meltonLead: 403, charnwoodLead: 404, reviewer: 403, finance: 409, admin: 403, meltonFinance: 403 },
  },
  {
    what: "POST a hold release on a Melton grant",
    handler: grantPayments.action,
    path: paymentsPath,
    params: { grantId: PAYMENTS_GRANT },
    form: { intent: "release", version: "0", heldInstalmentId: FIRST_INSTALMENT, reason: "Agreed" },
    expected: { out: 302, meltonLead: 403, charnwoodLead: 404, reviewer: 403, finance: 409, admin: 403, meltonFinance: 403 },
  },
];

describe("a grant's payments: who may open the page and send its forms", () => {
  const count = (table: string) => db().get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
  const cases = PAYMENT_ROWS.flatMap((row) => EVERYONE.map((who) => ({ row, who, as: label(who), status: row.expected[who ?? "out"] })));
  it.each(cases)("$row.what as $as → $status", async ({ row, who, status }) => {
    const before = [count("payments"), count("payment_hold_releases"), count("audit_log")];
    const res = await run<any>(row.handler, await request(who, row.path, row.form), row.params ?? {});
    expect(res.status, `${row.what} as ${label(who)}`).toBe(status);
    if (status === 302) expect(res.location).toBe(`/login?redirectTo=${encodeURIComponent(row.path)}`);
    expect([count("payments"), count("payment_hold_releases"), count("audit_log")]).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// After the award: a grant's variations, on the accepted Drink Safe grant above. A time extension
// waits on it, written straight in (the pages' own journeys are in variations.test.ts).

const VARIATION = String(
  db().get<{ id: number }>(sql`insert into grant_variations (grant_id, kind, status, financial_year_id, current_end_date, new_end_date, reason, requested_by, requested_at)
    select ${Number(PAYMENTS_GRANT)}, 'extension', 'requested', fy.id, '2024-03-31', '2024-06-30', 'Access matrix', u.id, '2023-12-01T10:00:00.000Z'
      from financial_years fy, users u where fy.label = '2023-24' and u.email = 'lead.melton@demo.opcc.test' returning id`).id,
);
const newVirementPath = `/grants/${PAYMENTS_GRANT}/variations/new?kind=virement`;
const variationPath = `/grants/${PAYMENTS_GRANT}/variations/${VARIATION}`;
const variationParams = { grantId: PAYMENTS_GRANT, variationId: VARIATION };
const VARIATION_ROWS: Row[] = [
  { what: "GET /variations", handler: variationList.loader, path: "/variations", expected: all(200, 302) },
  { what: "GET /variations with malformed filters", handler: variationList.loader, path: "/variations?status=nope&page=-3", expected: all(200, 302) },
  { what: "GET the virement form of a Melton grant", handler: newVariation.loader, path: newVirementPath, params: { grantId: PAYMENTS_GRANT }, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }) },
  { what: "GET the extension form of a Melton grant", handler: newVariation.loader, path: `/grants/${PAYMENTS_GRANT}/variations/new?kind=extension`, params: { grantId: PAYMENTS_GRANT }, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }) },
  { what: "GET the transfer form of a Melton grant", handler: newTransfer.loader, path: `/grants/${PAYMENTS_GRANT}/transfers/new`, params: { grantId: PAYMENTS_GRANT }, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }) },
  // The lead only: an amount of nothing is refused (400), and nothing is written.
  {
    what: "POST a transfer on a Melton grant",
    handler: newTransfer.action,
    path: `/grants/${PAYMENTS_GRANT}/transfers/new`,
    params: { grantId: PAYMENTS_GRANT },
    form: { fromCostLineId: "1", to: "new-project", amount: "0", reason: "Access matrix" },
    expected: expect7({ out: 302, meltonLead: 400, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }),
  },
  {
    what: "POST a virement on a Melton grant",
    handler: newVariation.action,
    path: newVirementPath,
    params: { grantId: PAYMENTS_GRANT },
    form: { fromCostLineId: "1", toCostLineId: "2", amount: "0", reason: "Access matrix" },
    expected: expect7({ out: 302, meltonLead: 400, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }),
  },
  { what: "GET a Melton grant's variation", handler: variationPage.loader, path: variationPath, params: variationParams, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 200, meltonFinance: 200 }) },
  { what: "GET a variation under another grant", handler: variationPage.loader, path: `/grants/${MELTON_GRANT}/variations/${VARIATION}`, params: { grantId: String(MELTON_GRANT), variationId: VARIATION }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 404, opcc: 404, meltonFinance: 404 }) },
  // OPCC reviewers and finance decide: version 0 is refused as out of date (409).
  {
    what: "POST a decision on a Melton grant's variation",
    handler: variationPage.action,
    path: variationPath,
    params: variationParams,
    form: { intent: "decide", version: "0", decision: "approve", decisionReason: "Agreed" },
    expected: { out: 302, meltonLead: 403, charnwoodLead: 404, reviewer: 409, finance: 409, admin: 403, meltonFinance: 403 },
  },
  // The lead withdraws: version 0 is refused as out of date (409).
  {
    what: "POST a withdrawal of a Melton grant's variation",
    handler: variationPage.action,
    path: variationPath,
    params: variationParams,
    form: { intent: "withdraw", version: "0" },
    expected: { out: 302, meltonLead: 409, charnwoodLead: 404, reviewer: 403, finance: 403, admin: 403, meltonFinance: 403 },
  },
];

describe("a grant's variations: who may open the pages and send their forms", () => {
  const count = (table: string) => db().get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
  const cases = VARIATION_ROWS.flatMap((row) => EVERYONE.map((who) => ({ row, who, as: label(who), status: row.expected[who ?? "out"] })));
  it.each(cases)("$row.what as $as → $status", async ({ row, who, status }) => {
    const before = [count("grant_variations"), count("grant_line_adjustments"), count("audit_log")];
    const res = await run<any>(row.handler, await request(who, row.path, row.form), row.params ?? {});
    expect(res.status, `${row.what} as ${label(who)}`).toBe(status);
    if (status === 302) expect(res.location).toBe(`/login?redirectTo=${encodeURIComponent(row.path)}`);
    expect([count("grant_variations"), count("grant_line_adjustments"), count("audit_log")]).toEqual(before);
  });
});

// Closing the year (brief C): OPCC staff read it; council finance and CSP leads get 403. Only OPCC
// finance closes and only an administrator reopens: from a stale copy (the token never real) they
// are refused 409 and nothing is written.
const YEAR_END_ROWS: Row[] = [
  { what: "GET /finance/year-end", handler: yearEndList.loader, path: "/finance/year-end", expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 200, meltonFinance: 403 }) },
  { what: "GET /finance/year-end/2023-24", handler: yearEnd.loader, path: "/finance/year-end/2023-24?page=2&csp=1", params: { fy: "2023-24" }, expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 200, meltonFinance: 403 }) },
  { what: "GET /finance/year-end/2023-25", handler: yearEnd.loader, path: "/finance/year-end/2023-25", params: { fy: "2023-25" }, expected: expect7({ out: 302, meltonLead: 403, charnwoodLead: 403, opcc: 404, meltonFinance: 403 }) },
  {
    what: "POST close of 2023-24",
    handler: yearEnd.action,
    path: "/finance/year-end/2023-24",
    params: { fy: "2023-24" },
    form: { intent: "close", token: "open:999999", confirm: "yes" },
    expected: { out: 302, meltonLead: 403, charnwoodLead: 403, reviewer: 403, finance: 409, admin: 403, meltonFinance: 403 },
  },
  {
    what: "POST reopen of 2023-24",
    handler: yearEnd.action,
    path: "/finance/year-end/2023-24",
    params: { fy: "2023-24" },
    form: { intent: "reopen", token: "closed:999999", reason: "Put right" },
    expected: { out: 302, meltonLead: 403, charnwoodLead: 403, reviewer: 403, finance: 403, admin: 409, meltonFinance: 403 },
  },
];

describe("closing the year: who may open the page and send its forms", () => {
  const count = (table: string) => db().get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
  const cases = YEAR_END_ROWS.flatMap((row) => EVERYONE.map((who) => ({ row, who, as: label(who), status: row.expected[who ?? "out"] })));
  it.each(cases)("$row.what as $as → $status", async ({ row, who, status }) => {
    const before = [count("financial_year_closures"), count("audit_log")];
    const res = await run<any>(row.handler, await request(who, row.path, row.form), row.params ?? {});
    expect(res.status, `${row.what} as ${label(who)}`).toBe(status);
    if (status === 302) expect(res.location).toBe(`/login?redirectTo=${encodeURIComponent(row.path)}`);
    expect([count("financial_year_closures"), count("audit_log")]).toEqual(before);
  });
});

// Underspends and clawbacks: OPCC finance only. Another partnership's grant is a 404 (its access
// check comes first); a CSP lead, council finance, reviewers and the administrator are refused.

const Y2023 = String(db().get<{ id: number }>(sql`select id from financial_years where label = '2023-24'`).id);
const underspendPath = `/finance/grants/${PAYMENTS_GRANT}/underspend?year=${Y2023}`;
const FINANCE_ONLY = (finance: number, charnwoodLead = 403): Expected => ({ out: 302, meltonLead: 403, charnwoodLead, reviewer: 403, finance, admin: 403, meltonFinance: 403 });
const UNDERSPEND_ROWS: Row[] = [
  { what: "GET the underspend form of a Melton grant", handler: underspendPage.loader, path: underspendPath, params: { grantId: PAYMENTS_GRANT }, expected: FINANCE_ONLY(200, 404) },
  // From a form that never was ("0-0"): OPCC finance's is refused as out of date (409), and nothing is written.
  {
    what: "POST an underspend on a Melton grant",
    handler: underspendPage.action,
    path: underspendPath,
    params: { grantId: PAYMENTS_GRANT },
    form: { seen: "0-0", outcome: "returned", amount: "1", reason: "Test" },
    expected: FINANCE_ONLY(409, 404),
  },
  { what: "GET /finance/clawbacks", handler: clawbackList.loader, path: "/finance/clawbacks?fy=2023-24&status=raised&page=2", expected: FINANCE_ONLY(200) },
  { what: "GET a clawback that does not exist", handler: clawbackPage.loader, path: "/finance/clawbacks/999999", params: { clawbackId: "999999" }, expected: FINANCE_ONLY(404) },
  {
    what: "POST to a clawback that does not exist",
    handler: clawbackPage.action,
    path: "/finance/clawbacks/999999",
    params: { clawbackId: "999999" },
    form: { intent: "invoice", version: "1", invoiceReference: "INV-1", "invoicedOn.day": "1", "invoicedOn.month": "6", "invoicedOn.year": "2024" },
    expected: FINANCE_ONLY(404),
  },
];

describe("underspends and clawbacks: who may open the pages and send their forms", () => {
  const count = (table: string) => db().get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
  const cases = UNDERSPEND_ROWS.flatMap((row) => EVERYONE.map((who) => ({ row, who, as: label(who), status: row.expected[who ?? "out"] })));
  it.each(cases)("$row.what as $as → $status", async ({ row, who, status }) => {
    const before = [count("grant_underspends"), count("grant_recoveries"), count("grant_line_adjustments"), count("audit_log")];
    const res = await run<any>(row.handler, await request(who, row.path, row.form), row.params ?? {});
    expect(res.status, `${row.what} as ${label(who)}`).toBe(status);
    if (status === 302) expect(res.location).toBe(`/login?redirectTo=${encodeURIComponent(row.path)}`);
    expect([count("grant_underspends"), count("grant_recoveries"), count("grant_line_adjustments"), count("audit_log")]).toEqual(before);
  });
});

// Reports (issue 11): everyone signed in reads /reports and the scrutiny reports of the partnerships
// they see (OPCC staff every one; a partnership's people only their own: another's is a 404). Only
// the CSP lead writes the introduction: council finance and OPCC staff are refused (403); bad input
// is a 400 and an introduction from an older copy a 409, and nothing is written.
const MELTON_ID = String(cspId("melton"));
const reportPath = `/reports/scrutiny/${MELTON_ID}/2023-24`;
const reportParams = { cspId: MELTON_ID, fy: "2023-24" };
const REPORT_ROWS: Row[] = [
  { what: "GET /reports", handler: reportList.loader, path: "/reports", expected: all(200, 302) },
  { what: "GET /reports with a year that is not one", handler: reportList.loader, path: "/reports?csp=abc&fy=1999-00", expected: all(400, 302) },
  { what: "GET Melton's 2023-24 scrutiny report", handler: scrutinyPage.loader, path: reportPath, params: reportParams, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 200, meltonFinance: 200 }) },
  { what: "GET Melton's 2023-24 scrutiny report as a PDF", handler: scrutinyPdf.loader, path: `${reportPath}.pdf`, params: reportParams, expected: expect7({ out: 302, meltonLead: 200, charnwoodLead: 404, opcc: 200, meltonFinance: 200 }) },
  { what: "GET Melton's report of a year that does not exist", handler: scrutinyPage.loader, path: `/reports/scrutiny/${MELTON_ID}/2099-00`, params: { cspId: MELTON_ID, fy: "2099-00" }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 404, opcc: 404, meltonFinance: 404 }) },
  { what: "GET the report of an organisation that is not a partnership", handler: scrutinyPage.loader, path: "/reports/scrutiny/999999/2023-24", params: { cspId: "999999", fy: "2023-24" }, expected: expect7({ out: 302, meltonLead: 404, charnwoodLead: 404, opcc: 404, meltonFinance: 404 }) },
  {
    what: "POST an empty introduction to Melton's report",
    handler: scrutinyPage.action,
    path: reportPath,
    params: reportParams,
    form: { version: "0", introduction: "  " },
    expected: expect7({ out: 302, meltonLead: 400, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }),
  },
  {
    what: "POST an introduction to Melton's report from a copy that never was",
    handler: scrutinyPage.action,
    path: reportPath,
    params: reportParams,
    form: { version: "7", introduction: "Our year." },
    expected: expect7({ out: 302, meltonLead: 409, charnwoodLead: 404, opcc: 403, meltonFinance: 403 }),
  },
];

describe("reports: who may open the pages and send their forms", () => {
  const count = (table: string) => db().get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
  const cases = REPORT_ROWS.flatMap((row) => EVERYONE.map((who) => ({ row, who, as: label(who), status: row.expected[who ?? "out"] })));
  it.each(cases)("$row.what as $as → $status", async ({ row, who, status }) => {
    const before = [count("scrutiny_reports"), count("audit_log")];
    const res = await run<any>(row.handler, await request(who, row.path, row.form), row.params ?? {});
    expect(res.status, `${row.what} as ${label(who)}`).toBe(status);
    if (status === 302) expect(res.location).toBe(`/login?redirectTo=${encodeURIComponent(row.path)}`);
    expect([count("scrutiny_reports"), count("audit_log")]).toEqual(before);
  });
});

// The decision-meeting pack: OPCC staff who read reviews (reviewers and the administrator; not
// OPCC finance, not a partnership). Search: whoever reads bids, each within their own scope.

const REVIEW_READERS = (ok: number): Expected => ({ out: 302, meltonLead: 403, charnwoodLead: 403, reviewer: ok, finance: 403, admin: ok, meltonFinance: 403 });
const PACK_AND_SEARCH_ROWS: Row[] = [
  { what: "GET the decision-meeting pack of the 2023-24 annual round", handler: meetingPack.loader, path: `/rounds/${annualRoundId()}/pack.pdf`, params: { roundId: String(annualRoundId()) }, expected: REVIEW_READERS(200) },
  { what: "GET the decision-meeting pack of a round that does not exist", handler: meetingPack.loader, path: "/rounds/999999/pack.pdf", params: { roundId: "999999" }, expected: REVIEW_READERS(404) },
  { what: "GET the decision-meeting pack of round abc", handler: meetingPack.loader, path: "/rounds/abc/pack.pdf", params: { roundId: "abc" }, expected: REVIEW_READERS(404) },
  { what: "GET /search", handler: searchPage.loader, path: "/search", expected: all(200, 302) },
  { what: "GET /search?q=drink", handler: searchPage.loader, path: "/search?q=drink&page=2", expected: all(200, 302) },
  { what: "GET /search?q=* (nothing to search for)", handler: searchPage.loader, path: "/search?q=*", expected: all(400, 302) },
];

describe("the decision-meeting pack and search: who may open them", () => {
  afterAll(() => closePdfPool());
  const cases = PACK_AND_SEARCH_ROWS.flatMap((row) => EVERYONE.map((who) => ({ row, who, as: label(who), status: row.expected[who ?? "out"] })));
  it.each(cases)("$row.what as $as → $status", async ({ row, who, status }) => {
    const res = await run<any>(row.handler, await request(who, row.path), row.params ?? {});
    expect(res.status, `${row.what} as ${label(who)}`).toBe(status);
    if (status === 302) expect(res.location).toBe(`/login?redirectTo=${encodeURIComponent(row.path)}`);
  });
});

import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import * as root from "../../app/root";
import { getBidDetail, submitBid } from "../../app/data/bids.server";
import { db } from "../../app/data/db.server";
import { recordDecision } from "../../app/data/decisions.server";
import { queueMessage, reviewerContacts } from "../../app/data/notifications.server";
import { addComment, answerConflict, assignReviewer, recordScore, requestChanges } from "../../app/data/review.server";
import { saveStreamRubric, streamRubric } from "../../app/data/rubrics.server";
import type { Rubric } from "../../app/domain/scoring";
import { decisions, financialYears, grantReturns, grants, grantVariations, outbox, returnEvidence, rounds } from "../../db/schema";
import { addEvidence } from "../../app/data/evidence.server";
import { decideVariation, requestVirement, virementLines } from "../../app/data/variations.server";
import { samplePdf } from "../../db/evidence-samples";
import { acceptOfferForTest, leadOfGrant } from "../support/accepted-return";
import { pdfText } from "../support/pdf-text";
import { spreadsheetText } from "../support/spreadsheet-text";
import { DEMO, request, userId, type DemoUser } from "../support/requests";
import { annualRoundId, bidIdByTitle, bidRow, makeUser } from "./helpers";
import { acceptOffer } from "../support/accepted-grant";

/**
 * What the OPCC keeps to itself never reaches a partnership. Marker text is planted in everything
 * internal to a review of one Melton bid, made through the portal's own functions: an internal
 * comment, score justifications, a conflict of interest declaration, reviewers whose names are
 * markers, individual score sheets scored against a rubric whose gate, criteria, descriptors and
 * band are markers (with totals no other figure shares), and an internal e-mail to OPCC staff. The
 * bid is sent back with a message the partnership is meant to see, resubmitted, scored again,
 * moderated and approved.
 *
 * Then, as the Melton CSP lead and as Melton's council finance officer, every route's loader is
 * called (found from app/routes, each param given a real id: a route this test does not know how
 * to call fails it), with the root loader's data; what a loader returns is serialised as the
 * browser would get it, PDFs are read back as text, and every e-mail to those users is read. None
 * may hold a marker. As a control, the same calls as OPCC staff do find every marker, and the
 * shared message reaches the partnership. It is done twice: while the bid is back with the
 * partnership (its edit and check pages open), and once it is decided (decision record and grant).
 */

const MARKERS = {
  internalComment: "Internal note QX7: the chief executive is sceptical",
  justification: "Justification QX7: thin evidence of need",
  moderatedJustification: "Moderated justification QX7",
  conflictDetails: "Conflict QX7: my brother chairs the Melton BID board",
  leadReviewer: "Quentin Leadmarker QX7",
  secondReviewer: "Xanthe Secondmarker QX7",
  conflictedReviewer: "Zoltan Conflictmarker QX7",
  gateLabel: "Gate QX7 eligible",
  gateKey: "gate_qx7",
  criterionA: "Criterion QX7 alpha",
  criterionAKey: "alpha_qx7",
  criterionB: "Criterion QX7 beta",
  criterionBKey: "beta_qx7",
  descriptor: "Descriptor QX7",
  bandLabel: "Band QX7 middling",
  bandKey: "band_qx7",
  internalEmail: "Internal e-mail QX7: budget pressure in Melton",
} as const;

/**
 * Totals of the individual sheets (weights 37 and 63: (37a + 63b) / 5), in the marker band, that no
 * other figure on the pages shares. The moderated total (92.6, "Recommend") is part of the
 * decision and may be shown.
 */
const SHEETS = {
  first: { second: { a: 2, b: 3, total: "52.6" }, lead: { a: 4, b: 2, total: "54.8" } },
  again: { second: { a: 1, b: 3, total: "45.2" }, lead: { a: 3, b: 2, total: "47.4" } },
  moderated: { a: 4, b: 5 },
};
const HIDDEN_TOTALS = [SHEETS.first.second.total, SHEETS.first.lead.total, SHEETS.again.second.total, SHEETS.again.lead.total];

const SHARED_MESSAGE = "Please say how many help points there will be and where each goes.";

const descriptors = (name: string) => [0, 1, 2, 3, 4, 5].map((n) => `${MARKERS.descriptor} ${name} ${n}`);
const RUBRIC: Rubric = {
  gates: [{ key: MARKERS.gateKey, label: MARKERS.gateLabel }],
  criteria: [
    { key: MARKERS.criterionAKey, label: MARKERS.criterionA, weight: 37, descriptors: descriptors("alpha") },
    { key: MARKERS.criterionBKey, label: MARKERS.criterionB, weight: 63, descriptors: descriptors("beta") },
  ],
  bands: [
    { key: "recommend", label: "Recommend", from: 70 },
    { key: MARKERS.bandKey, label: MARKERS.bandLabel, from: 40 },
    { key: "do_not_recommend", label: "Do not recommend", from: 0 },
  ],
};

const BID_TITLE = "WCCTV help point and standard support package";
const bidId = () => bidIdByTitle(BID_TITLE);
const version = () => bidRow(bidId())!.version;

const reviewers = { lead: 0, second: 0, conflicted: 0 };

function sheet(scores: { a: number; b: number }, justification: string) {
  return {
    gates: { [MARKERS.gateKey]: true },
    scores: { [MARKERS.criterionAKey]: scores.a, [MARKERS.criterionBKey]: scores.b },
    justifications: { [MARKERS.criterionAKey]: `${justification} (alpha)`, [MARKERS.criterionBKey]: `${justification} (beta)` },
  };
}

function expectSaved(result: { kind: string }) {
  expect(result.kind, JSON.stringify(result)).toBe("saved");
}

/** The review up to sending the bid back: assigned, conflicts answered, scored, commented on internally. */
async function reviewAndSendBack() {
  reviewers.lead = await makeUser({ email: "lead.qx7@demo.opcc.test", name: MARKERS.leadReviewer, role: "opcc_reviewer", orgCode: "opcc" });
  reviewers.second = await makeUser({ email: "second.qx7@demo.opcc.test", name: MARKERS.secondReviewer, role: "opcc_reviewer", orgCode: "opcc" });
  reviewers.conflicted = await makeUser({ email: "conflicted.qx7@demo.opcc.test", name: MARKERS.conflictedReviewer, role: "opcc_reviewer", orgCode: "opcc" });
  const streamId = db().select({ id: rounds.streamId }).from(rounds).where(eq(rounds.id, annualRoundId())).get()!.id;
  expect(saveStreamRubric(streamId, userId("admin"), streamRubric(streamId)!.version, RUBRIC).kind).toBe("saved");

  const id = bidId();
  expectSaved(assignReviewer(id, reviewers.lead, true, reviewers.lead, version()));
  expectSaved(assignReviewer(id, reviewers.second, false, reviewers.lead, version()));
  expectSaved(assignReviewer(id, reviewers.conflicted, false, reviewers.lead, version()));
  expectSaved(answerConflict(id, reviewers.lead, false, ""));
  expectSaved(answerConflict(id, reviewers.second, false, ""));
  expectSaved(answerConflict(id, reviewers.conflicted, true, MARKERS.conflictDetails));
  expectSaved(recordScore(id, reviewers.second, "individual", sheet(SHEETS.first.second, MARKERS.justification)));
  expectSaved(recordScore(id, reviewers.lead, "individual", sheet(SHEETS.first.lead, MARKERS.justification)));
  addComment(id, reviewers.lead, "internal", MARKERS.internalComment);
  db().transaction((tx) => queueMessage(tx, { to: reviewerContacts(tx), subject: `Internal: ${BID_TITLE}`, body: MARKERS.internalEmail }));
  expectSaved(requestChanges(id, reviewers.lead, version(), SHARED_MESSAGE));
}

/** The partnership resubmits; the reviewers score it again, the lead moderates and the PCC approves it. */
function resubmitAndDecide() {
  const id = bidId();
  expectSaved(submitBid(id, userId("meltonLead"), version()));
  expectSaved(recordScore(id, reviewers.second, "individual", sheet(SHEETS.again.second, MARKERS.justification)));
  expectSaved(recordScore(id, reviewers.lead, "individual", sheet(SHEETS.again.lead, MARKERS.justification)));
  expectSaved(recordScore(id, reviewers.lead, "moderated", sheet(SHEETS.moderated, MARKERS.moderatedJustification)));
  const decided = recordDecision(id, reviewers.lead, version(), {
    outcome: "approve",
    approvedByLine: {},
    decidedOn: "2023-07-20",
    decisionMaker: "Police and Crime Commissioner for Leicestershire",
    leadOfficer: "Jordan Lee, Grants Officer",
    reasons: "Help points at the bus station meet the plan's priority on neighbourhood crime.",
    conditionIds: [],
    writtenConditions: [],
    declarationOfInterests: "None",
    publishable: true,
    foiExemption: null,
    paymentBasis: "quarterly_arrears",
  });
  expect(decided.kind, JSON.stringify(decided)).toBe("recorded");
  // The offer is accepted, so the grant has its quarterly returns to read too.
  if (decided.kind === "recorded" && decided.grantId) acceptOffer(decided.grantId);
}

// ---------------------------------------------------------------------------------------------
// Every route, called as the browser would

type RouteModule = { loader?: (args: unknown) => unknown };
const modules = import.meta.glob<RouteModule>("../../app/routes/*.{ts,tsx}", { eager: true });
const withLoaders = Object.entries(modules)
  .filter(([, m]) => typeof m.loader === "function")
  .map(([file, m]) => [file.replace("../../app/routes/", ""), m] as const);

interface Ids {
  bid: number;
  draft: number;
  round: number;
  stream: number;
  decision: number | null;
  grant: number | null;
  /** The bid's partnership. */
  csp: number;
  /** The grant's first quarterly return, once the offer is accepted. */
  return: number | null;
}
type Call = { path: string; params: Record<string, string> };
const SECTIONS = ["details", "priorities", "costs", "match-funding", "outcomes", "risks", "data-protection"];
const forBids = (ids: Ids, path: (id: number) => string, extra: Record<string, string> = {}): Call[] =>
  [ids.bid, ids.draft].map((id) => ({ path: path(id), params: { bidId: String(id), ...extra } }));

const forReturn = (ids: Ids, rest: string): Call[] =>
  ids.grant && ids.return ? [{ path: `/grants/${ids.grant}/returns/${ids.return}${rest}`, params: { grantId: String(ids.grant), returnId: String(ids.return) } }] : [];

const year2023 = () => db().select({ id: financialYears.id }).from(financialYears).where(eq(financialYears.label, "2023-24")).get()!.id;

/**
 * How to call each route's loader, with real ids. A new route must be added here (or the first
 * test fails).
 */
const CALLS: Record<string, (ids: Ids) => Call[]> = {
  "_index.tsx": () => [{ path: "/", params: {} }],
  "bids._index.tsx": () => [{ path: "/bids", params: {} }, { path: "/bids?status=approved", params: {} }, { path: "/bids?status=changes_requested", params: {} }],
  "bids.new.tsx": (ids) => [{ path: `/bids/new?round=${ids.round}`, params: {} }],
  "bids.$bidId._index.tsx": (ids) => forBids(ids, (id) => `/bids/${id}`),
  "bids.$bidId[.pdf].ts": (ids) => forBids(ids, (id) => `/bids/${id}.pdf`),
  "bids.$bidId.edit.$section.tsx": (ids) => SECTIONS.flatMap((section) => forBids(ids, (id) => `/bids/${id}/edit/${section}`, { section })),
  "bids.$bidId.submit.tsx": (ids) => forBids(ids, (id) => `/bids/${id}/submit`),
  "bids.$bidId.withdraw.tsx": (ids) => forBids(ids, (id) => `/bids/${id}/withdraw`),
  "bids.$bidId.delete.tsx": (ids) => forBids(ids, (id) => `/bids/${id}/delete`),
  "bids.$bidId.submitted.tsx": (ids) => forBids(ids, (id) => `/bids/${id}/submitted`),
  "bids.$bidId.review.tsx": (ids) => forBids(ids, (id) => `/bids/${id}/review`),
  "bids.$bidId.decision.tsx": (ids) => forBids(ids, (id) => `/bids/${id}/decision`),
  "decisions.$decisionId[.pdf].ts": (ids) => (ids.decision ? [{ path: `/decisions/${ids.decision}.pdf`, params: { decisionId: String(ids.decision) } }] : []),
  "grants._index.tsx": () => [{ path: "/grants", params: {} }],
  "grants.$grantId._index.tsx": (ids) => (ids.grant ? [{ path: `/grants/${ids.grant}`, params: { grantId: String(ids.grant) } }] : []),
  "grants.$grantId_.payments.tsx": (ids) => (ids.grant ? [{ path: `/grants/${ids.grant}/payments`, params: { grantId: String(ids.grant) } }] : []),
  "finance._index.tsx": () => [{ path: "/finance", params: {} }, { path: "/finance?fy=2023-24", params: {} }],
  "finance.csp.$cspId.tsx": (ids) => [{ path: `/finance/csp/${ids.csp}?fy=2023-24`, params: { cspId: String(ids.csp) } }],
  "finance.year-end._index.tsx": () => [{ path: "/finance/year-end", params: {} }],
  "reports._index.tsx": () => [{ path: "/reports", params: {} }],
  "reports.scrutiny.$cspId.$fy.tsx": (ids) => [{ path: `/reports/scrutiny/${ids.csp}/2023-24`, params: { cspId: String(ids.csp), fy: "2023-24" } }],
  "reports.scrutiny.$cspId.$fy[.pdf].ts": (ids) => [{ path: `/reports/scrutiny/${ids.csp}/2023-24.pdf`, params: { cspId: String(ids.csp), fy: "2023-24" } }],
  "finance.year-end.$fy.tsx": (ids) => [{ path: `/finance/year-end/2023-24?csp=${ids.csp}`, params: { fy: "2023-24" } }],
  "finance.grants.$grantId.tsx": (ids) => (ids.grant ? [{ path: `/finance/grants/${ids.grant}`, params: { grantId: String(ids.grant) } }] : []),
  "finance.grants.$grantId_.underspend.tsx": (ids) => (ids.grant ? [{ path: `/finance/grants/${ids.grant}/underspend?year=${year2023()}`, params: { grantId: String(ids.grant) } }] : []),
  "finance.clawbacks._index.tsx": () => [{ path: "/finance/clawbacks", params: {} }],
  "finance.clawbacks.$clawbackId.tsx": () => [{ path: "/finance/clawbacks/1", params: { clawbackId: "1" } }],
  "grants.$grantId.offer[.pdf].ts": (ids) => (ids.grant ? [{ path: `/grants/${ids.grant}/offer.pdf`, params: { grantId: String(ids.grant) } }] : []),
  "grants.$grantId.accept.tsx": (ids) => (ids.grant ? [{ path: `/grants/${ids.grant}/accept`, params: { grantId: String(ids.grant) } }] : []),
  "grants.$grantId.decline.tsx": (ids) => (ids.grant ? [{ path: `/grants/${ids.grant}/decline`, params: { grantId: String(ids.grant) } }] : []),
  "grants.$grantId.extend-offer.tsx": (ids) => (ids.grant ? [{ path: `/grants/${ids.grant}/extend-offer`, params: { grantId: String(ids.grant) } }] : []),
  "grants.$grantId_.returns.$returnId._index.tsx": (ids) => forReturn(ids, ""),
  "grants.$grantId_.returns.$returnId.edit.tsx": (ids) => forReturn(ids, "/edit"),
  "grants.$grantId_.returns.$returnId.submit.tsx": (ids) => forReturn(ids, "/submit"),
  "returns._index.tsx": () => [{ path: "/returns", params: {} }],
  "variations._index.tsx": () => [{ path: "/variations", params: {} }, { path: "/variations?status=all", params: {} }],
  "grants.$grantId_.transfers.new.tsx": (ids) => (ids.grant ? [{ path: `/grants/${ids.grant}/transfers/new`, params: { grantId: String(ids.grant) } }] : []),
  "grants.$grantId_.variations.new.tsx": (ids) =>
    ids.grant ? (["virement", "extension"] as const).map((kind) => ({ path: `/grants/${ids.grant}/variations/new?kind=${kind}`, params: { grantId: String(ids.grant) } })) : [],
  "grants.$grantId_.variations.$variationId.tsx": (ids) =>
    ids.grant
      ? db().select({ id: grantVariations.id }).from(grantVariations).where(eq(grantVariations.grantId, ids.grant)).all().map((v) => ({ path: `/grants/${ids.grant}/variations/${v.id}`, params: { grantId: String(ids.grant), variationId: String(v.id) } }))
      : [],
  "review._index.tsx": () => [{ path: "/review", params: {} }],
  "review[.csv].ts": () => [{ path: "/review.csv", params: {} }],
  "bids[.csv].ts": () => [{ path: "/bids.csv", params: {} }, { path: "/bids.csv?status=approved", params: {} }],
  "grants[.csv].ts": () => [{ path: "/grants.csv", params: {} }],
  "finance[.csv].ts": () => [{ path: "/finance.csv?fy=2023-24", params: {} }],
  "exports.finance[.csv].ts": () => [{ path: "/exports/finance.csv?year=2023-24", params: {} }],
  "exports.finance[.xlsx].ts": () => [{ path: "/exports/finance.xlsx?year=2023-24", params: {} }],
  "rounds._index.tsx": () => [{ path: "/rounds", params: {} }],
  "rounds.new.tsx": () => [{ path: "/rounds/new", params: {} }],
  "rounds.$roundId._index.tsx": (ids) => [{ path: `/rounds/${ids.round}`, params: { roundId: String(ids.round) } }],
  "rounds.$roundId.allocations.tsx": (ids) => [{ path: `/rounds/${ids.round}/allocations`, params: { roundId: String(ids.round) } }],
  "rounds.$roundId.pack[.pdf].ts": (ids) => [{ path: `/rounds/${ids.round}/pack.pdf`, params: { roundId: String(ids.round) } }],
  // Search finds the bid by its title and by its decision's reference: what it shows of it is what /bids does.
  "search.tsx": (ids) => [
    { path: `/search?q=${encodeURIComponent(BID_TITLE)}`, params: {} },
    ...(ids.decision ? [{ path: `/search?q=${encodeURIComponent(db().select({ reference: decisions.reference }).from(decisions).where(eq(decisions.id, ids.decision)).get()!.reference)}`, params: {} }] : []),
  ],
  "outbox.tsx": () => [{ path: "/outbox", params: {} }],
  "settings._index.tsx": () => [{ path: "/settings", params: {} }],
  "settings.conditions.tsx": () => [{ path: "/settings/conditions", params: {} }],
  "settings.decision-reference.tsx": () => [{ path: "/settings/decision-reference", params: {} }],
  "settings.privacy.tsx": () => [{ path: "/settings/privacy", params: {} }],
  "settings.opcc.tsx": () => [{ path: "/settings/opcc", params: {} }],
  "settings.partnerships._index.tsx": () => [{ path: "/settings/partnerships", params: {} }],
  "settings.partnerships.new.tsx": () => [{ path: "/settings/partnerships/new", params: {} }],
  "settings.partnerships.$partnershipId.tsx": (ids) => [{ path: `/settings/partnerships/${ids.csp}`, params: { partnershipId: String(ids.csp) } }],
  "settings.people._index.tsx": () => [{ path: "/settings/people", params: {} }, { path: "/settings/people?status=invited", params: {} }],
  "settings.people.invite.tsx": () => [{ path: "/settings/people/invite", params: {} }],
  "settings.people.$userId.tsx": () => [{ path: `/settings/people/${userId("meltonLead")}`, params: { userId: String(userId("meltonLead")) } }],
  "settings.streams._index.tsx": () => [{ path: "/settings/streams", params: {} }],
  "settings.streams.new.tsx": () => [{ path: "/settings/streams/new", params: {} }],
  "settings.streams.$streamId.tsx": (ids) => [{ path: `/settings/streams/${ids.stream}`, params: { streamId: String(ids.stream) } }],
  "settings.priorities.tsx": () => [{ path: "/settings/priorities", params: {} }],
  "settings.years.tsx": () => [{ path: "/settings/years", params: {} }],
  "accessibility.tsx": () => [{ path: "/accessibility", params: {} }],
  "privacy.tsx": () => [{ path: "/privacy", params: {} }],
  "cookies.tsx": () => [{ path: "/cookies", params: {} }],
  "settings.rubrics.$streamId.tsx": (ids) => [{ path: `/settings/rubrics/${ids.stream}`, params: { streamId: String(ids.stream) } }],
  "login.tsx": () => [{ path: "/login", params: {} }],
  "logout.tsx": () => [{ path: "/logout", params: {} }],
  "forgot-password.tsx": () => [{ path: "/forgot-password", params: {} }],
  "reset-password.$token.tsx": () => [{ path: "/reset-password/not-a-real-token-at-all", params: { token: "not-a-real-token-at-all" } }],
  "invitation.$token.tsx": () => [{ path: "/invitation/not-a-real-token-at-all", params: { token: "not-a-real-token-at-all" } }],
  "account.password.tsx": () => [{ path: "/account/password", params: {} }],
  "account.two-factor.tsx": () => [{ path: "/account/two-factor", params: {} }],
  "login_.two-factor.tsx": () => [{ path: "/login/two-factor", params: {} }],
  "settings.two-factor.tsx": () => [{ path: "/settings/two-factor", params: {} }],
  "request-refused.tsx": () => [{ path: "/request-refused", params: {} }],
  "healthz.ts": () => [{ path: "/healthz", params: {} }],
  "readyz.ts": () => [{ path: "/readyz", params: {} }],
  // The public pages (decision record 027): the decided bid is published, its internal review never.
  "transparency._index.tsx": () => [{ path: "/transparency", params: {} }, { path: "/transparency?csp=melton&fy=2023-24", params: {} }],
  "transparency.decisions.$reference.tsx": (ids) => (ids.decision ? [{ path: `/transparency/decisions/${ids.decision}`, params: { reference: String(ids.decision) } }] : []),
  "exports.360giving[.json].ts": () => [{ path: "/exports/360giving.json", params: {} }],
  "exports.360giving[.csv].ts": () => [{ path: "/exports/360giving.csv", params: {} }],
  "grants.$grantId_.returns.$returnId_.evidence.tsx": (ids) => evidenceCalls(ids).map(({ page, params }) => ({ path: page, params })),
  "grants.$grantId_.returns.$returnId_.evidence.$evidenceId.ts": (ids) => evidenceCalls(ids).map(({ file, params, evidenceId }) => ({ path: file, params: { ...params, evidenceId } })),
};

/** The grant's first return and its evidence file, once the grant's offer is accepted (see beforeAll). */
function evidenceCalls(ids: Ids) {
  if (!ids.grant) return [];
  const row = db()
    .select({ returnId: grantReturns.id, evidenceId: returnEvidence.id })
    .from(grantReturns)
    .innerJoin(returnEvidence, and(eq(returnEvidence.returnId, grantReturns.id), isNull(returnEvidence.removedAt)))
    .where(eq(grantReturns.grantId, ids.grant))
    .orderBy(asc(grantReturns.id))
    .get();
  if (!row) return [];
  const page = `/grants/${ids.grant}/returns/${row.returnId}/evidence`;
  return [{ page, file: `${page}/${row.evidenceId}`, evidenceId: String(row.evidenceId), params: { grantId: String(ids.grant), returnId: String(row.returnId) } }];
}

/** The decided grant's offer accepted (tests/support/accepted-return.ts) and an invoice on its first return. */
async function acceptAndAttachEvidence() {
  const grantId = currentIds().grant!;
  const [first] = acceptOfferForTest(db(), grantId, leadOfGrant(db(), grantId));
  const kept = await addEvidence(Readable.from([samplePdf(["WCCTV invoice", "Help point: 3,000.00"])]), { returnId: first, userId: userId("meltonLead"), fileName: "WCCTV invoice.pdf", description: "The help point's invoice" });
  expect(kept.kind).toBe("saved");
  // A virement beyond the tolerance, approved by the marker-named reviewer: the partnership sees it as the OPCC's decision.
  const lines = virementLines(grantId);
  const asked = requestVirement(grantId, userId("meltonLead"), { fromCostLineId: lines[0].id, toCostLineId: lines[1].id, amountPence: 60_000, reason: "Longer mast" });
  if (asked.kind !== "saved") throw new Error(JSON.stringify(asked));
  expect(decideVariation(grantId, asked.variationId, reviewers.lead!, { approve: true, reason: "Agreed", expectedVersion: 1 }).kind).toBe("saved");
}

function currentIds(): Ids {
  const id = bidId();
  const decision = db().select({ id: decisions.id }).from(decisions).where(eq(decisions.bidId, id)).orderBy(desc(decisions.id)).get();
  const grant = db().select({ id: grants.id }).from(grants).where(eq(grants.bidId, id)).get();
  return {
    bid: id,
    draft: bidIdByTitle("Solar lighting at Play Close Park"),
    round: annualRoundId(),
    stream: db().select({ id: rounds.streamId }).from(rounds).where(eq(rounds.id, annualRoundId())).get()!.id,
    decision: decision?.id ?? null,
    grant: grant?.id ?? null,
    csp: bidRow(id)!.cspId,
    return: grant ? (db().select({ id: grantReturns.id }).from(grantReturns).where(eq(grantReturns.grantId, grant.id)).orderBy(asc(grantReturns.id)).get()?.id ?? null) : null,
  };
}

/** What the browser gets from one loader: its data as JSON, a PDF's text, or a response's body. */
async function responseText(loader: (args: unknown) => unknown, who: DemoUser, call: Call): Promise<string> {
  let value: unknown;
  try {
    value = await loader({ request: await request(who, call.path), params: call.params, context: {} });
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) {
    if ((value.headers.get("Content-Type") ?? "").includes("application/pdf")) return pdfText(new Uint8Array(await value.arrayBuffer()));
    if ((value.headers.get("Content-Type") ?? "").includes("spreadsheetml")) return spreadsheetText(new Uint8Array(await value.arrayBuffer()));
    return value.text();
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") return JSON.stringify((value as { data: unknown }).data);
  if (value instanceof Error) throw value;
  return JSON.stringify(value ?? null);
}

/** Every response a user gets from every route, labelled by path, and the root loader's data. */
async function everything(who: DemoUser): Promise<{ where: string; text: string }[]> {
  const ids = currentIds();
  const seen = [{ where: "root", text: await responseText(root.loader as never, who, { path: "/", params: {} }) }];
  for (const [file, module] of withLoaders) {
    // A route missing from CALLS is reported by the test that lists them.
    for (const call of Object.hasOwn(CALLS, file) ? CALLS[file](ids) : []) seen.push({ where: `${file} ${call.path}`, text: await responseText(module.loader!, who, call) });
  }
  return seen;
}

/** Every e-mail addressed to the user. */
function emailsTo(who: DemoUser) {
  return db()
    .select({ subject: outbox.subject, body: outbox.body })
    .from(outbox)
    .where(eq(outbox.to, DEMO[who]))
    .all()
    .map((m) => ({ where: `e-mail "${m.subject}"`, text: `${m.subject}\n${m.body}` }));
}

const textMarkers = Object.entries(MARKERS) as [string, string][];
const totalPattern = (total: string) => new RegExp(`(?<![\\d.])${total.replace(".", "\\.")}(?!\\d)`);

/** Which markers appear where: [marker name, where] pairs. */
function markersIn(responses: { where: string; text: string }[]): [string, string][] {
  const found: [string, string][] = [];
  for (const { where, text } of responses) {
    const lower = text.toLowerCase();
    for (const [name, marker] of textMarkers) if (lower.includes(marker.toLowerCase())) found.push([name, where]);
    // Anything else of the marker rubric, such as a key a score is filed under.
    if (lower.includes("qx7") && !textMarkers.some(([, m]) => lower.includes(m.toLowerCase()))) found.push(["qx7", where]);
    for (const total of HIDDEN_TOTALS) if (totalPattern(total).test(text)) found.push([`total ${total}`, where]);
  }
  return found;
}

const PARTNERSHIP: DemoUser[] = ["meltonLead", "meltonFinance"];
const OPCC: DemoUser[] = ["reviewer", "admin"];

const seenByOpcc: { where: string; text: string }[] = [];
const seenByPartnership = new Map<DemoUser, { where: string; text: string }[][]>(PARTNERSHIP.map((who) => [who, []]));

async function look(stage: string) {
  for (const who of PARTNERSHIP) seenByPartnership.get(who)!.push((await everything(who)).map((r) => ({ ...r, where: `${stage}: ${r.where}` })));
  for (const who of OPCC) seenByOpcc.push(...(await everything(who)).map((r) => ({ ...r, where: `${stage}, ${who}: ${r.where}` })));
}

describe("confidential review data never reaches a partnership", () => {
  beforeAll(async () => {
    await reviewAndSendBack();
    await look("sent back");
    resubmitAndDecide();
    await acceptAndAttachEvidence();
    await look("decided");
    for (const who of OPCC) seenByOpcc.push(...emailsTo(who));
  }, 120_000);

  it("knows how to call every route's loader", () => {
    const unknown = withLoaders.map(([file]) => file).filter((file) => !Object.hasOwn(CALLS, file));
    expect(unknown, "routes this test does not know how to call: add them to CALLS").toEqual([]);
  });

  it("the bid went through the whole review and was decided", () => {
    const bid = getBidDetail(bidId())!;
    expect(bid.status).toBe("approved");
    expect(currentIds().grant).not.toBeNull();
  });

  it.each(PARTNERSHIP)("%s: no page, .data response or PDF holds any marker, at either stage", (who) => {
    const [sentBack, decided] = seenByPartnership.get(who)!;
    expect(sentBack.length).toBeGreaterThan(30);
    expect(decided.some((r) => r.where.includes(".pdf"))).toBe(true);
    expect(markersIn([...sentBack, ...decided])).toEqual([]);
  });

  it.each(PARTNERSHIP)("%s: no e-mail to them holds any marker", (who) => {
    const mail = emailsTo(who);
    expect(mail.length).toBeGreaterThan(0);
    expect(markersIn(mail)).toEqual([]);
  });

  it("the message shared with the partnership does reach it: the bid page, and the lead's e-mail", () => {
    const [sentBack] = seenByPartnership.get("meltonLead")!;
    expect(sentBack.find((r) => r.where === `sent back: bids.$bidId._index.tsx /bids/${bidId()}`)?.text).toContain(SHARED_MESSAGE);
    expect(emailsTo("meltonLead").some((m) => m.text.includes(SHARED_MESSAGE))).toBe(true);
    const [, decided] = seenByPartnership.get("meltonFinance")!;
    expect(decided.find((r) => r.where === `decided: bids.$bidId._index.tsx /bids/${bidId()}`)?.text).toContain(SHARED_MESSAGE);
  });

  it("the partnership does see the decision and its grant", () => {
    const [, decided] = seenByPartnership.get("meltonLead")!;
    const record = decided.find((r) => r.where.includes("decisions.$decisionId[.pdf].ts"))!;
    expect(record.text).toContain("Police and Crime Commissioner for Leicestershire");
    expect(record.text).toContain("Jordan Lee, Grants Officer");
    expect(decided.find((r) => r.where.includes("grants.$grantId.offer[.pdf].ts"))!.text).toContain(BID_TITLE);
    expect(decided.find((r) => r.where.includes("grants.$grantId_.returns.$returnId_.evidence.tsx"))!.text).toContain("WCCTV invoice.pdf");
    expect(decided.find((r) => r.where.includes("grants.$grantId_.returns.$returnId_.evidence.$evidenceId.ts"))!.text).toContain("Help point: 3,000.00");
    // And the accepted grant's quarterly returns: the return page, its form and its check page.
    for (const route of ["grants.$grantId_.returns.$returnId._index.tsx", "grants.$grantId_.returns.$returnId.edit.tsx", "grants.$grantId_.returns.$returnId.submit.tsx"]) {
      expect(decided.find((r) => r.where.includes(`: ${route} `))?.text, route).toContain("WCCTV help point and standard support package");
    }
  });

  it("control: OPCC staff's responses hold every marker, so the markers were really planted", () => {
    const found = new Set(markersIn(seenByOpcc).map(([name]) => name));
    const expected = [...textMarkers.map(([name]) => name), ...HIDDEN_TOTALS.map((t) => `total ${t}`)];
    expect(expected.filter((name) => !found.has(name))).toEqual([]);
  });
});

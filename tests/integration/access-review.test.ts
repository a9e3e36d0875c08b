import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { recordDecision, type DecisionInput } from "../../app/data/decisions.server";
import * as review from "../../app/routes/bids.$bidId.review";
import * as decision from "../../app/routes/bids.$bidId.decision";
import * as grantPage from "../../app/routes/grants.$grantId._index";
import * as grantList from "../../app/routes/grants._index";
import * as financeGrant from "../../app/routes/finance.grants.$grantId";
import * as queue from "../../app/routes/review._index";
import { organisations } from "../../db/schema";
import { moderate } from "../support/moderate";
import { request, run, userId, type DemoUser } from "../support/requests";
import { bidIdByTitle, bidRow, cspId, databaseSnapshot, type Form } from "./helpers";

/**
 * Who may open and send what on the review, decision and grant pages: every loader and action of
 * /review, /bids/:id/review, /bids/:id/decision, /grants and /grants/:id, signed out and as each
 * demo user. Actions in the matrix carry version 0 (never a real version), so a request that gets
 * past the access check is refused as out of date (409) or as invalid (400): nothing is ever
 * written, and the last test of the matrix proves it. Further down, refused users send valid forms
 * with the bid's current version (only the access check stands in the way), and then the reviewer
 * sends the very same forms and they are accepted, which shows the forms were valid.
 */

type Who = DemoUser | null;
const EVERYONE: Who[] = [null, "meltonLead", "charnwoodLead", "reviewer", "finance", "meltonFinance", "admin"];
const label = (who: Who) => who ?? "signed out";
type Expected = Record<"out" | DemoUser, number>;

/** Expected statuses in the order of EVERYONE: signed out, Melton lead, Charnwood lead, reviewer, OPCC finance, Melton finance, admin. */
const e = (out: number, meltonLead: number, charnwoodLead: number, reviewer: number, finance: number, meltonFinance: number, admin: number): Expected => ({
  out,
  meltonLead,
  charnwoodLead,
  reviewer,
  finance,
  meltonFinance,
  admin,
});

// Seeded bids, found by title. Each file has its own copy of the database; the decisions below are
// recorded in beforeAll.
const BIDS = {
  meltonSubmitted: bidIdByTitle("Safer Communities and Partnership Officer"),
  meltonDraft: bidIdByTitle("Solar lighting at Play Close Park"),
  /** Approved in beforeAll: a Melton grant. */
  meltonApproved: bidIdByTitle("Play Close CCTV"),
  /** Approved in beforeAll: a Charnwood grant. */
  charnwoodApproved: bidIdByTitle("Loughborough night-time economy street pastors"),
  charnwoodDraft: bidIdByTitle("Domestic abuse awareness in workplaces"),
  charnwoodWithdrawn: bidIdByTitle("Shepshed youth diversion football"),
  blabySubmitted: bidIdByTitle("Fosse Park retail crime partnership"),
  /** Rejected in beforeAll: a decision without a grant. */
  cityRejected: bidIdByTitle("Knife crime prevention in schools"),
  /** Untouched by the matrix: refused users, then the reviewer, act on it with its real version. */
  meltonToReview: bidIdByTitle("DISC app for Safer Melton Against Retail Theft (SMART)"),
  /** Untouched by the matrix: refused users, then the reviewer, record a decision with its real version. */
  meltonToDecide: bidIdByTitle("Convex mirrors at four sites"),
};
type BidKey = keyof typeof BIDS;
const GRANTS: { melton: number; charnwood: number } = { melton: 0, charnwood: 0 };
type GrantKey = keyof typeof GRANTS;

const reviewerId = () => userId("reviewer");

function decisionInput(overrides: Partial<DecisionInput> = {}): DecisionInput {
  return {
    outcome: "approve",
    approvedByLine: {},
    decidedOn: "2023-07-20",
    decisionMaker: "Police and Crime Commissioner for Leicestershire",
    leadOfficer: "Rachel Ward",
    reasons: "Meets the Police and Crime Plan.",
    conditionIds: [],
    writtenConditions: [],
    declarationOfInterests: "None",
    publishable: true,
    foiExemption: null,
    paymentBasis: "quarterly_arrears",
    ...overrides,
  };
}

/** A complete, valid decision form; version 0 unless given. */
function decisionForm(version = "0", overrides: Form = {}): Form {
  return {
    version,
    outcome: "approve",
    "decidedOn.day": "20",
    "decidedOn.month": "7",
    "decidedOn.year": "2023",
    decisionMaker: "Police and Crime Commissioner for Leicestershire",
    leadOfficer: "Rachel Ward",
    reasons: "Delivers the Police and Crime Plan with measurable outcomes.",
    declarationOfInterests: "None",
    publishable: "yes",
    paymentBasis: "quarterly_arrears",
    ...overrides,
  };
}

const SCORE_FORM: Form = {
  intent: "score",
  "gates.eligibility": "pass",
  "gates.governance": "pass",
  ...Object.fromEntries(["plan", "need", "outcomes", "value", "deliverability", "risk"].flatMap((k) => [[`scores.${k}`, "4"], [`justifications.${k}`, "Clear evidence in the bid"]])),
};

/** Everything a review, decision or grant could write, and what access-matrix's snapshot covers. */
function snapshot() {
  const count = (table: string) => db().get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
  return {
    ...databaseSnapshot(),
    review: ["bid_submissions", "review_assignments", "review_scores", "review_comments"].map((t) => [t, count(t)]),
    decisions: ["decisions", "decision_lines", "decision_sequences", "grants", "grant_payments", "outbox"].map((t) => [t, count(t)]),
    sequences: db().all(sql`select financial_year_id, last_number from decision_sequences order by financial_year_id`),
    reviewRows: db().all(sql`select bid_id, reviewer_id, is_lead, conflict, conflict_details from review_assignments order by id`),
  };
}

beforeAll(() => {
  const record = (bidId: number, input: DecisionInput) => {
    const result = recordDecision(bidId, reviewerId(), bidRow(bidId)!.version, input);
    if (result.kind !== "recorded") throw new Error(`Could not record a decision on bid ${bidId}: ${JSON.stringify(result)}`);
    return result;
  };
  // The reviewer led the review of each (declaring no conflict of interest) and moderated it before it was decided.
  for (const id of [BIDS.meltonApproved, BIDS.charnwoodApproved, BIDS.cityRejected]) moderate(id);
  GRANTS.melton = record(BIDS.meltonApproved, decisionInput()).grantId!;
  GRANTS.charnwood = record(BIDS.charnwoodApproved, decisionInput()).grantId!;
  const rejected = record(BIDS.cityRejected, decisionInput({ outcome: "reject", reasons: "Duplicates existing provision." }));
  expect(rejected.grantId).toBeNull();
  expect(GRANTS.melton).toBeGreaterThan(0);
  expect(GRANTS.charnwood).toBeGreaterThan(0);
});

type Handler = Parameters<typeof run>[0];
interface Row {
  what: string;
  handler: Handler;
  /** Built when the test runs: grant ids exist only after beforeAll. */
  path: () => string;
  params: () => Record<string, string>;
  form?: Form;
  expected: Expected;
}

const bidRows = (
  page: "review" | "decision",
  handler: Handler,
  form: Form | undefined,
  targets: [BidKey, Expected][],
): Row[] =>
  targets.map(([key, expected]) => ({
    what: `${form ? "POST" : "GET"} /bids/:id/${page} of ${key}`,
    handler,
    path: () => `/bids/${BIDS[key]}/${page}`,
    params: () => ({ bidId: String(BIDS[key]) }),
    form,
    expected,
  }));

/**
 * Reading a bid's review page (review:read). A bid the user cannot see is 404 before permissions
 * are looked at; a CSP's own bid (drafts included) is 403; OPCC finance 403; admin reads.
 */
const REVIEW_READ: [BidKey, Expected][] = [
  ["meltonSubmitted", e(302, 403, 404, 200, 403, 403, 200)],
  ["meltonDraft", e(302, 403, 404, 404, 404, 403, 404)],
  ["meltonApproved", e(302, 403, 404, 200, 403, 403, 200)],
  ["charnwoodApproved", e(302, 404, 403, 200, 403, 404, 200)],
  ["charnwoodDraft", e(302, 404, 403, 404, 404, 404, 404)],
  ["charnwoodWithdrawn", e(302, 404, 403, 200, 403, 404, 200)],
  ["blabySubmitted", e(302, 404, 404, 200, 403, 404, 200)],
  ["cityRejected", e(302, 404, 404, 200, 403, 404, 200)],
];

/** The reviewer gets past the access check and is refused as out of date (or as no longer open): 409. Admin may not act: 403. */
const REVIEW_ACT: [BidKey, Expected][] = REVIEW_READ.map(([key, x]) => [key, { ...x, reviewer: x.reviewer === 200 ? 409 : x.reviewer, admin: x.admin === 200 ? 403 : x.admin }]);
/** The decision page is the reviewer's alone (decision:record): admin gets 403 too. */
const DECISION_READ: [BidKey, Expected][] = REVIEW_READ.map(([key, x]) => [key, { ...x, admin: x.admin === 200 ? 403 : x.admin }]);
const DECISION_ACT: [BidKey, Expected][] = DECISION_READ.map(([key, x]) => [key, { ...x, reviewer: x.reviewer === 200 ? 409 : x.reviewer }]);

const grantRows = (targets: [GrantKey, Expected][]): Row[] =>
  targets.map(([key, expected]) => ({
    what: `GET /grants/:id of the ${key} grant`,
    handler: grantPage.loader,
    path: () => `/grants/${GRANTS[key]}`,
    params: () => ({ grantId: String(GRANTS[key]) }),
    expected,
  }));

/** A grant's reconciliation page (finance:read): its own partnership's finance officer and OPCC staff; a lead 403 (or 404 for another's). */
const financeGrantRows = (targets: [GrantKey, Expected][]): Row[] =>
  targets.map(([key, expected]) => ({
    what: `GET /finance/grants/:id of the ${key} grant`,
    handler: financeGrant.loader,
    path: () => `/finance/grants/${GRANTS[key]}`,
    params: () => ({ grantId: String(GRANTS[key]) }),
    expected,
  }));

const fixed = (what: string, handler: Handler, path: string, expected: Expected, form?: Form): Row => ({ what, handler, path: () => path, params: () => ({}), form, expected });

const ROWS: Row[] = [
  // The review queue: review:read
  fixed("GET /review", queue.loader, "/review", e(302, 403, 403, 200, 403, 403, 200)),
  fixed("GET /review with every filter", queue.loader, `/review?round=1&csp=${cspId("melton")}&reviewer=${userId("reviewer")}&age=7&page=2`, e(302, 403, 403, 200, 403, 403, 200)),
  fixed("GET /review with malformed filters", queue.loader, "/review?round=abc&csp=-1&reviewer=1e3&age=99999&page=0", e(302, 403, 403, 200, 403, 403, 200)),

  // A bid's review page
  ...bidRows("review", review.loader, undefined, REVIEW_READ),
  ...bidRows("review", review.action, { intent: "request-changes", version: "0", message: "Please add the number of retailers." }, REVIEW_ACT),
  ...bidRows("review", review.action, { intent: "assign", version: "0", reviewerId: String(userId("reviewer")), lead: "yes" }, REVIEW_ACT.filter(([k]) => k === "meltonSubmitted" || k === "blabySubmitted")),
  // An unknown intent: past the access check, the reviewer gets 400.
  ...bidRows("review", review.action, { intent: "delete-everything" }, [["meltonSubmitted", e(302, 403, 404, 400, 403, 403, 403)]]),

  // The decision page
  ...bidRows("decision", decision.loader, undefined, DECISION_READ),
  ...bidRows("decision", decision.action, decisionForm("0"), DECISION_ACT),
  ...bidRows("decision", decision.action, decisionForm("0", { outcome: "part_approve", "approved.line1": "1.00" }), DECISION_ACT.filter(([k]) => k === "blabySubmitted")),
  // An empty form: past the access check, the reviewer gets 400.
  ...bidRows("decision", decision.action, {}, [["meltonSubmitted", e(302, 403, 404, 400, 403, 403, 403)]]),

  // Grants: any signed-in user may list (scoped below); a grant is seen by its own CSP and the OPCC
  fixed("GET /grants", grantList.loader, "/grants", e(302, 200, 200, 200, 200, 200, 200)),
  ...grantRows([
    ["melton", e(302, 200, 404, 200, 200, 200, 200)],
    ["charnwood", e(302, 404, 200, 200, 200, 404, 200)],
  ]),
  ...financeGrantRows([
    ["melton", e(302, 403, 404, 200, 200, 200, 200)],
    ["charnwood", e(302, 404, 403, 200, 200, 404, 200)],
  ]),
];

/** Ids that are not a bid or grant: never there, or not a positive whole number of at most 10 digits. */
const BAD_IDS = ["999999", "2147483647", "2147483648", "99999999999", "0", "-1", "abc", "1.5", "12abc", "1e3", " 1", "%00"];
const BAD_ID_ROWS: Row[] = BAD_IDS.flatMap((id): Row[] => [
  { what: `GET /bids/${id}/review`, handler: review.loader, path: () => `/bids/${encodeURIComponent(id)}/review`, params: () => ({ bidId: id }), expected: e(302, 404, 404, 404, 404, 404, 404) },
  { what: `POST /bids/${id}/review`, handler: review.action, path: () => `/bids/${encodeURIComponent(id)}/review`, params: () => ({ bidId: id }), form: { intent: "comment", body: "Hello", visibility: "shared" }, expected: e(302, 404, 404, 404, 404, 404, 404) },
  { what: `GET /bids/${id}/decision`, handler: decision.loader, path: () => `/bids/${encodeURIComponent(id)}/decision`, params: () => ({ bidId: id }), expected: e(302, 404, 404, 404, 404, 404, 404) },
  { what: `POST /bids/${id}/decision`, handler: decision.action, path: () => `/bids/${encodeURIComponent(id)}/decision`, params: () => ({ bidId: id }), form: decisionForm("1"), expected: e(302, 404, 404, 404, 404, 404, 404) },
  { what: `GET /grants/${id}`, handler: grantPage.loader, path: () => `/grants/${encodeURIComponent(id)}`, params: () => ({ grantId: id }), expected: e(302, 404, 404, 404, 404, 404, 404) },
  { what: `GET /finance/grants/${id}`, handler: financeGrant.loader, path: () => `/finance/grants/${encodeURIComponent(id)}`, params: () => ({ grantId: id }), expected: e(302, 404, 404, 404, 404, 404, 404) },
]);

describe("who may open which review, decision and grant page, and send which form", () => {
  let before: ReturnType<typeof snapshot>;
  beforeAll(() => {
    before = snapshot();
  });

  const cases = [...ROWS, ...BAD_ID_ROWS].flatMap((row) => EVERYONE.map((who) => ({ row, who, as: label(who), status: row.expected[who ?? "out"] })));
  it.each(cases)("$row.what as $as → $status", async ({ row, who, status }) => {
    const path = row.path();
    const res = await run<any>(row.handler, await request(who, path, row.form), row.params());
    expect(res.status, `${row.what} as ${label(who)}`).toBe(status);
    if (who === null) {
      // Signed out: off to sign in, and back here afterwards.
      const url = new URL(`http://localhost${path}`);
      expect(res.location).toBe(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
    }
  });

  it("none of those requests wrote anything: bids, reviews, decisions, grants and the audit log are unchanged", () => {
    expect(snapshot()).toEqual(before);
  });
});

describe("what the pages show those who may read them", () => {
  it.each(["reviewer", "admin"] as const)("the queue %s sees holds bids waiting for review only: no drafts, decided or withdrawn bids", async (who) => {
    const res = await run<any>(queue.loader, await request(who, "/review"));
    expect(res.status).toBe(200);
    const ids = res.data.queue.rows.map((r: { id: number }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([BIDS.meltonSubmitted, BIDS.blabySubmitted, BIDS.meltonToReview]));
    for (const id of [BIDS.meltonDraft, BIDS.charnwoodDraft, BIDS.meltonApproved, BIDS.charnwoodApproved, BIDS.cityRejected, BIDS.charnwoodWithdrawn]) expect(ids).not.toContain(id);
  });

  it("admin reads a bid's review page but is offered nothing to do", async () => {
    const id = String(BIDS.meltonSubmitted);
    const res = await run<any>(review.loader, await request("admin", `/bids/${id}/review`), { bidId: id });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ canAct: false, canScore: false, canDecide: false, canRequestChanges: false });
  });

  it("the reviewer is offered every action on a bid waiting for review, none but a correction on a decided one, and none on a withdrawn one", async () => {
    const open = await run<any>(review.loader, await request("reviewer", `/bids/${BIDS.meltonSubmitted}/review`), { bidId: String(BIDS.meltonSubmitted) });
    expect(open.data).toMatchObject({ canAct: true, canDecide: true, canRequestChanges: true });
    for (const id of [BIDS.meltonApproved, BIDS.cityRejected, BIDS.charnwoodWithdrawn]) {
      const closed = await run<any>(review.loader, await request("reviewer", `/bids/${id}/review`), { bidId: String(id) });
      expect(closed.status).toBe(200);
      expect(closed.data, `bid ${id}`).toMatchObject({ canAct: false, canScore: false, canDecide: false, canRequestChanges: false });
      const page = await run<any>(decision.loader, await request("reviewer", `/bids/${id}/decision`), { bidId: String(id) });
      const decided = id !== BIDS.charnwoodWithdrawn;
      expect(page.data.canDecide, `bid ${id}`).toBe(decided);
      expect(page.data.correcting !== null, `bid ${id}`).toBe(decided);
    }
  });
});

describe("grants are scoped to their partnership", () => {
  const nameOf = (code: string) => db().select().from(organisations).all().find((o) => o.code === code)!.name;
  const list = async (who: DemoUser) => {
    const res = await run<any>(grantList.loader, await request(who, "/grants"));
    expect(res.status).toBe(200);
    return res.data as { grants: { id: number; bidId: number; cspName: string }[]; showCsp: boolean };
  };

  it.each(["meltonLead", "meltonFinance"] as const)("%s lists Melton's grants and nothing else", async (who) => {
    const { grants, showCsp } = await list(who);
    expect(grants.map((g) => g.id)).toContain(GRANTS.melton);
    expect(grants.map((g) => g.id)).not.toContain(GRANTS.charnwood);
    expect(grants.every((g) => g.cspName === nameOf("melton"))).toBe(true);
    expect(showCsp).toBe(false);
  });

  it("the Charnwood lead lists Charnwood's grant and nothing else", async () => {
    const { grants } = await list("charnwoodLead");
    expect(grants.map((g) => g.id)).toEqual([GRANTS.charnwood]);
  });

  it.each(["reviewer", "finance", "admin"] as const)("%s lists every partnership's grants, and no grant for a rejected bid", async (who) => {
    const { grants, showCsp } = await list(who);
    expect(grants.map((g) => g.id)).toEqual(expect.arrayContaining([GRANTS.melton, GRANTS.charnwood]));
    expect(grants.some((g) => g.bidId === BIDS.cityRejected)).toBe(false);
    expect(showCsp).toBe(true);
  });

  it("the Melton lead's grant page shows Melton's grant; the Charnwood lead's address bar gets 404 for it", async () => {
    const own = await run<any>(grantPage.loader, await request("meltonLead", `/grants/${GRANTS.melton}`), { grantId: String(GRANTS.melton) });
    expect(own.status).toBe(200);
    expect(own.data.grant.bid.title).toBe("Play Close CCTV");
    expect((await run(grantPage.loader, await request("charnwoodLead", `/grants/${GRANTS.melton}`), { grantId: String(GRANTS.melton) })).status).toBe(404);
  });
});

describe("refused users sending valid forms with the bid's current version write nothing; the reviewer sending the same forms is accepted", () => {
  const REFUSED: [Who, number][] = [
    [null, 302],
    ["meltonLead", 403],
    ["charnwoodLead", 404],
    ["finance", 403],
    ["meltonFinance", 403],
    ["admin", 403],
  ];
  const bidId = () => BIDS.meltonToReview;
  const version = () => String(bidRow(bidId())!.version);
  const REVIEW_FORMS: [string, () => Form][] = [
    ["assign", () => ({ intent: "assign", reviewerId: String(reviewerId()), lead: "yes", version: version() })],
    ["conflict", () => ({ intent: "conflict", conflict: "none" })],
    ["score", () => SCORE_FORM],
    ["comment", () => ({ intent: "comment", body: "Shared note for the partnership", visibility: "shared" })],
    ["request-changes", () => ({ intent: "request-changes", version: version(), message: "Please add the number of retailers you expect to sign up." })],
  ];
  const post = async (who: Who, form: Form) => run<any>(review.action, await request(who, `/bids/${bidId()}/review`, form), { bidId: String(bidId()) });

  it.each(REVIEW_FORMS.map(([intent, form]) => ({ intent, form })))("the review page's $intent form", async ({ form }) => {
    const snap = snapshot();
    for (const [who, status] of REFUSED) expect((await post(who, form())).status, label(who)).toBe(status);
    expect(snapshot()).toEqual(snap);
  });

  it("the reviewer then sends each of those forms in turn and each is accepted", async () => {
    const audit = snapshot().audit;
    for (const [intent, form] of REVIEW_FORMS) {
      const res = await post("reviewer", form());
      expect(res.status, intent).toBe(302);
      expect(res.location, intent).toBe(`/bids/${bidId()}/review?done=${intent}`);
    }
    expect(bidRow(bidId())!.status).toBe("changes_requested");
    expect(snapshot().audit).toBeGreaterThan(audit);
  });

  it("the decision form: refused for everyone but the reviewer, then recorded by the reviewer", async () => {
    const id = BIDS.meltonToDecide;
    moderate(id);
    const send = async (who: Who) => run<any>(decision.action, await request(who, `/bids/${id}/decision`, decisionForm(String(bidRow(id)!.version))), { bidId: String(id) });
    const snap = snapshot();
    for (const [who, status] of REFUSED) expect((await send(who)).status, label(who)).toBe(status);
    expect(snapshot()).toEqual(snap);

    const res = await send("reviewer");
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/bids/${id}?done=decided`);
    expect(bidRow(id)!.status).toBe("approved");
    expect(snapshot().audit).toBeGreaterThan(snap.audit);
    // A decided bid cannot be decided again, even with its new current version.
    const again = await send("reviewer");
    expect(again.status).toBe(409);
  });
});

describe("the server refuses what the review page does not offer", () => {
  // The page shows the comment and conflict forms only while a bid waits for review (canAct), but
  // the action checks only the permission.
  it.each([
    ["a withdrawn", () => BIDS.charnwoodWithdrawn],
    ["an approved", () => BIDS.meltonApproved],
  ] as const)("a comment shared with the partnership on %s bid is refused (409) and nothing is written", async (_state, id) => {
    const snap = snapshot();
    const res = await run<any>(review.action, await request("reviewer", `/bids/${id()}/review`, { intent: "comment", body: "A note on a closed bid", visibility: "shared" }), { bidId: String(id()) });
    expect(res.status).toBe(409);
    expect(snapshot()).toEqual(snap);
  });

  it("the reviewer of an approved bid cannot rewrite their conflict-of-interest declaration after the decision (409), and nothing is written", async () => {
    // Set up in beforeAll: the reviewer was assigned to this bid and declared no conflict before it was approved.
    const id = BIDS.meltonApproved;
    expect(bidRow(id)!.status).toBe("approved");
    const snap = snapshot();
    const res = await run<any>(review.action, await request("reviewer", `/bids/${id}/review`, { intent: "conflict", conflict: "declared", conflictDetails: "Declared after the decision" }), { bidId: String(id) });
    expect(res.status).toBe(409);
    expect(snapshot()).toEqual(snap);
  });
});

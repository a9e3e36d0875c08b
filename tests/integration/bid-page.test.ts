import { beforeAll, describe, expect, it } from "vitest";
import { saveBidSection } from "../../app/data/bids.server";
import { recordDecision } from "../../app/data/decisions.server";
import { addComment, answerConflict, assignReviewer, recordScore, requestChanges } from "../../app/data/review.server";
import { DEFAULT_RUBRIC } from "../../app/domain/scoring";
import * as bidPage from "../../app/routes/bids.$bidId._index";
import * as grantPage from "../../app/routes/grants.$grantId._index";
import { request, run, userId, type DemoUser } from "../support/requests";
import { bidIdByTitle, bidRow, cspId } from "./helpers";

/**
 * The bid page's data is shaped per viewer on the server (bidPageFor): these tests read what each
 * role's loader returns, and what it leaves out. confidentiality.test.ts sweeps every route.
 */

const REVIEWER = "Rachel Ward";
const INTERNAL = "Check the salary grade with HR before we score value for money.";
const MESSAGE = "Please give the post's hours and who line-manages it.";

const sentBack = () => bidIdByTitle("Safer Communities and Partnership Officer");
const decided = () => bidIdByTitle("Play Close CCTV");
const draft = () => bidIdByTitle("Solar lighting at Play Close Park");

const page = async (who: DemoUser, bidId: number) => {
  const res = await run<any>(bidPage.loader, await request(who, `/bids/${bidId}`), { bidId: String(bidId) });
  expect(res.status).toBe(200);
  return res.data;
};

const sheet = (score: number) => ({
  gates: Object.fromEntries(DEFAULT_RUBRIC.gates.map((g) => [g.key, true])),
  scores: Object.fromEntries(DEFAULT_RUBRIC.criteria.map((c) => [c.key, score])),
  justifications: Object.fromEntries(DEFAULT_RUBRIC.criteria.map((c) => [c.key, `Scored ${score} on the evidence given`])),
});

/** The demo reviewer takes a bid through review as the portal's review page would: assigned, no conflict, scored. */
function review(bidId: number, { moderate }: { moderate: boolean }) {
  const reviewer = userId("reviewer");
  expect(assignReviewer(bidId, reviewer, true, reviewer, bidRow(bidId)!.version).kind).toBe("saved");
  expect(answerConflict(bidId, reviewer, false, "").kind).toBe("saved");
  expect(recordScore(bidId, reviewer, "individual", sheet(4)).kind).toBe("saved");
  if (moderate) expect(recordScore(bidId, reviewer, "moderated", sheet(4)).kind).toBe("saved");
}

beforeAll(() => {
  review(sentBack(), { moderate: false });
  addComment(sentBack(), userId("reviewer"), "internal", INTERNAL);
  expect(requestChanges(sentBack(), userId("reviewer"), bidRow(sentBack())!.version, MESSAGE).kind).toBe("saved");

  review(decided(), { moderate: true });
  const result = recordDecision(decided(), userId("reviewer"), bidRow(decided())!.version, {
    outcome: "approve", approvedByLine: {}, decidedOn: "2023-07-20", decisionMaker: "Police and Crime Commissioner for Leicestershire",
    leadOfficer: "Jordan Lee", reasons: "Meets the plan.", conditionIds: [], writtenConditions: [], declarationOfInterests: "The PCC declared none",
    publishable: false, foiExemption: "Section 43 (commercial interests)", paymentBasis: "quarterly_arrears",
  });
  expect(result.kind).toBe("recorded");
});

describe("a bid sent back for changes, as its CSP lead sees it", () => {
  it("names nobody at the OPCC and carries no internal comment, score or reviewer", async () => {
    const data = await page("meltonLead", sentBack());
    const text = JSON.stringify(data);
    for (const hidden of [REVIEWER, INTERNAL, "Scored 4", "Reviewer assigned", "conflict", "moderat", '"before":', '"after":']) expect(text).not.toContain(hidden);
    expect(data.lastChange.by).toBe("the OPCC");
    expect(data.comments).toEqual([expect.objectContaining({ author: "OPCC", body: MESSAGE, internal: false })]);
  });

  it("shows the OPCC's message in the banner, and the task list with the way on", async () => {
    const data = await page("meltonLead", sentBack());
    expect(data.sentBack).toMatchObject({ message: MESSAGE });
    expect(data.tasks.map((t: { title: string; status: string }) => [t.title, t.status])).toEqual([
      ["Project details", "Completed"],
      ["Priorities", "Completed"],
      ["Costs", "Completed"],
      ["Match funding", "Completed"],
      ["Outcomes", "Completed"],
      ["Risks", "Completed"],
      ["Data protection and equality", "Completed"],
    ]);
    expect(data.canSubmit).toBe(true);
    // It has been submitted before: it can be withdrawn, not deleted.
    expect(data.canDelete).toBe(false);
  });

  it("has a history of what the partnership may know, in words", async () => {
    const data = await page("meltonLead", sentBack());
    expect(data.history.map((l: { who: string; what: string }) => [l.who, l.what])).toEqual([
      ["OPCC", "Sent back for changes"],
      ["OPCC", "Taken into review"],
      ["Aysha Rahman", "Submitted"],
      ["Aysha Rahman", "Draft started"],
    ]);
    expect(data.history[0].detail).toBe(MESSAGE);
    for (const line of data.history) expect(Object.keys(line).sort()).toEqual(["at", "detail", "id", "what", "who"]);
  });

  it("holds none of the ids and rules only the server uses", async () => {
    const { bid } = await page("meltonLead", sentBack());
    for (const key of ["cspId", "roundId", "roundStatus", "rules", "updatedByName", "updatedAt", "streamName"]) expect(bid).not.toHaveProperty(key);
    for (const line of bid.costLines) expect(line).not.toHaveProperty("financialYearId");
  });

  it("is the same for Melton's council finance officer, who may not change it (no task list)", async () => {
    const data = await page("meltonFinance", sentBack());
    expect(JSON.stringify(data)).not.toContain(REVIEWER);
    expect(JSON.stringify(data)).not.toContain(INTERNAL);
    expect(data.tasks).toBeNull();
    expect(data.sentBack).toMatchObject({ message: MESSAGE });
    expect(data.canEdit).toBe(false);
  });
});

describe("the same bid as OPCC staff see it", () => {
  it("names the reviewer and shows internal comments and every review event", async () => {
    const data = await page("reviewer", sentBack());
    expect(data.lastChange.by).toBe(REVIEWER);
    expect(data.comments).toContainEqual(expect.objectContaining({ author: REVIEWER, body: INTERNAL, internal: true }));
    expect(data.history.map((l: { what: string }) => l.what)).toEqual(
      expect.arrayContaining(["Sent back for changes", "Internal comment added", "Score sheet recorded", "No conflict of interest declared", "Lead reviewer assigned"]),
    );
    expect(data.history.find((l: { what: string }) => l.what === "Lead reviewer assigned").detail).toBe(REVIEWER);
    // The comment bodies and score sheets stay on the review page.
    expect(JSON.stringify(data.history)).not.toContain(INTERNAL);
    expect(data.tasks).toBeNull();
  });
});

describe("a decided bid, as its CSP lead sees it", () => {
  it("shows the decision as recorded, without the fields the page does not print", async () => {
    const data = await page("meltonLead", decided());
    const [decision] = data.decisions;
    expect(decision).toMatchObject({ outcome: "approved", decisionMaker: "Police and Crime Commissioner for Leicestershire", reasons: "Meets the plan." });
    for (const key of ["leadOfficer", "declarationOfInterests", "publishable", "foiExemption", "paymentBasis", "supersedesId", "recordedBy"]) expect(decision).not.toHaveProperty(key);
    expect(decision.grantedPence).toBeGreaterThan(0);
    expect(data.history.map((l: { what: string }) => l.what)).toEqual(expect.arrayContaining(["Approved", "Grant made"]));
    expect(data.history.some((l: { what: string }) => /^PCC decision recorded \(PCC\/2023-24\/\d{3}\)$/.test(l.what))).toBe(true);
    expect(JSON.stringify(data)).not.toContain(REVIEWER);
  });

  it("its grant page says nothing of who recorded the decision", async () => {
    const grantId = (await page("meltonLead", decided())).decisions[0].grantId;
    const res = await run<any>(grantPage.loader, await request("meltonLead", `/grants/${grantId}`), { grantId: String(grantId) });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.data)).not.toContain(REVIEWER);
    for (const key of ["recordedBy", "recordedByName", "declarationOfInterests", "foiExemption"]) expect(res.data.grant.decision).not.toHaveProperty(key);
    expect(res.data.grant.bid).toEqual({ title: "Play Close CCTV", cspName: "Safer Melton Partnership", matchFundingPence: expect.any(Number), startDate: "2023-07-01", endDate: "2023-12-31", extendedFrom: null });
  });
});

describe("a draft, as its CSP lead sees it", () => {
  it("is a task list, each section with its status and problems, with Check and submit and Delete draft", async () => {
    const bidId = draft();
    const saved = saveBidSection({ id: bidId, cspId: cspId("melton") }, userId("meltonLead"), { version: bidRow(bidId)!.version }, { section: "risks", value: [] });
    expect(saved.kind).toBe("saved");
    const data = await page("meltonLead", bidId);
    const risks = data.tasks.find((t: { section: string }) => t.section === "risks");
    expect(risks).toMatchObject({ title: "Risks", status: "In progress", problems: ["Add at least one risk"] });
    expect(data.tasks.map((t: { title: string; status: string; optional: boolean }) => [t.title, t.status, t.optional])).toEqual([
      ["Project details", "Completed", false],
      ["Priorities", "Completed", false],
      ["Costs", "Completed", false],
      // Safer Streets 5 does not ask for match funding, and none has been entered or saved.
      ["Match funding", "Not started", true],
      ["Outcomes", "Completed", false],
      ["Risks", "In progress", false],
      ["Data protection and equality", "Completed", false],
    ]);
    // Safer Streets 5 closed on 31 December 2023: the draft can be changed or deleted, not sent.
    expect(data.canSubmit).toBe(false);
    expect(data.roundClosed).toBe("This round closed on 31 December 2023. The draft can still be changed or deleted, but not submitted.");
    expect(data.canDelete).toBe(true);
    expect(data.history[0]).toMatchObject({ who: "Aysha Rahman", what: "Risks changed", detail: "now 0 risks (was 1)" });
  });

  it("Melton's council finance officer reads the draft but gets no task list and no Delete draft", async () => {
    const data = await page("meltonFinance", draft());
    expect(data.tasks).toBeNull();
    expect(data.canDelete).toBe(false);
    expect(data.bid.title).toBe("Solar lighting at Play Close Park");
  });
});

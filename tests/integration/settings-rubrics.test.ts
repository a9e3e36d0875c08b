import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { recordDecision } from "../../app/data/decisions.server";
import { answerConflict, assignReviewer, recordScore } from "../../app/data/review.server";
import { DEFAULT_RUBRIC, type Rubric } from "../../app/domain/scoring";
import * as review from "../../app/routes/bids.$bidId.review";
import * as settings from "../../app/routes/settings._index";
import * as rubricPage from "../../app/routes/settings.rubrics.$streamId";
import { auditLog, fundingStreams } from "../../db/schema";
import { request, run, userId, type DemoUser } from "../support/requests";
import { bidIdByTitle, bidRow } from "./helpers";

/** An administrator keeps each funding stream's scoring rubric at /settings/rubrics/:streamId. */

type Who = DemoUser | null;
const EVERYONE: Who[] = [null, "meltonLead", "charnwoodLead", "reviewer", "finance", "meltonFinance", "admin"];
const streamId = (code: string) => db().select({ id: fundingStreams.id }).from(fundingStreams).where(eq(fundingStreams.code, code)).get()!.id;
const ANNUAL = streamId("csp-annual");
const storedRubric = () => db().select({ rubric: fundingStreams.rubric }).from(fundingStreams).where(eq(fundingStreams.id, ANNUAL)).get()!.rubric as Rubric | null;

const open = async (who: Who = "admin", id: number | string = ANNUAL) => run<any>(rubricPage.loader, await request(who, `/settings/rubrics/${id}`), { streamId: String(id) });
const post = async (form: Record<string, string>, who: Who = "admin", id: number | string = ANNUAL) =>
  run<any>(rubricPage.action, await request(who, `/settings/rubrics/${id}`, form), { streamId: String(id) });

/** The form as the page shows a rubric: every saved row, each with its key. */
function formFor(rubric: Rubric, version: string): Record<string, string> {
  const form: Record<string, string> = { version, intent: "save" };
  rubric.gates.forEach((g, i) => Object.assign(form, { [`gates.${i}.key`]: g.key, [`gates.${i}.label`]: g.label }));
  rubric.criteria.forEach((c, i) =>
    Object.assign(form, { [`criteria.${i}.key`]: c.key, [`criteria.${i}.label`]: c.label, [`criteria.${i}.weight`]: String(c.weight), [`criteria.${i}.descriptors`]: c.descriptors.join("\n") }),
  );
  [...rubric.bands].sort((a, b) => b.from - a.from).forEach((b, i) => Object.assign(form, { [`bands.${i}.key`]: b.key, [`bands.${i}.label`]: b.label, [`bands.${i}.from`]: String(b.from) }));
  return form;
}
const currentForm = async () => {
  const page = await open();
  return formFor(page.data.rubric, page.data.version);
};

describe("who may change a scoring rubric", () => {
  it.each(EVERYONE)("%s: the settings page, a stream's rubric and saving it", async (who) => {
    const expected = who === null ? 302 : who === "admin" ? 200 : 403;
    expect((await run(settings.loader, await request(who, "/settings"))).status).toBe(expected);
    expect((await open(who)).status).toBe(expected);
    // An otherwise valid form with a version that never matches: refused as stale once past the access check.
    const res = await post({ ...formFor(DEFAULT_RUBRIC, "0000000000000000") }, who);
    expect(res.status).toBe(who === null ? 302 : who === "admin" ? 409 : 403);
    expect(storedRubric()).toBeNull();
  });

  it("an unknown or malformed stream answers 404", async () => {
    expect((await open("admin", 9999)).status).toBe(404);
    expect((await open("admin", "abc")).status).toBe(404);
    expect((await post(formFor(DEFAULT_RUBRIC, "0000000000000000"), "admin", 9999)).status).toBe(404);
  });

  it("the settings page lists each stream's rubric", async () => {
    const page = await run<any>(settings.loader, await request("admin", "/settings"));
    expect(page.data.streams.map((s: { name: string; custom: boolean }) => [s.name, s.custom])).toEqual([
      ["Annual CSP allocation", false],
      ["Safer Streets 5", false],
    ]);
  });
});

describe("changing a stream's rubric", () => {
  it("refuses weights that do not add up to 100, naming the field and keeping what was typed", async () => {
    const form = await currentForm();
    const res = await post({ ...form, "criteria.0.weight": "30", "criteria.1.label": "Evidence of need in the area" });
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ "criteria.0.weight": "The weights add up to 105: they must add up to 100" });
    expect(res.data.values["criteria.1.label"]).toBe("Evidence of need in the area");
    expect(storedRubric()).toBeNull();
  });

  it("refuses a blank name, a weight that is not a number and too few descriptors, each on its own field", async () => {
    const form = await currentForm();
    const res = await post({ ...form, "gates.1.label": "", "criteria.2.weight": "lots", "criteria.3.descriptors": "Poor\nGood", "bands.2.from": "" });
    expect(res.status).toBe(400);
    expect(Object.keys(res.data.errors).sort()).toEqual(["bands.2.from", "criteria.2.weight", "gates.1.label"]);
    expect(res.data.errors["gates.1.label"]).toBe("Enter the name of gate 2, or tick Remove");
  });

  it("saves a changed rubric: existing rows keep their keys, new rows get keys from their names, removed rows go; audited", async () => {
    const form = await currentForm();
    const res = await post({
      ...form,
      "gates.1.remove": "yes",
      "criteria.0.label": "Fit with the Police and Crime Plan",
      "criteria.0.weight": "20",
      "criteria.6.label": "Community support",
      "criteria.6.weight": "5",
      "criteria.6.descriptors": "None\nLittle\nSome\nGood\nStrong\nOutstanding",
      "bands.3.label": "Reserve list",
      "bands.3.from": "40",
    });
    expect(res.status).toBe(302);
    expect(res.headers?.get("location")).toBe(`/settings/rubrics/${ANNUAL}?done=saved`);
    const saved = storedRubric()!;
    expect(saved.gates.map((g) => g.key)).toEqual(["eligibility"]);
    expect(saved.criteria.map((c) => [c.key, c.weight])).toEqual([
      ["plan", 20],
      ["need", 20],
      ["outcomes", 20],
      ["value", 15],
      ["deliverability", 10],
      ["risk", 10],
      ["community_support", 5],
    ]);
    expect(saved.criteria[0].label).toBe("Fit with the Police and Crime Plan");
    expect(saved.bands.map((b) => [b.key, b.from])).toEqual([
      ["recommend", 70],
      ["refer", 50],
      ["do_not_recommend", 0],
      ["reserve_list", 40],
    ]);
    const audit = db().select().from(auditLog).where(eq(auditLog.action, "rubric.changed")).orderBy(desc(auditLog.id)).get()!;
    expect(audit.userId).toBe(userId("admin"));
    expect(JSON.parse(audit.before!)).toEqual({ default: true });
    expect(JSON.parse(audit.after!)).toEqual(saved);

    // Reviewers now score against it.
    const bidId = bidIdByTitle("Fosse Park retail crime partnership");
    const page = await run<any>(review.loader, await request("reviewer", `/bids/${bidId}/review`), { bidId: String(bidId) });
    expect(page.data.rubric.criteria.map((c: { key: string }) => c.key)).toContain("community_support");
  });

  it("a save made on a stale copy is refused", async () => {
    const stale = await currentForm();
    expect((await post({ ...(await currentForm()), "bands.0.label": "Fund" })).status).toBe(302);
    const res = await post({ ...stale, "bands.0.label": "Recommend strongly" });
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(/Someone changed this rubric after you opened this page/);
    expect(storedRubric()!.bands.find((b) => b.key === "recommend")!.label).toBe("Fund");
  });

  it("returns to the default rubric", async () => {
    const { data } = await open();
    expect(data.custom).toBe(true);
    expect((await post({ intent: "reset", version: data.version })).status).toBe(302);
    expect(storedRubric()).toBeNull();
    expect(db().select().from(auditLog).where(eq(auditLog.action, "rubric.reset")).all()).toHaveLength(1);
  });
});

describe("a rubric and the scores made against it", () => {
  it("cannot change while a bid of its stream is being scored; once decided, the bid's score still reads against the rubric it was scored with", async () => {
    const bidId = bidIdByTitle("Knife crime prevention in schools");
    const reviewer = userId("reviewer");
    expect(assignReviewer(bidId, reviewer, true, reviewer, bidRow(bidId)!.version).kind).toBe("saved");
    expect(answerConflict(bidId, reviewer, false, "").kind).toBe("saved");
    const sheet = { gates: { eligibility: true, governance: true }, scores: { plan: 4, need: 4, outcomes: 3, value: 3, deliverability: 2, risk: 2 }, justifications: {} };
    expect(recordScore(bidId, reviewer, "individual", sheet).kind).toBe("saved");
    // The lead's moderated score, which the decision below follows.
    expect(recordScore(bidId, reviewer, "moderated", sheet).kind).toBe("saved");
    const before = await run<any>(review.loader, await request("reviewer", `/bids/${bidId}/review`), { bidId: String(bidId) });
    const total = before.data.sheets[0].result.total;

    const locked = await open();
    expect(locked.data.beingScored).toBe(1);
    const refused = await post({ ...(await currentForm()), "criteria.0.weight": "5", "criteria.1.weight": "40" });
    expect(refused.status).toBe(409);
    expect(refused.data.formError).toBe("1 bid in this stream is being scored. The rubric cannot change until it is decided, so that every reviewer scores a bid against the same rubric.");

    const decided = recordDecision(bidId, reviewer, bidRow(bidId)!.version, {
      outcome: "reject",
      approvedByLine: {},
      decidedOn: "2023-07-20",
      decisionMaker: "Police and Crime Commissioner for Leicestershire",
      leadOfficer: "Rachel Ward",
      reasons: "Duplicates the schools programme.",
      conditionIds: [],
      writtenConditions: [],
      declarationOfInterests: "None",
      publishable: true,
      foiExemption: null,
      paymentBasis: "quarterly_arrears",
    });
    expect(decided.kind).toBe("recorded");
    expect((await open()).data.beingScored).toBe(0);
    expect((await post({ ...(await currentForm()), "criteria.0.weight": "5", "criteria.1.weight": "40", "criteria.1.label": "Need" })).status).toBe(302);

    const after = await run<any>(review.loader, await request("reviewer", `/bids/${bidId}/review`), { bidId: String(bidId) });
    expect(after.data.sheets[0].result.total).toBe(total);
    expect(after.data.rubric.criteria[1].label).toBe("Evidence of need");
  });
});

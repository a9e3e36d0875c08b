import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getBidDetail } from "../../app/data/bids.server";
import { db } from "../../app/data/db.server";
import { recordDecision } from "../../app/data/decisions.server";
import { saveAllocations, saveFormula } from "../../app/data/rounds.server";
import { ukDate } from "../../app/domain/round-window";
import * as dashboard from "../../app/routes/_index";
import * as allocationsPage from "../../app/routes/rounds.$roundId.allocations";
import * as roundPage from "../../app/routes/rounds.$roundId._index";
import { allocations, auditLog, bids, formulaIndicators, formulaValues, rounds } from "../../db/schema";
import { request, run, userId } from "../support/requests";
import { annualRoundId, cspId, currentRoundId, databaseSnapshot } from "./helpers";

/**
 * A round's allocations are what its partnerships bid against and what the PCC's decisions are
 * counted against: once the round has closed (by the clock or by hand) they cannot be changed, and
 * in an open round no partnership's allocation may go below what the PCC has already approved for
 * it there. Both are checked in the write's transaction, not only on the page.
 */

const MELTON_APPROVED = 3_022_780; // Melton's six 2023-24 bids, approved in full below

const roundRow = (id: number) => db().select().from(rounds).where(eq(rounds.id, id)).get()!;
const version = (id: number) => String(roundRow(id).version);
const allocationsOf = (id: number) => db().select().from(allocations).where(eq(allocations.roundId, id)).orderBy(asc(allocations.cspId)).all();
const roundAudit = (id: number) => db().select().from(auditLog).where(and(eq(auditLog.entityType, "round"), eq(auditLog.entityId, id))).orderBy(asc(auditLog.id)).all();
const meltonAllocation = (id: number) => allocationsOf(id).find((a) => a.cspId === cspId("melton"))!.amountPence;
const dateForm = (name: string, iso: string) => {
  const [year, month, day] = iso.split("-").map(Number);
  return { [`${name}.day`]: String(day), [`${name}.month`]: String(month), [`${name}.year`]: String(year) };
};

/** Everything a change to the allocations could touch: the round, its allocations and formula, and the rest of the database. */
const snapshot = (roundId: number) => ({
  db: databaseSnapshot(),
  round: roundRow(roundId),
  allocations: allocationsOf(roundId),
  indicators: db().select().from(formulaIndicators).where(eq(formulaIndicators.roundId, roundId)).all(),
  values: db().select().from(formulaValues).all().length,
});

const post = async (roundId: number, form: Record<string, string>) =>
  run<any>(allocationsPage.action, await request("reviewer", `/rounds/${roundId}/allocations`, form), { roundId: String(roundId) });
const load = async (roundId: number, who: "reviewer" | "finance" = "reviewer") =>
  run<any>(allocationsPage.loader, await request(who, `/rounds/${roundId}/allocations`), { roundId: String(roundId) });
const meltonRemaining = async (roundId: number) =>
  (await run<any>(dashboard.loader, await request("meltonLead", "/"))).data.rounds.find((r: { id: number }) => r.id === roundId)?.remainingPence;

/** Every way the page changes allocations: the formula applied, typed amounts, and the formula's own indicators. */
const changes = (roundId: number): Record<string, string>[] => [
  { intent: "apply", version: version(roundId) },
  { intent: "typed", version: version(roundId), [`allocation.csp${cspId("melton")}`]: "26229" },
  { intent: "formula", version: version(roundId), "indicators.0.label": "Population", "indicators.0.weight": "1" },
];

beforeAll(() => {
  // The PCC approves Melton's six 2023-24 bids in full, as it decided them in July 2023.
  const melton = db().select({ id: bids.id }).from(bids).where(and(eq(bids.roundId, annualRoundId()), eq(bids.cspId, cspId("melton")), eq(bids.status, "submitted"))).all();
  expect(melton).toHaveLength(6);
  for (const { id } of melton) {
    const result = recordDecision(id, userId("reviewer"), getBidDetail(id)!.version, {
      outcome: "approve", approvedByLine: {}, decidedOn: "2023-07-20", decisionMaker: "PCC", leadOfficer: "Jordan Lee", reasons: "Meets the plan.",
      conditionIds: [], writtenConditions: [], declarationOfInterests: "None", publishable: true, foiExemption: null, paymentBasis: "quarterly_arrears",
      withoutReviewReason: "The allocation tests need decided bids; the review is tested elsewhere.",
    });
    expect(result.kind).toBe("recorded");
  }
});

describe("the allocations of a round that has closed", () => {
  it("Melton has £30,227.80 approved of its £31,000 in the 2023-24 round, which the clock has closed", async () => {
    expect(roundRow(annualRoundId())).toMatchObject({ status: "open", closesOn: "2023-07-31" });
    expect(meltonAllocation(annualRoundId())).toBe(3_100_000);
    expect(await meltonRemaining(annualRoundId())).toBe(3_100_000 - MELTON_APPROVED);
  });

  it.each(["apply", "typed", "formula"])("cannot be changed (%s): 409 with the reason, nothing written, Melton's remaining allocation as it was", async (intent) => {
    const roundId = annualRoundId();
    const form = changes(roundId).find((f) => f.intent === intent)!;
    const before = snapshot(roundId);
    const res = await post(roundId, form);
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("This round closed on 31 July 2023, so its allocations can no longer be changed. To change them, reopen the round.");
    expect(snapshot(roundId)).toEqual(before);
    expect(await meltonRemaining(roundId)).toBe(3_100_000 - MELTON_APPROVED);
  });

  it("are refused in the data layer too, inside the write's transaction, whatever the page sent (the formula's indicators too)", () => {
    const roundId = annualRoundId();
    const before = { allocations: allocationsOf(roundId), round: roundRow(roundId), audit: roundAudit(roundId).length };
    const result = saveAllocations(roundId, roundRow(roundId).version, { [cspId("melton")]: 2_622_900 }, userId("reviewer"), "formula");
    expect(result).toEqual({ kind: "closed", message: "This round closed on 31 July 2023, so its allocations can no longer be changed." });
    const formula = saveFormula(roundId, roundRow(roundId).version, { indicators: [{ key: "i1", label: "Population", weight: 1 }], values: {} }, userId("reviewer"));
    expect(formula.kind).toBe("closed");
    expect({ allocations: allocationsOf(roundId), round: roundRow(roundId), audit: roundAudit(roundId).length }).toEqual(before);
    expect(snapshot(roundId).indicators).toHaveLength(3);
  });

  it("the page shows them read-only, saying why, with the formula's working", async () => {
    const page = await load(annualRoundId());
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ canManage: true, locked: "This round closed on 31 July 2023, so its allocations can no longer be changed." });
    expect(page.data.result.lines).not.toBeNull();
    // OPCC finance reads the same.
    expect((await load(annualRoundId(), "finance")).data.locked).toBe(page.data.locked);
  });

  it("a round the OPCC has closed by hand cannot have its allocations changed either", async () => {
    const roundId = currentRoundId();
    const closed = await run(roundPage.action, await request("reviewer", `/rounds/${roundId}`, { intent: "status", status: "closed", closeReason: "Paused while the budget is reviewed.", version: version(roundId) }), { roundId: String(roundId) });
    expect(closed.status).toBe(302);
    expect((await load(roundId)).data.locked).toBe("The OPCC has closed this round, so its allocations can no longer be changed.");
    for (const form of changes(roundId)) {
      const before = snapshot(roundId);
      const res = await post(roundId, form);
      expect(res.status).toBe(409);
      expect(res.data.formError).toBe("The OPCC has closed this round, so its allocations can no longer be changed. To change them, reopen the round.");
      expect(snapshot(roundId)).toEqual(before);
    }
  });
});

describe("the allocations of an open round, once the PCC has approved bids in it", () => {
  beforeAll(async () => {
    // The 2023-24 round reopened, with its decisions standing.
    const reopened = await run(
      roundPage.action,
      await request("reviewer", `/rounds/${annualRoundId()}`, { intent: "reopen", version: version(annualRoundId()), ...dateForm("closingDate", ukDate(new Date())), reason: "A late bid from Rutland." }),
      { roundId: String(annualRoundId()) },
    );
    expect(reopened.status).toBe(302);
    expect((await load(annualRoundId())).data.locked).toBeNull();
  });

  it("the formula cannot take Melton below what the PCC has approved for it: the whole change is refused, naming it and the figures", async () => {
    const roundId = annualRoundId();
    const lines = (await load(roundId)).data.result.lines as { id: number; pounds: number }[];
    expect(lines.find((l) => l.id === cspId("melton"))!.pounds).toBe(26_229);
    const before = snapshot(roundId);
    const res = await post(roundId, { intent: "apply", version: version(roundId) });
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe(
      "The allocations have not been changed: the formula would give less than the PCC has already approved in this round to Safer Melton Partnership (£26,229.00 by the formula; £30,227.80 approved).",
    );
    expect(snapshot(roundId)).toEqual(before);
    expect(meltonAllocation(roundId)).toBe(3_100_000);
  });

  it("a typed allocation below what the PCC has approved is refused at that partnership's box (400), with what was typed kept", async () => {
    const roundId = annualRoundId();
    const melton = cspId("melton");
    const before = snapshot(roundId);
    const form = { intent: "typed", version: version(roundId), [`allocation.csp${melton}`]: "30,000", [`allocation.csp${cspId("charnwood")}`]: "40000" };
    const res = await post(roundId, form);
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ [`allocation.csp${melton}`]: "Safer Melton Partnership's allocation cannot be less than the £30,227.80 the PCC has already approved for it in this round" });
    expect(res.data.values[`allocation.csp${melton}`]).toBe("30,000");
    expect(snapshot(roundId)).toEqual(before);
  });

  it("the data layer refuses it too, naming each partnership and the figures", () => {
    const roundId = annualRoundId();
    const result = saveAllocations(roundId, roundRow(roundId).version, { [cspId("melton")]: 2_000_000, [cspId("charnwood")]: 0 }, userId("reviewer"), "typed");
    expect(result).toEqual({ kind: "below_approved", partnerships: [{ cspId: cspId("melton"), cspName: "Safer Melton Partnership", amountPence: 2_000_000, approvedPence: MELTON_APPROVED }] });
    expect(meltonAllocation(roundId)).toBe(3_100_000);
  });

  it("an allocation no lower than what is approved is saved and audited as before", async () => {
    const roundId = annualRoundId();
    const melton = cspId("melton");
    const res = await post(roundId, { intent: "typed", version: version(roundId), [`allocation.csp${melton}`]: "30227.80" });
    expect(res.status).toBe(302);
    expect(meltonAllocation(roundId)).toBe(MELTON_APPROVED);
    const audit = roundAudit(roundId).at(-1)!;
    expect(audit).toMatchObject({ action: "round.allocations_typed", userId: userId("reviewer") });
    expect(JSON.parse(audit.before!)).toEqual(expect.arrayContaining([{ cspId: melton, amountPence: 3_100_000 }]));
    expect(JSON.parse(audit.after!)).toEqual({ [melton]: MELTON_APPROVED });
    expect(await meltonRemaining(roundId)).toBe(0);
  });
});

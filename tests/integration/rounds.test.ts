import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import * as allocationsPage from "../../app/routes/rounds.$roundId.allocations";
import * as roundPage from "../../app/routes/rounds.$roundId._index";
import * as roundsList from "../../app/routes/rounds._index";
import * as newRound from "../../app/routes/rounds.new";
import { allocations, auditLog, fundingStreams, rounds } from "../../db/schema";
import { annualRoundId, cspId, currentRoundId, yearId } from "./helpers";
import { request, run } from "../support/requests";
import { listRounds, listRoundsPage } from "../../app/data/rounds.server";

const version = (roundId: number) => String(db().select({ v: rounds.version }).from(rounds).where(eq(rounds.id, roundId)).get()!.v);

function roundForm(overrides: Record<string, string> = {}) {
  return {
    streamId: String(db().select({ id: rounds.streamId }).from(rounds).where(eq(rounds.id, annualRoundId())).get()!.id),
    financialYearId: String(yearId("2024-25")),
    name: "CSP annual allocation 2024-25",
    "opensOn.day": "1", "opensOn.month": "4", "opensOn.year": "2024",
    "closesOn.day": "31", "closesOn.month": "7", "closesOn.year": "2024",
    totalPot: "480000", centralFund: "25000", overProgramming: "10", maxPerCsp: "",
    maySpanYears: "no", maxDurationMonths: "12", matchFundingRequired: "no",
    acceptByDays: "28", returnDueDays: "30", tolerance: "10", certificationRequired: "no",
    ...overrides,
  };
}

describe("rounds and allocations", () => {
  it("CSP leads cannot see or manage rounds; OPCC finance may read but not change them", async () => {
    expect((await run(roundsList.loader, await request("meltonLead", "/rounds"))).status).toBe(403);
    expect((await run(newRound.action, await request("meltonLead", "/rounds/new", roundForm()))).status).toBe(403);
    expect((await run(roundPage.loader, await request("finance", `/rounds/${annualRoundId()}`), { roundId: String(annualRoundId()) })).status).toBe(200);
    const roundId = String(annualRoundId());
    expect((await run(roundPage.action, await request("finance", `/rounds/${roundId}`, { intent: "status", status: "closed", version: version(annualRoundId()) }), { roundId })).status).toBe(403);
    expect((await run(allocationsPage.action, await request("finance", `/rounds/${roundId}/allocations`, { intent: "apply", version: version(annualRoundId()) }), { roundId })).status).toBe(403);
    expect((await run(roundPage.loader, await request("reviewer", "/rounds/999999"), { roundId: "999999" })).status).toBe(404);
  });

  it("lists the rounds newest year first, a page at a time, a page past the last showing the last", async () => {
    const all = listRounds();
    const first = listRoundsPage(1, 2);
    expect(first).toMatchObject({ count: all.length, page: 1, pages: Math.ceil(all.length / 2) });
    const paged = Array.from({ length: first.pages }, (_, i) => listRoundsPage(i + 1, 2).rows).flat();
    expect(paged.map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect(listRoundsPage(999, 2).page).toBe(first.pages);
    const res = await run<any>(roundsList.loader, await request("reviewer", "/rounds?page=banana"));
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ count: all.length, page: 1, pages: 1 });
  });

  it("the round page shows each partnership's allocation, requested, approved and remaining", async () => {
    const res = await run<any>(roundPage.loader, await request("reviewer", `/rounds/${annualRoundId()}`), { roundId: String(annualRoundId()) });
    const melton = res.data.overview.rows.find((r: { cspName: string }) => r.cspName === "Safer Melton Partnership");
    expect(melton).toMatchObject({ allocationPence: 3_100_000, requestedPence: 3_022_780, approvedPence: 0 });
    expect(melton.allocationPence - melton.committedPence).toBe(77_220);
    expect(res.data.overview.totals.allocatedPence).toBe(47_100_000);
  });

  // Allocations change only while a round is open (round-allocations.test.ts): these use this year's round, not the closed 2023-24 one.
  it("the formula's allocations add up exactly to the pot less the central fund", async () => {
    const roundId = currentRoundId();
    const page = await run<any>(allocationsPage.loader, await request("reviewer", `/rounds/${roundId}/allocations`), { roundId: String(roundId) });
    const lines = page.data.result.lines as { pounds: number; share: number }[];
    expect(lines.reduce((n, l) => n + l.pounds, 0)).toBe(page.data.result.potPounds);
    const applied = await run(allocationsPage.action, await request("reviewer", `/rounds/${roundId}/allocations`, { intent: "apply", version: version(roundId) }), { roundId: String(roundId) });
    expect(applied.status).toBe(302);
    const saved = db().select().from(allocations).where(eq(allocations.roundId, roundId)).all();
    expect(saved.reduce((n, a) => n + a.amountPence, 0)).toBe(47_100_000);
  });

  it("changing the formula's weights from a stale page is refused", async () => {
    const roundId = currentRoundId();
    const stale = String(Number(version(roundId)) - 1);
    const res = await run<any>(allocationsPage.action, await request("reviewer", `/rounds/${roundId}/allocations`, { intent: "formula", version: stale, "indicators.0.label": "Population", "indicators.0.weight": "1" }), { roundId: String(roundId) });
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(/^You changed this round on .+ in another tab or window/);
  });

  it("a bad weight or value is refused with the field named, and nothing is saved", async () => {
    const roundId = currentRoundId();
    const before = version(roundId);
    const melton = cspId("melton");
    const res = await run<any>(allocationsPage.action, await request("reviewer", `/rounds/${roundId}/allocations`, { intent: "formula", version: before, "indicators.0.label": "Population", "indicators.0.weight": "-5", [`indicators.0.csp${melton}`]: "lots" }), { roundId: String(roundId) });
    expect(res.status).toBe(400);
    expect(Object.keys(res.data.errors)).toEqual(expect.arrayContaining(["indicators.0.weight", `indicators.0.csp${melton}`]));
    expect(version(roundId)).toBe(before);
  });

  it("typed allocations may not add up to more than the pot after the central fund", async () => {
    const roundId = currentRoundId();
    const res = await run<any>(allocationsPage.action, await request("reviewer", `/rounds/${roundId}/allocations`, { intent: "typed", version: version(roundId), [`allocation.csp${cspId("melton")}`]: "999999999" }), { roundId: String(roundId) });
    expect(res.status).toBe(400);
    expect(res.data.formError).toMatch(/more than/);
  });

  describe("with a limit of £100,000 a partnership", () => {
    const limited = () => {
      const roundId = currentRoundId();
      db().update(rounds).set({ maxPerCspPence: 10_000_000 }).where(eq(rounds.id, roundId)).run();
      return roundId;
    };

    it("the formula holds Leicester City at the limit and shares the rest, still adding up to the pot", async () => {
      const roundId = limited();
      const page = await run<any>(allocationsPage.loader, await request("reviewer", `/rounds/${roundId}/allocations`), { roundId: String(roundId) });
      const lines = page.data.result.lines as { id: number; pounds: number; capped: boolean }[];
      expect(lines.filter((l) => l.capped).map((l) => l.id)).toEqual([cspId("leicester-city")]);
      expect(lines.find((l) => l.id === cspId("leicester-city"))!.pounds).toBe(100_000);
      expect(Math.max(...lines.map((l) => l.pounds))).toBe(100_000);
      expect(lines.reduce((n, l) => n + l.pounds, 0)).toBe(471_000);
    });

    it("a typed allocation above the limit is refused at that partnership's box, with what was typed kept", async () => {
      const roundId = limited();
      const before = db().select().from(allocations).where(eq(allocations.roundId, roundId)).all();
      const city = cspId("leicester-city");
      const form = { intent: "typed", version: version(roundId), [`allocation.csp${city}`]: "100,000.01", [`allocation.csp${cspId("melton")}`]: "31000" };
      const res = await run<any>(allocationsPage.action, await request("reviewer", `/rounds/${roundId}/allocations`, form), { roundId: String(roundId) });
      expect(res.status).toBe(400);
      expect(res.data.errors).toEqual({ [`allocation.csp${city}`]: "Safer Leicester Partnership's allocation must be £100,000.00 or less, the round's limit per partnership" });
      expect(res.data.values[`allocation.csp${city}`]).toBe("100,000.01");
      expect(db().select().from(allocations).where(eq(allocations.roundId, roundId)).all()).toEqual(before);
    });
  });

  it("an OPCC reviewer creates a round with a central fund and a 10% over-programming margin", async () => {
    const res = await run(newRound.action, await request("reviewer", "/rounds/new", roundForm()));
    expect(res.status).toBe(302);
    const id = Number(res.location!.split("/").pop());
    const page = await run<any>(roundPage.loader, await request("reviewer", `/rounds/${id}`), { roundId: String(id) });
    expect(page.data.overview.round).toMatchObject({ status: "draft", centralFundPence: 2_500_000, overProgrammingBasisPoints: 1000 });
    expect(page.data.overview.totals.approvalLimitPence).toBe(52_800_000);
  });

  it("a round with its closing date before its opening date is refused", async () => {
    const res = await run<any>(newRound.action, await request("reviewer", "/rounds/new", roundForm({ "closesOn.year": "2023" })));
    expect(res.status).toBe(400);
    expect(res.data.errors.closesOn).toMatch(/on or after the opening date/);
  });

  describe("the stream's settings after the award", () => {
    const streamId = () => Number(roundForm().streamId);
    const settings = () =>
      db().select({ acceptByDays: fundingStreams.acceptByDays, returnDueDays: fundingStreams.returnDueDays, toleranceBasisPoints: fundingStreams.toleranceBasisPoints, certificationRequired: fundingStreams.certificationRequired })
        .from(fundingStreams).where(eq(fundingStreams.id, streamId())).get()!;
    const streamAudit = () =>
      db().select().from(auditLog).where(and(eq(auditLog.entityType, "stream"), eq(auditLog.entityId, streamId()))).orderBy(asc(auditLog.id)).all();
    const create = async (overrides: Record<string, string> = {}) => {
      const res = await run(newRound.action, await request("reviewer", "/rounds/new", roundForm({ name: `After-award test ${Math.random()}`, ...overrides })));
      expect(res.status).toBe(302);
      return Number(res.location!.split("/").pop());
    };
    /** "Change the round" as its page sends it, with the round's and stream's values as the page shows them. */
    const changeForm = async (id: number, changes: Record<string, string>) => {
      const page = await run<any>(roundPage.loader, await request("reviewer", `/rounds/${id}`), { roundId: String(id) });
      const r = page.data.overview.round;
      return {
        ...roundForm(), intent: "update", version: String(r.version), name: r.name,
        maySpanYears: r.maySpanYears ? "yes" : "no", maxDurationMonths: String(r.maxDurationMonths), matchFundingRequired: r.matchFundingRequired ? "yes" : "no",
        acceptByDays: String(r.acceptByDays), returnDueDays: String(r.returnDueDays), tolerance: String(r.toleranceBasisPoints / 100), certificationRequired: r.certificationRequired ? "yes" : "no",
        ...changes,
      };
    };

    it("creating a round sets them on the stream, audited with the other rules, and the round page shows them", async () => {
      const before = settings();
      expect(before).toEqual({ acceptByDays: 28, returnDueDays: 30, toleranceBasisPoints: 1000, certificationRequired: false });
      const id = await create({ acceptByDays: "21", returnDueDays: "45", tolerance: "2.5", certificationRequired: "yes" });
      expect(settings()).toEqual({ acceptByDays: 21, returnDueDays: 45, toleranceBasisPoints: 250, certificationRequired: true });
      const audit = streamAudit().at(-1)!;
      expect(audit).toMatchObject({ action: "stream.rules_changed" });
      expect(JSON.parse(audit.before as string)).toMatchObject({ acceptByDays: 28, returnDueDays: 30, toleranceBasisPoints: 1000, certificationRequired: false, maxDurationMonths: 12 });
      expect(JSON.parse(audit.after as string)).toMatchObject({ acceptByDays: 21, returnDueDays: 45, toleranceBasisPoints: 250, certificationRequired: true });
      const page = await run<any>(roundPage.loader, await request("finance", `/rounds/${id}`), { roundId: String(id) });
      expect(page.data.overview.round).toMatchObject({ acceptByDays: 21, returnDueDays: 45, toleranceBasisPoints: 250, certificationRequired: true });
      // Shared by the stream: the seeded round of the same stream shows the same.
      const seeded = await run<any>(roundPage.loader, await request("reviewer", `/rounds/${annualRoundId()}`), { roundId: String(annualRoundId()) });
      expect(seeded.data.overview.round).toMatchObject({ acceptByDays: 21, returnDueDays: 45, toleranceBasisPoints: 250, certificationRequired: true });
    });

    it("changing the round changes them on the stream (\"10\" is 1000 basis points), audited; a save from a stale page changes nothing", async () => {
      const id = await create();
      const form = await changeForm(id, { acceptByDays: "14", returnDueDays: "20", tolerance: "10", certificationRequired: "no" });
      const saved = await run(roundPage.action, await request("reviewer", `/rounds/${id}`, form), { roundId: String(id) });
      expect(saved.status).toBe(302);
      expect(settings()).toEqual({ acceptByDays: 14, returnDueDays: 20, toleranceBasisPoints: 1000, certificationRequired: false });
      expect(streamAudit().at(-1)).toMatchObject({ action: "stream.rules_changed" });
      expect(JSON.parse(streamAudit().at(-1)!.after as string)).toMatchObject({ acceptByDays: 14, returnDueDays: 20 });
      const changed = db().select().from(auditLog).where(and(eq(auditLog.entityType, "round"), eq(auditLog.entityId, id))).orderBy(asc(auditLog.id)).all().at(-1)!;
      expect(changed.action).toBe("round.changed");
      expect(JSON.parse(changed.after as string)).toMatchObject({ acceptByDays: 14, returnDueDays: 20, toleranceBasisPoints: 1000, certificationRequired: false });

      // The same form again, from the page as it was before the save: refused, and the stream keeps what was saved.
      const stale = await run<any>(roundPage.action, await request("reviewer", `/rounds/${id}`, { ...form, acceptByDays: "60", tolerance: "0" }), { roundId: String(id) });
      expect(stale.status).toBe(409);
      expect(stale.data.formError).toMatch(/changed this round/);
      expect(settings()).toEqual({ acceptByDays: 14, returnDueDays: 20, toleranceBasisPoints: 1000, certificationRequired: false });
    });

    it.each([
      ["acceptByDays", { acceptByDays: "0" }, /whole number from 1 to 365/],
      ["acceptByDays", { acceptByDays: "" }, /^Enter how many days a partnership has to accept an offer/],
      ["acceptByDays", { acceptByDays: "1.5" }, /whole number from 1 to 365/],
      ["returnDueDays", { returnDueDays: "366" }, /whole number from 1 to 365/],
      ["returnDueDays", { returnDueDays: "thirty" }, /whole number from 1 to 365/],
      ["tolerance", { tolerance: "2.555" }, /at most two decimal places/],
      ["tolerance", { tolerance: "100.01" }, /from 0 to 100/],
      ["tolerance", { tolerance: "-5" }, /from 0 to 100/],
      ["tolerance", { tolerance: "" }, /^Enter how far spend may differ/],
      ["certificationRequired", { certificationRequired: "maybe" }, /^Say whether the council's finance officer certifies each return$/],
    ])("%s %j is refused (400) at its field, what was typed kept, and nothing is saved", async (field, changes, message) => {
      const before = settings();
      const roundsBefore = db().select({ id: rounds.id }).from(rounds).all().length;
      const created = await run<any>(newRound.action, await request("reviewer", "/rounds/new", roundForm(changes)));
      expect(created.status).toBe(400);
      expect(Object.keys(created.data.errors)).toEqual([field]);
      expect(created.data.errors[field]).toMatch(message);
      expect(created.data.values[field]).toBe(Object.values(changes)[0]);
      expect(db().select({ id: rounds.id }).from(rounds).all().length).toBe(roundsBefore);

      const roundId = annualRoundId();
      const changed = await run<any>(roundPage.action, await request("reviewer", `/rounds/${roundId}`, await changeForm(roundId, changes)), { roundId: String(roundId) });
      expect(changed.status).toBe(400);
      expect(changed.data.errors[field]).toMatch(message);
      expect(changed.data.values[field]).toBe(Object.values(changes)[0]);
      expect(settings()).toEqual(before);
    });

    it("a tolerance of 0, 100 or 12.25 is kept to the basis point", async () => {
      for (const [typed, bp] of [["0", 0], ["100", 10_000], ["12.25", 1225], ["7.5%", 750]] as const) {
        await create({ tolerance: typed });
        expect(settings().toleranceBasisPoints).toBe(bp);
      }
    });
  });
});

describe("the stream's virement limit (decision record 023)", () => {
  const cap = (streamId: number) => db().select({ cap: fundingStreams.virementCapPence }).from(fundingStreams).where(eq(fundingStreams.id, streamId)).get()!.cap;

  it("is set where the other stream rules are, kept when a form leaves it out, and refused when it is not money", async () => {
    const streamId = Number(roundForm().streamId);
    expect(cap(streamId)).toBe(500_000);
    const made = await run<any>(newRound.action, await request("reviewer", "/rounds/new", roundForm({ virementCap: "2500.50" })));
    expect(made.status).toBe(302);
    expect(cap(streamId)).toBe(250_050);
    expect((await run<any>(newRound.action, await request("reviewer", "/rounds/new", roundForm()))).status).toBe(302);
    expect(cap(streamId)).toBe(250_050);
    const bad = await run<any>(newRound.action, await request("reviewer", "/rounds/new", roundForm({ virementCap: "lots" })));
    expect(bad.status).toBe(400);
    expect(bad.data.errors.virementCap).toMatch(/must be an amount of money/);
    expect(bad.data.values.virementCap).toBe("lots");
  });
});

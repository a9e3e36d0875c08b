import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { loadReturn, returnSubmissions } from "../../app/data/returns.server";
import { wasSubmittedLate } from "../../app/domain/return-lifecycle";
import { DEMO_DECIDED_TITLES, seedDemoOutcomes } from "../../db/seed-outcomes";
import { seedDemoQueries, seedDemoReturns } from "../../db/seed-returns";
import { seedDemoExtensionRequest, seedDemoVirements } from "../../db/seed-variations";
import { variationsForGrant } from "../../app/data/variations.server";
import { bids, grantReturns, grants } from "../../db/schema";

/**
 * The demo's returns (db/seed-returns.ts) on the demo's own decisions and the offers the demo's
 * lead accepted (seedDemoOutcomes, with db/seed-offers.ts): Melton's six 2023-24 grants and four
 * Safer Streets 5 grants.
 */

// Melton's six 2023-24 annual bids come first among the demo's decided bids; Safer Streets 5's follow.
const MELTON_ANNUAL = DEMO_DECIDED_TITLES.slice(0, 6);
let filed = 0;
let queried = 0;
beforeAll(() => {
  seedDemoOutcomes();
  // The virements come before the returns, whose spend follows the lines as varied (db/seed.ts).
  seedDemoVirements();
  filed = seedDemoReturns();
  // (The demo pays between the two: db/seed.ts.)
  queried = seedDemoQueries();
}, 60_000);

const returnsOf = (title: string) =>
  db()
    .select({ id: grantReturns.id })
    .from(grantReturns)
    .innerJoin(grants, eq(grants.id, grantReturns.grantId))
    .innerJoin(bids, eq(bids.id, grants.bidId))
    .where(eq(bids.title, title))
    .orderBy(asc(grantReturns.startYear), asc(grantReturns.quarter))
    .all()
    .map((r) => loadReturn(r.id)!);

describe("the demo's quarterly returns", () => {
  it("files every quarter of Melton's six 2023-24 grants, and each Safer Streets 5 grant's six", () => {
    expect(filed).toBe(17 + 4 * 6);
    expect(DEMO_DECIDED_TITLES.map((t) => returnsOf(t).length)).toEqual([4, 4, 2, 3, 1, 3, 6, 6, 6, 6]);
  });

  it("Melton's are all accepted and certified by David Scott, the first quarter's late, the officer's second queried and resubmitted", () => {
    for (const title of MELTON_ANNUAL) {
      for (const r of returnsOf(title)) {
        expect(r.status, `${title} ${r.label}`).toBe("accepted");
        expect(r.certification).toMatchObject({ name: "David Scott", role: "Finance Manager" });
        expect(r.lines.every((l) => l.actualPence !== null)).toBe(true);
        expect(wasSubmittedLate(r, r.firstSubmittedAt!.slice(0, 10)), `${title} ${r.label}`).toBe(r.quarter === 1);
      }
    }
    const officer = returnsOf("Safer Communities and Partnership Officer");
    expect(officer.map((r) => r.lines[0].actualPence)).toEqual([759_840, 881_255, 790_210, 661_095]);
    // The year's salary comes to exactly what was approved.
    expect(officer[3].lines[0].spentToDatePence).toBe(3_092_400);
    expect(officer[3].lines[0].remainingPence).toBe(0);
    expect(officer[1].reviews.map((v) => v.action)).toEqual(["queried", "accepted"]);
    expect(returnSubmissions(officer[1].id)).toHaveLength(2);
    expect(officer[1].lines[0].varianceExplanation).toContain("pay award");
    expect(officer[3].milestones.map((m) => m.progress)).toEqual(["done", "done"]);
    expect(officer[3].outcomes.map((o) => o.actualToDate)).toEqual(["10", "13"]);
    // Play Close CCTV bought in one go in the second quarter.
    expect(returnsOf("Play Close CCTV").map((r) => [r.quarter, r.lines[0].actualPence])).toEqual([[2, 484_300], [3, 0]]);
  });

  it("has two of Melton's 2023-24 grants come in under budget, with nothing more forecast", () => {
    const [mirrors] = returnsOf("Convex mirrors at four sites");
    expect(mirrors.lines[0]).toMatchObject({ budgetPence: 76_780, actualPence: 63_900 });
    expect(mirrors.lines[0].varianceExplanation).toContain("£31.95 a mirror");
    expect(mirrors.spendRag).toBe("amber");
    const drinkSafe = returnsOf("Drink Safe");
    const covers = drinkSafe.map((r) => r.lines.find((l) => l.description === "Drink covers")!);
    expect(covers.map((l) => l.actualPence)).toEqual([62_500, 0, 0]);
    expect(covers[0].varianceExplanation).toContain("12.5p each");
    expect(covers.every((l) => l.forecasts.every((f) => (f.amountPence ?? 0) === 0))).toBe(true);
    expect(covers[2].spentToDatePence).toBe(62_500);
  });

  it("Safer Streets 5's run across 2023-24 and 2024-25, the first five accepted; the last submitted, queried or still in progress", () => {
    const ss5 = DEMO_DECIDED_TITLES.slice(6);
    expect(ss5.map((title) => [title, returnsOf(title).map((r) => `${r.startYear} Q${r.quarter} ${r.status}`)])).toEqual([
      ["Solar lighting at Play Close Park", ["2023 Q3 accepted", "2023 Q4 accepted", "2024 Q1 accepted", "2024 Q2 accepted", "2024 Q3 accepted", "2024 Q4 in_progress"]],
      ["Additional CCTV at Beckmill Court and solar deployable cameras", ["2023 Q3 accepted", "2023 Q4 accepted", "2024 Q1 accepted", "2024 Q2 accepted", "2024 Q3 accepted", "2024 Q4 in_progress"]],
      ["Target hardening", ["2023 Q3 accepted", "2023 Q4 accepted", "2024 Q1 accepted", "2024 Q2 accepted", "2024 Q3 accepted", "2024 Q4 queried"]],
      ["Body cameras and training for officers", ["2023 Q3 accepted", "2023 Q4 accepted", "2024 Q1 accepted", "2024 Q2 accepted", "2024 Q3 accepted", "2024 Q4 submitted"]],
    ]);
    expect(queried).toBe(1);
    const hardening = returnsOf("Target hardening").at(-1)!;
    expect(hardening.reviews.map((v) => v.action)).toEqual(["queried"]);
    expect(hardening.reviews[0].comment).toContain("completion report");
    // Target hardening's doorbells leave £1,500.00 unspent in 2023-24, which db/seed-underspends.ts
    // (run after the payments) carries forward into 2024-25's alarm kits, which spend it.
    const carried: Record<string, number> = { "Video doorbell": -150_000, "Window and door alarm kit": 150_000 };
    for (const title of ss5) {
      // Every line ends the grant spent exactly as approved, or as carried forward.
      const last = returnsOf(title).at(-1)!;
      for (const l of last.lines) expect(l.spentToDatePence, `${title}: ${l.description}`).toBe(l.budgetPence + (title === "Target hardening" ? (carried[l.description] ?? 0) : 0));
    }
  });

  it("Safer Streets 5's spend follows what was bought, with a RAG that matches the figures", () => {
    const beckmill = returnsOf("Additional CCTV at Beckmill Court and solar deployable cameras");
    expect(beckmill.map((r) => r.lines.reduce((n, l) => n + (l.actualPence ?? 0), 0))).toEqual([850_000, 1_700_000, 620_000, 620_000, 620_000, 0]);
    // Behind the profile to date in the first quarter, ahead (beyond the tolerance) by December 2024.
    expect(beckmill.map((r) => r.spendRag)).toEqual(["amber", "green", "green", "green", "amber", "green"]);
    expect(beckmill[0].spendRagReason).toContain("£8,500.00 spent this quarter against a profile of £12,750.00");
    // No quarter is green with nothing spent against a profile, or words that the figures contradict.
    for (const title of DEMO_DECIDED_TITLES.slice(6)) {
      for (const r of returnsOf(title)) {
        const spent = r.lines.reduce((n, l) => n + (l.actualPence ?? 0), 0);
        const profile = r.lines.reduce((n, l) => n + l.profilePence, 0);
        expect(r.spendRagReason, `${title} ${r.label}`).toContain(`spent this quarter against a profile of`);
        expect(r.spendRagReason).not.toContain("follows the plan");
        if (spent !== profile) expect(r.lines.some((l) => l.varianceExplanation !== ""), `${title} ${r.label}`).toBe(true);
      }
    }
  });

  it("running it again changes nothing", () => {
    const before = db().get<{ n: number; v: number }>(sql`select count(*) as n, sum(version) as v from grant_returns`);
    expect(seedDemoReturns()).toBe(0);
    expect(seedDemoQueries()).toBe(0);
    expect(db().get(sql`select count(*) as n, sum(version) as v from grant_returns`)).toEqual(before);
  });
});

describe("the demo's variations (db/seed-variations.ts)", () => {
  const grantOf = (title: string) => db().select({ id: grants.id }).from(grants).innerJoin(bids, eq(bids.id, grants.bidId)).where(eq(bids.title, title)).get()!.id;

  it("WCCTV's £150 is approved automatically and the body cameras' £600 by the OPCC; the lines end spent exactly as varied", () => {
    const [wcctv] = variationsForGrant(grantOf("WCCTV help point and standard support package"));
    expect(wcctv).toMatchObject({ status: "approved", autoApproved: true, amountPence: 15_000, requestedAt: "2023-09-15T11:20:00.000Z" });
    const [cameras] = variationsForGrant(grantOf("Body cameras and training for officers"));
    expect(cameras).toMatchObject({ status: "approved", autoApproved: false, amountPence: 60_000, decidedAt: "2023-12-07T14:30:00.000Z", decidedByName: expect.any(String) });
    const wcctvLast = returnsOf("WCCTV help point and standard support package").at(-1)!;
    expect(wcctvLast.lines.map((l) => [l.budgetPence, l.spentToDatePence, l.remainingPence])).toEqual([
      [285_000, 285_000, 0],
      [200_000, 200_000, 0],
    ]);
    const camerasLast = returnsOf("Body cameras and training for officers").at(-1)!;
    expect(camerasLast.lines.filter((l) => l.financialYearLabel === "2023-24").map((l) => [l.budgetPence, l.spentToDatePence])).toEqual([
      [390_000, 390_000],
      [180_000, 180_000],
    ]);
  });

  it("Beckmill Court's extension to 30 June 2025 waits for the OPCC; seeding again changes nothing", () => {
    seedDemoExtensionRequest();
    seedDemoExtensionRequest();
    seedDemoVirements();
    const beckmill = variationsForGrant(grantOf("Additional CCTV at Beckmill Court and solar deployable cameras"));
    expect(beckmill).toHaveLength(1);
    expect(beckmill[0]).toMatchObject({ kind: "extension", status: "requested", currentEndDate: "2025-03-31", newEndDate: "2025-06-30" });
    expect(variationsForGrant(grantOf("WCCTV help point and standard support package"))).toHaveLength(1);
  });
});

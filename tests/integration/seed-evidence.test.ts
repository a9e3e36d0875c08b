import fs from "node:fs";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { storedPath } from "../../app/data/evidence-files.server";
import { listEvidence } from "../../app/data/evidence.server";
import { seedDemoEvidence } from "../../db/seed-evidence";
import { syntheticEvidence } from "../../db/synthetic";
import { auditLog, grantReturns, returnEvidence } from "../../db/schema";
import { acceptedGrantForTest } from "../support/accepted-return";
import { userId } from "../support/requests";

/** The demo's evidence (db/seed-evidence.ts) and the synthetic rows (db/synthetic.ts). */

describe("the demo's evidence files", () => {
  it("attach an invoice to every return, a photo to every other and a spend CSV to every third, at past dates, each checked, stored and audited", async () => {
    const { returnIds } = acceptedGrantForTest("Safer Communities and Partnership Officer");
    expect(returnIds).toHaveLength(4);
    const lead = userId("meltonLead");
    const made = await seedDemoEvidence(returnIds.map((returnId) => ({ returnId, userId: lead })));
    expect(made).toBe(4 + 2 + 2);

    const q1 = listEvidence(returnIds[0]);
    expect(q1.map((f) => f.contentType)).toEqual(["application/pdf", "image/png", "text/csv"]);
    expect(q1[0].fileName).toMatch(/^Invoice INV-2023-\d{4}\.pdf$/);
    expect(q1[0].description).toContain("safer communities and partnership officer");
    // A week or so after the offer was accepted (28 July 2023), the quarter having ended on 30 June.
    expect(q1.map((f) => f.uploadedAt.slice(0, 10))).toEqual(["2023-08-03", "2023-08-05", "2023-08-07"]);
    expect(listEvidence(returnIds[1]).map((f) => f.contentType)).toEqual(["application/pdf"]);

    const rows = db().select().from(returnEvidence).where(inArray(returnEvidence.returnId, returnIds)).all();
    for (const row of rows) expect(fs.statSync(storedPath(row.storedName)).size).toBe(row.sizeBytes);
    const csv = fs.readFileSync(storedPath(rows.find((r) => r.contentType === "text/csv")!.storedName), "utf8");
    expect(csv).toContain(`"Safer Communities and Partnership Officer: salary and on-costs, 2023-24",7731.00`);
    const audited = db().select().from(auditLog).where(eq(auditLog.action, "evidence.uploaded")).all();
    // Audited at the upload's own (past) time.
    for (const row of rows) expect(audited.find((a) => a.entityId === row.id)!.at).toBe(row.uploadedAt);
    expect(rows.every((r) => r.uploadedAt < "2024-05-01")).toBe(true);
  });
});

describe("synthetic evidence rows", () => {
  it("go on about a third of the returns begun, with realistic types and sizes, and none when there are no returns", () => {
    const sqlite = db().$client;
    const count = () => db().get<{ n: number }>(sql`select count(*) as n from return_evidence`).n;
    const returns = db().get<{ n: number }>(sql`select count(*) as n from grant_returns`).n;
    let seed = 7;
    const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const before = count();
    const made = sqlite.transaction(() => syntheticEvidence(sqlite, random, userId("admin")))();
    expect(count()).toBe(before + made);
    if (returns === 0) expect(made).toBe(0);
    const rows = db().select().from(returnEvidence).all().slice(before);
    for (const r of rows) {
      expect(r.sizeBytes).toBeGreaterThan(0);
      expect(r.sizeBytes).toBeLessThanOrEqual(10 * 1024 * 1024);
      expect(r.storedName).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      const ret = db().select({ periodEnd: grantReturns.periodEnd }).from(grantReturns).where(eq(grantReturns.id, r.returnId)).get()!;
      expect(r.uploadedAt > ret.periodEnd).toBe(true);
    }
  });
});

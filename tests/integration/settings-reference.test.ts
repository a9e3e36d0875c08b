import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { recordDecision } from "../../app/data/decisions.server";
import * as page from "../../app/routes/settings.decision-reference";
import { auditLog, settings } from "../../db/schema";
import { moderate } from "../support/moderate";
import { request, run, userId, type DemoUser } from "../support/requests";
import { bidIdByTitle, bidRow } from "./helpers";

/** An administrator sets the format of PCC decision references at /settings/decision-reference. */

type Who = DemoUser | null;
const EVERYONE: Who[] = [null, "meltonLead", "charnwoodLead", "reviewer", "finance", "meltonFinance", "admin"];
const stored = () => db().select().from(settings).where(eq(settings.key, "decision_reference_format")).get()?.value ?? null;
const open = async (who: Who = "admin") => run<any>(page.loader, await request(who, "/settings/decision-reference"));
const post = async (form: Record<string, string>, who: Who = "admin") => run<any>(page.action, await request(who, "/settings/decision-reference", form));

describe("the decision reference format", () => {
  it.each(EVERYONE)("%s: opening and saving it", async (who) => {
    expect((await open(who)).status).toBe(who === null ? 302 : who === "admin" ? 200 : 403);
    // A valid format on a stale copy: refused as stale once past the access check, so nothing is written.
    const res = await post({ expected: "OLD/{year}/{seq}", format: "DEC/{year}/{seq:4}" }, who);
    expect(res.status).toBe(who === null ? 302 : who === "admin" ? 409 : 403);
    expect(stored()).toBeNull();
  });

  it("shows the format and what the next reference would be", async () => {
    const { data } = await open();
    expect(data.format).toBe("PCC/{year}/{seq:3}");
    expect(data.nextNumber).toBeGreaterThanOrEqual(1);
  });

  it("refuses a format without the year, naming the field and keeping what was typed", async () => {
    const res = await post({ expected: "PCC/{year}/{seq:3}", format: "DEC-{seq:4}" });
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ format: "Put {year} in the format: numbers start again each financial year, so references need the year to be unique" });
    expect(res.data.values.format).toBe("DEC-{seq:4}");
    expect(stored()).toBeNull();
  });

  it("refuses a change made on a stale copy, saying what the format now is", async () => {
    const res = await post({ expected: "SOMETHING/{year}/{seq}", format: "DEC/{year}/{seq:4}" });
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(/Someone changed the format to PCC\/\{year\}\/\{seq:3\} after you opened this page/);
  });

  it("a saved format is audited and used for the next decision, while earlier references stay as they were", async () => {
    const reviewer = userId("reviewer");
    const decide = (title: string) => {
      const bidId = bidIdByTitle(title);
      moderate(bidId);
      const result = recordDecision(bidId, reviewer, bidRow(bidId)!.version, {
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
      });
      if (result.kind !== "recorded") throw new Error(result.kind);
      return result.reference;
    };
    const first = decide("Play Close CCTV");
    expect(first).toMatch(/^PCC\/2023-24\/\d{3}$/);

    const res = await post({ expected: "PCC/{year}/{seq:3}", format: " OPCC-DEC-{year}-{seq:4} " });
    expect(res.status).toBe(302);
    expect(res.headers?.get("location")).toBe("/settings/decision-reference?done=saved");
    expect(stored()).toBe("OPCC-DEC-{year}-{seq:4}");
    const audit = db().select().from(auditLog).where(eq(auditLog.action, "settings.reference_format_changed")).orderBy(desc(auditLog.id)).get()!;
    expect(audit.userId).toBe(userId("admin"));
    expect(JSON.parse(audit.before!)).toEqual({ format: "PCC/{year}/{seq:3}" });
    expect(JSON.parse(audit.after!)).toEqual({ format: "OPCC-DEC-{year}-{seq:4}" });

    const next = decide("Convex mirrors at four sites");
    const n = Number(first.slice(-3)) + 1;
    expect(next).toBe(`OPCC-DEC-2023-24-${String(n).padStart(4, "0")}`);
  });
});

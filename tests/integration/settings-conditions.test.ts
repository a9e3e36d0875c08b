import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import * as decision from "../../app/routes/bids.$bidId.decision";
import * as page from "../../app/routes/settings.conditions";
import { auditLog, standardConditions } from "../../db/schema";
import { request, run, type DemoUser } from "../support/requests";
import { bidIdByTitle } from "./helpers";

/** An administrator keeps the standard conditions a decision may attach, at /settings/conditions. */

type Who = DemoUser | null;
const EVERYONE: Who[] = [null, "meltonLead", "charnwoodLead", "reviewer", "finance", "meltonFinance", "admin"];
const open = async (who: Who = "admin") => run<any>(page.loader, await request(who, "/settings/conditions"));
const post = async (form: Record<string, string>, who: Who = "admin") => run<any>(page.action, await request(who, "/settings/conditions", form));
const count = () => db().select().from(standardConditions).all().length;

describe("standard conditions", () => {
  it.each(EVERYONE)("%s: opening the list and adding to it", async (who) => {
    expect((await open(who)).status).toBe(who === null ? 302 : who === "admin" ? 200 : 403);
    const before = count();
    // Blank words: refused as invalid once past the access check, so nothing is written.
    expect((await post({ intent: "add", text: "", aboutRepayment: "no" }, who)).status).toBe(who === null ? 302 : who === "admin" ? 400 : 403);
    expect((await post({ intent: "retire", id: "1" }, who)).status).toBe(who === null ? 302 : who === "admin" ? 302 : 403);
    if (who === "admin") await post({ intent: "restore", id: "1" });
    expect(count()).toBe(before);
  });

  it("blank words are refused on the field, keeping the answer to the repayment question", async () => {
    const res = await post({ intent: "add", text: "  ", aboutRepayment: "yes" });
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ text: "Enter the words of the condition" });
    expect(res.data.values.aboutRepayment).toBe("yes");
  });

  it("an added condition is offered on decisions; a retired one is not, and a decision naming it is refused", async () => {
    const text = "The partnership acknowledges the PCC's funding in publicity about the project.";
    expect((await post({ intent: "add", text, aboutRepayment: "no" })).status).toBe(302);
    const added = db().select().from(standardConditions).where(eq(standardConditions.text, text)).get()!;
    expect(db().select().from(auditLog).where(eq(auditLog.action, "standard_condition.created")).all()).toHaveLength(1);
    expect((await post({ intent: "add", text, aboutRepayment: "no" })).data.errors.text).toBe("There is already a standard condition with these words");

    const bidId = bidIdByTitle("Drink Safe");
    const offered = async () => (await run<any>(decision.loader, await request("reviewer", `/bids/${bidId}/decision`), { bidId: String(bidId) })).data.conditions.map((c: { id: number }) => c.id);
    expect(await offered()).toContain(added.id);

    expect((await post({ intent: "retire", id: String(added.id) })).status).toBe(302);
    expect(await offered()).not.toContain(added.id);
    expect((await open()).data.conditions.find((c: { id: number }) => c.id === added.id).retiredAt).not.toBeNull();
    const res = await run<any>(decision.action, await request("reviewer", `/bids/${bidId}/decision`, {
      version: "1", outcome: "approve", "decidedOn.day": "20", "decidedOn.month": "7", "decidedOn.year": "2023", decisionMaker: "Police and Crime Commissioner for Leicestershire",
      leadOfficer: "Rachel Ward", reasons: "Meets the plan.", declarationOfInterests: "None", publishable: "yes", paymentBasis: "quarterly_arrears", "conditions[]": [String(added.id)],
    }), { bidId: String(bidId) });
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ conditions: "Choose conditions from the list" });

    expect((await post({ intent: "restore", id: String(added.id) })).status).toBe(302);
    expect(await offered()).toContain(added.id);
    expect(db().select().from(auditLog).where(eq(auditLog.entityType, "standard_condition")).all().map((a) => a.action)).toEqual(
      expect.arrayContaining(["standard_condition.created", "standard_condition.retired", "standard_condition.restored"]),
    );
  });

  it("an unknown condition cannot be retired", async () => {
    expect((await post({ intent: "retire", id: "99999" })).status).toBe(404);
  });
});

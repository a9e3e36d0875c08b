import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import * as bidPage from "../../app/routes/bids.$bidId._index";
import * as decision from "../../app/routes/bids.$bidId.decision";
import * as grantPage from "../../app/routes/grants.$grantId._index";
import * as grantsList from "../../app/routes/grants._index";
import { decisions, grantPayments, grants } from "../../db/schema";
import { bidIdByTitle, bidRow } from "./helpers";
import { moderate } from "../support/moderate";
import { request, run, userId } from "../support/requests";

const exec = promisify(execFile);

function decisionForm(bidId: number, overrides: Record<string, string | string[]> = {}) {
  return {
    version: String(bidRow(bidId)!.version),
    outcome: "approve",
    "decidedOn.day": "20", "decidedOn.month": "7", "decidedOn.year": "2023",
    decisionMaker: "Police and Crime Commissioner for Leicestershire",
    leadOfficer: "Rachel Ward",
    reasons: "Delivers the Police and Crime Plan's VAWG priority with measurable outcomes.",
    declarationOfInterests: "None",
    publishable: "yes",
    paymentBasis: "quarterly_arrears",
    ...overrides,
  };
}
const decide = async (bidId: number, form: Record<string, string | string[]>, who: Parameters<typeof request>[0] = "reviewer") =>
  run<any>(decision.action, await request(who, `/bids/${bidId}/decision`, form), { bidId: String(bidId) });

describe("PCC decisions and grants", () => {
  it("a CSP lead cannot open the decision page or record a decision", async () => {
    const bidId = bidIdByTitle("Drink Safe");
    expect((await run(decision.loader, await request("meltonLead", `/bids/${bidId}/decision`), { bidId: String(bidId) })).status).toBe(403);
    expect((await decide(bidId, decisionForm(bidId), "meltonLead")).status).toBe(403);
    expect((await decide(bidId, decisionForm(bidId), "charnwoodLead")).status).toBe(404);
    expect(bidRow(bidId)!.status).toBe("submitted");
  });

  it("part-approving Drink Safe grants £2,267.50, with a reference, a grant and a payment schedule that adds up", async () => {
    const bidId = bidIdByTitle("Drink Safe");
    moderate(bidId);
    const page = await run<any>(decision.loader, await request("reviewer", `/bids/${bidId}/decision`), { bidId: String(bidId) });
    const [strips, covers] = page.data.bid.costLines;
    const res = await decide(bidId, decisionForm(bidId, { outcome: "part_approve", [`approved.line${strips.id}`]: "1500.00", [`approved.line${covers.id}`]: "767.50", "conditions[]": page.data.conditions.filter((c: { aboutRepayment: boolean }) => c.aboutRepayment).map((c: { id: number }) => String(c.id)) }));
    expect(res.status).toBe(302);
    expect(bidRow(bidId)!.status).toBe("part_approved");
    const recorded = db().select().from(decisions).where(eq(decisions.bidId, bidId)).get()!;
    expect(recorded.reference).toMatch(/^PCC\/2023-24\/\d{3}$/);
    expect(recorded.conditions.some((c) => /returned to the OPCC/.test(c))).toBe(true);
    const grant = db().select().from(grants).where(eq(grants.bidId, bidId)).get()!;
    const payments = db().select().from(grantPayments).where(eq(grantPayments.grantId, grant.id)).all();
    expect(payments.reduce((n, p) => n + p.amountPence, 0)).toBe(226_750);

    const shown = await run<any>(grantPage.loader, await request("meltonLead", `/grants/${grant.id}`), { grantId: String(grant.id) });
    expect(shown.data.grant.grantedPence).toBe(226_750);
    expect((await run(grantPage.loader, await request("charnwoodLead", `/grants/${grant.id}`), { grantId: String(grant.id) })).status).toBe(404);
    const lead = await run<any>(bidPage.loader, await request("meltonLead", `/bids/${bidId}`), { bidId: String(bidId) });
    expect(lead.data.decisions[0].reasons).toMatch(/VAWG/);
    const list = await run<any>(grantsList.loader, await request("charnwoodLead", "/grants"));
    expect(list.data.grants.some((g: { id: number }) => g.id === grant.id)).toBe(false);
  });

  it("approving more than a line asks for is refused on that line, and nothing is recorded", async () => {
    const bidId = bidIdByTitle("Convex mirrors at four sites");
    moderate(bidId);
    const line = (await run<any>(decision.loader, await request("reviewer", `/bids/${bidId}/decision`), { bidId: String(bidId) })).data.bid.costLines[0];
    const res = await decide(bidId, decisionForm(bidId, { outcome: "part_approve", [`approved.line${line.id}`]: "800.00" }));
    expect(res.status).toBe(400);
    expect(res.data.errors[`approved.line${line.id}`]).toMatch(/more than the line asks for/);
    expect(db().select().from(decisions).where(eq(decisions.bidId, bidId)).all()).toEqual([]);
    expect(bidRow(bidId)!.status).toBe("under_review");
  });

  it("reasons are required, and a withheld decision needs its FOI exemption", async () => {
    const bidId = bidIdByTitle("Convex mirrors at four sites");
    const res = await decide(bidId, decisionForm(bidId, { reasons: "", publishable: "no", foiExemption: "" }));
    expect(res.status).toBe(400);
    expect(Object.keys(res.data.errors)).toEqual(expect.arrayContaining(["reasons", "foiExemption"]));
  });

  it("a rejection has a reference but no grant, and a decided bid cannot be decided again", async () => {
    const bidId = bidIdByTitle("Convex mirrors at four sites");
    moderate(bidId);
    expect((await decide(bidId, decisionForm(bidId, { outcome: "reject", reasons: "Duplicates existing provision." }))).status).toBe(302);
    expect(bidRow(bidId)!.status).toBe("rejected");
    expect(db().select().from(grants).where(eq(grants.bidId, bidId)).all()).toEqual([]);
    const again = await decide(bidId, decisionForm(bidId));
    expect(again.status).toBe(409);
  });

  it("references stay unique, sequential and gap-free when two processes record decisions at the same moment", async () => {
    const ids = ["Safer Communities and Partnership Officer", "DISC app for Safer Melton Against Retail Theft (SMART)", "Play Close CCTV", "WCCTV help point and standard support package", "Loughborough night-time economy street pastors", "Fosse Park retail crime partnership"].map(bidIdByTitle);
    const before = db().select({ sequence: decisions.sequence }).from(decisions).all().map((d) => d.sequence);
    const reviewer = String(userId("reviewer"));
    const env = { ...process.env };
    const script = "tests/support/decide-in-process.ts";
    const [a, b] = await Promise.all([
      exec("npx", ["tsx", script, reviewer, ...ids.slice(0, 3).map(String)], { env }),
      exec("npx", ["tsx", script, reviewer, ...ids.slice(3).map(String)], { env }),
    ]);
    const references = [...a.stdout.trim().split("\n"), ...b.stdout.trim().split("\n")];
    expect(references.every((r) => /^PCC\/2023-24\/\d{3}$/.test(r))).toBe(true);
    const all = db().select({ sequence: decisions.sequence }).from(decisions).all().map((d) => d.sequence).sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    expect(all.length).toBe(before.length + 6);
  }, 60_000);
});

import { desc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { deliverPending } from "../../app/data/notifications.server";
import * as decision from "../../app/routes/bids.$bidId.decision";
import * as review from "../../app/routes/bids.$bidId.review";
import * as outboxPage from "../../app/routes/outbox";
import { outbox } from "../../db/schema";
import { bidIdByTitle, bidRow } from "./helpers";
import { moderate } from "../support/moderate";
import { request, run } from "../support/requests";

const latest = (n: number) => db().select().from(outbox).orderBy(desc(outbox.id)).limit(n).all();

describe("notifications", () => {
  it("sending a bid back for changes e-mails the partnership's lead, through the outbox", async () => {
    const bidId = bidIdByTitle("Play Close CCTV");
    const res = await run(review.action, await request("reviewer", `/bids/${bidId}/review`, { intent: "request-changes", message: "Add the camera's field of view.", version: String(bidRow(bidId)!.version) }), { bidId: String(bidId) });
    expect(res.status).toBe(302);
    const [message] = latest(1);
    expect(message).toMatchObject({ to: "lead.melton@demo.opcc.test", subject: "Changes requested: Play Close CCTV", sentAt: null });
    expect(message.body).toContain("Add the camera's field of view.");
  });

  it("a decision e-mails the partnership's lead and its council finance officer", async () => {
    const bidId = bidIdByTitle("Convex mirrors at four sites");
    moderate(bidId);
    const res = await run(decision.action, await request("reviewer", `/bids/${bidId}/decision`, {
      version: String(bidRow(bidId)!.version), outcome: "approve", "decidedOn.day": "20", "decidedOn.month": "7", "decidedOn.year": "2023",
      decisionMaker: "PCC", leadOfficer: "Rachel Ward", reasons: "Removes blind spots used for dealing.", declarationOfInterests: "None", publishable: "yes", paymentBasis: "advance",
    }), { bidId: String(bidId) });
    expect(res.status).toBe(302);
    const recipients = latest(2).map((m) => m.to).sort();
    expect(recipients).toEqual(["finance.melton@demo.opcc.test", "lead.melton@demo.opcc.test"]);
    expect(latest(1)[0].subject).toMatch(/^PCC decision PCC\/2023-24\/\d{3}: Convex mirrors at four sites$/);
  });

  it("an unreachable SMTP server never fails anything: the message records the error", async () => {
    process.env.SMTP_HOST = "127.0.0.1";
    process.env.SMTP_PORT = "9"; // nothing listens here
    try {
      await deliverPending();
      const failed = latest(1)[0];
      expect(failed.sentAt).toBeNull();
      expect(failed.error).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      delete process.env.SMTP_HOST;
      delete process.env.SMTP_PORT;
    }
  });

  it("only an administrator reads the outbox", async () => {
    expect((await run(outboxPage.loader, await request("admin", "/outbox"))).status).toBe(200);
    for (const who of ["meltonLead", "reviewer", "finance", "meltonFinance"] as const) {
      expect((await run(outboxPage.loader, await request(who, "/outbox"))).status).toBe(403);
    }
    expect((await run(outboxPage.loader, await request(null, "/outbox"))).status).toBe(302);
  });
});

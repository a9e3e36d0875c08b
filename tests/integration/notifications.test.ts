import net from "node:net";
import { and, desc, inArray, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { CLAIM_EXPIRES_MS, claimWaiting, deliverPending } from "../../app/data/notifications.server";
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

  it("two deliveries at once (two actions, or two server processes) send each waiting message once", async () => {
    // Only this test's five messages wait (the demo's are taken as sent).
    db().update(outbox).set({ sentAt: "2023-01-01T00:00:00.000Z" }).where(and(isNull(outbox.sentAt), isNull(outbox.error))).run();
    db().insert(outbox).values(["a", "b", "c", "d", "e"].map((n) => ({ to: `${n}@example.test`, subject: "S", body: "B", createdAt: new Date().toISOString() }))).run();
    const waiting = db().select({ id: outbox.id }).from(outbox).where(and(isNull(outbox.sentAt), isNull(outbox.error))).all().map((m) => m.id);
    expect(waiting).toHaveLength(5);
    const smtp = await fakeSmtpServer();
    process.env.SMTP_HOST = "127.0.0.1";
    process.env.SMTP_PORT = String(smtp.port);
    try {
      await Promise.all([deliverPending(), deliverPending(), deliverPending()]);
      const sent = db().select().from(outbox).where(inArray(outbox.id, waiting)).all();
      expect(sent.every((m) => m.sentAt !== null && m.error === null)).toBe(true);
      expect(smtp.recipients().sort()).toEqual(sent.map((m) => m.to).sort());
    } finally {
      delete process.env.SMTP_HOST;
      delete process.env.SMTP_PORT;
      await smtp.close();
    }
  });

  it("a message a stopped sender claimed is claimed again once the claim has expired, and not before", () => {
    const [id] = db().insert(outbox).values({ to: "someone@example.test", subject: "S", body: "B", createdAt: "2030-01-01T00:00:00.000Z" }).returning({ id: outbox.id }).all().map((m) => m.id);
    const now = new Date("2030-01-01T09:00:00.000Z");
    expect(claimWaiting(now).map((m) => m.id)).toContain(id);
    expect(claimWaiting(new Date(now.getTime() + CLAIM_EXPIRES_MS - 1_000)).map((m) => m.id)).not.toContain(id);
    expect(claimWaiting(new Date(now.getTime() + CLAIM_EXPIRES_MS + 1_000)).map((m) => m.id)).toContain(id);
  });

  it("only an administrator reads the outbox", async () => {
    expect((await run(outboxPage.loader, await request("admin", "/outbox"))).status).toBe(200);
    for (const who of ["meltonLead", "reviewer", "finance", "meltonFinance"] as const) {
      expect((await run(outboxPage.loader, await request(who, "/outbox"))).status).toBe(403);
    }
    expect((await run(outboxPage.loader, await request(null, "/outbox"))).status).toBe(302);
  });
});

/** Just enough of SMTP for nodemailer to send: it answers every command and records each recipient. */
async function fakeSmtpServer() {
  const recipients: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let inData = false;
    let buffer = "";
    socket.write("220 fake ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let end: number;
      while ((end = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            socket.write("250 queued\r\n");
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "RCPT") recipients.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
        if (verb === "DATA") {
          inData = true;
          socket.write("354 go on\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    recipients: () => [...recipients],
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }),
  };
}

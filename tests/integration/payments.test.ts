import { and, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { grantPaymentState, paymentTotalsForGrant, recordPayment, releaseHold } from "../../app/data/payments.server";
import { ukDate } from "../../app/domain/round-window";
import * as grantPage from "../../app/routes/grants.$grantId._index";
import * as paymentsPage from "../../app/routes/grants.$grantId_.payments";
import { auditLog, grantPayments, grantReturns, grants, outbox, paymentHoldReleases, payments, returnReviews } from "../../db/schema";
import { acceptedGrant, decideGrant, returnsAccepted } from "../support/accepted-grant";
import { DEMO, request, run, userId, type DemoUser } from "../support/requests";

/**
 * The payments page: OPCC finance records payments against a grant's instalments and releases
 * holds; the partnership's lead and council finance officer, and other OPCC staff, read what was
 * paid; another partnership gets a 404. Grants are decided on seeded Melton bids and accepted by
 * tests/support/accepted-grant.ts; today (the clock) is long after their 2023-24 returns were due.
 */

let officer: number; // Safer Communities and Partnership Officer: four quarterly instalments, returns accepted
let cctv: number; // Play Close CCTV: Q2 and Q3 2023-24, both returns overdue
let mirrors: number; // Convex mirrors: decided, offer never accepted

const path = (grantId: number) => `/grants/${grantId}/payments`;
const params = (grantId: number) => ({ grantId: String(grantId) });
const instalmentsOf = (grantId: number) => db().select().from(grantPayments).where(eq(grantPayments.grantId, grantId)).orderBy(grantPayments.dueOn).all();
const versionOf = (grantId: number) => String(db().select({ v: grants.version }).from(grants).where(eq(grants.id, grantId)).get()!.v);
const paymentCount = () => db().get<{ n: number }>(sql`select count(*) as n from payments`).n;
const auditCount = () => db().get<{ n: number }>(sql`select count(*) as n from audit_log`).n;

function paymentForm(grantId: number, instalmentId: number, over: Record<string, string> = {}) {
  return {
    intent: "record",
    version: versionOf(grantId),
    instalmentId: String(instalmentId),
    "paidOn.day": "3",
    "paidOn.month": "11",
    "paidOn.year": "2023",
    amount: "2421.50",
    financeReference: "AP-2023-0456",
    ...over,
  };
}

const post = async (who: DemoUser, grantId: number, form: Record<string, string>) => run<any>(paymentsPage.action, await request(who, path(grantId), form), params(grantId));
const get = async (who: DemoUser, grantId: number, query = "") => run<any>(paymentsPage.loader, await request(who, `${path(grantId)}${query}`), params(grantId));

beforeAll(() => {
  officer = acceptedGrant("Safer Communities and Partnership Officer");
  returnsAccepted(officer);
  cctv = acceptedGrant("Play Close CCTV");
  mirrors = decideGrant("Convex mirrors at four sites");
});

describe("the payments page", () => {
  it("shows OPCC finance the schedule, each instalment's status and why it is held, the totals and the forms", async () => {
    const res = await get("finance", cctv);
    expect(res.status).toBe(200);
    const { view, canRecord } = res.data;
    expect(canRecord).toBe(true);
    expect(view.grant.grantedPence).toBe(484_300);
    expect(view.instalments.map((i: any) => [i.label, i.dueOn, i.amountPence, i.status])).toEqual([
      ["2023-24 Q2", "2023-10-01", 242_150, "held"],
      ["2023-24 Q3", "2024-01-01", 242_150, "held"],
    ]);
    expect(view.instalments[0].holds.map((h: any) => h.text)).toEqual([
      "The 2023-24 Q2 (July to September 2023) return is overdue: it was due on 30 October 2023",
      "The 2023-24 Q3 (October to December 2023) return is overdue: it was due on 30 January 2024",
    ]);
    expect(view.summary).toEqual({ scheduledPence: 484_300, paidPence: 0, duePence: 0, heldPence: 484_300, balancePence: 484_300 });
  });

  it("an accepted grant with its returns in: every instalment due", async () => {
    const { view } = (await get("finance", officer)).data;
    expect(view.instalments.map((i: any) => i.status)).toEqual(["due", "due", "due", "due"]);
    expect(view.summary.duePence).toBe(1_546_200);
    expect(view.summary.heldPence).toBe(0);
  });

  it("an offer not accepted: every instalment held, and the hold cannot be released", async () => {
    const { view } = (await get("finance", mirrors)).data;
    expect(view.instalments.every((i: any) => i.status === "held")).toBe(true);
    expect(view.instalments[0].holds).toEqual([{ text: expect.stringContaining("No payment is made on an offer not accepted"), releasable: false }]);
    const [instalment] = instalmentsOf(mirrors);
    const before = [paymentCount(), auditCount()];
    const paid = await post("finance", mirrors, paymentForm(mirrors, instalment.id, { amount: "767.80" }));
    expect(paid.status).toBe(409);
    expect(paid.data.formError).toMatch(/^No payment is made on an offer not accepted/);
    const released = await post("finance", mirrors, { intent: "release", version: versionOf(mirrors), heldInstalmentId: String(instalment.id), reason: "Paying anyway" });
    expect(released.status).toBe(409);
    expect(released.data.formError).toContain("No payment is made on an offer not accepted");
    expect(released.data.formError).toContain("This hold cannot be released.");
    expect([paymentCount(), auditCount()]).toEqual(before);
    expect(db().select().from(paymentHoldReleases).where(eq(paymentHoldReleases.instalmentId, instalment.id)).all()).toEqual([]);
  });
});

describe("recording a payment", () => {
  it("records it, raises the grant's version, audits it and e-mails the partnership's lead and council finance officer", async () => {
    const [first] = instalmentsOf(officer);
    const version = versionOf(officer);
    const res = await post("finance", officer, paymentForm(officer, first.id, { amount: "3865.50", financeReference: "AP-2023-0101", "paidOn.day": "4", "paidOn.month": "7", "paidOn.year": "2024" }));
    expect(res.status, JSON.stringify(res.data)).toBe(302);
    expect(res.location).toBe(`/grants/${officer}/payments?done=paid`);
    const row = db().select().from(payments).where(eq(payments.instalmentId, first.id)).get()!;
    expect(row).toMatchObject({ grantId: officer, paidOn: "2024-07-04", amountPence: 386_550, financeReference: "AP-2023-0101", recordedBy: userId("finance") });
    expect(versionOf(officer)).toBe(String(Number(version) + 1));
    const audit = db().select().from(auditLog).where(and(eq(auditLog.action, "payment.recorded"), eq(auditLog.entityId, row.id))).get()!;
    expect(audit.userId).toBe(userId("finance"));
    expect(JSON.parse(audit.after!)).toMatchObject({ grantId: officer, instalmentId: first.id, amountPence: 386_550, paidOn: "2024-07-04", financeReference: "AP-2023-0101" });
    const mail = db().select().from(outbox).where(sql`${outbox.subject} like 'Payment of £3,865.50 made:%'`).all();
    expect(mail.map((m) => m.to).sort()).toEqual([DEMO.meltonLead, DEMO.meltonFinance].sort());
    expect(mail[0].body).toContain("A payment of £3,865.50 was made on 4 July 2024 to Melton Borough Council");
    expect(mail[0].body).toContain("reference AP-2023-0101");
    expect(mail[0].body).toContain(`/grants/${officer}/payments`);

    const { view } = (await get("finance", officer, "?done=paid")).data;
    expect(view.instalments[0]).toMatchObject({ status: "paid", paidPence: 386_550, remainingPence: 0 });
    expect(view.summary).toMatchObject({ paidPence: 386_550, balancePence: 1_546_200 - 386_550, duePence: 1_546_200 - 386_550 });
    expect(view.payments).toEqual([{ id: row.id, paidOn: "2024-07-04", amountPence: 386_550, financeReference: "AP-2023-0101", instalment: "2023-24 Q1", recordedByName: "Femi Adeyemi" }]);
  });

  it("a part payment leaves the rest due; the amount offered is what remains", async () => {
    const [, second] = instalmentsOf(officer);
    expect((await post("finance", officer, paymentForm(officer, second.id, { amount: "1000", financeReference: "AP-2023-0102" }))).status).toBe(302);
    const { view } = (await get("finance", officer)).data;
    expect(view.instalments[1]).toMatchObject({ status: "due", paidPence: 100_000, remainingPence: 286_550, payablePence: 286_550 });
  });

  it("refuses more than remains on the instalment (400), keeping what was typed, and writes nothing", async () => {
    const [, second] = instalmentsOf(officer);
    const before = [paymentCount(), auditCount(), versionOf(officer)];
    const res = await post("finance", officer, paymentForm(officer, second.id, { amount: "2865.51", financeReference: "AP-OVER" }));
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ amount: "The amount must be £2,865.50 or less: that is what remains to pay on this instalment" });
    expect(res.data.values).toMatchObject({ amount: "2865.51", financeReference: "AP-OVER", "paidOn.day": "3", "paidOn.month": "11", "paidOn.year": "2023" });
    expect([paymentCount(), auditCount(), versionOf(officer)]).toEqual(before);
  });

  it("refuses an instalment already paid in full (409)", async () => {
    const [first] = instalmentsOf(officer);
    const res = await post("finance", officer, paymentForm(officer, first.id, { amount: "0.01" }));
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("This instalment has been paid in full.");
  });

  it("refuses a date in the future, or before the decision (400), keeping what was typed", async () => {
    const [, , third] = instalmentsOf(officer);
    const tomorrow = new Date(Date.now() + 36 * 3_600_000);
    const [y, m, d] = ukDate(tomorrow).split("-");
    const future = await post("finance", officer, paymentForm(officer, third.id, { "paidOn.day": String(Number(d)), "paidOn.month": String(Number(m)), "paidOn.year": y, amount: "10", financeReference: "AP-FUTURE" }));
    expect(future.status).toBe(400);
    expect(future.data.errors).toEqual({ paidOn: "The date paid must be today or in the past" });
    expect(future.data.values).toMatchObject({ "paidOn.year": y, amount: "10", financeReference: "AP-FUTURE" });
    const early = await post("finance", officer, paymentForm(officer, third.id, { "paidOn.day": "19", "paidOn.month": "7", "paidOn.year": "2023" }));
    expect(early.status).toBe(400);
    expect(early.data.errors.paidOn).toBe("The date paid must be on or after the PCC decision, 20 July 2023");
    const beforeAcceptance = await post("finance", officer, paymentForm(officer, third.id, { "paidOn.day": "27", "paidOn.month": "7", "paidOn.year": "2023" }));
    expect(beforeAcceptance.data.errors.paidOn).toBe("The date paid must be on or after the day the offer was accepted, 28 July 2023");
  });

  it("refuses what is typed wrong (400) with a message per field and the values kept, never a 500", async () => {
    const [, , third] = instalmentsOf(officer);
    const res = await post("finance", officer, paymentForm(officer, third.id, { "paidOn.day": "31", "paidOn.month": "2", "paidOn.year": "2024", amount: "12.345", financeReference: "  " }));
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({
      paidOn: "The date paid must be a real date, like 1 10 2023",
      amount: "The amount paid must have no more than 2 decimal places",
      financeReference: "Enter the finance system reference",
    });
    expect(res.data.values).toMatchObject({ "paidOn.day": "31", amount: "12.345" });
    const blank = await post("finance", officer, { intent: "record", version: versionOf(officer), instalmentId: "", amount: "" });
    expect(blank.status).toBe(400);
    expect(Object.keys(blank.data.errors).sort()).toEqual(["amount", "financeReference", "instalmentId", "paidOn"]);
    const garbage = await post("finance", officer, { intent: "record", version: "x", instalmentId: "9".repeat(30), amount: "£-5" });
    expect(garbage.status).toBe(400);
    expect(garbage.data.formError).toBe("This page is out of date: reload it and try again.");
  });

  it("an instalment of another grant is refused, and nothing is written", async () => {
    const [other] = instalmentsOf(cctv);
    const before = paymentCount();
    const res = await post("finance", officer, paymentForm(officer, other.id));
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ instalmentId: "Choose an instalment of this grant" });
    expect(paymentCount()).toBe(before);
  });

  it("a form from before another payment is refused (409) and says who made it (here the same officer, in another tab)", async () => {
    const [, , third] = instalmentsOf(officer);
    const stale = String(Number(versionOf(officer)) - 1);
    const res = await post("finance", officer, paymentForm(officer, third.id, { version: stale, amount: "10" }));
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(/^You changed this grant on .* in another tab or window after you opened this page\. Nothing has been saved/);
    expect(res.data.values.amount).toBe("10");
  });

  it("paid never exceeds the grant: the data function refuses more than is left, even within an instalment", () => {
    // The grant's instalments add up to the grant; were a schedule ever to promise more, what is left of the grant still limits a payment.
    const [, , , fourth] = instalmentsOf(officer);
    db().update(grantPayments).set({ amountPence: fourth.amountPence + 1_500_000 }).where(eq(grantPayments.id, fourth.id)).run();
    try {
      const state = grantPaymentState(officer, ukDate(new Date()))!;
      const left = state.grant.grantedPence - state.summary.paidPence;
      const result = recordPayment(officer, fourth.id, userId("finance"), { paidOn: "2024-05-01", amountPence: left + 1, financeReference: "AP-X" });
      expect(result).toMatchObject({ kind: "refused", errors: { amount: expect.stringContaining("paid cannot exceed the grant of £15,462.00") } });
    } finally {
      db().update(grantPayments).set({ amountPence: fourth.amountPence }).where(eq(grantPayments.id, fourth.id)).run();
    }
  });
});

describe("a payment held while a return is overdue", () => {
  it("is refused until finance releases the hold with a reason; then it can be paid, and the release is audited", async () => {
    const [q2, q3] = instalmentsOf(cctv);
    const held = await post("finance", cctv, paymentForm(cctv, q2.id));
    expect(held.status).toBe(409);
    expect(held.data.formError).toMatch(/^This instalment is held: the 2023-24 Q2 \(July to September 2023\) return is overdue/);
    expect(held.data.formError).toContain("Release the hold, with a reason, before recording a payment.");

    const noReason = await post("finance", cctv, { intent: "release", version: versionOf(cctv), heldInstalmentId: String(q2.id), reason: " " });
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors).toEqual({ reason: "Enter why the hold is released" });
    expect(noReason.data.intent).toBe("release");

    const reason = "The camera was installed on time; the return is late because the officer was on leave. Agreed with the partnership.";
    const released = await post("finance", cctv, { intent: "release", version: versionOf(cctv), heldInstalmentId: String(q2.id), reason });
    expect(released.status).toBe(302);
    expect(released.location).toBe(`/grants/${cctv}/payments?done=released`);
    const audit = db().select().from(auditLog).where(eq(auditLog.action, "payment.hold_released")).orderBy(desc(auditLog.id)).get()!;
    expect(audit).toMatchObject({ entityType: "instalment", entityId: q2.id, userId: userId("finance") });
    expect(JSON.parse(audit.after!)).toMatchObject({ grantId: cctv, reason });
    expect(JSON.parse(audit.before!).holds).toHaveLength(2);

    const { view } = (await get("finance", cctv)).data;
    expect(view.instalments.map((i: any) => i.status)).toEqual(["due", "held"]);
    expect(view.instalments[0].releases).toEqual([expect.objectContaining({ reason, releasedByName: "Femi Adeyemi" })]);

    expect((await post("finance", cctv, paymentForm(cctv, q2.id, { financeReference: "AP-2023-0456" }))).status).toBe(302);
    expect((await post("finance", cctv, paymentForm(cctv, q3.id))).status).toBe(409);
    const after = (await get("finance", cctv)).data.view;
    expect(after.instalments.map((i: any) => i.status)).toEqual(["paid", "held"]);
    expect(after.summary).toEqual({ scheduledPence: 484_300, paidPence: 242_150, duePence: 0, heldPence: 242_150, balancePence: 242_150 });
  });

  it("a release of an instalment not held, or already paid, is refused", async () => {
    const [q2] = instalmentsOf(cctv);
    const res = await post("finance", cctv, { intent: "release", version: versionOf(cctv), heldInstalmentId: String(q2.id), reason: "Again" });
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("This instalment has been paid in full.");
    const [officerFirst] = instalmentsOf(officer);
    expect(releaseHold(officerFirst.id, userId("finance"), "Not held").kind).toBe("refused");
    // Through the page, an instalment of another grant is not this grant's.
    const other = await post("finance", cctv, { intent: "release", version: versionOf(cctv), heldInstalmentId: String(officerFirst.id), reason: "x" });
    expect(other.status).toBe(400);
  });
});

describe("who may see and record payments", () => {
  it.each(["meltonLead", "meltonFinance"] as const)("%s sees what was paid to the council, without the forms, who recorded it or finance's reasons", async (who) => {
    const res = await get(who, cctv);
    expect(res.status).toBe(200);
    expect(res.data.canRecord).toBe(false);
    const { view } = res.data;
    expect(view.payments).toEqual([expect.objectContaining({ amountPence: 242_150, paidOn: "2023-11-03", financeReference: "AP-2023-0456", recordedByName: null })]);
    expect(view.instalments[1].holds[0].text).toContain("return is overdue");
    expect(view.instalments.every((i: any) => i.releases.length === 0)).toBe(true);
    const text = JSON.stringify(res.data);
    expect(text).not.toContain("Femi Adeyemi");
    expect(text).not.toContain("officer was on leave");
  });

  it.each(["meltonLead", "meltonFinance", "reviewer", "admin"] as const)("%s cannot record a payment or release a hold (403), and nothing is written", async (who) => {
    const [, q3] = instalmentsOf(cctv);
    const [, , third] = instalmentsOf(officer);
    const before = [paymentCount(), auditCount(), versionOf(officer), versionOf(cctv)];
    expect((await post(who, officer, paymentForm(officer, third.id, { amount: "1" }))).status).toBe(403);
    expect((await post(who, cctv, { intent: "release", version: versionOf(cctv), heldInstalmentId: String(q3.id), reason: "x" })).status).toBe(403);
    expect([paymentCount(), auditCount(), versionOf(officer), versionOf(cctv)]).toEqual(before);
  });

  it.each(["reviewer", "admin"] as const)("%s (OPCC staff) reads the page, with who recorded each payment", async (who) => {
    const res = await get(who, cctv);
    expect(res.status).toBe(200);
    expect(res.data.canRecord).toBe(false);
    expect(res.data.view.payments[0].recordedByName).toBe("Femi Adeyemi");
  });

  it("another partnership's grant is not found (404), to read or to post", async () => {
    const [, , third] = instalmentsOf(officer);
    expect((await get("charnwoodLead", officer)).status).toBe(404);
    expect((await post("charnwoodLead", officer, paymentForm(officer, third.id))).status).toBe(404);
  });

  it("a grant that does not exist, or a nonsense id, is not found (404)", async () => {
    expect((await run(paymentsPage.loader, await request("finance", "/grants/999999/payments"), { grantId: "999999" })).status).toBe(404);
    expect((await run(paymentsPage.loader, await request("finance", "/grants/abc/payments"), { grantId: "abc" })).status).toBe(404);
  });

  it("signed out: off to sign in", async () => {
    const res = await run(paymentsPage.loader, await request(null, path(cctv)), params(cctv));
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/login?redirectTo=${encodeURIComponent(path(cctv))}`);
  });
});

describe("the grant page", () => {
  it("sums up the payments and links to them", async () => {
    const res = await run<any>(grantPage.loader, await request("meltonLead", `/grants/${cctv}`), params(cctv));
    expect(res.status).toBe(200);
    expect(res.data.paymentTotals).toEqual({ grantedPence: 484_300, scheduledPence: 484_300, paidPence: 242_150, duePence: 0, heldPence: 242_150, balancePence: 242_150, heldInstalments: 1 });
    expect(paymentTotalsForGrant(999_999)).toBeNull();
  });
});

describe("a payment held while a return is queried", () => {
  it("is held from the return's latest query, not from any other review", () => {
    const [first] = db().select().from(grantReturns).where(eq(grantReturns.grantId, officer)).orderBy(grantReturns.dueOn).all();
    const reviewer = userId("reviewer");
    const before = { status: first.status };
    const added = db()
      .insert(returnReviews)
      .values([
        { returnId: first.id, action: "queried", comment: "Receipts, please.", byUser: reviewer, at: "2023-08-01T09:00:00.000Z" },
        { returnId: first.id, action: "queried", comment: "Still missing one.", byUser: reviewer, at: "2023-08-20T09:00:00.000Z" },
      ])
      .returning({ id: returnReviews.id })
      .all();
    db().update(grantReturns).set({ status: "queried" }).where(eq(grantReturns.id, first.id)).run();
    try {
      const state = grantPaymentState(officer, ukDate(new Date()))!;
      const queried = state.instalments.flatMap((i) => i.standing.holds).filter((h) => h.kind === "return_queried");
      expect(queried.length).toBeGreaterThan(0);
      for (const hold of queried) expect(hold).toMatchObject({ returnId: first.id, since: "2023-08-20T09:00:00.000Z" });
    } finally {
      db().update(grantReturns).set(before).where(eq(grantReturns.id, first.id)).run();
      for (const { id } of added) db().delete(returnReviews).where(eq(returnReviews.id, id)).run();
    }
  });
});

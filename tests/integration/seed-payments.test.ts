import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { grantPaymentState } from "../../app/data/payments.server";
import { payments } from "../../db/schema";
import { seedDemoPayments } from "../../db/seed-payments";
import { acceptedGrant, returnsAccepted } from "../support/accepted-grant";

/** The demo's payments, on Melton grants accepted as the offers' demo data will leave them. */

let officer: number;
let disc: number;
let cctv: number;
let wcctv: number;
let lastDue: string;
let result: { paid: number; held: number };

beforeAll(() => {
  officer = acceptedGrant("Safer Communities and Partnership Officer");
  returnsAccepted(officer);
  disc = acceptedGrant("DISC app for Safer Melton Against Retail Theft (SMART)", { paymentBasis: "advance", acceptedAt: "2023-07-29T10:00:00.000Z" });
  returnsAccepted(disc);
  // Its returns never came in: the first instalment fell due before the first return did, the second is held.
  cctv = acceptedGrant("Play Close CCTV");
  // Every return in, but its last instalment left for finance to pay: due, not held.
  wcctv = acceptedGrant("WCCTV help point and standard support package");
  returnsAccepted(wcctv);
  lastDue = grantPaymentState(wcctv, "2026-12-01")!.instalments.at(-1)!.dueOn;
  result = seedDemoPayments({ today: "2026-12-01", leaveUnpaid: [{ title: "WCCTV help point and standard support package", dueOn: lastDue }] });
});

const paidOn = (grantId: number) => db().select({ paidOn: payments.paidOn, amountPence: payments.amountPence, financeReference: payments.financeReference }).from(payments).where(eq(payments.grantId, grantId)).orderBy(payments.paidOn).all();

describe("the demo's payments", () => {
  it("pays quarterly instalments a few working days after they fall due, the first after the acceptance", () => {
    expect(paidOn(officer).map((p) => [p.paidOn, p.amountPence])).toEqual([
      ["2023-07-31", 386_550],
      ["2023-10-04", 386_550],
      ["2024-01-04", 386_550],
      ["2024-04-04", 386_550],
    ]);
    expect(paidOn(officer).every((p) => /^OPCC-AP-\d{4}-\d{3}$/.test(p.financeReference))).toBe(true);
  });

  it("pays an advance on the working day it was accepted (a Saturday acceptance is paid on the Monday)", () => {
    expect(paidOn(disc).map((p) => [p.paidOn, p.amountPence])).toEqual([["2023-07-31", 127_000]]);
  });

  it("pays what was not held on its day, and leaves held instalments unpaid", () => {
    // Q2 was paid on 4 October 2023, before its return was due; by Q3's, the Q2 return was overdue.
    expect(paidOn(cctv).map((p) => p.paidOn)).toEqual(["2023-10-04"]);
    expect(grantPaymentState(cctv, "2026-12-01")!.instalments.map((i) => i.standing.status)).toEqual(["paid", "held"]);
  });

  it("leaves the instalments it is told to unpaid, so they show as due", () => {
    const standings = grantPaymentState(wcctv, "2026-12-01")!.instalments.map((i) => [i.dueOn, i.standing.status]);
    expect(standings.at(-1)).toEqual([lastDue, "due"]);
    expect(standings.slice(0, -1).every(([, status]) => status === "paid")).toBe(true);
    expect(result).toEqual({ paid: 6 + standings.length - 1, held: 1 });
  });

  it("is safe to run twice", () => {
    expect(seedDemoPayments({ today: "2026-12-01", leaveUnpaid: [{ title: "WCCTV help point and standard support package", dueOn: lastDue }] })).toEqual({ paid: 0, held: 1 });
    expect(paidOn(officer)).toHaveLength(4);
  });
});

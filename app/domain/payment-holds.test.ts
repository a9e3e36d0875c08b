import { describe, expect, it } from "vitest";
import {
  NOT_ACCEPTED,
  grantHolds,
  instalmentStandings,
  instalmentStatus,
  paymentRefusal,
  paymentSummary,
  releaseCovers,
  releaseRefusal,
  type GrantFacts,
  type InstalmentFacts,
  type InstalmentStanding,
  type ReturnFacts,
} from "./payment-holds";

const q1: ReturnFacts = { id: 11, startYear: 2023, quarter: 1, dueOn: "2023-07-30", status: "not_started", firstSubmittedAt: null, lastQueriedAt: null };
const q2: ReturnFacts = { id: 12, startYear: 2023, quarter: 2, dueOn: "2023-10-30", status: "not_started", firstSubmittedAt: null, lastQueriedAt: null };
const accepted = (returns: ReturnFacts[] = []): GrantFacts => ({ offerStatus: "accepted", acceptBy: "2023-08-17", withdrawnAt: null, returns });
const instalment = (id: number, dueOn: string, amountPence: number, paidPence = 0, releases: InstalmentFacts["releases"] = []): InstalmentFacts => ({ id, dueOn, label: `I${id}`, amountPence, paidPence, releases });

describe("an instalment's status", () => {
  it("paid once the payments reach its amount, whatever holds there are", () => {
    const held = [{ kind: "return_overdue" as const, releasable: true, text: "x" }];
    expect(instalmentStatus({ amountPence: 1000, dueOn: "2023-07-01" }, 1000, held, "2023-08-01")).toBe("paid");
    expect(instalmentStatus({ amountPence: 0, dueOn: "2023-07-01" }, 0, [], "2023-06-01")).toBe("paid");
  });

  it("held before due, when a hold applies", () => {
    expect(instalmentStatus({ amountPence: 1000, dueOn: "2023-07-01" }, 999, [{ kind: "offer_not_accepted", releasable: false, text: "x" }], "2023-08-01")).toBe("held");
  });

  it("due on its due date and after; scheduled before", () => {
    expect(instalmentStatus({ amountPence: 1000, dueOn: "2023-07-01" }, 0, [], "2023-07-01")).toBe("due");
    expect(instalmentStatus({ amountPence: 1000, dueOn: "2023-07-01" }, 400, [], "2023-09-01")).toBe("due");
    expect(instalmentStatus({ amountPence: 1000, dueOn: "2023-07-01" }, 0, [], "2023-06-30")).toBe("scheduled");
  });
});

describe("holds", () => {
  it("an offer not accepted holds everything and cannot be released, offered, lapsed or declined", () => {
    for (const [facts, words] of [
      [{ ...accepted(), offerStatus: "offered" as const }, "has not been accepted yet (it may be accepted until 17 August 2023)"],
      [{ ...accepted(), offerStatus: "offered" as const, acceptBy: "2023-07-01" }, "lapsed on 1 July 2023"],
      [{ ...accepted(), offerStatus: "declined" as const }, "declined"],
    ] as const) {
      const holds = grantHolds(facts, "2023-08-01");
      expect(holds).toHaveLength(1);
      expect(holds[0]).toMatchObject({ kind: "offer_not_accepted", releasable: false });
      expect(holds[0].text).toContain(NOT_ACCEPTED);
      expect(holds[0].text).toContain(words);
      expect(releaseCovers(holds[0], { releasedAt: "2030-01-01T00:00:00Z", reason: "x" })).toBe(false);
    }
  });

  it("a withdrawn grant holds everything, and cannot be released", () => {
    const holds = grantHolds({ ...accepted(), withdrawnAt: "2023-09-01T10:00:00Z" }, "2023-10-01");
    expect(holds.map((h) => [h.kind, h.releasable])).toEqual([["grant_withdrawn", false]]);
  });

  it("a return overdue holds from the day after it was due, until it is submitted", () => {
    expect(grantHolds(accepted([q1]), "2023-07-30")).toEqual([]);
    const holds = grantHolds(accepted([q1]), "2023-07-31");
    expect(holds).toEqual([{ kind: "return_overdue", releasable: true, returnId: 11, since: "2023-07-31", text: "The 2023-24 Q1 (April to June 2023) return is overdue: it was due on 30 July 2023" }]);
    expect(grantHolds(accepted([{ ...q1, status: "submitted", firstSubmittedAt: "2023-08-02T10:00:00Z" }]), "2023-08-05")).toEqual([]);
    // Still in progress, never submitted: still overdue.
    expect(grantHolds(accepted([{ ...q1, status: "in_progress" }]), "2023-08-05")).toHaveLength(1);
  });

  it("a queried return holds until it is resubmitted; a queried return is not overdue (it was submitted)", () => {
    const queried = { ...q1, status: "queried" as const, firstSubmittedAt: "2023-07-20T10:00:00Z", lastQueriedAt: "2023-07-25T09:00:00Z" };
    expect(grantHolds(accepted([queried]), "2023-08-10").map((h) => h.kind)).toEqual(["return_queried"]);
    expect(grantHolds(accepted([{ ...queried, status: "resubmitted" }]), "2023-08-10")).toEqual([]);
  });

  it("lists every reason, in quarter order", () => {
    const holds = grantHolds({ ...accepted([q2, q1]), offerStatus: "offered", acceptBy: "2023-06-01" }, "2023-11-01");
    expect(holds.map((h) => [h.kind, h.returnId])).toEqual([["offer_not_accepted", undefined], ["return_overdue", 11], ["return_overdue", 12]]);
  });
});

describe("releases", () => {
  const overdue = grantHolds(accepted([q1]), "2023-08-10")[0];

  it("cover a hold that had begun when they were made (judged on the UK date for an overdue return)", () => {
    expect(releaseCovers(overdue, { releasedAt: "2023-08-01T09:00:00Z", reason: "x" })).toBe(true);
    expect(releaseCovers(overdue, { releasedAt: "2023-07-31T00:30:00+01:00", reason: "x" })).toBe(true);
    // 11:30pm UTC on 30 July is 00:30 on 31 July in the UK (BST): overdue already.
    expect(releaseCovers(overdue, { releasedAt: "2023-07-30T23:30:00Z", reason: "x" })).toBe(true);
    expect(releaseCovers(overdue, { releasedAt: "2023-07-30T12:00:00Z", reason: "x" })).toBe(false);
  });

  it("do not cover a query raised after them", () => {
    const queried = grantHolds(accepted([{ ...q1, status: "queried", firstSubmittedAt: "2023-07-20T10:00:00Z", lastQueriedAt: "2023-08-05T09:00:00Z" }]), "2023-08-10")[0];
    expect(releaseCovers(queried, { releasedAt: "2023-08-05T10:00:00Z", reason: "x" })).toBe(true);
    expect(releaseCovers(queried, { releasedAt: "2023-08-04T10:00:00Z", reason: "x" })).toBe(false);
  });

  it("an instalment released from an overdue return is held again when another return falls overdue", () => {
    const released = [{ releasedAt: "2023-08-01T09:00:00Z", reason: "Agreed with the partnership" }];
    const grant = accepted([q1, q2]);
    const [before] = instalmentStandings(grant, [instalment(1, "2023-10-01", 1000, 0, released)], "2023-10-15");
    expect(before).toMatchObject({ status: "due", holds: [] });
    expect(before.releasedHolds.map((h) => h.returnId)).toEqual([11]);
    const [after] = instalmentStandings(grant, [instalment(1, "2023-10-01", 1000, 0, released)], "2023-10-31");
    expect(after.status).toBe("held");
    expect(after.holds.map((h) => h.returnId)).toEqual([12]);
  });

  it("a release is for one instalment only", () => {
    const standings = instalmentStandings(accepted([q1]), [instalment(1, "2023-07-01", 1000, 0, [{ releasedAt: "2023-08-01T09:00:00Z", reason: "x" }]), instalment(2, "2023-10-01", 1000)], "2023-10-02");
    expect(standings.map((s) => s.status)).toEqual(["due", "held"]);
  });

  it("are refused when the instalment is paid, not held, or held by what cannot be released", () => {
    const [paid] = instalmentStandings(accepted([q1]), [instalment(1, "2023-07-01", 1000, 1000)], "2023-08-10");
    expect(releaseRefusal(paid)).toBe("This instalment has been paid in full.");
    const [free] = instalmentStandings(accepted(), [instalment(1, "2023-07-01", 1000)], "2023-08-10");
    expect(releaseRefusal(free)).toBe("This instalment is not held.");
    const [offer] = instalmentStandings({ ...accepted([q1]), offerStatus: "offered" }, [instalment(1, "2023-07-01", 1000)], "2023-08-10");
    expect(releaseRefusal(offer)).toContain(NOT_ACCEPTED);
    expect(releaseRefusal(offer)).toContain("cannot be released");
    const [overdue] = instalmentStandings(accepted([q1]), [instalment(1, "2023-07-01", 1000)], "2023-08-10");
    expect(releaseRefusal(overdue)).toBeNull();
  });
});

describe("recording a payment", () => {
  const standing = (over: Partial<InstalmentStanding> = {}): InstalmentStanding => ({ id: 1, status: "due", remainingPence: 40_000, holds: [], releasedHolds: [], ...over });
  const ctx = (over: Partial<Parameters<typeof paymentRefusal>[0]> = {}) => ({
    standing: standing(),
    grantedPence: 100_000,
    paidOnGrantPence: 60_000,
    decidedOn: "2023-07-20",
    acceptedOn: "2023-08-01",
    today: "2023-10-10",
    ...over,
  });

  it("may pay what remains, on a past date after the decision and the acceptance", () => {
    expect(paymentRefusal(ctx(), { paidOn: "2023-10-10", amountPence: 40_000 })).toBeNull();
    expect(paymentRefusal(ctx(), { paidOn: "2023-08-01", amountPence: 1 })).toBeNull();
    // Before it is due is allowed: finance may pay early.
    expect(paymentRefusal(ctx({ standing: standing({ status: "scheduled" }) }), { paidOn: "2023-10-10", amountPence: 100 })).toBeNull();
  });

  it("refuses more than remains on the instalment", () => {
    expect(paymentRefusal(ctx(), { paidOn: "2023-10-10", amountPence: 40_001 })).toEqual({
      errors: { amount: "The amount must be £400.00 or less: that is what remains to pay on this instalment" },
    });
  });

  it("refuses more than is left of the grant, even within the instalment", () => {
    const refusal = paymentRefusal(ctx({ paidOnGrantPence: 70_000 }), { paidOn: "2023-10-10", amountPence: 35_000 });
    expect(refusal?.errors.amount).toBe("The amount must be £300.00 or less: paid cannot exceed the grant of £1,000.00, and £700.00 has been paid");
  });

  it("refuses a date in the future, before the decision or before the acceptance", () => {
    expect(paymentRefusal(ctx(), { paidOn: "2023-10-11", amountPence: 100 })?.errors.paidOn).toBe("The date paid must be today or in the past");
    expect(paymentRefusal(ctx(), { paidOn: "2023-07-19", amountPence: 100 })?.errors.paidOn).toBe("The date paid must be on or after the PCC decision, 20 July 2023");
    expect(paymentRefusal(ctx(), { paidOn: "2023-07-31", amountPence: 100 })?.errors.paidOn).toBe("The date paid must be on or after the day the offer was accepted, 1 August 2023");
    expect(paymentRefusal(ctx({ acceptedOn: null }), { paidOn: "2023-07-31", amountPence: 100 })).toBeNull();
  });

  it("gives both the date's and the amount's problems at once", () => {
    expect(Object.keys(paymentRefusal(ctx(), { paidOn: "2024-01-01", amountPence: 99_999_999 })!.errors).sort()).toEqual(["amount", "paidOn"]);
  });

  it("refuses a held or paid instalment, saying why", () => {
    const offer = { kind: "offer_not_accepted" as const, releasable: false, text: `${NOT_ACCEPTED}: the partnership declined the offer` };
    expect(paymentRefusal(ctx({ standing: standing({ status: "held", holds: [offer] }) }), { paidOn: "2023-10-10", amountPence: 100 })).toEqual({
      formError: `${NOT_ACCEPTED}: the partnership declined the offer.`,
      errors: {},
    });
    const overdue = { kind: "return_overdue" as const, releasable: true, text: "The 2023-24 Q1 (April to June 2023) return is overdue: it was due on 30 July 2023" };
    expect(paymentRefusal(ctx({ standing: standing({ status: "held", holds: [overdue] }) }), { paidOn: "2023-10-10", amountPence: 100 })?.formError).toBe(
      "This instalment is held: the 2023-24 Q1 (April to June 2023) return is overdue: it was due on 30 July 2023. Release the hold, with a reason, before recording a payment.",
    );
    expect(paymentRefusal(ctx({ standing: standing({ status: "paid", remainingPence: 0 }) }), { paidOn: "2023-10-10", amountPence: 100 })?.formError).toBe("This instalment has been paid in full.");
  });
});

describe("the totals", () => {
  it("scheduled, paid, due (not paid and not held), held and the balance of the grant", () => {
    const grant = accepted([q2]);
    const instalments = [instalment(1, "2023-07-01", 30_000, 30_000), instalment(2, "2023-10-01", 30_000, 10_000, [{ releasedAt: "2023-10-02T09:00:00Z", reason: "x" }]), instalment(3, "2024-01-01", 30_000), instalment(4, "2024-04-01", 10_000)];
    const standings = instalmentStandings(grant, instalments, "2023-10-01");
    expect(standings.map((s) => s.status)).toEqual(["paid", "due", "scheduled", "scheduled"]);
    expect(paymentSummary(100_000, instalments.map((i, n) => ({ ...i, ...standings[n] })))).toEqual({ scheduledPence: 100_000, paidPence: 40_000, duePence: 20_000, heldPence: 0, balancePence: 60_000 });
    // Q2 falls overdue on 31 October: the release (2 October) came before it, so the rest is held.
    const later = instalmentStandings(grant, instalments, "2024-01-05");
    expect(later.map((s) => s.status)).toEqual(["paid", "held", "held", "held"]);
    expect(paymentSummary(100_000, instalments.map((i, n) => ({ ...i, ...later[n] })))).toEqual({ scheduledPence: 100_000, paidPence: 40_000, duePence: 0, heldPence: 60_000, balancePence: 60_000 });
  });
});

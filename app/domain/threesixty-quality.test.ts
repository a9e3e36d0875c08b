import { describe, expect, it } from "vitest";
import { applyQualityChecks, grantProblems, oneFunder, plannedDatesReasonable } from "./threesixty-quality";
import type { ThreeSixtyGrant } from "./threesixty";

const FUNDER = "GB-PCC-LEICS";
const OPTIONS = { today: "2026-12-01", funderId: FUNDER };

const grant = (over: Partial<ThreeSixtyGrant> = {}): ThreeSixtyGrant => ({
  id: "360G-lpcc-PCC-2023-24-006",
  title: "Drink Safe",
  description: "Testing strips and drink covers.",
  currency: "GBP",
  amountAppliedFor: 3035,
  amountAwarded: 2535,
  amountDisbursed: 0,
  awardDate: "2023-07-20",
  url: "https://portal.example/transparency/decisions/1",
  plannedDates: [{ startDate: "2023-10-01", endDate: "2024-03-31", duration: 6 }],
  recipientOrganization: [{ id: "GB-LAE-MEL", name: "Melton Borough Council" }],
  fundingOrganization: [{ id: FUNDER, name: "Leicestershire PCC" }],
  grantProgramme: [{ code: "csp-annual", title: "CSP annual allocation" }],
  fromOpenCall: "Yes",
  dateModified: "2024-04-02T09:00:00.000Z",
  ...over,
});

describe("grantProblems", () => {
  it("passes a good grant", () => {
    expect(grantProblems(grant(), OPTIONS)).toEqual([]);
  });
  it("refuses £0, but not a penny", () => {
    expect(grantProblems(grant({ amountAwarded: 0 }), OPTIONS)).toEqual(["zero_amount"]);
    expect(grantProblems(grant({ amountAwarded: 0.01 }), OPTIONS)).toEqual([]);
  });
  it("refuses an award date after today, not one today", () => {
    expect(grantProblems(grant({ awardDate: "2026-12-02" }), OPTIONS)).toEqual(["award_in_future"]);
    expect(grantProblems(grant({ awardDate: "2026-12-01" }), OPTIONS)).toEqual([]);
  });
  it("allows a title of exactly 140 characters, not 141 (counting characters, not bytes)", () => {
    expect(grantProblems(grant({ title: "é".repeat(140) }), OPTIONS)).toEqual([]);
    expect(grantProblems(grant({ title: "a".repeat(141) }), OPTIONS)).toEqual(["title_too_long"]);
  });
  it("finds an e-mail address in the title or description", () => {
    expect(grantProblems(grant({ description: "Contact aysha.rahman@melton.gov.uk for details" }), OPTIONS)).toEqual(["email_in_text"]);
    expect(grantProblems(grant({ title: "Ring x@y.co" }), OPTIONS)).toEqual(["email_in_text"]);
    expect(grantProblems(grant({ description: "Meet @ the hall, 7pm" }), OPTIONS)).toEqual([]);
  });
  it("wants the configured funder and only it", () => {
    expect(grantProblems(grant({ fundingOrganization: [{ id: "GB-OTHER", name: "Other" }] }), OPTIONS)).toEqual(["not_one_funder"]);
    expect(grantProblems(grant({ fundingOrganization: [{ id: FUNDER, name: "A" }, { id: "GB-OTHER", name: "B" }] }), OPTIONS)).toEqual(["not_one_funder"]);
  });
  it("lists every problem a grant has", () => {
    expect(grantProblems(grant({ amountAwarded: 0, awardDate: "2030-01-01" }), OPTIONS)).toEqual(["zero_amount", "award_in_future"]);
  });
});

describe("plannedDatesReasonable", () => {
  it("takes an 18-month grant", () => {
    expect(plannedDatesReasonable({ startDate: "2023-10-01", endDate: "2025-03-31", duration: 18 }, "2023-09-01")).toBe(true);
  });
  it("refuses an end before the start, a start before 2000, more than ten years, and nonsense dates", () => {
    expect(plannedDatesReasonable({ startDate: "2024-04-01", endDate: "2024-03-31" }, "2024-01-01")).toBe(false);
    expect(plannedDatesReasonable({ startDate: "1999-12-31", endDate: "2000-03-31" }, "2000-01-01")).toBe(false);
    expect(plannedDatesReasonable({ startDate: "2024-04-01", endDate: "2034-04-02" }, "2024-01-01")).toBe(false);
    expect(plannedDatesReasonable({ startDate: "2024-04-01", endDate: "2034-04-01" }, "2024-04-01")).toBe(true);
    expect(plannedDatesReasonable({ startDate: "2024-04-01", endDate: "2025-03-31", duration: 121 }, "2024-01-01")).toBe(false);
    expect(plannedDatesReasonable({ startDate: "2024-13-01", endDate: "2025-03-31" }, "2024-01-01")).toBe(false);
  });
  it("refuses a grant ending more than ten years after its award", () => {
    expect(plannedDatesReasonable({ startDate: "2030-04-01", endDate: "2034-03-31" }, "2023-07-20")).toBe(false);
  });
});

describe("applyQualityChecks", () => {
  it("keeps the good grants and counts those left out, with why", () => {
    const result = applyQualityChecks([grant(), grant({ id: "b", amountAwarded: 0 }), grant({ id: "c", title: "x".repeat(200) })], OPTIONS);
    expect(result.published.map((g) => g.id)).toEqual(["360G-lpcc-PCC-2023-24-006"]);
    expect(result.leftOut).toEqual([
      { id: "b", problems: ["zero_amount"] },
      { id: "c", problems: ["title_too_long"] },
    ]);
  });
  it("gives a file with one funder", () => {
    expect(oneFunder(applyQualityChecks([grant(), grant({ id: "x", fundingOrganization: [{ id: "GB-OTHER", name: "O" }] })], OPTIONS).published)).toBe(true);
    expect(oneFunder([grant(), grant({ fundingOrganization: [{ id: "GB-OTHER", name: "O" }] })])).toBe(false);
  });
});

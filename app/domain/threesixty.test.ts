import { describe, expect, it } from "vitest";
import { THREESIXTY_CSV_COLUMNS, flattenGrant, geoCodeTypeOf, penceToPounds, threeSixtyGrantId, toThreeSixtyGrant, type PublishedGrantFacts } from "./threesixty";

const CONFIG = { prefix: "lpcc", funderId: "GB-PCC-LEICS", funderName: "Leicestershire Police and Crime Commissioner" };

const facts = (over: Partial<PublishedGrantFacts> = {}): PublishedGrantFacts => ({
  reference: "PCC/2023-24/006",
  decidedOn: "2023-07-20",
  title: "Drink Safe",
  summary: "Testing strips and drink covers for the night-time economy.",
  requestedPence: 303_500,
  grantedPence: 253_500,
  paidPence: 239_250,
  startDate: "2023-10-01",
  endDate: "2024-03-31",
  streamCode: "csp-annual",
  streamName: "CSP annual allocation",
  cspName: "Safer Melton Partnership",
  accountableCouncil: "Melton Borough Council",
  councilOrgId: "GB-LAE-MEL",
  councilGssCode: "E07000133",
  dateModified: "2024-04-02T09:00:00.000Z",
  url: "https://portal.example/transparency/decisions/PCC%2F2023-24%2F006",
  ...over,
});

describe("threeSixtyGrantId", () => {
  it("is 360G, the prefix and the reference with its slashes made hyphens", () => {
    expect(threeSixtyGrantId("lpcc", "PCC/2023-24/006")).toBe("360G-lpcc-PCC-2023-24-006");
  });
  it("makes spaces and other characters underscores, and never leaves a slash", () => {
    expect(threeSixtyGrantId("lpcc", "PCC 2023/24 #7")).toBe("360G-lpcc-PCC_2023-24__7");
    expect(threeSixtyGrantId(" lpcc ", "A//B")).toBe("360G-lpcc-A--B");
  });
});

describe("penceToPounds", () => {
  it("gives plain pounds with no rounding drift", () => {
    expect(penceToPounds(3_053_550)).toBe(30535.5);
    expect(penceToPounds(14_250)).toBe(142.5);
    expect(penceToPounds(1)).toBe(0.01);
    expect(penceToPounds(0)).toBe(0);
    expect(penceToPounds(76_780)).toBe(767.8);
    expect(penceToPounds(99_999_999_999)).toBe(999999999.99);
  });
  it("refuses a fraction of a penny", () => {
    expect(() => penceToPounds(0.5)).toThrow(RangeError);
  });
});

describe("toThreeSixtyGrant", () => {
  it("names the council as recipient with the CSP as its department, and the funder from configuration", () => {
    const g = toThreeSixtyGrant(facts(), CONFIG);
    expect(g.id).toBe("360G-lpcc-PCC-2023-24-006");
    expect(g.recipientOrganization).toEqual([{ id: "GB-LAE-MEL", name: "Melton Borough Council", department: "Safer Melton Partnership" }]);
    expect(g.fundingOrganization).toEqual([{ id: "GB-PCC-LEICS", name: CONFIG.funderName }]);
    expect(g.amountAwarded).toBe(2535);
    expect(g.amountAppliedFor).toBe(3035);
    expect(g.amountDisbursed).toBe(2392.5);
    expect(g.awardDate).toBe("2023-07-20");
    expect(g.grantProgramme).toEqual([{ code: "csp-annual", title: "CSP annual allocation" }]);
    expect(g.plannedDates).toEqual([{ startDate: "2023-10-01", endDate: "2024-03-31", duration: 6 }]);
    expect(g.beneficiaryLocation).toEqual([{ name: "Melton Borough Council", geoCode: "E07000133", geoCodeType: "NMD", countryCode: "GB" }]);
  });
  it("leaves out planned dates and location it does not have, and describes a grant with no summary by its title", () => {
    const g = toThreeSixtyGrant(facts({ startDate: null, councilGssCode: null, summary: "  " }), CONFIG);
    expect(g.plannedDates).toBeUndefined();
    expect(g.beneficiaryLocation).toBeUndefined();
    expect(g.description).toBe("Drink Safe");
  });
  it("still names a recipient whose council has no org-id", () => {
    expect(toThreeSixtyGrant(facts({ councilOrgId: null }), CONFIG).recipientOrganization[0].id).toBe("360G-lpcc-council-melton-borough-council");
  });
  it("counts an 18-month grant as 18 months", () => {
    expect(toThreeSixtyGrant(facts({ startDate: "2023-10-01", endDate: "2025-03-31" }), CONFIG).plannedDates![0].duration).toBe(18);
  });
});

describe("geoCodeTypeOf", () => {
  it("reads the ONS entity", () => {
    expect(geoCodeTypeOf("E07000133")).toBe("NMD");
    expect(geoCodeTypeOf("E06000016")).toBe("UA");
    expect(geoCodeTypeOf("E08000001")).toBe("MD");
    expect(geoCodeTypeOf("E09000001")).toBe("LONB");
  });
});

describe("flattenGrant", () => {
  it("gives one cell per template column", () => {
    const row = flattenGrant(toThreeSixtyGrant(facts(), CONFIG));
    expect(row).toHaveLength(THREESIXTY_CSV_COLUMNS.length);
    const cell = (column: (typeof THREESIXTY_CSV_COLUMNS)[number]) => row[THREESIXTY_CSV_COLUMNS.indexOf(column)];
    expect(cell("Identifier")).toBe("360G-lpcc-PCC-2023-24-006");
    expect(cell("Amount Awarded")).toBe(2535);
    expect(cell("Recipient Org:Identifier")).toBe("GB-LAE-MEL");
    expect(cell("Planned Dates:Duration (months)")).toBe(6);
    expect(cell("Funding Org:Identifier")).toBe("GB-PCC-LEICS");
  });
  it("leaves empty cells for what a grant does not have", () => {
    const row = flattenGrant(toThreeSixtyGrant(facts({ startDate: null, endDate: null }), CONFIG));
    expect(row[THREESIXTY_CSV_COLUMNS.indexOf("Planned Dates:Start Date")]).toBe("");
  });
});

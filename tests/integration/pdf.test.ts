import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { listStandardConditions, recordDecision } from "../../app/data/decisions.server";
import { DecisionDocument } from "../../app/pdf/decision-document";
import { GrantOfferDocument } from "../../app/pdf/grant-offer-document";
import { renderPdf } from "../../app/pdf/render.server";
import type { DecisionRecord, GrantOffer } from "../../app/pdf/types";
import * as bidPdf from "../../app/routes/bids.$bidId[.pdf]";
import * as decisionPdf from "../../app/routes/decisions.$decisionId[.pdf]";
import * as grantOfferPdf from "../../app/routes/grants.$grantId.offer[.pdf]";
import { pdfFonts, pdfInfo, pdfText } from "../support/pdf-text";
import { moderate } from "../support/moderate";
import { request, run, userId, type DemoUser } from "../support/requests";
import { bidIdByTitle, bidRow } from "./helpers";

/** The PDFs, read back as a person would (tests/support/pdf-text.ts). */

/** GET /bids/:id.pdf as a Remix resource route would answer it. */
async function getBidPdf(who: DemoUser | null, bidId: number | string) {
  return run(bidPdf.loader, await request(who, `/bids/${bidId}.pdf`), { bidId: String(bidId) });
}

/** The PDF itself: the loader's Response when it succeeds. */
async function bidPdfBytes(who: DemoUser, bidId: number) {
  const res = (await bidPdf.loader({ request: await request(who, `/bids/${bidId}.pdf`), params: { bidId: String(bidId) }, context: {} })) as Response;
  expect(res).toBeInstanceOf(Response);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe("the bid as a PDF", () => {
  it("prints the whole of Drink Safe with every figure worked out from its cost lines", async () => {
    const bidId = bidIdByTitle("Drink Safe");
    const { res, bytes } = await bidPdfBytes("meltonLead", bidId);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe(`inline; filename="Bid-${bidId}-Drink-Safe.pdf"`);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");

    const text = pdfText(bytes);
    for (const expected of [
      "Office of the Police and Crime Commissioner for Leicestershire",
      "Drink Safe",
      "Safer Melton Partnership",
      "CSP annual allocation 2023-24",
      "Submitted",
      // Project details, priorities
      "Drink-spiking testing strips and drink covers for licensed premises and events.",
      "1 September 2023",
      "31 March 2024",
      "Police and Crime Plan priorities",
      // Costs: quantity, unit price to four places, line totals and the total
      "10,000",
      "£0.1535",
      "£1,535.00",
      "1,000",
      "£1.50",
      "£1,500.00",
      "£3,035.00",
      "No match funding.",
      "Requested from the OPCC",
      // Outcomes, data protection and equality
      "Licensed premises distributing covers and strips",
      "Aimed at everyone using the night-time economy; materials in plain English.",
    ]) {
      expect(text).toContain(expected);
    }
    // The risk: likelihood 3 (Low) × impact 2 (Marginal) = 6, in the low band.
    expect(text).toMatch(/Premises do not take part\s+3 Low\s+2 Marginal\s+6\s+Low/);
    expect(text).toMatch(/Total cost\s+£3,035\.00/);
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).not.toContain("PCC decision");

    // The fonts ship with the portal and are embedded: no network, no reliance on Helvetica.
    const fonts = pdfFonts(bytes);
    expect(fonts).toContain("LiberationSans");
    expect(fonts).toContain("LiberationSans-Bold");
    expect(fonts).not.toMatch(/Helvetica/i);

    const info = pdfInfo(bytes);
    expect(info).toMatch(/Title:\s+Bid \d+: Drink Safe/);
    expect(info).toMatch(/Author:\s+Office of the Police and Crime Commissioner for Leicestershire/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
  });

  it("prints the convex mirrors: 20 at £38.39 making £767.80", async () => {
    const { bytes } = await bidPdfBytes("meltonLead", bidIdByTitle("Convex mirrors at four sites"));
    const text = pdfText(bytes);
    expect(text).toContain("Convex mirrors at four sites");
    expect(text).toMatch(/450mm diameter convex mirror\s+2023-24\s+20\s+£38\.39\s+£767\.80/);
    expect(text).toMatch(/Total cost\s+£767\.80/);
    expect(text).toMatch(/Mirrors vandalised\s+3 Low\s+1 Negligible\s+3\s+Low/);
  });

  it("shows the PCC decision once one is recorded", async () => {
    const bidId = bidIdByTitle("Drink Safe");
    const strips = 150_000;
    const { bytes: before } = await bidPdfBytes("meltonLead", bidId);
    expect(pdfText(before)).not.toContain("PCC decision");
    const lines = (await import("../../app/data/bids.server")).getBidDetail(bidId)!.costLines;
    moderate(bidId);
    const repayment = listStandardConditions().filter((c) => c.aboutRepayment).map((c) => c.id);
    const result = recordDecision(bidId, userId("reviewer"), bidRow(bidId)!.version, {
      outcome: "part_approve",
      approvedByLine: { [lines[0].id]: strips, [lines[1].id]: 76_750 },
      decidedOn: "2023-07-20",
      decisionMaker: "Police and Crime Commissioner for Leicestershire",
      leadOfficer: "Rachel Ward",
      reasons: "Half the drink covers meet the demand the licensing team expects.",
      conditionIds: repayment,
      writtenConditions: [],
      declarationOfInterests: "None",
      publishable: true,
      foiExemption: null,
      paymentBasis: "quarterly_arrears",
    });
    expect(result.kind).toBe("recorded");
    const reference = (result as { reference: string }).reference;

    const text = pdfText((await bidPdfBytes("meltonLead", bidId)).bytes);
    expect(text).toContain("PCC decision");
    expect(text).toContain(reference);
    expect(text).toContain("Part-approved");
    expect(text).toMatch(/Grant\s+£2,267\.50/);
    expect(text).toContain("Half the drink covers meet the demand");
    expect(text).toMatch(/1\.\s+Any part of the grant not spent/);
  });

  it("is refused exactly as the bid's page is", async () => {
    const melton = bidIdByTitle("Drink Safe");
    // Another CSP's bid does not exist for a Charnwood lead.
    expect((await getBidPdf("charnwoodLead", melton)).status).toBe(404);
    // Signed out: to the sign-in page, coming back to the PDF.
    const signedOut = await getBidPdf(null, melton);
    expect(signedOut.status).toBe(302);
    expect(signedOut.location).toBe(`/login?redirectTo=${encodeURIComponent(`/bids/${melton}.pdf`)}`);
    // OPCC staff see a bid once it is submitted, never a draft.
    const draft = bidIdByTitle("Solar lighting at Play Close Park");
    expect(bidRow(draft)!.status).toBe("draft");
    expect((await getBidPdf("reviewer", draft)).status).toBe(404);
    expect((await getBidPdf("reviewer", melton)).status).toBe(200);
    // Nonsense and unknown ids are simply not found.
    expect((await getBidPdf("meltonLead", "abc")).status).toBe(404);
    expect((await getBidPdf("meltonLead", 999_999)).status).toBe(404);
  });

  it("marks a draft as a draft for its own CSP", async () => {
    const draft = bidIdByTitle("Solar lighting at Play Close Park");
    const text = pdfText((await bidPdfBytes("meltonLead", draft)).bytes);
    expect(text).toContain("This bid is a draft");
    expect(text).toContain("£39,000.00"); // 12 solar lights at £3,250
    expect(text).toContain("2024-25");
  });
});

// ---------------------------------------------------------------------------------------------
// The decision record and the grant offer letter, from plain data

const MELTON = { cspName: "Safer Melton Partnership", accountableCouncil: "Melton Borough Council" };
const LINES = [
  { description: "Drink-spiking testing strips", financialYearLabel: "2023-24", askedPence: 150_000, approvedPence: 150_000 },
  { description: "Drink covers", financialYearLabel: "2023-24", askedPence: 153_500, approvedPence: 76_750 },
];
const REPAYMENT = "Any part of the grant not spent by the end of the financial year is returned to the OPCC unless the OPCC agrees in writing to carry it forward.";

function sampleDecision(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    reference: "PCC/2023-24/001",
    decidedOn: "2023-07-20",
    decisionMaker: "Police and Crime Commissioner for Leicestershire",
    leadOfficer: "Rachel Ward",
    recipient: MELTON,
    bidId: 6,
    bidTitle: "Drink Safe",
    bidSummary: "Drink-spiking testing strips and drink covers for licensed premises and events.",
    roundName: "CSP annual allocation 2023-24",
    financialYearLabel: "2023-24",
    startDate: "2023-09-01",
    endDate: "2024-03-31",
    outcome: "part_approved",
    totalCostPence: 303_500,
    matchFundingPence: 0,
    requestedPence: 303_500,
    approvedCostPence: 226_750,
    grantedPence: 226_750,
    lines: LINES,
    conditions: ["The grant is used only for the purposes set out in the approved bid.", REPAYMENT],
    reasons: "Drink spiking is part of the VAWG duty; half the covers meet the demand the licensing team expects.",
    declarationOfInterests: "None",
    publishable: true,
    foiExemption: null,
    supersedesReference: null,
    recordedByName: "Rachel Ward",
    recordedAt: "2023-07-20T14:05:00.000Z",
    ...overrides,
  };
}

function sampleOffer(overrides: Partial<GrantOffer> = {}): GrantOffer {
  return {
    grantId: 3,
    decisionReference: "PCC/2023-24/001",
    decidedOn: "2023-07-20",
    offerDate: "2023-07-21",
    decisionMaker: "Police and Crime Commissioner for Leicestershire",
    leadOfficer: "Rachel Ward",
    recipient: MELTON,
    bidId: 6,
    bidTitle: "Drink Safe",
    bidSummary: "Drink-spiking testing strips and drink covers for licensed premises and events.",
    roundName: "CSP annual allocation 2023-24",
    financialYearLabel: "2023-24",
    startDate: "2023-09-01",
    endDate: "2024-03-31",
    outcome: "part_approved",
    totalCostPence: 303_500,
    requestedPence: 303_500,
    matchFundingPence: 0,
    approvedCostPence: 226_750,
    grantedPence: 226_750,
    lines: LINES,
    conditions: [
      { text: "The grant is used only for the purposes set out in the approved bid." },
      { text: "The partnership reports spend and outcomes to the OPCC each quarter, using the portal." },
      { text: REPAYMENT, aboutRepayment: true },
    ],
    paymentBasis: "quarterly_arrears",
    payments: [
      { dueOn: "2023-10-01", label: "2023-24 Q2 (Jul–Sep)", amountPence: 75_583 },
      { dueOn: "2024-01-01", label: "2023-24 Q3 (Oct–Dec)", amountPence: 75_583 },
      { dueOn: "2024-04-01", label: "2023-24 Q4 (Jan–Mar)", amountPence: 75_584 },
    ],
    acceptBy: "2023-08-18",
    acceptAt: "https://portal.example/grants/3/accept",
    ...overrides,
  };
}

describe("the PCC decision record", () => {
  it("prints everything the OPCC publishes: recipient, amount, conditions, purpose and reasons", async () => {
    const bytes = await renderPdf(createElement(DecisionDocument, { decision: sampleDecision() }));
    const text = pdfText(bytes);
    for (const expected of [
      "Office of the Police and Crime Commissioner for Leicestershire",
      "Decision PCC/2023-24/001",
      "20 July 2023",
      "Police and Crime Commissioner for Leicestershire",
      "Rachel Ward",
      "Safer Melton Partnership",
      "Accountable body: Melton Borough Council",
      "Drink Safe",
      "Drink-spiking testing strips and drink covers for licensed premises and events.",
      "Part-approved",
      "£3,035.00",
      "£767.50",
      "Drink spiking is part of the VAWG duty",
      "Declaration of interests",
      "Published",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Amount\s+£2,267\.50/);
    expect(text).toMatch(/1\.\s+The grant is used only for the purposes set out in the approved bid\./);
    expect(text).toMatch(/2\.\s+Any part of the grant not spent by the end of the financial year is returned/);
    expect(text).not.toContain("supersedes");
    expect(pdfInfo(bytes)).toMatch(/Title:\s+PCC decision PCC\/2023-24\/001/);
  });

  it("says when a decision no longer stands because a later one corrects it", async () => {
    const text = pdfText(await renderPdf(createElement(DecisionDocument, { decision: sampleDecision({ supersededByReference: "PCC/2023-24/009" }) })));
    expect(text).toContain("This decision no longer stands: decision PCC/2023-24/009 corrects it.");
  });

  it("says a rejection is not approved, and names the FOI exemption and the decision it supersedes", async () => {
    const decision = sampleDecision({
      reference: "PCC/2023-24/002",
      outcome: "rejected",
      approvedCostPence: 0,
      grantedPence: null,
      lines: [],
      conditions: [],
      reasons: "The bid duplicates work the licensing team already funds.",
      publishable: false,
      foiExemption: "Section 43 (commercial interests)",
      supersedesReference: "PCC/2023-24/001",
      correctionReason: "The landowner withdrew consent for the site.",
    });
    const text = pdfText(await renderPdf(createElement(DecisionDocument, { decision })));
    expect(text).toMatch(/Amount\s+Not approved/);
    expect(text).toContain("This decision supersedes decision PCC/2023-24/001.");
    expect(text).toContain("Why it is corrected: The landowner withdrew consent for the site.");
    expect(text).toContain("Not published: withheld under Section 43 (commercial interests)");
    expect(text).toContain("NOT FOR PUBLICATION");
    expect(text).toContain("The bid duplicates work the licensing team already funds.");
    expect(text).not.toContain("£2,267.50");
  });
});

describe("the grant offer letter", () => {
  it("offers Melton Borough Council £2,267.50 with the lines, years, numbered conditions, payments and an acceptance", async () => {
    const bytes = await renderPdf(createElement(GrantOfferDocument, { offer: sampleOffer() }));
    const text = pdfText(bytes);
    for (const expected of [
      "Office of the Police and Crime Commissioner for Leicestershire",
      "Melton Borough Council",
      "Accountable body for the Safer Melton Partnership",
      "PCC/2023-24/001/G3",
      "21 July 2023",
      "Offer of a crime and disorder reduction grant",
      "section 9 of the Police Reform and Social Responsibility Act 2011",
      "Per cost line",
      "Per financial year",
      "Payment basis: Quarterly in arrears",
      "1 October 2023",
      "£755.83",
      "£755.84",
      "Acceptance",
      "Accept by 18 August 2023.",
      "No payment is made on an offer that has not been accepted.",
      "How to accept",
      "(https://portal.example/grants/3/accept)",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Drink covers\s+2023-24\s+£1,535\.00\s+£767\.50/);
    expect(text).toMatch(/Drink-spiking testing strips\s+2023-24\s+£1,500\.00\s+£1,500\.00/);
    expect(text).toMatch(/2023-24\s+£2,267\.50/); // the year's approved cost
    expect(text).toMatch(/Grant\s+£2,267\.50/);
    expect(text).toMatch(/1\.\s+The grant is used only for the purposes/);
    expect(text).toMatch(/2\.\s+The partnership reports spend and outcomes/);
    expect(text).toMatch(/3\.\s+Any part of the grant not spent by the end of the financial year is returned/);
    expect(text).toMatch(/Total\s+£2,267\.50/); // the payments add up to the grant
    expect(text).not.toContain("The scheduled payments add up to");
    expect(text).toMatch(/Condition 3 is a condition as to\s+repayment/);
    expect(text).toMatch(/including the conditions as to repayment \(3\)/);
    expect(pdfFonts(bytes)).not.toMatch(/Helvetica/i);
  });

  it("totals the approved cost per financial year for a grant across two years", async () => {
    const offer = sampleOffer({
      outcome: "approved",
      lines: [
        { description: "Solar light, supplied and installed", financialYearLabel: "2023-24", askedPence: 3_900_000, approvedPence: 3_900_000 },
        { description: "5-year maintenance package", financialYearLabel: "2024-25", askedPence: 600_000, approvedPence: 600_000 },
        { description: "Spare lamp units", financialYearLabel: "2024-25", askedPence: 50_000, approvedPence: 25_000 },
      ],
      totalCostPence: 4_550_000,
      approvedCostPence: 4_525_000,
      grantedPence: 4_525_000,
      payments: [{ dueOn: "2023-10-01", label: "In advance", amountPence: 4_525_000 }],
      paymentBasis: "advance",
      acceptBy: null,
    });
    const text = pdfText(await renderPdf(createElement(GrantOfferDocument, { offer })));
    expect(text).toMatch(/2023-24\s+£39,000\.00/);
    expect(text).toMatch(/2024-25\s+£6,250\.00/);
    expect(text).toMatch(/Total approved cost\s+£45,250\.00/);
    expect(text).not.toContain("Accept by");
  });

  it("once the offer is accepted, prints the declaration as it was made instead of how to accept", async () => {
    const offer = sampleOffer({ acceptance: { name: "Aysha Rahman", role: "Community Safety Manager", date: "2023-07-31" } });
    const text = pdfText(await renderPdf(createElement(GrantOfferDocument, { offer })));
    expect(text).toMatch(/Accepted on 31 July 2023 by Aysha Rahman, Community Safety Manager, on behalf of Melton\s+Borough\s+Council\./);
    expect(text).not.toContain("How to accept");
    expect(text).not.toContain("Accept by");
  });

  it("gives the OPCC's own address and offer contact, as /settings/opcc keeps them", async () => {
    const opcc = {
      officeName: "Office of the Police and Crime Commissioner for Northshire",
      pccTitle: "Police and Crime Commissioner for Northshire",
      offerAddress: "Police Headquarters\nHigh Street\nNorthtown NT1 1AA",
      offerContact: "the grants team, 0100 000 0000",
    };
    const text = pdfText(await renderPdf(createElement(GrantOfferDocument, { offer: sampleOffer({ decisionMaker: opcc.pccTitle }), opcc })));
    expect(text).toMatch(/Police Headquarters\s+High Street\s+Northtown NT1 1AA/);
    expect(text).toMatch(/Please contact the grants team, 0100 000 0000 with any\s+questions about this grant/);
    expect(text).toMatch(/Police and Crime Commissioner for\s+Northshire offers/);
    expect(text).not.toContain("Leicestershire");
  });
});

// ---------------------------------------------------------------------------------------------
// The decision record and grant offer routes, from the database

async function getPdf(loader: (args: any) => unknown, who: DemoUser | null, url: string, params: Record<string, string>) {
  return run(loader, await request(who, url), params);
}
async function pdfBytesFrom(loader: (args: any) => unknown, who: DemoUser, url: string, params: Record<string, string>) {
  const res = (await loader({ request: await request(who, url), params, context: {} })) as Response;
  expect(res).toBeInstanceOf(Response);
  expect(res.headers.get("Content-Type")).toBe("application/pdf");
  expect(res.headers.get("Cache-Control")).toBe("private, no-store");
  return new Uint8Array(await res.arrayBuffer());
}

function decide(title: string, input: Partial<Parameters<typeof recordDecision>[3]> = {}) {
  const bidId = bidIdByTitle(title);
  moderate(bidId);
  const result = recordDecision(bidId, userId("reviewer"), bidRow(bidId)!.version, {
    outcome: "approve",
    approvedByLine: {},
    decidedOn: "2023-07-20",
    decisionMaker: "Police and Crime Commissioner for Leicestershire",
    leadOfficer: "Rachel Ward",
    reasons: "Delivers the Police and Crime Plan's priority with measurable outcomes.",
    conditionIds: listStandardConditions().map((c) => c.id),
    writtenConditions: [],
    declarationOfInterests: "None",
    publishable: true,
    foiExemption: null,
    paymentBasis: "quarterly_arrears",
    ...input,
  });
  if (result.kind !== "recorded") throw new Error(`Not recorded: ${JSON.stringify(result)}`);
  return result;
}

describe("the decision record and grant offer as PDFs from the portal", () => {
  it("prints Play Close CCTV's approval and its grant offer for the Melton lead and the OPCC, and nobody else", async () => {
    const { decisionId, reference, grantId } = decide("Play Close CCTV");
    const decisionUrl = `/decisions/${decisionId}.pdf`;
    const decisionParams = { decisionId: String(decisionId) };

    const text = pdfText(await pdfBytesFrom(decisionPdf.loader, "meltonLead", decisionUrl, decisionParams));
    expect(text).toContain(`Decision ${reference}`);
    expect(text).toContain("Play Close CCTV");
    expect(text).toContain("Accountable body: Melton Borough Council");
    expect(text).toMatch(/Amount\s+£4,843\.00/);
    expect(text).toContain("Rachel Ward");
    expect(text).toMatch(/1\.\s+The grant is used only for the purposes set out in the approved bid\./);
    expect(text).toContain("Delivers the Police and Crime Plan's priority");
    expect((await getPdf(decisionPdf.loader, "reviewer", decisionUrl, decisionParams)).status).toBe(200);
    expect((await getPdf(decisionPdf.loader, "charnwoodLead", decisionUrl, decisionParams)).status).toBe(404);
    const signedOut = await getPdf(decisionPdf.loader, null, decisionUrl, decisionParams);
    expect(signedOut.status).toBe(302);
    expect(signedOut.location).toBe(`/login?redirectTo=${encodeURIComponent(decisionUrl)}`);
    expect((await getPdf(decisionPdf.loader, "meltonLead", "/decisions/abc.pdf", { decisionId: "abc" })).status).toBe(404);
    expect((await getPdf(decisionPdf.loader, "meltonLead", "/decisions/999999.pdf", { decisionId: "999999" })).status).toBe(404);

    expect(grantId).not.toBeNull();
    const offerUrl = `/grants/${grantId}/offer.pdf`;
    const offerParams = { grantId: String(grantId) };
    const offer = pdfText(await pdfBytesFrom(grantOfferPdf.loader, "meltonLead", offerUrl, offerParams));
    expect(offer).toContain("Offer of a crime and disorder reduction grant");
    expect(offer).toContain("Melton Borough Council");
    expect(offer).toContain(reference);
    expect(offer).toMatch(/CCTV camera, supply and installation at Play Close\s+2023-24\s+£4,843\.00\s+£4,843\.00/);
    expect(offer).toMatch(/Grant\s+£4,843\.00/);
    // The decision's order and numbers: the standard conditions' 4 and 5 are as to repayment.
    expect(offer).toMatch(/4\.\s+Any part of the grant not spent by the end of the financial year is returned/);
    expect(offer).toMatch(/Conditions 4 and 5 are conditions as to\s+repayment/);
    expect(offer).toContain("Acceptance");
    expect(offer).not.toContain("The scheduled payments add up to"); // the schedule adds up to the grant
    expect((await getPdf(grantOfferPdf.loader, "reviewer", offerUrl, offerParams)).status).toBe(200);
    expect((await getPdf(grantOfferPdf.loader, "charnwoodLead", offerUrl, offerParams)).status).toBe(404);
    expect((await getPdf(grantOfferPdf.loader, null, offerUrl, offerParams)).status).toBe(302);
    expect((await getPdf(grantOfferPdf.loader, "meltonLead", "/grants/x/offer.pdf", { grantId: "x" })).status).toBe(404);
  });

  it("prints a rejection as not approved", async () => {
    const { decisionId, grantId } = decide("WCCTV help point and standard support package", {
      outcome: "reject",
      conditionIds: [],
      reasons: "Another help point already covers the town centre.",
    });
    expect(grantId).toBeNull();
    const text = pdfText(await pdfBytesFrom(decisionPdf.loader, "meltonLead", `/decisions/${decisionId}.pdf`, { decisionId: String(decisionId) }));
    expect(text).toMatch(/Amount\s+Not approved/);
    expect(text).toContain("Another help point already covers the town centre.");
  });
});

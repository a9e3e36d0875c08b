import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "../../app/data/db.server";
import * as bidPage from "../../app/routes/bids.$bidId._index";
import * as edit from "../../app/routes/bids.$bidId.edit.$section";
import * as submit from "../../app/routes/bids.$bidId.submit";
import * as withdraw from "../../app/routes/bids.$bidId.withdraw";
import * as deleteDraft from "../../app/routes/bids.$bidId.delete";
import * as submitted from "../../app/routes/bids.$bidId.submitted";
import * as bidList from "../../app/routes/bids._index";
import * as newBid from "../../app/routes/bids.new";
import * as login from "../../app/routes/login";
import { bids, priorities } from "../../db/schema";
import { formTokenFor, request, run } from "../support/requests";
import {
  SECTIONS,
  bidIdByTitle,
  bidSnapshot,
  cspId,
  currentRoundId,
  currentSectionForms,
  databaseSnapshot,
  ownPriorityId,
  ss5RoundId,
  validSectionForms,
  yearId,
  type Form,
  type Section,
} from "./helpers";

/**
 * Every refused form answers 400 with a message under the right field's name, gives back exactly what
 * was typed, and writes nothing: not the bid, not its rows, not the audit log.
 */

const SS5_DRAFT = bidIdByTitle("Solar lighting at Play Close Park");
const forms = validSectionForms();
const long = (n: number) => "x".repeat(n);

/** The valid form for a section with some fields changed; `undefined` leaves a field out. */
function formWith(section: Section, changes: Record<string, string | string[] | undefined>, version: string | undefined): Form {
  const form: Record<string, string | string[] | undefined> = { ...forms[section], ...changes };
  if (!("version" in changes)) form.version = version;
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined)) as Form;
}

interface BadCase {
  section: Section;
  what: string;
  changes: Record<string, string | string[] | undefined>;
  /** The field the error is reported against. */
  field: string;
  message?: RegExp;
}

const CASES: BadCase[] = [
  // Project details
  { section: "details", what: "an empty title", changes: { title: "" }, field: "title", message: /^Enter a project title$/ },
  { section: "details", what: "a title of spaces", changes: { title: "   " }, field: "title", message: /^Enter a project title$/ },
  { section: "details", what: "a 201-character title", changes: { title: long(201) }, field: "title", message: /200 characters or fewer/ },
  { section: "details", what: "a 1,001-character summary", changes: { summary: long(1001) }, field: "summary", message: /1,000 characters or fewer/ },
  { section: "details", what: "6,000 characters of need", changes: { need: long(6000) }, field: "need", message: /5,000 characters or fewer/ },
  { section: "details", what: "6,000 characters of activities", changes: { activities: long(6000) }, field: "activities", message: /5,000 characters or fewer/ },
  { section: "details", what: "a start date of 31 2 2024", changes: { "startDate.day": "31", "startDate.month": "2", "startDate.year": "2024" }, field: "startDate", message: /real date/ },
  { section: "details", what: "a start date typed as words", changes: { "startDate.day": "first", "startDate.month": "October", "startDate.year": "2023" }, field: "startDate", message: /real date/ },
  { section: "details", what: "a start date with only the day", changes: { "startDate.day": "1", "startDate.month": "", "startDate.year": "" }, field: "startDate", message: /real date/ },
  { section: "details", what: "a two-digit year", changes: { "startDate.year": "23" }, field: "startDate", message: /real date/ },
  { section: "details", what: "an end date in 1999", changes: { "endDate.day": "1", "endDate.month": "1", "endDate.year": "1999" }, field: "endDate", message: /between 2000 and 2099/ },
  { section: "details", what: "an end date before the start date", changes: { "endDate.day": "30", "endDate.month": "9", "endDate.year": "2023" }, field: "endDate", message: /after the start date/ },
  { section: "details", what: "a milestone in an unknown financial year", changes: { "milestones.0.when": "999999-1" }, field: "milestones.0.when", message: /Choose a quarter from the list/i },
  { section: "details", what: "a milestone in quarter 5", changes: { "milestones.0.when": `${yearId("2023-24")}-5` }, field: "milestones.0.when", message: /Choose the quarter/i },
  { section: "details", what: "a milestone quarter that is not a choice", changes: { "milestones.0.when": "abc" }, field: "milestones.0.when", message: /Choose the quarter/i },
  { section: "details", what: "a milestone with no description", changes: { "milestones.1.description": "" }, field: "milestones.1.description", message: /Enter what will be done by then/i },
  { section: "details", what: "a 501-character milestone", changes: { "milestones.0.description": long(501) }, field: "milestones.0.description", message: /500 characters or fewer/ },

  // Priorities
  { section: "priorities", what: "an unknown priority id", changes: { "priorities[]": ["999999"] }, field: "priorities", message: /Choose priorities from the list/ },
  { section: "priorities", what: "an unknown id alongside a real one", changes: { "priorities[]": [String(ownPriorityId("melton")), "999999"] }, field: "priorities", message: /Choose priorities from the list/ },
  { section: "priorities", what: "a priority belonging to Charnwood", changes: { "priorities[]": [String(ownPriorityId("charnwood"))] }, field: "priorities", message: /Choose priorities from the list/ },
  { section: "priorities", what: "a negative priority id", changes: { "priorities[]": ["-1"] }, field: "priorities", message: /Choose priorities from the list/ },
  { section: "priorities", what: "a priority id that is not a number", changes: { "priorities[]": ["abc"] }, field: "priorities", message: /Choose priorities from the list/ },

  // Costs
  { section: "costs", what: "an empty quantity", changes: { "costs.0.quantity": "" }, field: "costs.0.quantity", message: /^Cost line 1: enter the quantity$/ },
  { section: "costs", what: "a negative quantity", changes: { "costs.0.quantity": "-5" }, field: "costs.0.quantity", message: /must be a number/ },
  { section: "costs", what: "a zero quantity", changes: { "costs.0.quantity": "0" }, field: "costs.0.quantity", message: /more than 0/ },
  { section: "costs", what: "a quantity of 1e20", changes: { "costs.0.quantity": "1e20" }, field: "costs.0.quantity", message: /must be a number/ },
  { section: "costs", what: "a quantity of 20 nines", changes: { "costs.0.quantity": "99999999999999999999" }, field: "costs.0.quantity" },
  { section: "costs", what: "a quantity over 1,000,000", changes: { "costs.0.quantity": "1000000.01" }, field: "costs.0.quantity", message: /1,000,000 or fewer/ },
  { section: "costs", what: "a quantity of abc", changes: { "costs.0.quantity": "abc" }, field: "costs.0.quantity", message: /must be a number/ },
  { section: "costs", what: "a quantity of 1e5", changes: { "costs.0.quantity": "1e5" }, field: "costs.0.quantity", message: /must be a number/ },
  { section: "costs", what: "a quantity with three decimals", changes: { "costs.0.quantity": "2.555" }, field: "costs.0.quantity", message: /^Cost line 1: quantity must have no more than 2 decimal places$/ },
  { section: "costs", what: "a quantity of 1.234", changes: { "costs.0.quantity": "1.234" }, field: "costs.0.quantity", message: /^Cost line 1: quantity must have no more than 2 decimal places$/ },
  { section: "costs", what: "a quantity of 10,000.555", changes: { "costs.0.quantity": "10,000.555" }, field: "costs.0.quantity", message: /^Cost line 1: quantity must have no more than 2 decimal places$/ },
  { section: "costs", what: "an empty unit price", changes: { "costs.0.unitPrice": "" }, field: "costs.0.unitPrice", message: /^Cost line 1: enter the unit price$/ },
  { section: "costs", what: "a negative unit price", changes: { "costs.0.unitPrice": "-1" }, field: "costs.0.unitPrice", message: /up to 4 decimal places/ },
  { section: "costs", what: "a unit price of 99999999999", changes: { "costs.0.unitPrice": "99999999999" }, field: "costs.0.unitPrice", message: /£10,000,000 or less/ },
  { section: "costs", what: "a unit price of 0.12345", changes: { "costs.0.unitPrice": "0.12345" }, field: "costs.0.unitPrice", message: /^Cost line 1: unit price must have no more than 4 decimal places$/ },
  { section: "costs", what: "a unit price of £0.12345", changes: { "costs.0.unitPrice": "£0.12345" }, field: "costs.0.unitPrice", message: /^Cost line 1: unit price must have no more than 4 decimal places$/ },
  { section: "costs", what: "a unit price of abc", changes: { "costs.0.unitPrice": "abc" }, field: "costs.0.unitPrice", message: /up to 4 decimal places/ },
  { section: "costs", what: "a unit price of 1e5", changes: { "costs.0.unitPrice": "1e5" }, field: "costs.0.unitPrice", message: /up to 4 decimal places/ },
  { section: "costs", what: "a unit price in dollars", changes: { "costs.0.unitPrice": "$5" }, field: "costs.0.unitPrice", message: /up to 4 decimal places/ },
  { section: "costs", what: "no description", changes: { "costs.0.description": "" }, field: "costs.0.description", message: /^Cost line 1: enter a description of the cost$/ },
  { section: "costs", what: "a 201-character description", changes: { "costs.0.description": long(201) }, field: "costs.0.description", message: /200 characters or fewer/ },
  { section: "costs", what: "a 6,000-character description", changes: { "costs.0.description": long(6000) }, field: "costs.0.description", message: /200 characters or fewer/ },
  { section: "costs", what: "an unknown expenditure type", changes: { "costs.0.expenditureType": "other" }, field: "costs.0.expenditureType", message: /Choose capital or revenue/i },
  { section: "costs", what: "an unknown recurrence", changes: { "costs.0.recurrence": "sometimes" }, field: "costs.0.recurrence", message: /Choose one-off or recurring/i },
  { section: "costs", what: "financial year id 999999", changes: { "costs.0.financialYearId": "999999" }, field: "costs.0.financialYearId", message: /Choose a financial year from the list/i },
  { section: "costs", what: "a financial year id of abc", changes: { "costs.0.financialYearId": "abc" }, field: "costs.0.financialYearId", message: /Choose the financial year/i },
  { section: "costs", what: "a bad second line after a good first", changes: { "costs.1.quantity": "abc" }, field: "costs.1.quantity", message: /^Cost line 2: quantity must be a number, like 20 or 2\.5$/ },
  { section: "costs", what: "a bad second line in a financial year the round does not cover", changes: { "costs.1.financialYearId": "999999" }, field: "costs.1.financialYearId", message: /^Cost line 2: choose a financial year from the list$/ },
  {
    section: "costs",
    what: "a removed first line and a bad second line (the message still says line 2)",
    changes: { "costs.0.remove": "yes", "costs.1.financialYearId": "999999" },
    field: "costs.1.financialYearId",
    message: /^Cost line 2: choose a financial year from the list$/,
  },

  // Match funding
  { section: "match-funding", what: "an empty amount", changes: { "match.0.amount": "" }, field: "match.0.amount", message: /^Match funding source 1: enter the amount$/ },
  { section: "match-funding", what: "a negative amount", changes: { "match.0.amount": "-100" }, field: "match.0.amount", message: /must be an amount of money/ },
  { section: "match-funding", what: "a zero amount", changes: { "match.0.amount": "0" }, field: "match.0.amount", message: /more than £0/ },
  { section: "match-funding", what: "an amount of 99999999999", changes: { "match.0.amount": "99999999999" }, field: "match.0.amount", message: /£1,000,000,000 or less/ },
  { section: "match-funding", what: "an amount of abc", changes: { "match.0.amount": "abc" }, field: "match.0.amount", message: /must be an amount of money/ },
  { section: "match-funding", what: "an amount of 1e5", changes: { "match.0.amount": "1e5" }, field: "match.0.amount", message: /must be an amount of money/ },
  { section: "match-funding", what: "an amount with three decimals", changes: { "match.0.amount": "10.555" }, field: "match.0.amount", message: /^Match funding source 1: the amount must have no more than 2 decimal places$/ },
  { section: "match-funding", what: "no source", changes: { "match.0.source": "" }, field: "match.0.source", message: /Enter who provides the match funding/i },
  { section: "match-funding", what: "a 201-character source", changes: { "match.0.source": long(201) }, field: "match.0.source", message: /200 characters or fewer/ },
  { section: "match-funding", what: "an unknown kind", changes: { "match.0.kind": "loan" }, field: "match.0.kind", message: /Choose cash or in kind/i },

  // Outcomes
  { section: "outcomes", what: "no measure", changes: { "outcomes.0.measure": "" }, field: "outcomes.0.measure", message: /Enter the measure/i },
  { section: "outcomes", what: "a 101-character unit", changes: { "outcomes.0.unit": long(101) }, field: "outcomes.0.unit", message: /100 characters or fewer/ },
  { section: "outcomes", what: "a 6,000-character measure", changes: { "outcomes.0.measure": long(6000) }, field: "outcomes.0.measure", message: /200 characters or fewer/ },
  { section: "outcomes", what: "a baseline of abc", changes: { "outcomes.0.baseline": "abc" }, field: "outcomes.0.baseline", message: /must be a number/ },
  { section: "outcomes", what: "a negative baseline", changes: { "outcomes.0.baseline": "-5" }, field: "outcomes.0.baseline", message: /must be a number/ },
  { section: "outcomes", what: "a baseline of 1e5", changes: { "outcomes.0.baseline": "1e5" }, field: "outcomes.0.baseline", message: /must be a number/ },
  { section: "outcomes", what: "a 13-digit baseline", changes: { "outcomes.0.baseline": "1234567890123" }, field: "outcomes.0.baseline", message: /must be a number/ },
  { section: "outcomes", what: "a target with three decimals", changes: { "outcomes.0.target": "1.234" }, field: "outcomes.0.target", message: /^Outcome 1: the target must have no more than 2 decimal places$/ },
  { section: "outcomes", what: "a target date of 31 2 2024", changes: { "outcomes.0.targetDate.day": "31", "outcomes.0.targetDate.month": "2", "outcomes.0.targetDate.year": "2024" }, field: "outcomes.0.targetDate", message: /real date/ },

  // Risks
  { section: "risks", what: "likelihood 7", changes: { "risks.0.likelihood": "7" }, field: "risks.0.likelihood", message: /Choose how likely/i },
  { section: "risks", what: "likelihood 0", changes: { "risks.0.likelihood": "0" }, field: "risks.0.likelihood", message: /Choose how likely/i },
  { section: "risks", what: "likelihood -1", changes: { "risks.0.likelihood": "-1" }, field: "risks.0.likelihood", message: /Choose how likely/i },
  { section: "risks", what: "no likelihood", changes: { "risks.0.likelihood": "" }, field: "risks.0.likelihood", message: /Choose how likely/i },
  { section: "risks", what: "impact 5", changes: { "risks.0.impact": "5" }, field: "risks.0.impact", message: /Choose the impact/i },
  { section: "risks", what: "an impact of abc", changes: { "risks.0.impact": "abc" }, field: "risks.0.impact", message: /Choose the impact/i },
  { section: "risks", what: "no description", changes: { "risks.0.description": "" }, field: "risks.0.description", message: /Enter a description of the risk/i },
  { section: "risks", what: "a 1,001-character description", changes: { "risks.0.description": long(1001) }, field: "risks.0.description", message: /1,000 characters or fewer/ },
  { section: "risks", what: "a 6,000-character mitigation", changes: { "risks.0.mitigation": long(6000) }, field: "risks.0.mitigation", message: /5,000 characters or fewer/ },

  // Data protection and equality
  { section: "data-protection", what: "no answer about personal data", changes: { holdsPersonalData: undefined }, field: "holdsPersonalData", message: /Say whether the project uses CCTV/ },
  { section: "data-protection", what: "an answer of maybe", changes: { holdsPersonalData: "maybe" }, field: "holdsPersonalData", message: /Say whether the project uses CCTV/ },
  { section: "data-protection", what: "personal data but no DPIA answer", changes: { dpiaCompleted: undefined }, field: "dpiaCompleted", message: /data protection impact assessment/ },
  { section: "data-protection", what: "a DPIA answer of perhaps", changes: { dpiaCompleted: "perhaps" }, field: "dpiaCompleted" },
  { section: "data-protection", what: "6,000 characters of equality impact", changes: { equalityImpact: long(6000) }, field: "equalityImpact", message: /5,000 characters or fewer/ },

  // The hidden version, in every section
  ...SECTIONS.flatMap((section): BadCase[] => [
    { section, what: "no version", changes: { version: undefined }, field: "version" },
    { section, what: "version abc", changes: { version: "abc" }, field: "version", message: /out of date/ },
    { section, what: "version -1", changes: { version: "-1" }, field: "version", message: /out of date/ },
    { section, what: "version 1.5", changes: { version: "1.5" }, field: "version", message: /out of date/ },
    { section, what: "an empty version", changes: { version: "" }, field: "version", message: /out of date/ },
    { section, what: "a fingerprint that is not one", changes: { fingerprint: "abc" }, field: "fingerprint", message: /out of date/ },
    { section, what: "a fingerprint of __proto__", changes: { fingerprint: "__proto__" }, field: "fingerprint", message: /out of date/ },
  ]),
];

/** Sends a form to a section of a bid and checks it was refused field by field, with nothing written. */
/** What a row of each repeating list is called on the page, so its messages can say which row. */
const ROW_NAMES: Record<string, string> = { milestones: "Milestone", costs: "Cost line", match: "Match funding source", outcomes: "Outcome", risks: "Risk" };

async function expectRefused(bidId: number, section: Section, form: Form, field: string, message?: RegExp) {
  const before = bidSnapshot(bidId);
  const res = await run<any>(edit.action, await request("meltonLead", `/bids/${bidId}/edit/${section}`, form), { bidId: String(bidId), section });
  expect(res.status).toBe(400);
  expect(res.data.errors, `errors: ${JSON.stringify(res.data.errors)}`).toHaveProperty([field]);
  if (message) expect(res.data.errors[field]).toMatch(message);
  // A message about a field in a repeating row says which row, in the summary and inline alike.
  for (const [key, text] of Object.entries(res.data.errors as Record<string, string>)) {
    const row = /^(\w+)\.(\d+)\./.exec(key);
    if (row) expect(text, key).toMatch(new RegExp(`^${ROW_NAMES[row[1]]} ${Number(row[2]) + 1}: [a-z]`));
  }
  // Exactly what was typed comes back, so the page can show it again.
  expect(res.data.values).toEqual(form);
  expect(bidSnapshot(bidId)).toEqual(before);
  return res;
}

describe("a refused section form", () => {
  it.each(CASES)("$section: $what → 400 on $field, values echoed, nothing saved", async ({ section, changes, field, message }) => {
    const version = String(bidSnapshot(SS5_DRAFT).bid!.version);
    await expectRefused(SS5_DRAFT, section, formWith(section, changes, version), field, message);
  });

  it("a cost line in a financial year the annual round does not cover is refused", async () => {
    // This year's annual round covers this financial year only; 2023-24 and 2024-25 are long past.
    const res = await run(newBid.action, await request("meltonLead", `/bids/new?round=${currentRoundId()}`, { title: "Annual bid for bad-input tests" }));
    expect(res.status).toBe(302);
    const annualDraft = Number(/\/bids\/(\d+)\//.exec(res.location!)![1]);
    const annual = currentSectionForms();
    const form = { ...annual.costs, "costs.1.financialYearId": String(yearId("2023-24")), version: String(bidSnapshot(annualDraft).bid!.version) };
    await expectRefused(annualDraft, "costs", form, "costs.1.financialYearId", /^Cost line 2: choose a financial year from the list$/);
    // …and a milestone in 2024-25 likewise.
    const details = { ...annual.details, "milestones.1.when": `${yearId("2024-25")}-1`, version: String(bidSnapshot(annualDraft).bid!.version) };
    await expectRefused(annualDraft, "details", details, "milestones.1.when", /^Milestone 2: choose a quarter from the list$/);
  });

  it("several mistakes at once are all reported", async () => {
    const version = String(bidSnapshot(SS5_DRAFT).bid!.version);
    const res = await expectRefused(
      SS5_DRAFT,
      "costs",
      formWith("costs", { "costs.0.quantity": "abc", "costs.0.unitPrice": "0.12345", "costs.1.expenditureType": "other" }, version),
      "costs.0.quantity",
    );
    expect(Object.keys(res.data.errors).sort()).toEqual(["costs.0.quantity", "costs.0.unitPrice", "costs.1.expenditureType"]);
  });

  it("the valid forms these cases start from are accepted (so each refusal above is down to the one bad field)", async () => {
    const other = bidIdByTitle("Additional CCTV at Beckmill Court and solar deployable cameras");
    for (const section of SECTIONS) {
      const version = String(bidSnapshot(other).bid!.version);
      const res = await run<any>(edit.action, await request("meltonLead", `/bids/${other}/edit/${section}`, { ...forms[section], version }), { bidId: String(other), section });
      expect(res.status, `${section}: ${JSON.stringify(res.data)}`).toBe(302);
    }
  });
});

describe("numbers with misplaced thousands separators", () => {
  // "12,34.5" is not a number anyone means as 1234.5: it is a slip, or a European decimal comma.
  const money: BadCase[] = [
    { section: "costs", what: "a quantity of 12,34.5", changes: { "costs.0.quantity": "12,34.5" }, field: "costs.0.quantity", message: /must be a number/ },
    { section: "costs", what: "a quantity of 1,5", changes: { "costs.0.quantity": "1,5" }, field: "costs.0.quantity", message: /must be a number/ },
    { section: "costs", what: "a unit price of 12,34.5", changes: { "costs.0.unitPrice": "12,34.5" }, field: "costs.0.unitPrice", message: /up to 4 decimal places/ },
    { section: "match-funding", what: "an amount of 12,34.5", changes: { "match.0.amount": "12,34.5" }, field: "match.0.amount", message: /must be an amount of money/ },
  ];
  it.each(money)("$section: $what is refused (400), not read as 1234.5", async ({ section, changes, field, message }) => {
    const version = String(bidSnapshot(SS5_DRAFT).bid!.version);
    await expectRefused(SS5_DRAFT, section, formWith(section, changes, version), field, message);
  });

  // Outcome baselines and targets are checked by optionalNumberText (app/forms/fields.ts), which
  // still strips every comma before checking and saves "12,34.5" as "1234.5".
  const outcomes: BadCase[] = [
    { section: "outcomes", what: "a baseline of 12,34.5", changes: { "outcomes.0.baseline": "12,34.5" }, field: "outcomes.0.baseline", message: /must be a number/ },
    { section: "outcomes", what: "a target of 1,5", changes: { "outcomes.0.target": "1,5" }, field: "outcomes.0.target", message: /must be a number/ },
  ];
  it.each(outcomes)("$section: $what is refused (400), not saved as a different number", async ({ section, changes, field, message }) => {
    const version = String(bidSnapshot(SS5_DRAFT).bid!.version);
    await expectRefused(SS5_DRAFT, section, formWith(section, changes, version), field, message);
  });

  it("properly grouped thousands are still accepted (10,000 drink covers; a baseline of 1,200)", async () => {
    let version = String(bidSnapshot(SS5_DRAFT).bid!.version);
    const res = await run(edit.action, await request("meltonLead", `/bids/${SS5_DRAFT}/edit/costs`, { ...forms.costs, version }), { bidId: String(SS5_DRAFT), section: "costs" });
    expect(res.status).toBe(302);
    expect(bidSnapshot(SS5_DRAFT).costLines[0].quantityHundredths).toBe(1_000_000);
    version = String(bidSnapshot(SS5_DRAFT).bid!.version);
    const out = await run(edit.action, await request("meltonLead", `/bids/${SS5_DRAFT}/edit/outcomes`, { ...forms.outcomes, "outcomes.0.baseline": "1,200", version }), { bidId: String(SS5_DRAFT), section: "outcomes" });
    expect(out.status).toBe(302);
    expect(bidSnapshot(SS5_DRAFT).outcomes[0].baseline).toBe("1200");
  });
});

describe("a tampered form with an enormous row number", () => {
  // "costs.2000000.description=x" is 30 bytes, but app/forms/form-state.ts nest() turns it into a
  // sparse array of two million slots that rows() in app/forms/fields.ts then walks element by
  // element, blocking the (single-threaded) server for seconds; "costs.4000000000.description=x"
  // would exhaust memory. Timed against the same refusal for row 1, so a slow machine is no excuse.
  async function timeRefusal(row: number) {
    const version = String(bidSnapshot(SS5_DRAFT).bid!.version);
    const req = await request("meltonLead", `/bids/${SS5_DRAFT}/edit/costs`, { version, [`costs.${row}.description`]: "x" });
    const started = performance.now();
    const res = await run(edit.action, req, { bidId: String(SS5_DRAFT), section: "costs" });
    return { res, ms: performance.now() - started };
  }

  it("is refused as quickly as an ordinary mistake, not after seconds of work", async () => {
    const before = bidSnapshot(SS5_DRAFT);
    const ordinary = await timeRefusal(1);
    const huge = await timeRefusal(2_000_000);
    expect(ordinary.res.status).toBe(400);
    expect(huge.res.status).toBe(400);
    expect(bidSnapshot(SS5_DRAFT)).toEqual(before);
    expect(huge.ms).toBeLessThan(ordinary.ms * 10 + 250);
  });
});

describe("unknown bids and sections", () => {
  const BAD_IDS = ["999999", "abc", "-1", "1.5", "0", "1e3", "99999999999", "2147483648", " 1"];
  const draftVersion = () => String(bidSnapshot(SS5_DRAFT).bid!.version);

  it.each(BAD_IDS)("bid id %j is not found on every page and form (404)", async (bidId) => {
    const before = databaseSnapshot();
    const p = `/bids/${encodeURIComponent(bidId)}`;
    expect((await run(bidPage.loader, await request("meltonLead", p), { bidId })).status).toBe(404);
    for (const section of SECTIONS) {
      expect((await run(edit.loader, await request("meltonLead", `${p}/edit/${section}`), { bidId, section })).status).toBe(404);
      expect((await run(edit.action, await request("meltonLead", `${p}/edit/${section}`, { ...forms[section], version: "1" }), { bidId, section })).status).toBe(404);
    }
    expect((await run(submit.loader, await request("meltonLead", `${p}/submit`), { bidId })).status).toBe(404);
    expect((await run(submit.action, await request("meltonLead", `${p}/submit`, { version: "1" }), { bidId })).status).toBe(404);
    expect((await run(withdraw.loader, await request("meltonLead", `${p}/withdraw`), { bidId })).status).toBe(404);
    expect((await run(withdraw.action, await request("meltonLead", `${p}/withdraw`, { version: "1" }), { bidId })).status).toBe(404);
    expect((await run(deleteDraft.loader, await request("meltonLead", `${p}/delete`), { bidId })).status).toBe(404);
    expect((await run(deleteDraft.action, await request("meltonLead", `${p}/delete`, { version: "1" }), { bidId })).status).toBe(404);
    expect((await run(submitted.loader, await request("meltonLead", `${p}/submitted`), { bidId })).status).toBe(404);
    expect(databaseSnapshot()).toEqual(before);
  });

  it.each(["budget", "Details", "COSTS", "details ", "..", "constructor", "__proto__", ""])("section %j of a Melton draft is not found (404) and nothing is saved", async (section) => {
    const before = bidSnapshot(SS5_DRAFT);
    const id = String(SS5_DRAFT);
    expect((await run(edit.loader, await request("meltonLead", `/bids/${id}/edit/x`), { bidId: id, section })).status).toBe(404);
    const res = await run(edit.action, await request("meltonLead", `/bids/${id}/edit/x`, { ...forms.details, version: draftVersion() }), { bidId: id, section });
    expect(res.status).toBe(404);
    expect(bidSnapshot(SS5_DRAFT)).toEqual(before);
  });
});

describe("a body that is not a form at all", () => {
  const jsonRequest = async (path: string, body: string, contentType = "application/json") => {
    // A script's request, carrying the session's token in the header as a script would.
    const signedIn = await request("meltonLead", path);
    const headers = new Headers({ Cookie: signedIn.headers.get("Cookie")!, "Content-Type": contentType });
    headers.set("X-CSRF-Token", await formTokenFor(headers));
    return new Request(signedIn.url, { method: "POST", headers, body });
  };
  const id = String(SS5_DRAFT);
  it.each([
    ["JSON", "application/json", JSON.stringify({ version: "1", title: "From a script" })],
    ["garbled multipart", "multipart/form-data; boundary=zzz", "--zzz\r\nnot really"],
  ])("%s is refused with a 400 (never a 500) by every form, and nothing is written", async (_what, type, body) => {
    const before = databaseSnapshot();
    for (const section of SECTIONS) {
      const res = await run<any>(edit.action, await jsonRequest(`/bids/${id}/edit/${section}`, body, type), { bidId: id, section });
      expect(res.status, section).toBe(400);
      expect(res.data.errors).toHaveProperty(["version"]);
    }
    expect((await run(submit.action, await jsonRequest(`/bids/${id}/submit`, body, type), { bidId: id })).status).toBe(400);
    expect((await run(withdraw.action, await jsonRequest(`/bids/${id}/withdraw`, body, type), { bidId: id })).status).toBe(400);
    expect((await run(deleteDraft.action, await jsonRequest(`/bids/${id}/delete`, body, type), { bidId: id })).status).toBe(400);
    expect((await run(newBid.action, await jsonRequest(`/bids/new?round=${currentRoundId()}`, body, type))).status).toBe(400);
    expect((await run(login.action, await jsonRequest("/login", body, type))).status).toBe(400);
    expect(databaseSnapshot()).toEqual(before);
  });
});

describe("submit and withdraw with a bad version", () => {
  it.each([undefined, "", "abc", "-1", "1.5", "1e3"])("submit with version %j → 400 and the bid stays a draft", async (version) => {
    const before = bidSnapshot(SS5_DRAFT);
    const form: Form = version === undefined ? {} : { version };
    const res = await run<any>(submit.action, await request("meltonLead", `/bids/${SS5_DRAFT}/submit`, form), { bidId: String(SS5_DRAFT) });
    expect(res.status).toBe(400);
    expect(res.data.errors).toHaveProperty(["version"]);
    expect(res.data.formError).toMatch(/out of date/);
    expect(bidSnapshot(SS5_DRAFT)).toEqual(before);
  });

  it.each([undefined, "", "abc", "-1", "1.5"])("withdraw with version %j → 400 and the bid is not withdrawn", async (version) => {
    const before = bidSnapshot(SS5_DRAFT);
    const form: Form = version === undefined ? {} : { version };
    const res = await run<any>(withdraw.action, await request("meltonLead", `/bids/${SS5_DRAFT}/withdraw`, form), { bidId: String(SS5_DRAFT) });
    expect(res.status).toBe(400);
    expect(res.data.errors).toHaveProperty(["version"]);
    expect(bidSnapshot(SS5_DRAFT)).toEqual(before);
  });
});

describe("starting a bid with bad input", () => {
  it.each([
    ["no title", "", /^Enter a project title$/],
    ["a title of spaces", "    ", /^Enter a project title$/],
    ["a 201-character title", long(201), /200 characters or fewer/],
  ])("%s → 400, the title echoed, no bid created", async (_what, title, message) => {
    const before = databaseSnapshot();
    const res = await run<any>(newBid.action, await request("meltonLead", `/bids/new?round=${currentRoundId()}`, { title }));
    expect(res.status).toBe(400);
    expect(res.data.errors.title).toMatch(message);
    expect(res.data.values.title).toBe(title);
    expect(databaseSnapshot()).toEqual(before);
  });

  it.each(["abc", "999999", "-1", "1.5", "", "99999999999"])("round %j is not found (404), nothing created", async (round) => {
    const before = databaseSnapshot();
    const p = `/bids/new?round=${encodeURIComponent(round)}`;
    expect((await run(newBid.loader, await request("meltonLead", p))).status).toBe(404);
    expect((await run(newBid.action, await request("meltonLead", p, { title: "A good title" }))).status).toBe(404);
    expect(databaseSnapshot()).toEqual(before);
  });

  it("a round the lead's partnership has no allocation in is not found (404)", async () => {
    // Only Melton and Charnwood have Safer Streets 5 allocations; drop Charnwood's to see the refusal.
    const { allocations } = await import("../../db/schema");
    const charnwood = cspId("charnwood");
    const row = db().select().from(allocations).where(eq(allocations.cspId, charnwood)).all().find((a) => a.roundId === ss5RoundId())!;
    db().delete(allocations).where(eq(allocations.id, row.id)).run();
    try {
      expect((await run(newBid.loader, await request("charnwoodLead", `/bids/new?round=${ss5RoundId()}`))).status).toBe(404);
      expect((await run(newBid.action, await request("charnwoodLead", `/bids/new?round=${ss5RoundId()}`, { title: "No allocation" }))).status).toBe(404);
    } finally {
      db().insert(allocations).values(row).run();
    }
  });
});

describe("bad query strings on /bids are ignored", () => {
  let plain: any;
  beforeAll(async () => {
    plain = (await run<any>(bidList.loader, await request("reviewer", "/bids"))).data;
  });

  it.each([
    "page=-1",
    "page=0",
    "page=abc",
    "page=1.5",
    "page=999999",
    "page=99999999999",
    "sort=evil",
    "sort=title%3B%20drop%20table%20bids",
    "dir=sideways",
    "status=nope",
    "status=draft%27%20or%201%3D1--",
    "round=abc",
    "round=-1",
    "year=1.5",
    "csp=abc",
    "priority=%27",
    "round=abc&status=nope&sort=evil&dir=up&page=-1",
  ])("?%s → 200 with the unfiltered list", async (qs) => {
    const res = await run<any>(bidList.loader, await request("reviewer", `/bids?${qs}`));
    expect(res.status).toBe(200);
    expect(res.data.result.count).toBe(plain.result.count);
    expect(res.data.result.rows.map((r: any) => r.id)).toEqual(plain.result.rows.map((r: any) => r.id));
    expect(res.data.result.page).toBe(1);
    expect(res.data.query.sort).toBe("updated");
    expect(res.data.query.dir).toBe("desc");
  });

  it("a good filter next to a bad one still applies", async () => {
    const res = await run<any>(bidList.loader, await request("reviewer", `/bids?status=withdrawn&sort=evil&page=-3`));
    expect(res.status).toBe(200);
    expect(res.data.result.count).toBe(db().select().from(bids).where(eq(bids.status, "withdrawn")).all().length);
    expect(res.data.result.rows.every((r: any) => r.status === "withdrawn")).toBe(true);
  });

  it("the bids table is still there", () => {
    expect(db().select().from(bids).all().length).toBeGreaterThan(0);
    expect(db().select().from(priorities).all().length).toBeGreaterThan(0);
  });
});

describe("signing in with bad input", () => {
  it("an empty form → 400 with a message for each field, and the password is not sent back", async () => {
    const res = await run<any>(login.action, await request(null, "/login", { email: "", password: "" }));
    expect(res.status).toBe(400);
    expect(res.data.errors.email).toBe("Enter your email address");
    expect(res.data.errors.password).toBe("Enter your password");
    expect(res.data.values).not.toHaveProperty("password");
    expect(res.headers?.get("Set-Cookie") ?? null).toBeNull();
  });

  it("an email address that is not one → 400 on the email field", async () => {
    const res = await run<any>(login.action, await request(null, "/login", { email: "not-an-email", password: "x" }));
    expect(res.status).toBe(400);
    expect(res.data.errors.email).toMatch(/correct format/);
    expect(res.data.values).not.toHaveProperty("password");
  });

  it("a wrong password answers exactly as an unknown email address does", async () => {
    const wrongPassword = await run<any>(login.action, await request(null, "/login", { email: "reviewer@demo.opcc.test", password: "not-the-password" }));
    const unknownEmail = await run<any>(login.action, await request(null, "/login", { email: "nobody@demo.opcc.test", password: "not-the-password" }));
    expect(wrongPassword.status).toBe(400);
    expect(unknownEmail.status).toBe(400);
    expect(wrongPassword.data.errors).toEqual({ email: "Enter a correct email address and password" });
    expect(unknownEmail.data.errors).toEqual(wrongPassword.data.errors);
    expect(unknownEmail.data.formError).toEqual(wrongPassword.data.formError);
    expect(wrongPassword.data.values).not.toHaveProperty("password");
    expect(wrongPassword.headers?.get("Set-Cookie") ?? null).toBeNull();
  });
});

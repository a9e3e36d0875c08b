import { asc, eq, sql } from "drizzle-orm";
import { hashPassword } from "../app/auth/password.server";
import { recordAudit } from "../app/data/audit.server";
import { getBidDetail, snapshotOf } from "../app/data/bids.server";
import { databasePath, db, type Db, type Tx } from "../app/data/db.server";
import { addDays } from "date-fns";
import { financialYearBounds, financialYearStartYear, parseIsoDate, toIsoDate } from "../app/domain/financial-years";
import { ukDate } from "../app/domain/round-window";
import * as s from "./schema";
import { seedDemoOutcomes } from "./seed-outcomes";
import { seedDemoEvidence } from "./seed-evidence";
import { DEMO_UNPAID, seedDemoPayments } from "./seed-payments";
import { seedDemoUnderspends } from "./seed-underspends";
import { seedDemoQueries, seedDemoReturns } from "./seed-returns";
import { seedDemoExtensionRequest, seedDemoVirements } from "./seed-variations";
import { seedDemoScrutinyIntroduction } from "./seed-reports";
import { closeDemoYear } from "./seed-year-end";

/**
 * Demo data from ../shared/DOMAIN.md and the council reports in ../shared/seeds: Leicestershire OPCC,
 * the nine LLR partnerships, Melton's six 2023-24 bids with their real cost lines, and Melton's
 * Safer Streets 5 projects in draft. Amounts other than Melton's are plausible, not real. The
 * 2023-24 rounds closed when their dates say; an annual round for the financial year the database
 * is seeded in opens on the day it is seeded, so a newcomer can start a bid at once.
 */

export const DEMO_PASSWORD = "demo-portal-2023";

export const DEMO_SIGN_INS = [
  { email: "lead.melton@demo.opcc.test", name: "Aysha Rahman", role: "csp_lead", org: "melton", what: "CSP lead, Melton" },
  { email: "lead.charnwood@demo.opcc.test", name: "Chris Doyle", role: "csp_lead", org: "charnwood", what: "CSP lead, Charnwood" },
  { email: "reviewer@demo.opcc.test", name: "Rachel Ward", role: "opcc_reviewer", org: "opcc", what: "OPCC reviewer" },
  { email: "reviewer.two@demo.opcc.test", name: "Sam Patel", role: "opcc_reviewer", org: "opcc", what: "OPCC reviewer (second)" },
  { email: "finance@demo.opcc.test", name: "Femi Adeyemi", role: "finance", org: "opcc", what: "OPCC finance officer" },
  { email: "finance.melton@demo.opcc.test", name: "David Scott", role: "finance", org: "melton", what: "Melton council finance officer" },
  { email: "admin@demo.opcc.test", name: "Alex Morgan", role: "admin", org: "opcc", what: "Administrator" },
] as const;

/** The demo funding formula's indicators for each CSP: population (2021 census, rounded), recorded crime and a deprivation score (plausible, not real). */
const FORMULA: Record<string, { population: number; crime: number; deprivation: number }> = {
  blaby: { population: 102_900, crime: 6_100, deprivation: 10.2 },
  charnwood: { population: 183_900, crime: 12_400, deprivation: 13.1 },
  harborough: { population: 97_600, crime: 4_300, deprivation: 8.4 },
  "hinckley-bosworth": { population: 113_600, crime: 6_900, deprivation: 12.7 },
  melton: { population: 51_800, crime: 2_900, deprivation: 11.5 },
  "north-west-leicestershire": { population: 104_700, crime: 7_200, deprivation: 13.8 },
  "oadby-wigston": { population: 57_800, crime: 3_300, deprivation: 11.0 },
  "leicester-city": { population: 368_600, crime: 38_500, deprivation: 32.6 },
  rutland: { population: 41_000, crime: 1_500, deprivation: 7.1 },
};

// The councils' ONS codes are real; the GB-LAE identifiers follow the org-id.guide register's
// three-letter codes and should be checked against it before an OPCC publishes 360Giving data.
const CSPS = [
  { code: "blaby", name: "Blaby Community Safety Partnership", council: "Blaby District Council", gss: "E07000129", orgId: "GB-LAE-BLA", allocation: 38_000 },
  { code: "charnwood", name: "Charnwood Community Safety Partnership", council: "Charnwood Borough Council", gss: "E07000130", orgId: "GB-LAE-CHA", allocation: 62_000 },
  { code: "harborough", name: "Harborough Community Safety Partnership", council: "Harborough District Council", gss: "E07000131", orgId: "GB-LAE-HAR", allocation: 30_000 },
  { code: "hinckley-bosworth", name: "Hinckley & Bosworth Community Safety Partnership", council: "Hinckley and Bosworth Borough Council", gss: "E07000132", orgId: "GB-LAE-HIN", allocation: 40_000 },
  { code: "melton", name: "Safer Melton Partnership", council: "Melton Borough Council", gss: "E07000133", orgId: "GB-LAE-MEL", allocation: 31_000 },
  { code: "north-west-leicestershire", name: "Safer North West Leicestershire Partnership", council: "North West Leicestershire District Council", gss: "E07000134", orgId: "GB-LAE-NWL", allocation: 41_000 },
  { code: "oadby-wigston", name: "Oadby & Wigston Community Safety Partnership", council: "Oadby and Wigston Borough Council", gss: "E07000135", orgId: "GB-LAE-OAD", allocation: 29_000 },
  { code: "leicester-city", name: "Safer Leicester Partnership", council: "Leicester City Council", gss: "E06000016", orgId: "GB-LAE-LCE", allocation: 180_000 },
  { code: "rutland", name: "Rutland Community Safety Partnership", council: "Rutland County Council", gss: "E06000017", orgId: "GB-LAE-RUT", allocation: 20_000 },
] as const;

const POLICE_AND_CRIME_PLAN = [
  "Safer communities: anti-social behaviour and neighbourhood crime",
  "Protecting vulnerable people and preventing exploitation",
  "Supporting victims and witnesses",
  "Preventing and reducing crime, including serious violence",
  "Tackling violence against women and girls",
  "Rural and business crime",
];

const STATUTORY_DUTIES = [
  "Reduce reoffending",
  "Tackle substance misuse",
  "Serious violence duty",
  "Prevent",
  "Violence against women and girls (VAWG)",
];

const CSP_PRIORITIES: Record<string, string[]> = {
  melton: ["Drugs and county lines", "ASB and environmental crime", "Rural crime", "Hate crime", "Violent crime"],
  charnwood: ["Anti-social behaviour", "Domestic abuse", "Serious violence and knife crime", "Student safety in Loughborough"],
  "north-west-leicestershire": ["Anti-social behaviour and its causes", "Protecting people from violence", "Cybercrime"],
};

/** £ with up to four decimal places → ten-thousandths, exactly. */
const price = (pounds: string) => {
  const [whole, fraction = ""] = pounds.split(".");
  return Number(whole) * 10000 + Number(fraction.padEnd(4, "0"));
};
const pence = (pounds: number) => Math.round(pounds * 100);

interface SeedBid {
  csp: string;
  round: "annual" | "ss5";
  status: "draft" | "submitted" | "withdrawn";
  title: string;
  summary: string;
  need: string;
  activities: string;
  deliveryPartners: string;
  locations: string;
  startDate: string;
  endDate: string;
  priorities: string[];
  costs: { description: string; quantity: number; unitPrice: string; type: "capital" | "revenue"; recurrence: "one_off" | "recurring"; year: number }[];
  match?: { source: string; kind: "cash" | "in_kind"; pounds: number }[];
  outcomes: { measure: string; unit: string; baseline: string; target: string; targetDate: string }[];
  risks: { description: string; likelihood: number; impact: number; mitigation: string }[];
  milestones?: { year: number; quarter: number; description: string }[];
  personalData: boolean;
  dpiaCompleted?: boolean;
  equality: string;
  submittedAt?: string;
}

const PCP = (n: number) => `pcp:${POLICE_AND_CRIME_PLAN[n]}`;
const STAT = (n: number) => `stat:${STATUTORY_DUTIES[n]}`;
const OWN = (name: string) => `own:${name}`;

const MELTON_ANNUAL: SeedBid[] = [
  {
    csp: "melton", round: "annual", status: "submitted",
    title: "Safer Communities and Partnership Officer",
    summary: "Part-fund the Safer Communities and Partnership Officer who supports the Safer Melton Partnership, its action plan and partner collaboration.",
    need: "The 2022/23 restructure showed the partnership needs a dedicated lead officer: partner attendance had fallen and the SMART retail scheme had lapsed after COVID.",
    activities: "Support the Safer Melton Partnership and its action plan; develop relationships with partners; run engagement events; coordinate SMART and the DISC app.",
    deliveryPartners: "Melton Borough Council; Leicestershire Police; Safer Melton Partnership members",
    locations: "Borough-wide, Melton",
    startDate: "2023-04-01", endDate: "2024-03-31",
    priorities: [PCP(0), PCP(3), OWN("ASB and environmental crime"), OWN("Drugs and county lines")],
    costs: [{ description: "Safer Communities and Partnership Officer: salary and on-costs, 2023-24", quantity: 1, unitPrice: "30924", type: "revenue", recurrence: "recurring", year: 2023 }],
    match: [{ source: "Melton Borough Council", kind: "cash", pounds: 15462 }],
    outcomes: [
      { measure: "Partner agencies attending Safer Melton Partnership meetings", unit: "agencies", baseline: "6", target: "10", targetDate: "2024-03-31" },
      { measure: "Community engagement events held", unit: "events", baseline: "4", target: "12", targetDate: "2024-03-31" },
    ],
    risks: [{ description: "Post becomes vacant", likelihood: 2, impact: 3, mitigation: "Duties covered by the Strategic Lead for Safer Communities while recruiting." }],
    milestones: [{ year: 2023, quarter: 2, description: "Partnership relaunch workshop and action plan agreed" }, { year: 2023, quarter: 4, description: "Annual report to Scrutiny Committee" }],
    personalData: false, equality: "Engagement events are held across the borough, including rural villages, with accessible venues.",
    submittedAt: "2023-06-14T10:12:00.000Z",
  },
  {
    csp: "melton", round: "annual", status: "submitted",
    title: "DISC app for Safer Melton Against Retail Theft (SMART)",
    summary: "A mobile app for SMART members to share information and report incidents to the council and police without a paper form, compliant with GDPR.",
    need: "SMART membership dwindled after COVID, and the old information-sharing arrangements were not GDPR compliant.",
    activities: "Buy and set up the DISC app for SMART members; train members; accept referrals only through DISC.",
    deliveryPartners: "Melton BID; Leicestershire Police; town centre retailers",
    locations: "Melton Mowbray town centre",
    startDate: "2023-05-01", endDate: "2024-03-31",
    priorities: [PCP(5), PCP(0), OWN("ASB and environmental crime")],
    costs: [{ description: "DISC app licence and set-up", quantity: 1, unitPrice: "1270", type: "revenue", recurrence: "recurring", year: 2023 }],
    outcomes: [{ measure: "Businesses actively using DISC", unit: "businesses", baseline: "0", target: "30", targetDate: "2024-03-31" }],
    risks: [{ description: "Low take-up by retailers", likelihood: 3, impact: 2, mitigation: "Launch through SMART meetings and visits by the partnership officer." }],
    personalData: true, dpiaCompleted: true, equality: "No adverse impact identified; the app is free to members.",
    submittedAt: "2023-06-14T10:20:00.000Z",
  },
  {
    csp: "melton", round: "annual", status: "submitted",
    title: "Play Close CCTV",
    summary: "CCTV coverage of Play Close skate park and the path to the leisure centre.",
    need: "Young people asked for safety improvements at the skate park during the May 2023 engagement event; ASB reports cluster here.",
    activities: "Install a CCTV camera connected to the council's CCTV system.",
    deliveryPartners: "Melton Mowbray Town Estate",
    locations: "Play Close park, Melton Mowbray",
    startDate: "2023-07-01", endDate: "2023-12-31",
    priorities: [PCP(0), OWN("ASB and environmental crime"), OWN("Violent crime")],
    costs: [{ description: "CCTV camera, supply and installation at Play Close", quantity: 1, unitPrice: "4843", type: "capital", recurrence: "one_off", year: 2023 }],
    outcomes: [{ measure: "ASB incidents reported at Play Close", unit: "incidents a quarter", baseline: "18", target: "12", targetDate: "2024-03-31" }],
    risks: [{ description: "Installation delayed by land permissions", likelihood: 2, impact: 2, mitigation: "Melton Mowbray Town Estate has agreed the site in principle." }],
    personalData: true, dpiaCompleted: true, equality: "Improves safety for all park users; signage tells people they are filmed.",
    submittedAt: "2023-06-14T10:31:00.000Z",
  },
  {
    csp: "melton", round: "annual", status: "submitted",
    title: "WCCTV help point and standard support package",
    summary: "A help point linked to an existing camera so that people can call for help.",
    need: "Supports the duty to prevent serious violence and VAWG in the night-time economy.",
    activities: "Install a WCCTV help point with the standard support package on an existing camera.",
    deliveryPartners: "WCCTV",
    locations: "Melton Mowbray town centre",
    startDate: "2023-07-01", endDate: "2024-03-31",
    priorities: [PCP(4), STAT(4), OWN("Violent crime")],
    costs: [
      { description: "WCCTV help point and standard support package", quantity: 1, unitPrice: "3000", type: "capital", recurrence: "one_off", year: 2023 },
      { description: "Installation with existing camera", quantity: 1, unitPrice: "1850", type: "capital", recurrence: "one_off", year: 2023 },
    ],
    outcomes: [{ measure: "Help point activations answered", unit: "percent", baseline: "0", target: "100", targetDate: "2024-03-31" }],
    risks: [{ description: "Help point misused", likelihood: 3, impact: 1, mitigation: "Calls answered by CCTV control room; misuse logged and reviewed." }],
    personalData: true, dpiaCompleted: true, equality: "Help point is at wheelchair height with audio and visual signals.",
    submittedAt: "2023-06-14T10:40:00.000Z",
  },
  {
    csp: "melton", round: "annual", status: "submitted",
    title: "Convex mirrors at four sites",
    summary: "450mm convex mirrors at Beckmill Court, Chapel Street, King Street and Greenslade to remove blind spots.",
    need: "Residents report feeling unsafe at blind corners where ASB and drug dealing take place.",
    activities: "Buy and fit 20 convex mirrors across four sites.",
    deliveryPartners: "Melton Borough Council tenancy services",
    locations: "Beckmill Court, Chapel Street, King Street and Greenslade",
    startDate: "2023-07-01", endDate: "2023-09-30",
    priorities: [PCP(0), OWN("ASB and environmental crime"), OWN("Drugs and county lines")],
    costs: [{ description: "450mm diameter convex mirror", quantity: 20, unitPrice: "38.39", type: "capital", recurrence: "one_off", year: 2023 }],
    outcomes: [{ measure: "Residents at the four sites who feel safe", unit: "percent", baseline: "48", target: "65", targetDate: "2024-03-31" }],
    risks: [{ description: "Mirrors vandalised", likelihood: 3, impact: 1, mitigation: "Vandal-resistant fixings; replacements from the council's repairs budget." }],
    personalData: false, equality: "Benefits all residents; no adverse impact.",
    submittedAt: "2023-06-14T10:52:00.000Z",
  },
  {
    csp: "melton", round: "annual", status: "submitted",
    title: "Drink Safe",
    summary: "Drink-spiking testing strips and drink covers for licensed premises and events.",
    need: "Reports of drink spiking in the night-time economy; part of the VAWG duty.",
    activities: "Buy 1,000 testing strips and 10,000 drink covers and distribute them through licensed premises and events.",
    deliveryPartners: "Licensed premises; Leicestershire Police licensing team",
    locations: "Melton Mowbray town centre licensed premises",
    startDate: "2023-09-01", endDate: "2024-03-31",
    priorities: [PCP(4), STAT(4), OWN("Violent crime")],
    costs: [
      { description: "Drink-spiking testing strips", quantity: 1000, unitPrice: "1.50", type: "revenue", recurrence: "one_off", year: 2023 },
      { description: "Drink covers", quantity: 10000, unitPrice: "0.1535", type: "revenue", recurrence: "one_off", year: 2023 },
    ],
    outcomes: [{ measure: "Licensed premises distributing covers and strips", unit: "premises", baseline: "0", target: "20", targetDate: "2024-03-31" }],
    risks: [{ description: "Premises do not take part", likelihood: 3, impact: 2, mitigation: "Promoted through Pubwatch and licensing visits." }],
    personalData: false, equality: "Aimed at everyone using the night-time economy; materials in plain English.",
    submittedAt: "2023-06-14T11:03:00.000Z",
  },
];

const SS5 = (title: string, summary: string, costs: SeedBid["costs"], extra: Partial<SeedBid> = {}): SeedBid => ({
  csp: "melton", round: "ss5", status: "draft", title, summary,
  need: "Melton is one of two LLR partnerships selected for Safer Streets 5 on neighbourhood crime, ASB and VAWG in public places.",
  activities: summary, deliveryPartners: "Melton Borough Council", locations: "Melton Mowbray",
  startDate: "2023-10-01", endDate: "2025-03-31",
  priorities: [PCP(0), OWN("ASB and environmental crime")],
  costs,
  outcomes: [{ measure: "Neighbourhood crime in the project area", unit: "crimes a quarter", baseline: "40", target: "32", targetDate: "2025-03-31" }],
  risks: [{ description: "Supplier delays", likelihood: 3, impact: 2, mitigation: "Order early through the council's framework suppliers." }],
  personalData: false, equality: "Designed with residents; no adverse impact identified.",
  ...extra,
});

const MELTON_SS5: SeedBid[] = [
  SS5("Solar lighting at Play Close Park", "12 solar lights, 6 around the skate park and 6 along the path to the leisure centre, with a 5-year maintenance package.", [
    { description: "Solar light, supplied and installed", quantity: 12, unitPrice: "3250", type: "capital", recurrence: "one_off", year: 2023 },
    { description: "5-year maintenance package", quantity: 1, unitPrice: "6000", type: "revenue", recurrence: "one_off", year: 2024 },
  ], { deliveryPartners: "Melton Mowbray Town Estate", locations: "Play Close Park" }),
  SS5("Additional CCTV at Beckmill Court and solar deployable cameras", "3 permanent CCTV cameras at Beckmill Court connected to the main system, and 3 solar deployable cameras to target fly-tipping.", [
    { description: "Permanent CCTV camera, installed and connected", quantity: 3, unitPrice: "8500", type: "capital", recurrence: "one_off", year: 2023 },
    { description: "Solar deployable camera", quantity: 3, unitPrice: "6200", type: "capital", recurrence: "one_off", year: 2024 },
  ], { personalData: true, dpiaCompleted: true, locations: "Beckmill Court and fly-tipping hotspots" }),
  SS5("Target hardening", "Video doorbells, window and door alarms and personal alarms for the residents most in need, delivered by a third party.", [
    { description: "Video doorbell", quantity: 150, unitPrice: "120", type: "capital", recurrence: "one_off", year: 2023 },
    { description: "Window and door alarm kit", quantity: 200, unitPrice: "35", type: "capital", recurrence: "one_off", year: 2024 },
    { description: "Personal alarm", quantity: 300, unitPrice: "6.50", type: "revenue", recurrence: "one_off", year: 2024 },
    { description: "Delivery partner: assessment and fitting", quantity: 1, unitPrice: "12000", type: "revenue", recurrence: "one_off", year: 2024 },
  ], { deliveryPartners: "Third-party target hardening provider" }),
  SS5("Buddy by M", "A 24-month mentoring intervention for adults and children who need extra support.", [
    { description: "Buddy by M mentoring service, 2023-24", quantity: 1, unitPrice: "20000", type: "revenue", recurrence: "recurring", year: 2023 },
    { description: "Buddy by M mentoring service, 2024-25", quantity: 1, unitPrice: "60000", type: "revenue", recurrence: "recurring", year: 2024 },
  ], { personalData: true, dpiaCompleted: true, priorities: [PCP(1), STAT(0)] }),
  SS5("Body cameras and training for officers", "Body-worn cameras and training to manage risk in confrontational situations and resolve ASB.", [
    { description: "Body-worn camera", quantity: 10, unitPrice: "450", type: "capital", recurrence: "one_off", year: 2023 },
    { description: "Docking station and software", quantity: 1, unitPrice: "1200", type: "capital", recurrence: "one_off", year: 2023 },
    { description: "Conflict management training, per officer", quantity: 12, unitPrice: "650", type: "revenue", recurrence: "one_off", year: 2024 },
  ], { personalData: true, dpiaCompleted: true }),
];

const OTHER_BIDS: SeedBid[] = [
  {
    csp: "charnwood", round: "annual", status: "submitted", title: "Loughborough night-time economy street pastors",
    summary: "Street pastors on Friday and Saturday nights in Loughborough town centre.",
    need: "Violence and vulnerability in the night-time economy, especially among students.",
    activities: "Fund training, equipment and coordination for street pastor patrols.", deliveryPartners: "Loughborough Street Pastors",
    locations: "Loughborough town centre", startDate: "2023-04-01", endDate: "2024-03-31",
    priorities: [PCP(3), PCP(4), OWN("Student safety in Loughborough")],
    costs: [{ description: "Coordinator and training", quantity: 1, unitPrice: "14500", type: "revenue", recurrence: "recurring", year: 2023 }, { description: "Patrol kit", quantity: 20, unitPrice: "87.25", type: "revenue", recurrence: "one_off", year: 2023 }],
    outcomes: [{ measure: "Vulnerable people helped on patrol", unit: "people", baseline: "220", target: "300", targetDate: "2024-03-31" }],
    risks: [{ description: "Volunteer numbers fall", likelihood: 3, impact: 2, mitigation: "Recruitment through churches and the university." }],
    personalData: false, equality: "Patrols help anyone in need.", submittedAt: "2023-06-01T09:00:00.000Z",
  },
  {
    csp: "charnwood", round: "annual", status: "draft", title: "Domestic abuse awareness in workplaces",
    summary: "Training for employers to recognise and respond to domestic abuse.", need: "", activities: "", deliveryPartners: "",
    locations: "Charnwood", startDate: "2023-09-01", endDate: "2024-03-31",
    priorities: [OWN("Domestic abuse")],
    costs: [{ description: "Training sessions", quantity: 8, unitPrice: "600", type: "revenue", recurrence: "one_off", year: 2023 }],
    outcomes: [], risks: [], personalData: false, equality: "",
  },
  {
    csp: "charnwood", round: "annual", status: "withdrawn", title: "Shepshed youth diversion football",
    summary: "Friday night football for young people at risk of ASB.", need: "ASB reports in Shepshed.", activities: "Weekly sessions.",
    deliveryPartners: "Charnwood Community Sport", locations: "Shepshed", startDate: "2023-05-01", endDate: "2024-03-31",
    priorities: [PCP(0)], costs: [{ description: "Coaching sessions", quantity: 40, unitPrice: "95", type: "revenue", recurrence: "recurring", year: 2023 }],
    outcomes: [{ measure: "Young people attending", unit: "people", baseline: "0", target: "40", targetDate: "2024-03-31" }],
    risks: [{ description: "Low attendance", likelihood: 3, impact: 2, mitigation: "Promote through schools." }],
    personalData: true, dpiaCompleted: false, equality: "Open to all young people.", submittedAt: "2023-06-05T09:00:00.000Z",
  },
  {
    csp: "blaby", round: "annual", status: "submitted", title: "Fosse Park retail crime partnership",
    summary: "Radio link and training for Fosse Park retailers.", need: "Shop theft at Fosse Park.", activities: "Radio scheme and training.",
    deliveryPartners: "Fosse Park management", locations: "Fosse Park", startDate: "2023-04-01", endDate: "2024-03-31",
    priorities: [PCP(5)], costs: [{ description: "Radio scheme licences", quantity: 45, unitPrice: "180", type: "revenue", recurrence: "recurring", year: 2023 }],
    outcomes: [{ measure: "Shop thefts reported", unit: "a month", baseline: "140", target: "120", targetDate: "2024-03-31" }],
    risks: [{ description: "Retailers leave the scheme", likelihood: 2, impact: 2, mitigation: "Quarterly retailer meetings." }],
    personalData: true, dpiaCompleted: true, equality: "No adverse impact.", submittedAt: "2023-05-20T09:00:00.000Z",
  },
  {
    csp: "leicester-city", round: "annual", status: "submitted", title: "Knife crime prevention in schools",
    summary: "Workshops for Year 8 and 9 pupils.", need: "Serious youth violence in the city.", activities: "Workshops in 30 schools.",
    deliveryPartners: "Violence Reduction Network", locations: "Leicester secondary schools", startDate: "2023-09-01", endDate: "2024-03-31",
    priorities: [PCP(3), STAT(2)], costs: [{ description: "Workshop", quantity: 60, unitPrice: "750", type: "revenue", recurrence: "one_off", year: 2023 }],
    outcomes: [{ measure: "Pupils reached", unit: "pupils", baseline: "0", target: "5000", targetDate: "2024-03-31" }],
    risks: [{ description: "Schools cannot timetable sessions", likelihood: 3, impact: 2, mitigation: "Book through the education partnership in the summer term." }],
    personalData: false, equality: "Sessions adapted for SEND pupils.", submittedAt: "2023-06-20T09:00:00.000Z",
  },
  {
    csp: "north-west-leicestershire", round: "annual", status: "draft", title: "Download festival safety team",
    summary: "Partnership safety team at the Download festival.", need: "", activities: "", deliveryPartners: "",
    locations: "Donington Park", startDate: "2023-06-01", endDate: "2023-06-30", priorities: [],
    costs: [], outcomes: [], risks: [], personalData: false, equality: "",
  },
];

/**
 * Inserts the demo data into an empty, migrated database: the records as they stood when the bids
 * were submitted, then (unless `stage` is "submitted") the OPCC's review and decisions, made through
 * the portal's own functions on the `db()` connection. Returns the number of bids made.
 */
export async function seedDemoData(database: Db, { stage = "decided", today = new Date() }: { stage?: "submitted" | "decided"; today?: Date } = {}): Promise<number> {
  // Hash outside the transaction: a better-sqlite3 transaction must not await.
  const hashed = await Promise.all(DEMO_SIGN_INS.map(() => hashPassword(DEMO_PASSWORD)));
  if (stage === "decided" && database !== db()) throw new Error("The demo's review and decisions are made on the db() connection: seed the database at DATABASE_PATH.");
  // One transaction around the whole demo (the portal's own transactions nest as savepoints), so a
  // failure leaves the database empty and the next start seeds it again.
  const made = database.$client.transaction(() => {
    const made = database.transaction((tx) => seedRows(tx, hashed, today));
    if (stage === "decided") seedDemoOutcomes();
    return made;
  })();
  if (stage === "decided") await seedAfterAward(today);
  return made;
}

/**
 * After the award, on the offers seedDemoOutcomes accepted: evidence files on Melton's 2023-24
 * returns (uploaded while the returns are open, so before they are filed; file work is async and
 * so outside any transaction), then the returns filed, queried and accepted quarter by quarter, then
 * the payments made against them (two Safer Streets 5 final instalments left unpaid), then the
 * OPCC's query still open on a final return (after the payments: a query holds unpaid instalments), then
 * the 2023-24 underspends returned (their clawbacks invoiced and received) or carried forward
 * (db/seed-underspends.ts), 2023-24 closed, and Melton's 2023-24 scrutiny report introduced by its
 * lead (db/seed-reports.ts). The bids and decisions are already committed by then, so a
 * failure here cannot leave the database empty for the next start to seed again: it says what to do.
 */
async function seedAfterAward(today: Date) {
  try {
    await seedDemoEvidence(demoEvidenceTargets());
    db().$client.transaction(() => {
      seedDemoVirements();
      seedDemoReturns();
      seedDemoPayments({ today: ukDate(today), leaveUnpaid: DEMO_UNPAID });
      seedDemoQueries();
      seedDemoExtensionRequest();
      seedDemoUnderspends();
    })();
    // Last: 2023-24 closed by OPCC finance once its checklist is clear (db/seed-year-end.ts).
    const closed = closeDemoYear();
    if (closed.kind === "skipped") throw new Error(`2023-24 could not be closed: ${closed.reason}`);
    // Then Melton's lead introduces its 2023-24 scrutiny report (db/seed-reports.ts).
    seedDemoScrutinyIntroduction();
  } catch (error) {
    throw new Error(
      `The demo's returns, evidence files and payments could not be made: ${error instanceof Error ? error.message : String(error)}. ` +
        `Delete the database (${databasePath()}) and its evidence folder, then start again.`,
    );
  }
}

/** Every other one of Melton's 2023-24 annual returns gets files, uploaded by the Melton lead. */
function demoEvidenceTargets(): { returnId: number; userId: number }[] {
  const lead = db().select({ id: s.users.id }).from(s.users).where(eq(s.users.email, DEMO_SIGN_INS[0].email)).get()!.id;
  const returns = db()
    .select({ id: s.grantReturns.id })
    .from(s.grantReturns)
    .innerJoin(s.grants, eq(s.grants.id, s.grantReturns.grantId))
    .innerJoin(s.bids, eq(s.bids.id, s.grants.bidId))
    .innerJoin(s.rounds, eq(s.rounds.id, s.bids.roundId))
    .where(eq(s.rounds.name, "CSP annual allocation 2023-24"))
    .orderBy(asc(s.grantReturns.grantId), asc(s.grantReturns.startYear), asc(s.grantReturns.quarter))
    .all();
  return returns.filter((_, i) => i % 2 === 0).map((r) => ({ returnId: r.id, userId: lead }));
}

/** How long the demo's current round stays open from the day it is seeded. */
export const CURRENT_ROUND_WEEKS = 8;

/** The demo's round for the financial year it is seeded in, named like the 2023-24 one. */
export const currentRoundName = (today: Date) => `CSP annual allocation ${financialYearBounds(financialYearStartYear(ukDate(today))).label}`;

function seedRows(tx: Tx, hashed: string[], today: Date): number {
  const now = "2023-04-01T09:00:00.000Z";
  const opcc = tx.insert(s.organisations).values({ kind: "opcc", code: "opcc", name: "Office of the Police and Crime Commissioner for Leicestershire" }).returning().get();
  const csp: Record<string, number> = {};
  for (const c of CSPS) {
    csp[c.code] = tx.insert(s.organisations).values({ kind: "csp", code: c.code, name: c.name, accountableCouncil: c.council, councilGssCode: c.gss, councilOrgId: c.orgId }).returning().get().id;
  }
  for (const partner of ["Melton Mowbray Town Estate", "Turning Point", "Living Without Abuse", "Violence Reduction Network"]) {
    tx.insert(s.organisations).values({ kind: "partner", code: partner.toLowerCase().replace(/[^a-z]+/g, "-"), name: partner }).run();
  }
  const orgId = (code: string) => (code === "opcc" ? opcc.id : csp[code]);
  const userIds: number[] = DEMO_SIGN_INS.map((u, i) =>
    tx.insert(s.users).values({ email: u.email, name: u.name, role: u.role, organisationId: orgId(u.org), passwordHash: hashed[i], createdAt: now }).returning().get().id,
  );
  const adminId = userIds[DEMO_SIGN_INS.findIndex((u) => u.role === "admin")];
  const leadFor: Record<string, number> = { melton: userIds[0], charnwood: userIds[1] };

  const fy: Record<number, number> = {};
  // The demo's history, and the financial year it is seeded in (whatever year that is).
  const currentYear = financialYearStartYear(ukDate(today));
  for (const start of [...new Set([2023, 2024, 2025, currentYear])].sort((a, b) => a - b)) {
    const b = financialYearBounds(start);
    fy[start] = tx.insert(s.financialYears).values({ label: b.label, startsOn: b.startsOn, endsOn: b.endsOn, status: "open" }).returning().get().id;
  }

  const annualStream = tx.insert(s.fundingStreams).values({
    code: "csp-annual", name: "Annual CSP allocation", description: "Each partnership bids annually against its provisional allocation.",
    maySpanYears: false, maxDurationMonths: 12, matchFundingRequired: false, certificationRequired: true,
  }).returning().get();
  const ss5Stream = tx.insert(s.fundingStreams).values({
    code: "safer-streets-5", name: "Safer Streets 5", description: "Home Office funding through the OPCC: neighbourhood crime, ASB and VAWG in public places, 1 October 2023 to 31 March 2025.",
    // Delivered over 18 months, with room for a time extension of up to six more (the demo's Beckmill Court asks for three; decision record 023).
    maySpanYears: true, maxDurationMonths: 24, matchFundingRequired: false,
  }).returning().get();

  const annualPot = CSPS.reduce((n, c) => n + c.allocation, 0);
  const annual = tx.insert(s.rounds).values({
    streamId: annualStream.id, financialYearId: fy[2023], name: "CSP annual allocation 2023-24",
    opensOn: "2023-04-01", closesOn: "2023-07-31", totalPotPence: pence(annualPot), status: "open",
  }).returning().get();
  const ss5 = tx.insert(s.rounds).values({
    streamId: ss5Stream.id, financialYearId: fy[2023], name: "Safer Streets 5",
    opensOn: "2023-08-01", closesOn: "2023-12-31", totalPotPence: pence(1_000_000), status: "open",
  }).returning().get();
  for (const c of CSPS) tx.insert(s.allocations).values({ roundId: annual.id, cspId: csp[c.code], amountPence: pence(c.allocation) }).run();
  // This year's annual round: open from the day the database is seeded for eight weeks, with the
  // same allocations as 2023-24 (Melton £31,000) and the same formula.
  const opensOn = ukDate(today);
  const current = tx.insert(s.rounds).values({
    streamId: annualStream.id, financialYearId: fy[currentYear], name: currentRoundName(today),
    opensOn, closesOn: toIsoDate(addDays(parseIsoDate(opensOn), CURRENT_ROUND_WEEKS * 7)), totalPotPence: pence(annualPot), status: "open",
  }).returning().get();
  for (const c of CSPS) tx.insert(s.allocations).values({ roundId: current.id, cspId: csp[c.code], amountPence: pence(c.allocation) }).run();
  for (const code of ["melton", "charnwood"]) tx.insert(s.allocations).values({ roundId: ss5.id, cspId: csp[code], amountPence: pence(300_000) }).run();
  // Thames Valley's weighting (DOMAIN.md): population 50, recorded crime 25, deprivation 25.
  const indicators = [
    { key: "population", label: "Population", weight: 50 },
    { key: "crime", label: "Recorded crime", weight: 25 },
    { key: "deprivation", label: "Deprivation score", weight: 25 },
  ] as const;
  for (const roundId of [annual.id, current.id]) {
    indicators.forEach((indicator, position) => {
      const id = tx.insert(s.formulaIndicators).values({ roundId, ...indicator, position }).returning().get().id;
      for (const c of CSPS) tx.insert(s.formulaValues).values({ indicatorId: id, cspId: csp[c.code], value: FORMULA[c.code][indicator.key] }).run();
    });
  }

  const priorityId: Record<string, number> = {};
  POLICE_AND_CRIME_PLAN.forEach((name, position) => {
    priorityId[`pcp:${name}`] = tx.insert(s.priorities).values({ kind: "police_and_crime_plan", name, position }).returning().get().id;
  });
  STATUTORY_DUTIES.forEach((name, position) => {
    priorityId[`stat:${name}`] = tx.insert(s.priorities).values({ kind: "statutory", name, position }).returning().get().id;
  });
  for (const [code, names] of Object.entries(CSP_PRIORITIES)) {
    names.forEach((name, position) => {
      priorityId[`own:${code}:${name}`] = tx.insert(s.priorities).values({ kind: "csp", cspId: csp[code], name, position }).returning().get().id;
    });
  }

  const all = [...MELTON_ANNUAL, ...MELTON_SS5, ...OTHER_BIDS];
  for (const bid of all) {
    const userId = leadFor[bid.csp] ?? adminId;
    const created = bid.submittedAt ?? now;
    const row = tx.insert(s.bids).values({
      roundId: bid.round === "annual" ? annual.id : ss5.id,
      cspId: csp[bid.csp],
      status: bid.status,
      version: bid.status === "draft" ? 1 : 2,
      title: bid.title, summary: bid.summary, need: bid.need, activities: bid.activities,
      deliveryPartners: bid.deliveryPartners, locations: bid.locations,
      startDate: bid.startDate, endDate: bid.endDate,
      holdsPersonalData: bid.status === "draft" && !bid.equality ? null : bid.personalData,
      dpiaCompleted: bid.personalData ? (bid.dpiaCompleted ?? null) : null,
      equalityImpact: bid.equality,
      createdBy: userId, createdAt: created, updatedBy: userId, updatedAt: created,
      submittedAt: bid.status === "draft" ? null : (bid.submittedAt ?? null),
    }).returning().get();
    for (const key of bid.priorities) {
      const id = key.startsWith("own:") ? priorityId[`own:${bid.csp}:${key.slice(4)}`] : priorityId[key];
      if (!id) throw new Error(`Seed priority not found: ${key}`);
      tx.insert(s.bidPriorities).values({ bidId: row.id, priorityId: id }).run();
    }
    bid.costs.forEach((c, position) => {
      tx.insert(s.bidCostLines).values({
        bidId: row.id, position, description: c.description, quantityHundredths: c.quantity * 100,
        unitPriceTenThousandths: price(c.unitPrice), expenditureType: c.type, recurrence: c.recurrence, financialYearId: fy[c.year],
      }).run();
    });
    (bid.match ?? []).forEach((m, position) => {
      tx.insert(s.bidMatchFunding).values({ bidId: row.id, position, source: m.source, kind: m.kind, amountPence: pence(m.pounds) }).run();
    });
    bid.outcomes.forEach((o, position) => tx.insert(s.bidOutcomes).values({ bidId: row.id, position, ...o }).run());
    bid.risks.forEach((r, position) => tx.insert(s.bidRisks).values({ bidId: row.id, position, ...r }).run());
    (bid.milestones ?? []).forEach((m, position) => {
      tx.insert(s.bidMilestones).values({ bidId: row.id, position, financialYearId: fy[m.year], quarter: m.quarter, description: m.description }).run();
    });
    recordAudit(tx, { userId, action: "bid.created", entityType: "bid", entityId: row.id, bidId: row.id, cspId: row.cspId, after: { title: bid.title, status: "draft", source: "demo data" } }, created);
    if (bid.status !== "draft") {
      recordAudit(tx, { userId, action: "bid.submitted", entityType: "bid", entityId: row.id, bidId: row.id, cspId: row.cspId, before: { status: "draft" }, after: { status: "submitted", submission: 1 } }, created);
      tx.insert(s.bidSubmissions).values({ bidId: row.id, number: 1, submittedAt: created, submittedBy: userId, snapshot: snapshotOf(getBidDetail(row.id, tx)!) }).run();
    }
    if (bid.status === "withdrawn") {
      recordAudit(tx, { userId, action: "bid.withdrawn", entityType: "bid", entityId: row.id, bidId: row.id, cspId: row.cspId, before: { status: "submitted" }, after: { status: "withdrawn" } }, created);
    }
  }
  return all.length;
}

export function isEmpty(database: Db): boolean {
  return database.get<{ n: number }>(sql`select count(*) as n from organisations`).n === 0;
}

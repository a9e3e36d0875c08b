import { and, asc, eq, isNull } from "drizzle-orm";
import { db } from "../app/data/db.server";
import { certifyReturn, saveReturn, submitReturn, type ReturnInput } from "../app/data/return-editing.server";
import { acceptReturn, queryReturn } from "../app/data/return-reviews.server";
import { loadReturn, type ReturnDetail } from "../app/data/returns.server";
import { formatPence } from "../app/domain/money";
import type { MilestoneProgress, Rag } from "./schema/returns";
import * as s from "./schema";

/**
 * The demo's quarterly returns, made through the portal's own functions at past dates, for the
 * grants whose offers have been accepted (db/seed-offers.ts accepts them):
 *
 * - Melton's 2023-24 annual grants: four quarters of returns with the spend a council would really
 *   report (the officer's salary each quarter, with the pay award's back pay in Q2; the DISC app's
 *   licence paid a year in advance; Play Close CCTV bought in one go in Q2), outcome actuals and
 *   milestone progress. The first quarter's returns go in late (due 30 days after the offers were
 *   accepted, they went in in September); the officer's second quarter is queried by the OPCC and resubmitted; the rest
 *   are accepted. David Scott, Melton's Finance Manager, certifies each one's spend, as the annual
 *   stream asks. Two come in under budget: the convex mirrors cost £128.80 less than approved
 *   (beyond the 10% tolerance) and Drink Safe's covers £142.50 less (within it).
 * - Safer Streets 5 grants: six quarters across 2023-24 and 2024-25, spent as the projects bought
 *   (behind or ahead of the profile, with the reasons), the first five accepted. The last differs
 *   by grant: the body cameras' submitted and waiting for the OPCC, target hardening's submitted
 *   (seedDemoQueries, called after the payments, queries it), Beckmill's and the solar lighting's
 *   still in progress (so overdue). Target hardening's doorbells (2023-24) spend £1,500.00 less than
 *   approved, which db/seed-underspends.ts carries forward into 2024-25's alarm kits, where the
 *   2024-25 Q2 return spends it.
 *
 * Call `seedDemoReturns()` on the db() connection after the decisions (seedDemoOutcomes) and the
 * offers' acceptance, then seedDemoPayments (db/seed-payments.ts), then `seedDemoQueries()`. A return already begun is left alone, so calling it twice changes nothing.
 */

const at = (date: string, time = "10:00") => `${date}T${time}:00.000Z`;
const userId = (email: string) => db().select({ id: s.users.id }).from(s.users).where(eq(s.users.email, email)).get()?.id;

function must<T extends { kind: string }>(result: T, step: string): T {
  if (result.kind !== "saved") throw new Error(`Demo returns: ${step} was refused: ${JSON.stringify(result)}`);
  return result;
}

/** The accepted, standing grants of a round (by name), optionally of one partnership, oldest first. */
function acceptedGrants(roundName: string, cspCode?: string) {
  return db()
    .select({ id: s.grants.id, title: s.bids.title, cspId: s.grants.cspId })
    .from(s.grants)
    .innerJoin(s.bids, eq(s.bids.id, s.grants.bidId))
    .innerJoin(s.rounds, eq(s.rounds.id, s.bids.roundId))
    .innerJoin(s.organisations, eq(s.organisations.id, s.grants.cspId))
    .where(and(eq(s.rounds.name, roundName), eq(s.grants.offerStatus, "accepted"), isNull(s.grants.withdrawnAt), cspCode ? eq(s.organisations.code, cspCode) : undefined))
    .orderBy(asc(s.grants.id))
    .all();
}

function grantReturnIds(grantId: number): number[] {
  return db().select({ id: s.grantReturns.id }).from(s.grantReturns).where(eq(s.grantReturns.grantId, grantId)).orderBy(asc(s.grantReturns.startYear), asc(s.grantReturns.quarter)).all().map((r) => r.id);
}

const pence = (pounds: number) => Math.round(pounds * 100);

/** What one quarter's return says. */
interface QuarterPlan {
  /**
   * Actual spend per cost line, by description (pounds), and why it differs from the profile.
   * `saving`: what is left of the line's budget will not be spent, so nothing more is forecast.
   */
  spend: Record<string, { pounds: number; why?: string; saving?: true }>;
  outcomes: Record<string, string>;
  milestones?: Record<string, MilestoneProgress>;
  spendRag: Rag;
  spendWhy: string;
  deliveryRag: Rag;
  deliveryWhy: string;
  wentWell: string;
  didNotGoWell: string;
  nextSteps: string;
}

/**
 * The return as the plan fills it in. Forecasts are what is left of each line's budget, spread
 * over the grant's quarters still to come in the line's year (nothing once it is spent).
 */
function inputFor(r: ReturnDetail, plan: QuarterPlan): ReturnInput {
  return {
    lines: r.lines.map((l) => {
      const given = plan.spend[l.description];
      if (!given) throw new Error(`Demo returns: no spend planned for "${l.description}" in ${r.title}, ${r.label}`);
      const actual = pence(given.pounds);
      const left = given.saving ? 0 : Math.max(0, l.budgetPence - l.spentBeforePence - actual);
      const later = l.forecasts.filter((f) => f.profilePence > 0);
      return {
        costLineId: l.costLineId,
        actualPence: actual,
        varianceExplanation: given.why ?? "",
        forecasts: l.forecasts.map((f) => {
          const i = later.indexOf(f);
          if (i === -1) return { startYear: f.startYear, quarter: f.quarter, amountPence: 0 };
          const each = Math.floor(left / later.length);
          return { startYear: f.startYear, quarter: f.quarter, amountPence: i === later.length - 1 ? left - each * (later.length - 1) : each };
        }),
      };
    }),
    outcomes: r.outcomes.map((o) => ({ outcomeId: o.outcomeId, actualToDate: plan.outcomes[o.measure] ?? null, comment: "" })),
    milestones: r.milestones.map((m) => ({ milestoneId: m.milestoneId, progress: plan.milestones?.[m.description] ?? "on_track", comment: "" })),
    spendRag: plan.spendRag,
    spendRagReason: plan.spendWhy,
    deliveryRag: plan.deliveryRag,
    deliveryRagReason: plan.deliveryWhy,
    wentWell: plan.wentWell,
    didNotGoWell: plan.didNotGoWell,
    nextSteps: plan.nextSteps,
  };
}

interface Timeline {
  /** The lead fills it in, the council certifies (if asked) and the lead submits, on these days. */
  saved: string;
  certified?: string;
  submitted?: string;
  /** The OPCC's query and the partnership's answer, resubmitted (none yet: the return stays queried). */
  query?: { on: string; by: number; comments: string; answered?: string; answer?: Record<string, string> };
  accepted?: { on: string; by: number };
}

/** One return through its life, at the timeline's dates. */
function fileReturn(returnId: number, plan: QuarterPlan, t: Timeline, people: { lead: number; finance?: number; financeName?: string; financeRole?: string }): boolean {
  let r = loadReturn(returnId, { today: t.saved })!;
  if (r.status !== "not_started") return false;
  const step = `${r.title}, ${r.label}`;
  must(saveReturn(r.id, people.lead, r.version, inputFor(r, plan), at(t.saved)), `saving ${step}`);
  r = loadReturn(returnId, { today: t.saved })!;
  if (r.certificationRequired && t.certified && people.finance) {
    must(certifyReturn(r.id, people.finance, r.version, { name: people.financeName!, role: people.financeRole!, on: t.certified }, at(t.certified, "14:30")), `certifying ${step}`);
  }
  if (!t.submitted) return true;
  r = loadReturn(returnId)!;
  must(submitReturn(r.id, people.lead, r.version, at(t.submitted, "11:15")), `submitting ${step}`);
  if (t.query) {
    r = loadReturn(returnId)!;
    must(queryReturn(r.id, t.query.by, r.version, t.query.comments, at(t.query.on, "15:00")), `querying ${step}`);
    if (!t.query.answered) return true;
    r = loadReturn(returnId, { today: t.query.answered })!;
    const answered = inputFor(r, plan);
    answered.lines = answered.lines.map((l) => {
      const description = r.lines.find((x) => x.costLineId === l.costLineId)!.description;
      const answer = t.query!.answer?.[description];
      return answer ? { ...l, varianceExplanation: answer } : l;
    });
    must(saveReturn(r.id, people.lead, r.version, answered, at(t.query.answered, "09:30")), `answering the query on ${step}`);
    r = loadReturn(returnId)!;
    must(submitReturn(r.id, people.lead, r.version, at(t.query.answered, "09:45")), `resubmitting ${step}`);
  }
  if (t.accepted) {
    r = loadReturn(returnId)!;
    must(acceptReturn(r.id, t.accepted.by, r.version, "", at(t.accepted.on, "12:00")), `accepting ${step}`);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Melton's 2023-24 annual grants

const green = (why: string): Pick<QuarterPlan, "spendRag" | "spendWhy"> => ({ spendRag: "green", spendWhy: why });

/** Each grant's quarters, in order, from its first quarter. */
const MELTON_PLANS: Record<string, QuarterPlan[]> = {
  "Safer Communities and Partnership Officer": [
    {
      spend: { "Safer Communities and Partnership Officer: salary and on-costs, 2023-24": { pounds: 7598.4 } },
      outcomes: { "Partner agencies attending Safer Melton Partnership meetings": "7", "Community engagement events held": "3" },
      milestones: { "Partnership relaunch workshop and action plan agreed": "on_track", "Annual report to Scrutiny Committee": "on_track" },
      ...green("Salary paid monthly as planned."),
      deliveryRag: "green", deliveryWhy: "Officer in post from April; relaunch workshop booked for July.",
      wentWell: "Probation and the fire service came back to the partnership meeting in May.",
      didNotGoWell: "Health partners have still not named a representative.",
      nextSteps: "Relaunch workshop on 12 July; agree the 2023-24 action plan.",
    },
    {
      spend: { "Safer Communities and Partnership Officer: salary and on-costs, 2023-24": { pounds: 8812.55, why: "The 2023 pay award was agreed in August and backdated to April: this quarter includes five months' back pay." } },
      outcomes: { "Partner agencies attending Safer Melton Partnership meetings": "8", "Community engagement events held": "6" },
      milestones: { "Partnership relaunch workshop and action plan agreed": "done", "Annual report to Scrutiny Committee": "on_track" },
      spendRag: "amber", spendWhy: "Over profile this quarter because of the back pay; the year stays within budget.",
      deliveryRag: "green", deliveryWhy: "Action plan agreed at the relaunch workshop.",
      wentWell: "Twenty-two people from nine organisations came to the relaunch workshop; the action plan was agreed.",
      didNotGoWell: "The Melton Show engagement stall was cut short by the weather.",
      nextSteps: "Run the autumn ASB roadshow in the villages; relaunch SMART with the DISC app.",
    },
    {
      spend: { "Safer Communities and Partnership Officer: salary and on-costs, 2023-24": { pounds: 7902.1 } },
      outcomes: { "Partner agencies attending Safer Melton Partnership meetings": "9", "Community engagement events held": "9" },
      milestones: { "Partnership relaunch workshop and action plan agreed": "done", "Annual report to Scrutiny Committee": "on_track" },
      ...green("On profile at the new pay rate."),
      deliveryRag: "green", deliveryWhy: "Roadshow delivered in five villages.",
      wentWell: "The village ASB roadshow reached Asfordby, Bottesford, Long Clawson, Old Dalby and Waltham.",
      didNotGoWell: "Two partner meetings were inquorate in December.",
      nextSteps: "Draft the annual report for Scrutiny Committee in March.",
    },
    {
      spend: { "Safer Communities and Partnership Officer: salary and on-costs, 2023-24": { pounds: 6610.95, why: "The officer took accrued leave in February and March; with the back pay paid in Q2 the year comes to exactly the approved £30,924." } },
      outcomes: { "Partner agencies attending Safer Melton Partnership meetings": "10", "Community engagement events held": "13" },
      milestones: { "Partnership relaunch workshop and action plan agreed": "done", "Annual report to Scrutiny Committee": "done" },
      ...green("The year's spend matches the approved amount."),
      deliveryRag: "green", deliveryWhy: "Both outcome targets met; annual report presented.",
      wentWell: "The annual report went to Scrutiny Committee on 14 March and was well received.",
      didNotGoWell: "Health partners still attend only occasionally.",
      nextSteps: "Bid for 2024-25 funding for the post; keep the partnership meeting quarterly.",
    },
  ],
  "DISC app for Safer Melton Against Retail Theft (SMART)": [
    {
      spend: { "DISC app licence and set-up": { pounds: 1270, why: "The DISC licence is paid annually in advance: the whole year was invoiced in June." } },
      outcomes: { "Businesses actively using DISC": "8" },
      ...green("Paid in full, as the supplier invoices."),
      deliveryRag: "amber", deliveryWhy: "Set-up done; take-up slower than hoped over the summer.",
      wentWell: "The app was set up and the first eight retailers trained.",
      didNotGoWell: "Several town centre shops were short-staffed and could not attend training.",
      nextSteps: "Visit retailers with the partnership officer in September.",
    },
    {
      spend: { "DISC app licence and set-up": { pounds: 0, why: "Nothing to pay: the annual licence was paid in full in Q1." } },
      outcomes: { "Businesses actively using DISC": "17" },
      ...green("No spend due this quarter."),
      deliveryRag: "green", deliveryWhy: "Membership doubled after the visits.",
      wentWell: "Seventeen businesses now report through DISC; the police licensing team joined.",
      didNotGoWell: "Two reports were made by phone rather than the app.",
      nextSteps: "Remind members to report through DISC only; recruit the retail park.",
    },
    {
      spend: { "DISC app licence and set-up": { pounds: 0, why: "Nothing to pay: the annual licence was paid in full in Q1." } },
      outcomes: { "Businesses actively using DISC": "24" },
      ...green("No spend due this quarter."),
      deliveryRag: "green", deliveryWhy: "Christmas campaign run through DISC.",
      wentWell: "The Christmas shop theft campaign ran through DISC alerts.",
      didNotGoWell: "The retail park's national chains need head office approval to join.",
      nextSteps: "Follow up the retail park chains in January.",
    },
    {
      spend: { "DISC app licence and set-up": { pounds: 0, why: "Nothing to pay: the annual licence was paid in full in Q1." } },
      outcomes: { "Businesses actively using DISC": "31" },
      ...green("The year cost exactly the approved £1,270."),
      deliveryRag: "green", deliveryWhy: "Target of 30 businesses passed.",
      wentWell: "Thirty-one businesses use DISC; two banned-person notices were shared in March.",
      didNotGoWell: "Reporting drops off when the partnership officer is away.",
      nextSteps: "Renew the licence for 2024-25 from the council's budget.",
    },
  ],
  "Play Close CCTV": [
    {
      spend: { "CCTV camera, supply and installation at Play Close": { pounds: 4843, why: "The camera was installed in September and invoiced in full on completion, rather than over two quarters." } },
      outcomes: { "ASB incidents reported at Play Close": "16" },
      ...green("Installed on budget."),
      deliveryRag: "green", deliveryWhy: "Camera live and monitored from 18 September.",
      wentWell: "The camera went live on 18 September and is monitored by the control room.",
      didNotGoWell: "Installation waited three weeks for the Town Estate's electrician.",
      nextSteps: "Review footage requests and ASB reports with the police beat team.",
    },
    {
      spend: { "CCTV camera, supply and installation at Play Close": { pounds: 0, why: "Nothing further to pay: the camera was paid for in full in Q2." } },
      outcomes: { "ASB incidents reported at Play Close": "11" },
      ...green("Spent in full in Q2."),
      deliveryRag: "green", deliveryWhy: "ASB reports below the target of 12 a quarter.",
      wentWell: "Footage helped identify the group behind the October damage to the skate ramps.",
      didNotGoWell: "Nothing significant.",
      nextSteps: "Grant complete; the council maintains the camera from its CCTV budget.",
    },
  ],
  "WCCTV help point and standard support package": [
    {
      spend: {
        "WCCTV help point and standard support package": { pounds: 2850, why: "The help point and its support package were invoiced together when ordered in September, £150 under the quote (moved to the installation by virement)." },
        "Installation with existing camera": { pounds: 0, why: "Installation was booked for October, so nothing was spent this quarter." },
      },
      outcomes: { "Help point activations answered": "100" },
      ...green("Ordered on budget."),
      deliveryRag: "amber", deliveryWhy: "Installation moved to October to fit the camera's maintenance visit.",
      wentWell: "The help point was ordered with the support package at the quoted price.",
      didNotGoWell: "Installation could not be fitted in before the end of September.",
      nextSteps: "Install with the camera's maintenance visit in October; brief the control room.",
    },
    {
      spend: {
        "WCCTV help point and standard support package": { pounds: 0, why: "Paid in full in Q2." },
        "Installation with existing camera": { pounds: 2000, why: "The whole installation, with the longer bracket the virement paid for, was done and invoiced in October." },
      },
      outcomes: { "Help point activations answered": "100" },
      ...green("Installed on budget."),
      deliveryRag: "green", deliveryWhy: "Help point live from 17 October.",
      wentWell: "Live from 17 October; 9 activations, all answered, two led to a police response.",
      didNotGoWell: "Three activations were children testing it.",
      nextSteps: "Add signage explaining what the help point is for.",
    },
    {
      spend: {
        "WCCTV help point and standard support package": { pounds: 0, why: "Paid in full in Q2." },
        "Installation with existing camera": { pounds: 0, why: "Paid in full in Q3." },
      },
      outcomes: { "Help point activations answered": "100" },
      ...green("All spent; nothing further due."),
      deliveryRag: "green", deliveryWhy: "Every activation answered.",
      wentWell: "14 activations, all answered; four led to a police or council response.",
      didNotGoWell: "Nothing significant.",
      nextSteps: "Grant complete; keep reporting activations to the partnership.",
    },
  ],
  "Convex mirrors at four sites": [
    {
      spend: { "450mm diameter convex mirror": { pounds: 639, why: "The framework price had fallen to £31.95 a mirror by the time of ordering: the 20 mirrors cost £639.00, £128.80 less than approved.", saving: true } },
      outcomes: { "Residents at the four sites who feel safe": "58" },
      spendRag: "amber", spendWhy: "Under budget: the mirrors cost £128.80 less than the approved £767.80, which will not be spent.",
      deliveryRag: "green", deliveryWhy: "All 20 mirrors fitted by tenancy services in August.",
      wentWell: "All twenty mirrors fitted at the four sites; residents noticed at once.",
      didNotGoWell: "One mirror at King Street was knocked askew and refitted.",
      nextSteps: "Grant complete; survey residents again in the spring.",
    },
  ],
  "Drink Safe": [
    {
      spend: {
        "Drink-spiking testing strips": { pounds: 1500, why: "All 1,000 strips were bought in one order before the autumn term, as planned with the licensing team." },
        "Drink covers": { pounds: 625, why: "The 5,000 approved covers were bought in one order at 12.5p each, less than the 15.35p quoted: £625.00, £142.50 under the approved £767.50.", saving: true },
      },
      outcomes: { "Licensed premises distributing covers and strips": "9" },
      ...green("Bought in one order; the covers came in £142.50 under budget, within the tolerance."),
      deliveryRag: "green", deliveryWhy: "Distribution started through Pubwatch in September.",
      wentWell: "Nine premises signed up at the September Pubwatch meeting.",
      didNotGoWell: "Two late-night venues wanted covers but not strips.",
      nextSteps: "Sign up the remaining Pubwatch members; count covers used for the Q3 review.",
    },
    {
      spend: {
        "Drink-spiking testing strips": { pounds: 0, why: "Bought in full in Q2." },
        "Drink covers": { pounds: 0, why: "Bought in full in Q2, for less than approved.", saving: true },
      },
      outcomes: { "Licensed premises distributing covers and strips": "16" },
      ...green("Nothing more to buy."),
      deliveryRag: "green", deliveryWhy: "Sixteen premises taking part; 2,100 covers used by December.",
      wentWell: "Students' nights at two venues used covers on every drink.",
      didNotGoWell: "Strips are used far less than covers.",
      nextSteps: "Report cover use to the OPCC as the decision asked.",
    },
    {
      spend: {
        "Drink-spiking testing strips": { pounds: 0, why: "Bought in full in Q2." },
        "Drink covers": { pounds: 0, why: "Bought in full in Q2, for less than approved.", saving: true },
      },
      outcomes: { "Licensed premises distributing covers and strips": "21" },
      ...green("All bought: £2,125.00 of the approved £2,267.50, the covers £142.50 under budget."),
      deliveryRag: "green", deliveryWhy: "Target of 20 premises passed.",
      wentWell: "Twenty-one premises; 4,300 of the 5,000 covers used by the end of March.",
      didNotGoWell: "Around 600 strips are left over.",
      nextSteps: "Bid for more covers in 2024-25; keep the strips for the summer events.",
    },
  ],
};

/** Dates for each quarter (Q1 … Q4 of 2023-24): Q1 late — due 30 days after the offer was accepted (late July), it went in on 6 September. */
const MELTON_DATES = [
  { saved: "2023-09-04", certified: "2023-09-05", submitted: "2023-09-06", accepted: "2023-09-13" },
  { saved: "2023-10-16", certified: "2023-10-18", submitted: "2023-10-19", accepted: "2023-10-27" },
  { saved: "2024-01-15", certified: "2024-01-17", submitted: "2024-01-18", accepted: "2024-01-26" },
  { saved: "2024-04-15", certified: "2024-04-17", submitted: "2024-04-18", accepted: "2024-04-26" },
] as const;

const QUERIED = {
  title: "Safer Communities and Partnership Officer",
  quarter: 2,
  on: "2023-10-23",
  comments: "The salary is £1,081.55 over its profile this quarter. Please confirm the back pay is for the 2023 pay award only and that the year's total will stay within the approved £30,924.",
  answered: "2023-10-26",
  answer: {
    "Safer Communities and Partnership Officer: salary and on-costs, 2023-24":
      "The 2023 pay award (£1,925 a year on this grade) was agreed in August and backdated to April: this quarter includes five months' back pay and nothing else. The forecast for Q3 and Q4 keeps the year within the approved £30,924.",
  },
};

export function seedMeltonAnnualReturns(): number {
  const lead = userId("lead.melton@demo.opcc.test")!;
  const finance = userId("finance.melton@demo.opcc.test");
  const rachel = userId("reviewer@demo.opcc.test")!;
  const femi = userId("finance@demo.opcc.test")!;
  let filed = 0;
  for (const grant of acceptedGrants("CSP annual allocation 2023-24", "melton")) {
    const plans = MELTON_PLANS[grant.title];
    if (!plans) continue;
    const ids = grantReturnIds(grant.id);
    ids.forEach((returnId, i) => {
      const plan = plans[i];
      const r = loadReturn(returnId)!;
      const dates = MELTON_DATES[r.quarter - 1];
      if (!plan) return;
      const query = grant.title === QUERIED.title && r.quarter === QUERIED.quarter ? { on: QUERIED.on, by: rachel, comments: QUERIED.comments, answered: QUERIED.answered, answer: QUERIED.answer } : undefined;
      const done = fileReturn(returnId, plan, {
        saved: dates.saved,
        certified: dates.certified,
        submitted: dates.submitted,
        query,
        // OPCC finance accepts the returns with spend to pay against; the reviewer the rest.
        accepted: { on: query ? "2023-11-02" : dates.accepted, by: i % 2 === 0 ? femi : rachel },
      }, { lead, finance, financeName: "David Scott", financeRole: "Finance Manager" });
      if (done) filed += 1;
    });
  }
  return filed;
}

// ---------------------------------------------------------------------------------------------
// Safer Streets 5

const SS5_NARRATIVE = [
  { wentWell: "Orders placed through the council's framework suppliers.", didNotGoWell: "Lead times were longer than quoted.", nextSteps: "Install before the dark evenings." },
  { wentWell: "Installation finished; residents' walkabout held in February.", didNotGoWell: "One site needed a second survey.", nextSteps: "Start the 2024-25 work." },
  { wentWell: "Second-year work started on time.", didNotGoWell: "Staff sickness slowed the start.", nextSteps: "Review results with the police beat team." },
  { wentWell: "Crime in the project area down on last year.", didNotGoWell: "Fly-tipping moved to the next street.", nextSteps: "Move one deployable camera." },
  { wentWell: "Community feedback is positive.", didNotGoWell: "Nothing significant.", nextSteps: "Plan the final evaluation." },
  { wentWell: "Evaluation under way.", didNotGoWell: "Evaluation survey response is low so far.", nextSteps: "Report the evaluation to the partnership in May." },
];

/** A line's spend in one quarter (pounds), with why it differs from the profile where it does. */
type Spent = number | [pounds: number, why: string];

/** Where a grant's last return (2024-25 Q4) stands at the end of the demo. */
type LastReturn = "in_progress" | "submitted" | "queried";

interface Ss5Plan {
  /** Each cost line's spend in each of the grant's six quarters (2023-24 Q3 to 2024-25 Q4). */
  lines: Record<string, Spent[]>;
  /** A word on each quarter's spend, where the figures need one (put before the figures). */
  notes: Partial<Record<number, string>>;
  last: LastReturn;
  /** The OPCC's comments, for a last return that is queried (by seedDemoQueries, after the payments). */
  query?: string;
}

/**
 * Safer Streets 5's spend quarter by quarter: what the projects really bought when, against each
 * line's profile (its year's amount spread evenly over the grant's quarters in that year), every
 * line ending the grant spent exactly as approved (as varied, for the body cameras' virement: db/seed-variations.ts). The last quarter differs by grant: Beckmill's
 * and the solar lighting's returns are still in progress (so overdue), the body cameras' submitted
 * and waiting for the OPCC, target hardening's queried and not yet answered.
 */
const SS5_PLANS: Record<string, Ss5Plan> = {
  "Solar lighting at Play Close Park": {
    lines: {
      "Solar light, supplied and installed": [19_500, 19_500, 0, 0, 0, 0],
      "5-year maintenance package": [0, 0, 1_500, 1_500, 1_500, 1_500],
    },
    notes: { 0: "Six lights round the skate park installed in November, as planned.", 1: "The six lights on the path to the leisure centre installed in February, as planned." },
    last: "in_progress",
  },
  "Additional CCTV at Beckmill Court and solar deployable cameras": {
    lines: {
      "Permanent CCTV camera, installed and connected": [
        [8_500, "One camera of three installed in December; the other two waited for the fibre connection to the main system."],
        [17_000, "The two cameras held over from Q3 were installed and connected in January."],
        0, 0, 0, 0,
      ],
      "Solar deployable camera": [
        0, 0,
        [6_200, "The deployable cameras are bought one at a time as each fly-tipping site is agreed with the police: the first this quarter."],
        [6_200, "The second deployable camera, for the Thorpe Road site."],
        [6_200, "The third and last deployable camera, for the Scalford Road lay-by."],
        [0, "All three deployable cameras were bought by December."],
      ],
    },
    notes: {
      0: "Behind profile: two of the three permanent cameras waited for their fibre connection.",
      1: "Caught up: the two delayed cameras installed in January; the year's spend is as approved.",
      2: "Ahead of the quarter's profile because the deployable cameras are bought whole, one at a time.",
      3: "Ahead of the even profile: one deployable camera a quarter, at £6,200 each.",
      4: "Ahead of profile to date: the last deployable camera was bought in December, a quarter early; nothing more to buy.",
      5: "All three deployable cameras bought by December, so nothing this quarter.",
    },
    last: "in_progress",
  },
  "Target hardening": {
    lines: {
      "Video doorbell": [
        [7_200, "The provider was appointed by competition in November, as the decision asked: 60 doorbells fitted by December."],
        [9_300, "77 of the other 90 doorbells fitted from January: 13 households declined one. The £1,500.00 left is to be carried into 2024-25 for alarm kits."],
        0, 0, 0, 0,
      ],
      "Window and door alarm kit": [0, 0,
        [1_400, "40 kits fitted against 50 planned: referrals from the police were slow in April."],
        [3_250, "50 kits fitted, and £1,500.00 more of them bought with the doorbells' underspend carried forward from 2023-24."],
        [2_100, "60 kits fitted, catching up the ten held over from Q1."],
        1_750,
      ],
      "Personal alarm": [0, 0,
        [1_950, "All 300 personal alarms bought in one order, for the price."],
        [0, "Nothing to buy: the personal alarms were bought in full in Q1."],
        [0, "Nothing to buy: the personal alarms were bought in full in Q1."],
        [0, "Nothing to buy: the personal alarms were bought in full in Q1."],
      ],
      "Delivery partner: assessment and fitting": [0, 0, 3_000, 3_000, 3_000, 3_000],
    },
    notes: {
      0: "Behind profile: fitting began only once the provider was appointed in November.",
      1: "Caught up: the doorbells held over from Q3 fitted in January; 13 households declined one, leaving £1,500.00 unspent.",
      2: "Ahead of the quarter's profile: the 300 personal alarms were bought in one order.",
      3: "Under the quarter's profile only because the personal alarms were all bought in Q1.",
      4: "Near profile: 60 alarm kits fitted, catching up those held over from Q1.",
      5: "The last 50 alarm kits fitted and the provider's final invoice paid: the grant is spent as approved.",
    },
    last: "queried",
    query:
      "The delivery partner's last £3,000 is claimed in full. Please attach the provider's completion report for the 200 window and door alarm kits, and confirm each household was chosen with the police, as the decision's written condition asks.",
  },
  "Body cameras and training for officers": {
    lines: {
      "Body-worn camera": [[0, "Ordered in December for delivery in January, so nothing was invoiced this quarter."], [3_900, "All ten cameras delivered and invoiced in January, at the lower price the virement reflects."], 0, 0, 0, 0],
      "Docking station and software": [[0, "Ordered with the cameras in December; delivered in January."], [1_800, "Both docking stations delivered and invoiced with the cameras in January."], 0, 0, 0, 0],
      "Conflict management training, per officer": [0, 0, 1_950, 1_950,
        [2_600, "Four officers trained this quarter, one more than planned, to fit the trainer's dates."],
        [1_300, "The last two officers trained; all twelve are now trained."],
      ],
    },
    notes: {
      0: "Behind profile: the cameras and docking station were ordered in December and arrive in January.",
      1: "Caught up: cameras and docking station delivered and paid for in January.",
      4: "Four officers trained this quarter, one more than planned.",
      5: "The last two officers trained: the grant is spent as approved.",
    },
    last: "submitted",
  },
};

const poundsOf = (x: Spent) => (Array.isArray(x) ? x[0] : x);

/**
 * One quarter of a Safer Streets 5 grant: the planned spend, outcomes moving evenly from baseline
 * to target, milestones done once their quarter has come. The spend RAG follows the figures: green
 * while the spend to date is within the stream's tolerance of the profile to date, amber beyond it,
 * and its words give both.
 */
function ss5Quarter(r: ReturnDetail, n: number, total: number, plan: Ss5Plan, toDate: { spent: number; profile: number }): QuarterPlan {
  const spend: QuarterPlan["spend"] = {};
  for (const l of r.lines) {
    const given = plan.lines[l.description]?.[n];
    if (given === undefined) throw new Error(`Demo returns: no spend planned for "${l.description}" in ${r.title}, ${r.label}`);
    spend[l.description] = { pounds: poundsOf(given), why: Array.isArray(given) ? given[1] : undefined };
  }
  const quarterSpent = r.lines.reduce((sum, l) => sum + pence(poundsOf(plan.lines[l.description][n])), 0);
  const quarterProfile = r.lines.reduce((sum, l) => sum + l.profilePence, 0);
  toDate.spent += quarterSpent;
  toDate.profile += quarterProfile;
  const withinTolerance = Math.abs(toDate.spent - toDate.profile) * 10_000 <= r.toleranceBasisPoints * toDate.profile;
  const figures = `${formatPence(quarterSpent)} spent this quarter against a profile of ${formatPence(quarterProfile)}; ${formatPence(toDate.spent)} to date against ${formatPence(toDate.profile)} planned.`;
  const note = plan.notes[n] ?? (quarterSpent === quarterProfile ? "On profile." : "");
  const step = (n + 1) / total;
  const outcomes = Object.fromEntries(
    r.outcomes.map((o) => {
      const from = Number(o.baseline ?? 0);
      const to = Number(o.target ?? from);
      return [o.measure, String(Math.round((from + (to - from) * step) * 10) / 10)];
    }),
  );
  const milestones = Object.fromEntries(r.milestones.map((m) => [m.description, (m.due <= `${r.label.slice(0, 7)} Q${r.quarter}` ? "done" : "on_track") as MilestoneProgress]));
  const words = SS5_NARRATIVE[n % SS5_NARRATIVE.length];
  return {
    spend, outcomes, milestones,
    spendRag: withinTolerance ? "green" : "amber",
    spendWhy: `${note ? `${note} ` : ""}${figures}`,
    deliveryRag: n === 2 ? "amber" : "green", deliveryWhy: n === 2 ? "A slow start to the second year, now caught up." : "Delivery on track.",
    ...words,
  };
}

/**
 * The OPCC's queries still open at the end of the demo: target hardening's last return, queried on
 * 30 April 2025 and not answered. Apart from seedDemoReturns because they come after the payments
 * (db/seed-payments.ts): the final instalment was paid on 4 April, and a queried return holds every
 * unpaid instalment of its grant. Call it after seedDemoPayments; calling it twice changes nothing.
 * Returns how many returns were queried.
 */
export function seedDemoQueries(): number {
  const rachel = userId("reviewer@demo.opcc.test")!;
  let queried = 0;
  for (const grant of acceptedGrants("Safer Streets 5")) {
    const plan = SS5_PLANS[grant.title];
    if (plan?.last !== "queried") continue;
    const r = loadReturn(grantReturnIds(grant.id).at(-1)!)!;
    if (r.status !== "submitted") continue;
    const on = new Date(new Date(`${r.periodEnd}T12:00:00Z`).getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    must(queryReturn(r.id, rachel, r.version, plan.query!, at(on, "15:00")), `querying ${r.title}, ${r.label}`);
    queried += 1;
  }
  return queried;
}

export function seedSaferStreetsReturns(): number {
  const rachel = userId("reviewer@demo.opcc.test")!;
  const femi = userId("finance@demo.opcc.test")!;
  let filed = 0;
  for (const grant of acceptedGrants("Safer Streets 5")) {
    const plan = SS5_PLANS[grant.title];
    const lead = db().select({ id: s.users.id }).from(s.users).where(and(eq(s.users.organisationId, grant.cspId), eq(s.users.role, "csp_lead"))).orderBy(asc(s.users.id)).get()?.id;
    const finance = db().select({ id: s.users.id, name: s.users.name }).from(s.users).where(and(eq(s.users.organisationId, grant.cspId), eq(s.users.role, "finance"))).orderBy(asc(s.users.id)).get();
    if (!lead || !plan) continue;
    const ids = grantReturnIds(grant.id);
    const toDate = { spent: 0, profile: 0 };
    ids.forEach((returnId, n) => {
      const head = loadReturn(returnId)!;
      // Filled in three weeks after the quarter, accepted a week later; the last as the plan says.
      const end = new Date(`${head.periodEnd}T12:00:00Z`);
      const day = (days: number) => new Date(end.getTime() + days * 86_400_000).toISOString().slice(0, 10);
      const quarter = ss5Quarter(loadReturn(returnId, { today: day(19) })!, n, ids.length, plan, toDate);
      if (head.status !== "not_started") return;
      const last = n === ids.length - 1 ? plan.last : undefined;
      const done = fileReturn(returnId, quarter, {
        saved: day(19),
        certified: day(20),
        submitted: last === "in_progress" ? undefined : day(21),
        accepted: last ? undefined : { on: day(28), by: n % 2 === 0 ? rachel : femi },
      }, { lead, finance: finance?.id, financeName: finance?.name, financeRole: "Finance Manager" });
      if (done) filed += 1;
    });
  }
  return filed;
}

/** Both: Melton's 2023-24 annual grants, then Safer Streets 5. Returns how many returns were filed. */
export function seedDemoReturns(): number {
  return seedMeltonAnnualReturns() + seedSaferStreetsReturns();
}

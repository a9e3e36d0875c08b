import { and, asc, eq, isNull } from "drizzle-orm";
import { db } from "../app/data/db.server";
import { certifyReturn, saveReturn, submitReturn, type ReturnInput } from "../app/data/return-editing.server";
import { acceptReturn, queryReturn } from "../app/data/return-reviews.server";
import { loadReturn, type ReturnDetail } from "../app/data/returns.server";
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
 *   stream asks.
 * - Safer Streets 5 grants: returns across 2023-24 and 2024-25, accepted, the latest in progress.
 *
 * Call `seedDemoReturns()` on the db() connection after the decisions (seedDemoOutcomes) and the
 * offers' acceptance. A return already begun is left alone, so calling it twice changes nothing.
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
  /** Actual spend per cost line, by description (pounds), and why it differs from the profile. */
  spend: Record<string, { pounds: number; why?: string }>;
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
      const left = Math.max(0, l.budgetPence - l.spentBeforePence - actual);
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
  /** The OPCC's query and the partnership's answer, resubmitted. */
  query?: { on: string; by: number; comments: string; answered: string; answer: Record<string, string> };
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
    r = loadReturn(returnId, { today: t.query.answered })!;
    const answered = inputFor(r, plan);
    answered.lines = answered.lines.map((l) => {
      const description = r.lines.find((x) => x.costLineId === l.costLineId)!.description;
      return t.query!.answer[description] ? { ...l, varianceExplanation: t.query!.answer[description] } : l;
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
        "WCCTV help point and standard support package": { pounds: 3000, why: "The help point and its support package were invoiced together when ordered in September." },
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
        "Installation with existing camera": { pounds: 1850, why: "The whole installation was done and invoiced in October." },
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
      spend: { "450mm diameter convex mirror": { pounds: 767.8 } },
      outcomes: { "Residents at the four sites who feel safe": "58" },
      ...green("Spent as approved."),
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
        "Drink covers": { pounds: 767.5, why: "The 5,000 approved covers were bought in one order for the price." },
      },
      outcomes: { "Licensed premises distributing covers and strips": "9" },
      ...green("Bought in one order at the approved prices."),
      deliveryRag: "green", deliveryWhy: "Distribution started through Pubwatch in September.",
      wentWell: "Nine premises signed up at the September Pubwatch meeting.",
      didNotGoWell: "Two late-night venues wanted covers but not strips.",
      nextSteps: "Sign up the remaining Pubwatch members; count covers used for the Q3 review.",
    },
    {
      spend: {
        "Drink-spiking testing strips": { pounds: 0, why: "Bought in full in Q2." },
        "Drink covers": { pounds: 0, why: "Bought in full in Q2." },
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
        "Drink covers": { pounds: 0, why: "Bought in full in Q2." },
      },
      outcomes: { "Licensed premises distributing covers and strips": "21" },
      ...green("All spent as approved."),
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

/**
 * A plan for any grant: one-off lines bought in full in the first quarter of their year, recurring
 * ones on profile (the last quarter of the year settling the balance), outcomes moving evenly from
 * baseline to target, milestones done once their quarter has come.
 */
function genericPlan(r: ReturnDetail, n: number, total: number): QuarterPlan {
  const spend: QuarterPlan["spend"] = {};
  for (const l of r.lines) {
    const oneOff = db().select({ recurrence: s.bidCostLines.recurrence }).from(s.bidCostLines).where(eq(s.bidCostLines.id, l.costLineId)).get()?.recurrence === "one_off";
    const isFirstOfYear = l.spentBeforePence === 0 && l.profilePence > 0;
    const later = l.forecasts.some((f) => f.profilePence > 0);
    let actual: number;
    let why: string | undefined;
    if (l.profilePence === 0) actual = 0;
    else if (oneOff) {
      actual = isFirstOfYear ? l.budgetPence : 0;
      why = isFirstOfYear ? "Bought and installed in one order rather than over the year." : "Nothing further to pay: bought in full earlier in the year.";
    } else {
      actual = later ? Math.round(l.profilePence * [0.97, 1.03, 0.99, 1.02][n % 4]) : Math.max(0, l.budgetPence - l.spentBeforePence);
    }
    if (actual === l.profilePence) why = undefined;
    spend[l.description] = { pounds: actual / 100, why: why ?? (Math.abs(actual - l.profilePence) * 10_000 > r.toleranceBasisPoints * l.profilePence ? "The year's final invoices settle the balance of the line." : undefined) };
  }
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
    spendRag: "green", spendWhy: "Spend follows the plan agreed with the OPCC.",
    deliveryRag: n === 2 ? "amber" : "green", deliveryWhy: n === 2 ? "A slow start to the second year, now caught up." : "Delivery on track.",
    ...words,
  };
}

export function seedSaferStreetsReturns(): number {
  const rachel = userId("reviewer@demo.opcc.test")!;
  const femi = userId("finance@demo.opcc.test")!;
  let filed = 0;
  for (const grant of acceptedGrants("Safer Streets 5")) {
    const lead = db().select({ id: s.users.id }).from(s.users).where(and(eq(s.users.organisationId, grant.cspId), eq(s.users.role, "csp_lead"))).orderBy(asc(s.users.id)).get()?.id;
    const finance = db().select({ id: s.users.id, name: s.users.name }).from(s.users).where(and(eq(s.users.organisationId, grant.cspId), eq(s.users.role, "finance"))).orderBy(asc(s.users.id)).get();
    if (!lead) continue;
    const ids = grantReturnIds(grant.id);
    ids.forEach((returnId, n) => {
      const head = loadReturn(returnId)!;
      if (head.status !== "not_started") return;
      // Filled in three weeks after the quarter, accepted a week later; the latest is still in progress.
      const end = new Date(`${head.periodEnd}T12:00:00Z`);
      const day = (days: number) => new Date(end.getTime() + days * 86_400_000).toISOString().slice(0, 10);
      const latest = n === ids.length - 1;
      const done = fileReturn(returnId, genericPlan(loadReturn(returnId, { today: day(19) })!, n, ids.length), {
        saved: day(19),
        certified: day(20),
        submitted: latest ? undefined : day(21),
        accepted: latest ? undefined : { on: day(28), by: n % 2 === 0 ? rachel : femi },
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

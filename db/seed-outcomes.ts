import { eq, inArray } from "drizzle-orm";
import { getBidDetail, submitBid } from "../app/data/bids.server";
import { recordDecision, type DecisionInput } from "../app/data/decisions.server";
import { addComment, answerConflict, assignReviewer, recordScore } from "../app/data/review.server";
import { db } from "../app/data/db.server";
import { seedDemoOffers } from "./seed-offers";
import { DEFAULT_RUBRIC } from "../app/domain/scoring";
import * as s from "./schema";

/**
 * What the OPCC did with the demo bids, done through the portal's own functions so the demo holds
 * exactly what a user would have made: Rachel Ward (lead reviewer) and Sam Patel review and score
 * Melton's six 2023-24 annual bids, the PCC approves five and part-approves Drink Safe; Melton's
 * five Safer Streets 5 bids are submitted and scored by both reviewers, and four of them are
 * moderated and approved in November 2023. Buddy by M stays under review: the lead reviewer asked
 * how many people it will help before it goes to the PCC. Melton's lead then accepts every offer
 * (db/seed-offers.ts). Other partnerships' submitted bids stay in the review queue.
 */

const PCC = "Police and Crime Commissioner for Leicestershire";
const CRITERIA = DEFAULT_RUBRIC.criteria.map((c) => c.key);

/** Scores in the order of the default rubric: plan, need, outcomes, value, deliverability, risk. */
type Scores = [number, number, number, number, number, number];

interface ReviewedBid {
  title: string;
  /** Why each criterion scored as it did, in rubric order. */
  notes: [string, string, string, string, string, string];
  lead: Scores;
  second: Scores;
  /** The lead reviewer's moderated score, when the review is finished. */
  moderated?: Scores;
  internalComment?: string;
  sharedComment?: string;
  decision?: Omit<DecisionInput, "decidedOn" | "decisionMaker" | "leadOfficer" | "conditionIds" | "writtenConditions" | "declarationOfInterests" | "publishable" | "foiExemption" | "approvedByLine"> & {
    conditions: string[];
    written?: string[];
    /** For a part-approval: the approved amount (pence) by cost line description. */
    approved?: Record<string, number>;
  };
}

const STANDARD = ["purpose", "returns", "virement", "underspend", "misuse", "publicity", "records"];

const MELTON_ANNUAL: ReviewedBid[] = [
  {
    title: "Safer Communities and Partnership Officer",
    notes: [
      "Underpins the partnership's delivery of the Police and Crime Plan priorities on ASB and neighbourhood crime.",
      "The 2022/23 restructure and falling partner attendance are documented.",
      "Attendance and engagement targets are specific and dated.",
      "Half the cost is met by the council; the post coordinates several funded schemes.",
      "Post-holder in place; cover arrangements named.",
      "The main risk (vacancy) is identified with a credible mitigation.",
    ],
    lead: [5, 4, 4, 4, 5, 4],
    second: [4, 4, 3, 4, 5, 4],
    moderated: [5, 4, 4, 4, 5, 4],
    decision: {
      outcome: "approve",
      reasons: "The post coordinates the Safer Melton Partnership's action plan and the schemes the PCC funds in the borough; the council meets half its cost.",
      conditions: STANDARD,
      paymentBasis: "quarterly_arrears",
    },
  },
  {
    title: "DISC app for Safer Melton Against Retail Theft (SMART)",
    notes: [
      "Supports the Plan's rural and business crime priority.",
      "Membership fell after COVID and the old sharing arrangements were not GDPR compliant.",
      "A take-up target is set; reductions in retail crime are not yet measured.",
      "Low cost for a borough-wide scheme.",
      "Off-the-shelf product already used elsewhere in LLR.",
      "Take-up risk recognised; mitigation relies on the partnership officer.",
    ],
    lead: [4, 4, 3, 5, 5, 3],
    second: [4, 3, 3, 5, 4, 3],
    moderated: [4, 4, 3, 5, 5, 3],
    decision: {
      outcome: "approve",
      reasons: "A GDPR-compliant way for retailers to share information and report incidents, restoring the SMART scheme at low cost.",
      conditions: [...STANDARD, "data"],
      paymentBasis: "advance",
    },
  },
  {
    title: "Play Close CCTV",
    notes: [
      "Addresses ASB and violence, both Plan priorities.",
      "Young people asked for it; ASB reports cluster at the skate park.",
      "A dated reduction target in ASB incidents.",
      "One camera on the existing system; fair price.",
      "Site agreed in principle with the Town Estate.",
      "Permissions risk identified and mitigated.",
    ],
    lead: [4, 5, 4, 4, 4, 4],
    second: [4, 4, 4, 4, 4, 4],
    moderated: [4, 5, 4, 4, 4, 4],
    decision: {
      outcome: "approve",
      reasons: "Responds to young people's request for a safer skate park where ASB reports cluster, on the council's existing CCTV system.",
      conditions: [...STANDARD, "data"],
      paymentBasis: "quarterly_arrears",
    },
  },
  {
    title: "WCCTV help point and standard support package",
    notes: [
      "Directly supports the VAWG and serious violence priorities.",
      "Need argued from the duty rather than local incident data.",
      "Activation target is an output rather than an outcome.",
      "Reasonable price for a help point with support.",
      "Uses an existing camera; simple installation.",
      "Misuse risk managed through the control room.",
    ],
    lead: [5, 3, 3, 4, 5, 4],
    second: [5, 3, 2, 4, 4, 4],
    moderated: [5, 3, 3, 4, 5, 4],
    sharedComment: "Please report how many help point activations led to a police or council response in your quarterly returns, not only the number answered.",
    decision: {
      outcome: "approve",
      reasons: "Gives people in the night-time economy, women and girls especially, a direct way to call for help, supporting the serious violence duty.",
      conditions: [...STANDARD, "data"],
      written: ["Quarterly returns report the number of help point activations and the response to each."],
      paymentBasis: "quarterly_arrears",
    },
  },
  {
    title: "Convex mirrors at four sites",
    notes: [
      "Supports ASB and drugs priorities in residential areas.",
      "Residents' reports at named blind corners.",
      "Perception-of-safety target with a baseline.",
      "Very low cost per site.",
      "Fitted by the council's own tenancy services.",
      "Vandalism risk mitigated.",
    ],
    lead: [4, 4, 4, 5, 5, 4],
    second: [4, 3, 4, 5, 5, 4],
    moderated: [4, 4, 4, 5, 5, 4],
    decision: {
      outcome: "approve",
      reasons: "A low-cost way to remove the blind spots residents report at four sites where ASB and drug dealing take place.",
      conditions: STANDARD,
      paymentBasis: "quarterly_arrears",
    },
  },
  {
    title: "Drink Safe",
    notes: [
      "Supports the VAWG priority in the night-time economy.",
      "Spiking reports are mentioned but not quantified for Melton.",
      "Target counts premises taking part, not incidents or confidence.",
      "10,000 drink covers is more than 20 premises are likely to use in a year.",
      "Distribution through Pubwatch is straightforward.",
      "Participation risk identified.",
    ],
    lead: [4, 3, 3, 2, 4, 3],
    second: [4, 2, 3, 2, 4, 3],
    moderated: [4, 3, 3, 2, 4, 3],
    internalComment: "Suggest funding half the drink covers this year and reviewing use at the Q3 return before buying more.",
    sharedComment: "The panel supports the testing strips in full. We think 10,000 drink covers is more than the premises will use this year, so the recommendation is to fund 5,000 and review at the third quarter.",
    decision: {
      outcome: "part_approve",
      reasons: "Testing strips are approved in full. Half the drink covers are approved: 5,000 meets the likely demand from 20 premises this year, and use will be reviewed at the third-quarter return.",
      conditions: STANDARD,
      written: ["A further bid for drink covers will be considered after the third-quarter return shows how many were used."],
      approved: { "Drink covers": 76_750 },
      paymentBasis: "advance",
    },
  },
];

const MELTON_SS5: ReviewedBid[] = [
  {
    title: "Solar lighting at Play Close Park",
    notes: ["ASB and VAWG in a public place.", "Local reports of ASB after dark.", "Crime target with a baseline.", "Lighting with a maintenance package.", "Town Estate is a partner.", "Supplier risk covered."],
    lead: [5, 4, 4, 3, 4, 3],
    second: [4, 4, 3, 3, 4, 3],
    moderated: [5, 4, 4, 3, 4, 3],
    decision: {
      outcome: "approve",
      reasons: "Lights the paths through Play Close Park, where ASB and women's fear of crime after dark are reported, with the Town Estate's agreement and five years' maintenance.",
      conditions: STANDARD,
      paymentBasis: "quarterly_arrears",
    },
  },
  {
    title: "Additional CCTV at Beckmill Court and solar deployable cameras",
    notes: ["Neighbourhood crime and fly-tipping.", "Hotspots named.", "Crime target only; fly-tipping not measured.", "Cameras priced at framework rates.", "Connects to the existing system.", "Supplier risk covered."],
    lead: [4, 4, 3, 3, 4, 3],
    second: [4, 3, 3, 4, 4, 3],
    moderated: [4, 4, 3, 3, 4, 3],
    decision: {
      outcome: "approve",
      reasons: "Covers the neighbourhood crime and fly-tipping hotspots at Beckmill Court, with deployable cameras for the places reports move to, on the council's existing system.",
      conditions: [...STANDARD, "data"],
      paymentBasis: "quarterly_arrears",
    },
  },
  {
    title: "Target hardening",
    notes: ["Neighbourhood crime: burglary.", "Residents most in need to be identified with the police.", "Crime target with a baseline.", "Unit costs reasonable; delivery partner cost high.", "Depends on a third-party provider not yet chosen.", "Supplier risk covered; provider risk is not."],
    lead: [4, 3, 3, 3, 3, 2],
    second: [4, 3, 3, 2, 3, 2],
    moderated: [4, 3, 3, 3, 3, 2],
    decision: {
      outcome: "approve",
      reasons: "Video doorbells and alarms for the households most at risk of burglary, chosen with the police; delivered by a provider the council will appoint by competition.",
      conditions: STANDARD,
      written: ["The delivery provider is appointed by competition before any payment for installations is claimed."],
      paymentBasis: "quarterly_arrears",
    },
  },
  {
    title: "Buddy by M",
    notes: ["Protecting vulnerable people.", "Need described generally.", "No participant outcomes yet.", "£80,000 for a service without numbers of people helped.", "Provider named.", "No risk for referral numbers."],
    lead: [3, 2, 2, 2, 3, 2],
    second: [3, 3, 2, 2, 3, 2],
    internalComment: "Ask how many people the service will support and what outcomes it measures before this goes to the PCC.",
  },
  {
    title: "Body cameras and training for officers",
    notes: ["ASB enforcement.", "Confrontations reported by officers.", "Crime target only.", "Cameras and training priced fairly.", "Simple purchase.", "Supplier risk covered."],
    lead: [4, 3, 3, 4, 5, 3],
    second: [3, 3, 3, 4, 5, 3],
    moderated: [4, 3, 3, 4, 5, 3],
    decision: {
      outcome: "approve",
      reasons: "Body cameras and training for the council's enforcement officers, who report confrontations when dealing with ASB and environmental crime.",
      conditions: [...STANDARD, "data"],
      paymentBasis: "quarterly_arrears",
    },
  },
];

function sheet(scores: Scores, notes: string[]) {
  return {
    gates: Object.fromEntries(DEFAULT_RUBRIC.gates.map((g) => [g.key, true])),
    scores: Object.fromEntries(CRITERIA.map((key, i) => [key, scores[i]])),
    justifications: Object.fromEntries(CRITERIA.map((key, i) => [key, notes[i]])),
  };
}

/** Throws when one of the portal's own functions refuses a step: the demo data must be a real history. */
function must<T extends { kind: string }>(result: T, step: string): T {
  if (!["saved", "recorded"].includes(result.kind)) throw new Error(`Demo data: ${step} was refused: ${JSON.stringify(result)}`);
  return result;
}

const at = (date: string, time: string) => `${date}T${time}:00.000Z`;

export function seedDemoOutcomes(): void {
  const database = db();
  const user = (email: string) => database.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, email)).get()!.id;
  const rachel = user("reviewer@demo.opcc.test");
  const sam = user("reviewer.two@demo.opcc.test");
  const meltonLead = user("lead.melton@demo.opcc.test");
  const bidId = (title: string) => database.select({ id: s.bids.id }).from(s.bids).where(eq(s.bids.title, title)).get()!.id;
  const conditionIds = (codes: string[]) =>
    database.select({ id: s.standardConditions.id }).from(s.standardConditions).where(inArray(s.standardConditions.code, codes)).all().map((c) => c.id);

  /** Both reviewers assigned (the first as lead), neither conflicted, both scored; the lead moderates when given. */
  const review = (item: ReviewedBid, day: string) => {
    const id = bidId(item.title);
    const version = getBidDetail(id)!.version;
    const started = must(assignReviewer(id, rachel, true, rachel, version, at(day, "09:00")), `assigning ${item.title}`);
    must(assignReviewer(id, sam, false, rachel, started.kind === "saved" ? started.version : version, at(day, "09:01")), `assigning ${item.title}`);
    must(answerConflict(id, rachel, false, "", at(day, "09:05")), "conflict");
    must(answerConflict(id, sam, false, "", at(day, "10:00")), "conflict");
    must(recordScore(id, rachel, "individual", sheet(item.lead, item.notes), at(day, "11:00")), `scoring ${item.title}`);
    must(recordScore(id, sam, "individual", sheet(item.second, item.notes), at(day, "14:00")), `scoring ${item.title}`);
    if (item.internalComment) addComment(id, rachel, "internal", item.internalComment, undefined, at(day, "15:00"));
    if (item.moderated) must(recordScore(id, rachel, "moderated", sheet(item.moderated, item.notes), at(day, "16:00")), `moderating ${item.title}`);
    if (item.sharedComment) addComment(id, rachel, "shared", item.sharedComment, undefined, at(day, "16:30"));
  };

  /** Records the item's decision as Rachel Ward, the lead reviewer, the day after the PCC made it. */
  const decide = (item: ReviewedBid, decidedOn: string, recordedAt: string) => {
    const id = bidId(item.title);
    const bid = getBidDetail(id)!;
    const d = item.decision!;
    const approvedByLine = Object.fromEntries(
      Object.entries(d.approved ?? {}).map(([description, pence]) => [bid.costLines.find((l) => l.description === description)!.id, pence]),
    );
    must(
      recordDecision(id, rachel, bid.version, {
        outcome: d.outcome,
        approvedByLine,
        decidedOn,
        decisionMaker: PCC,
        leadOfficer: "Rachel Ward, Commissioning Officer",
        reasons: d.reasons,
        conditionIds: conditionIds(d.conditions),
        writtenConditions: d.written ?? [],
        declarationOfInterests: "None declared.",
        publishable: true,
        foiExemption: null,
        paymentBasis: d.paymentBasis,
      }, recordedAt),
      `deciding ${item.title}`,
    );
  };

  MELTON_ANNUAL.forEach((item, i) => review(item, `2023-06-${String(19 + i).padStart(2, "0")}`));
  // Decided at the PCC's decision meeting; the lead reviewer records the decisions the next day.
  for (const item of MELTON_ANNUAL) decide(item, "2023-07-20", at("2023-07-21", "10:00"));

  for (const item of MELTON_SS5) {
    const id = bidId(item.title);
    must(submitBid(id, meltonLead, getBidDetail(id)!.version, at("2023-09-29", "12:00")), `submitting ${item.title}`);
  }
  MELTON_SS5.forEach((item, i) => review(item, `2023-10-${String(9 + i).padStart(2, "0")}`));
  // Safer Streets 5 runs from 1 October 2023: the PCC decides the moderated bids in November.
  for (const item of MELTON_SS5.filter((b) => b.decision)) decide(item, "2023-11-16", at("2023-11-17", "10:00"));

  // Melton's lead accepts every offer, within a fortnight of each decision.
  seedDemoOffers();
}

/** The demo's Melton bids in the order they are decided, for tests that check the references. */
export const DEMO_DECIDED_TITLES = [...MELTON_ANNUAL, ...MELTON_SS5.filter((b) => b.decision)].map((b) => b.title);

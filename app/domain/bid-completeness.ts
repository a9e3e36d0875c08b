import { durationInMonths, financialYearStartYear, formatDate } from "./financial-years";
import type { BidFund } from "./funds";
import { formatPence } from "./money";
import type { PriorityKind } from "./priorities";

/**
 * What stops a bid being submitted. A draft may be incomplete; submitting needs every problem
 * listed here to be gone. Each problem names the section (and field) that fixes it.
 */

export const BID_SECTIONS = [
  { key: "details", title: "Project details" },
  { key: "priorities", title: "Priorities" },
  { key: "costs", title: "Costs" },
  { key: "match-funding", title: "Match funding" },
  { key: "outcomes", title: "Outcomes" },
  { key: "risks", title: "Risks" },
  { key: "data-protection", title: "Data protection and equality" },
] as const;

export type BidSectionKey = (typeof BID_SECTIONS)[number]["key"];

export const isBidSectionKey = (value: string): value is BidSectionKey =>
  BID_SECTIONS.some((s) => s.key === value);

export const sectionTitle = (key: BidSectionKey) => BID_SECTIONS.find((s) => s.key === key)!.title;

export interface SubmissionProblem {
  section: BidSectionKey;
  /** The id of the field on the section's page, for the error summary's link. */
  field: string;
  message: string;
}

export interface BidForSubmission {
  title: string;
  summary: string;
  need: string;
  activities: string;
  locations: string;
  startDate: string | null;
  endDate: string | null;
  priorityKinds: PriorityKind[];
  costLines: { financialYearStart: number }[];
  totalCostPence: number;
  matchFundingPence: number;
  matchFundingLines: number;
  outcomes: { baseline: string | null; target: string | null }[];
  risks: { mitigation: string }[];
  holdsPersonalData: boolean | null;
  dpiaCompleted: boolean | null;
  equalityImpact: string;
}

export interface StreamRules {
  /** The round's financial year. */
  financialYearStartsOn: string;
  financialYearEndsOn: string;
  maySpanYears: boolean;
  maxDurationMonths: number;
  matchFundingRequired: boolean;
}

export interface AllocationPosition {
  /** What the bid draws on; the CSP's allocation unless said otherwise. */
  fund?: BidFund;
  /** The CSP's allocation, or the round's central fund. */
  allocationPence: number;
  /** Held by the other submitted or approved bids on the same money (the CSP's, or every CSP's for the central fund). */
  committedElsewherePence: number;
}

export const requestedPence = (bid: { totalCostPence: number; matchFundingPence: number }) =>
  bid.totalCostPence - bid.matchFundingPence;

export function submissionProblems(
  bid: BidForSubmission,
  rules: StreamRules,
  allocation: AllocationPosition | null,
): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  const need = (section: BidSectionKey, field: string, message: string) => problems.push({ section, field, message });

  // Project details
  if (!bid.title.trim()) need("details", "title", "Enter a project title");
  if (!bid.summary.trim()) need("details", "summary", "Enter a summary of the project");
  if (!bid.need.trim()) need("details", "need", "Describe the problem and the evidence of need");
  if (!bid.activities.trim()) need("details", "activities", "Describe what will be done");
  if (!bid.locations.trim()) need("details", "locations", "Enter where the project will take place");
  if (!bid.startDate) need("details", "startDate-day", "Enter the start date");
  if (!bid.endDate) need("details", "endDate-day", "Enter the end date");
  if (bid.startDate && bid.endDate) {
    if (bid.endDate < bid.startDate) {
      need("details", "endDate-day", "The end date must be the same as or after the start date");
    } else {
      if (bid.startDate < rules.financialYearStartsOn) {
        need("details", "startDate-day", `The project must start on or after ${formatDate(rules.financialYearStartsOn)}`);
      }
      if (!rules.maySpanYears && bid.endDate > rules.financialYearEndsOn) {
        need("details", "endDate-day", `This fund does not span financial years: the project must end by ${formatDate(rules.financialYearEndsOn)}`);
      }
      const months = durationInMonths(bid.startDate, bid.endDate);
      if (months > rules.maxDurationMonths) {
        need("details", "endDate-day", `The project runs ${months} months; this fund allows at most ${rules.maxDurationMonths}`);
      }
    }
  }

  // Priorities
  if (!bid.priorityKinds.includes("police_and_crime_plan")) {
    need("priorities", "priorities", "Select at least one Police and Crime Plan priority");
  }

  // Costs
  if (bid.costLines.length === 0) need("costs", "costs-0-description", "Add at least one cost line");
  if (bid.startDate && bid.endDate && bid.endDate >= bid.startDate) {
    const first = financialYearStartYear(bid.startDate);
    const last = financialYearStartYear(bid.endDate);
    bid.costLines.forEach((line, i) => {
      if (line.financialYearStart < first || line.financialYearStart > last) {
        need("costs", `costs-${i}-financialYearId`, `Cost line ${i + 1} falls in a financial year outside the project's dates`);
      }
    });
  }

  // Match funding
  if (rules.matchFundingRequired && bid.matchFundingLines === 0) {
    need("match-funding", "match-0-source", "This fund needs match funding: add at least one source");
  }
  if (bid.matchFundingPence > bid.totalCostPence) {
    need(
      "match-funding",
      "match-0-amount",
      `Match funding (${formatPence(bid.matchFundingPence)}) is more than the total cost (${formatPence(bid.totalCostPence)})`,
    );
  }

  // Outcomes
  if (!bid.outcomes.some((o) => o.baseline && o.target)) {
    need("outcomes", "outcomes-0-measure", "Add at least one outcome with a baseline and a target");
  }

  // Risks
  if (bid.risks.length === 0) need("risks", "risks-0-description", "Add at least one risk");
  bid.risks.forEach((risk, i) => {
    if (!risk.mitigation.trim()) need("risks", `risks-${i}-mitigation`, `Enter a mitigation for risk ${i + 1}`);
  });

  // Data protection and equality
  if (bid.holdsPersonalData === null) {
    need("data-protection", "holdsPersonalData", "Say whether the project uses CCTV or holds personal data");
  } else if (bid.holdsPersonalData && bid.dpiaCompleted === null) {
    need("data-protection", "dpiaCompleted", "Say whether a data protection impact assessment (DPIA) has been done");
  }
  if (!bid.equalityImpact.trim()) need("data-protection", "equalityImpact", "Describe the equality impact");

  // Money
  const requested = requestedPence(bid);
  if (bid.costLines.length > 0 && requested <= 0) {
    need("costs", "costs-0-description", "The amount requested from the OPCC must be more than £0.00");
  }
  if (allocation === null) {
    need("costs", "costs-0-description", "Your partnership has no allocation in this round, so it cannot bid in it");
  } else if (allocation.fund === "central" && allocation.allocationPence === 0) {
    need("costs", "costs-0-description", "This round has no central fund, so the bid cannot draw on it");
  } else if (requested > 0) {
    const remaining = allocation.allocationPence - allocation.committedElsewherePence;
    if (requested > remaining && allocation.fund === "central") {
      need(
        "costs",
        "costs-0-description",
        `The amount requested (${formatPence(requested)}) is more than is left in the round's central fund (${formatPence(remaining)}: ` +
          `central fund ${formatPence(allocation.allocationPence)} less ${formatPence(allocation.committedElsewherePence)} in other bids to it)`,
      );
    } else if (requested > remaining) {
      need(
        "costs",
        "costs-0-description",
        `The amount requested (${formatPence(requested)}) is more than your remaining allocation for this round (${formatPence(remaining)}: ` +
          `allocation ${formatPence(allocation.allocationPence)} less ${formatPence(allocation.committedElsewherePence)} in other submitted bids)`,
      );
    }
  }

  return problems;
}

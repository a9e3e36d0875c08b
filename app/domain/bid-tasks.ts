import { BID_SECTIONS, type BidSectionKey, type SubmissionProblem } from "./bid-completeness";

/**
 * A draft's sections as a GOV.UK task list: each section's status and what still stops the bid
 * being submitted in it (from the submission checks, so the list and "Check and submit" agree).
 *
 * - Not started: nothing has been entered or saved in the section.
 * - In progress: something has, but the section still has problems.
 * - Completed: the section has no problems and has been filled in or saved.
 * A section nothing requires (match funding, for a fund that does not ask for it) stays "Not
 * started" until it is saved, and says it is optional.
 */

export type TaskStatus = "Not started" | "In progress" | "Completed";

export interface SectionTask {
  section: BidSectionKey;
  title: string;
  status: TaskStatus;
  /** What stops the bid being submitted, in this section. */
  problems: string[];
  optional: boolean;
}

export interface BidContent {
  title: string;
  summary: string;
  need: string;
  activities: string;
  deliveryPartners: string;
  locations: string;
  startDate: string | null;
  endDate: string | null;
  milestones: readonly unknown[];
  priorities: readonly unknown[];
  costLines: readonly unknown[];
  matchFunding: readonly unknown[];
  outcomes: readonly unknown[];
  risks: readonly unknown[];
  holdsPersonalData: boolean | null;
  dpiaCompleted: boolean | null;
  equalityImpact: string;
}

const filled = (...texts: (string | null)[]) => texts.some((t) => t !== null && t.trim() !== "");

/** Whether anything has been entered in the section. A draft's title is typed when it is started. */
export function hasContent(bid: BidContent, section: BidSectionKey): boolean {
  switch (section) {
    case "details":
      return filled(bid.title, bid.summary, bid.need, bid.activities, bid.deliveryPartners, bid.locations, bid.startDate, bid.endDate) || bid.milestones.length > 0;
    case "priorities":
      return bid.priorities.length > 0;
    case "costs":
      return bid.costLines.length > 0;
    case "match-funding":
      return bid.matchFunding.length > 0;
    case "outcomes":
      return bid.outcomes.length > 0;
    case "risks":
      return bid.risks.length > 0;
    case "data-protection":
      return bid.holdsPersonalData !== null || bid.dpiaCompleted !== null || filled(bid.equalityImpact);
  }
}

export function sectionTasks(
  bid: BidContent,
  problems: readonly SubmissionProblem[],
  saved: ReadonlySet<BidSectionKey>,
  rules: { matchFundingRequired: boolean },
): SectionTask[] {
  return BID_SECTIONS.map(({ key, title }) => {
    const found = [...new Set(problems.filter((p) => p.section === key).map((p) => p.message))];
    const started = saved.has(key) || hasContent(bid, key);
    const status: TaskStatus = !started ? "Not started" : found.length ? "In progress" : "Completed";
    return { section: key, title, status, problems: found, optional: key === "match-funding" && !rules.matchFundingRequired };
  });
}

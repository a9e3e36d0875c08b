import type { ThreeSixtyGrant } from "./threesixty";

/**
 * 360Giving's quality checks beyond its schema, applied to the grants before they are published
 * in the 360Giving files (decision record 027). A grant that fails one is left out of the files and
 * counted: the portal cannot put right what a decision says, so the record is corrected at source
 * (a correcting decision) and the grant comes back in by itself. The statutory list on
 * /transparency is not filtered by these checks.
 */

export type QualityProblem =
  | "zero_amount"
  | "award_in_future"
  | "planned_dates_unreasonable"
  | "title_too_long"
  | "email_in_text"
  | "not_one_funder";

export const QUALITY_PROBLEM_LABELS: Record<QualityProblem, string> = {
  zero_amount: "the amount awarded is £0",
  award_in_future: "the award date is in the future",
  planned_dates_unreasonable: "the planned dates are not within reason",
  title_too_long: "the title is longer than 140 characters",
  email_in_text: "an e-mail address is in the text",
  not_one_funder: "the grant does not name the one funder",
};

export const TITLE_MAX_LENGTH = 140;
/** The longest a planned grant may run (the streams' own limit is 120 months). */
export const MAX_PLANNED_MONTHS = 120;
/** Planned dates before this are taken as mistyped. */
export const EARLIEST_PLANNED_DATE = "2000-01-01";

// Something@something.tld, as it might appear in free text.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The problems of one grant; none when it may be published. `today` is the UK date (yyyy-MM-dd). */
export function grantProblems(grant: ThreeSixtyGrant, { today, funderId }: { today: string; funderId: string }): QualityProblem[] {
  const problems: QualityProblem[] = [];
  if (!(grant.amountAwarded > 0)) problems.push("zero_amount");
  if (grant.awardDate.slice(0, 10) > today) problems.push("award_in_future");
  if (grant.plannedDates?.some((p) => !plannedDatesReasonable(p, grant.awardDate))) problems.push("planned_dates_unreasonable");
  if ([...grant.title].length > TITLE_MAX_LENGTH) problems.push("title_too_long");
  const texts = [grant.title, grant.description, ...grant.recipientOrganization.map((o) => o.name), ...grant.grantProgramme.map((p) => p.title)];
  if (texts.some((t) => EMAIL.test(t))) problems.push("email_in_text");
  if (grant.fundingOrganization.length !== 1 || grant.fundingOrganization[0].id !== funderId) problems.push("not_one_funder");
  return problems;
}

/**
 * Within reason: real dates, the start no later than the end, no earlier than 2000, the whole no
 * longer than ten years, and ending no more than ten years after the award.
 */
export function plannedDatesReasonable(p: { startDate: string; endDate: string; duration?: number }, awardDate: string): boolean {
  if (!ISO_DATE.test(p.startDate) || !ISO_DATE.test(p.endDate)) return false;
  if (Number.isNaN(Date.parse(p.startDate)) || Number.isNaN(Date.parse(p.endDate))) return false;
  if (p.startDate > p.endDate || p.startDate < EARLIEST_PLANNED_DATE) return false;
  if (p.duration !== undefined && (p.duration < 0 || p.duration > MAX_PLANNED_MONTHS)) return false;
  const tenYearsOn = (date: string) => `${Number(date.slice(0, 4)) + 10}${date.slice(4, 10)}`;
  if (p.endDate > tenYearsOn(p.startDate)) return false;
  return p.endDate <= tenYearsOn(awardDate.slice(0, 10));
}

export interface QualityResult {
  published: ThreeSixtyGrant[];
  /** Each grant left out, with why. */
  leftOut: { id: string; problems: QualityProblem[] }[];
}

/**
 * Keeps the grants that pass, and lists those left out with their problems. One funder: every grant
 * must name the configured funder and only it. (Decision references are unique, so grant ids are.)
 */
export function applyQualityChecks(grants: ThreeSixtyGrant[], options: { today: string; funderId: string }): QualityResult {
  const published: ThreeSixtyGrant[] = [];
  const leftOut: QualityResult["leftOut"] = [];
  for (const grant of grants) {
    const problems = grantProblems(grant, options);
    if (problems.length) leftOut.push({ id: grant.id, problems });
    else published.push(grant);
  }
  return { published, leftOut };
}

/** Whether every grant of a file names one and the same funder. */
export function oneFunder(grants: ThreeSixtyGrant[]): boolean {
  const ids = new Set(grants.flatMap((g) => g.fundingOrganization.map((o) => o.id)));
  return ids.size <= 1 && grants.every((g) => g.fundingOrganization.length === 1);
}

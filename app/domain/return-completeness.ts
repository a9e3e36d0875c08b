import { addDays } from "date-fns";
import { formatDate, parseIsoDate, toIsoDate } from "./financial-years";
import { formatPence } from "./money";
import { quarterHasEnded } from "./return-periods";
import { formatTolerance, needsExplanation } from "./spend-variance";

/**
 * What stops a quarterly return being submitted (like app/domain/bid-completeness.ts for bids).
 * A return may be saved half done; submitting needs every problem listed here gone. Each problem
 * names the id of the field that puts it right: on the return's form, except the certification
 * (on the return's page) and the quarter not having ended (nothing to fill in yet).
 */

export interface ReturnProblem {
  /** The id of the field the error summary links to ("lines-0-actual"). */
  field: string;
  message: string;
}

/** The fields of the return's form that are not per line, milestone or outcome, in page order. */
export const RETURN_TEXT_FIELDS = ["spendRag", "spendRagReason", "deliveryRag", "deliveryRagReason", "wentWell", "didNotGoWell", "nextSteps"] as const;

/** Problems that are not put right on the form. */
export const CERTIFICATION_FIELD = "certification";
export const PERIOD_FIELD = "period";

export interface ReturnForSubmission {
  periodEnd: string;
  toleranceBasisPoints: number;
  certificationRequired: boolean;
  /** The council that certifies, for the message: "Melton Borough Council". */
  council: string;
  certified: boolean;
  /** In the order the form shows them: field ids use these positions. */
  lines: { description: string; actualPence: number | null; profilePence: number; varianceExplanation: string }[];
  milestones: { description: string; progress: string | null }[];
  outcomes: { measure: string; actualToDate: string | null }[];
  spendRag: string | null;
  spendRagReason: string;
  deliveryRag: string | null;
  deliveryRagReason: string;
  wentWell: string;
  didNotGoWell: string;
  nextSteps: string;
}

/** `today` is the UK date, "yyyy-MM-dd". */
export function returnProblems(r: ReturnForSubmission, today: string): ReturnProblem[] {
  const problems: ReturnProblem[] = [];
  const need = (field: string, message: string) => problems.push({ field, message });
  const ended = quarterHasEnded(r, today);
  if (!ended) {
    need(PERIOD_FIELD, `The quarter ends on ${formatDate(r.periodEnd)}: its return can be submitted from ${formatDate(toIsoDate(addDays(parseIsoDate(r.periodEnd), 1)))}`);
  }

  r.lines.forEach((line, i) => {
    // Spend cannot be reported for a quarter still running, so it is not asked for until it has ended.
    if (ended && line.actualPence === null) need(`lines-${i}-actual`, `Enter the actual spend this quarter on ${line.description}`);
    if (needsExplanation(line.actualPence, line.profilePence, r.toleranceBasisPoints) && !line.varianceExplanation.trim()) {
      need(
        `lines-${i}-explanation`,
        `Explain why the spend on ${line.description} (${formatPence(line.actualPence ?? 0)}) differs from its profile (${formatPence(line.profilePence)}) by more than ${formatTolerance(r.toleranceBasisPoints)}`,
      );
    }
  });

  r.milestones.forEach((m, i) => {
    if (!m.progress) need(`milestones-${i}-progress`, `Say how the milestone "${m.description}" is going`);
  });
  r.outcomes.forEach((o, i) => {
    if (o.actualToDate === null || o.actualToDate.trim() === "") need(`outcomes-${i}-actualToDate`, `Enter the actual to date for ${o.measure}`);
  });

  if (!r.spendRag) need("spendRag", "Choose a spend rating: red, amber or green");
  if (!r.spendRagReason.trim()) need("spendRagReason", "Say why you gave the spend that rating");
  if (!r.deliveryRag) need("deliveryRag", "Choose a delivery rating: red, amber or green");
  if (!r.deliveryRagReason.trim()) need("deliveryRagReason", "Say why you gave the delivery that rating");
  if (!r.wentWell.trim()) need("wentWell", "Say what went well this quarter");
  if (!r.didNotGoWell.trim()) need("didNotGoWell", "Say what did not go well this quarter");
  if (!r.nextSteps.trim()) need("nextSteps", "Say what happens next quarter");

  if (r.certificationRequired && !r.certified) need(CERTIFICATION_FIELD, `${r.council}'s finance officer must certify the spend before the return is submitted`);
  return problems;
}

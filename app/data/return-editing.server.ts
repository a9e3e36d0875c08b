import { and, eq, sql } from "drizzle-orm";
import { grantReturns, grants, returnForecasts, returnLines, returnMilestones, returnOutcomes, returnSubmissions } from "../../db/schema";
import type { MilestoneProgress } from "../../db/schema/returns";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { returnProblems, type ReturnProblem } from "../domain/return-completeness";
import { canReturnTransition, isReturnEditable, returnTransition, wasSubmittedLate, type ReturnStatus } from "../domain/return-lifecycle";
import { ukDate } from "../domain/round-window";
import { sameQuarter } from "../domain/spend-profile";
import { recordAudit } from "./audit.server";
import { assertReturnOpen } from "./year-lock.server";
import { db, type Tx } from "./db.server";
import { opccFinanceContacts, portalUrl, queueMessage, reviewerContacts } from "./notifications.server";
import { forSubmission, loadReturn, returnTextOf, snapshotOf, type ReturnDetail, type ReturnText } from "./returns.server";

/**
 * What the partnership writes in a quarterly return: the CSP lead saves and submits it, the
 * council's finance officer certifies its spend. Each write is one transaction that reads the
 * return afresh, refuses a copy older than the one stored (`version`), moves the status only
 * through `returnTransition`, and is audited.
 */

export type Stale = { kind: "stale"; changedBy: string; changedById: number | null; changedAt: string };
export type NotEditable = { kind: "not-editable"; status: ReturnStatus };

const stale = (r: ReturnDetail): Stale => ({ kind: "stale", changedBy: r.updatedByName, changedById: r.updatedById, changedAt: r.updatedAt });

/** A grant a correcting decision withdrew takes no more returns: nothing more is due under it. */
const grantWithdrawn = (tx: Tx, grantId: number) => tx.select({ at: grants.withdrawnAt }).from(grants).where(eq(grants.id, grantId)).get()?.at != null;

/** Raises the version from the one the user started from; false if someone else got there first. */
function claim(tx: Tx, r: ReturnDetail, expectedVersion: number, userId: number, now: string, columns: Partial<typeof grantReturns.$inferInsert>): boolean {
  const done = tx
    .update(grantReturns)
    .set({ ...columns, version: expectedVersion + 1, updatedBy: userId, updatedAt: now })
    .where(and(eq(grantReturns.id, r.id), eq(grantReturns.version, expectedVersion)))
    .run();
  return done.changes === 1;
}

function read(tx: Tx, returnId: number, now: string): ReturnDetail {
  const r = loadReturn(returnId, { tx, today: ukDate(new Date(now)) });
  if (!r) throw new Error(`Return ${returnId} vanished`);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Saving

export interface ReturnInput extends ReturnText {
  lines: { costLineId: number; actualPence: number | null; varianceExplanation: string; forecasts: { startYear: number; quarter: number; amountPence: number | null }[] }[];
  outcomes: { outcomeId: number; actualToDate: string | null; comment: string }[];
  milestones: { milestoneId: number; progress: MilestoneProgress | null; comment: string }[];
}

export type SaveReturnResult =
  | { kind: "saved"; version: number; certificationCleared: boolean }
  | Stale
  | NotEditable
  /** An actual for a quarter that has not ended: spend is reported once the quarter is over. */
  | { kind: "quarter-not-ended"; periodEnd: string }
  /** A line, forecast quarter, outcome or milestone that is not the return's (a forged or stale form). */
  | { kind: "unknown"; what: string };

/**
 * Saves the whole return as the lead typed it: every line's actual, explanation and forecasts,
 * every outcome and milestone, the ratings and the narrative. A half-done return saves; it is
 * checked only when submitted. Changing any actual after the council certified the spend clears
 * the certification, so it is certified again.
 */
export function saveReturn(returnId: number, userId: number, expectedVersion: number, input: ReturnInput, now = new Date().toISOString()): SaveReturnResult {
  return db().transaction(
    (tx) => {
      assertReturnOpen(returnId, tx);
      const r = read(tx, returnId, now);
      if (r.version !== expectedVersion) return stale(r);
      if (!canReturnTransition(r.status, "save") || grantWithdrawn(tx, r.grantId)) return { kind: "not-editable", status: r.status };
      if (!r.quarterEnded && input.lines.some((l) => l.actualPence !== null)) return { kind: "quarter-not-ended", periodEnd: r.periodEnd };
      const lineIds = new Set(r.lines.map((l) => l.costLineId));
      const bad = input.lines.find((l) => !lineIds.has(l.costLineId) || l.forecasts.some((f) => !r.remainingQuarters.some((q) => sameQuarter(q, f))));
      if (bad) return { kind: "unknown", what: "cost line" };
      if (input.outcomes.some((o) => !r.outcomes.some((x) => x.outcomeId === o.outcomeId))) return { kind: "unknown", what: "outcome" };
      if (input.milestones.some((m) => !r.milestones.some((x) => x.milestoneId === m.milestoneId))) return { kind: "unknown", what: "milestone" };

      const before = new Map(r.lines.map((l) => [l.costLineId, l.actualPence]));
      const given = new Map(input.lines.map((l) => [l.costLineId, l]));
      const spendChanged = r.lines.some((l) => (given.get(l.costLineId)?.actualPence ?? null) !== before.get(l.costLineId));
      const clearCertification = spendChanged && r.certification !== null;
      const to = returnTransition(r.status, "save");
      const claimed = claim(tx, r, expectedVersion, userId, now, {
        status: to,
        ...returnTextOf(input),
        ...(clearCertification ? { certifiedBy: null, certifiedName: null, certifiedRole: null, certifiedOn: null } : {}),
      });
      if (!claimed) return stale(r);

      for (const table of [returnLines, returnForecasts, returnOutcomes, returnMilestones]) tx.delete(table).where(eq(table.returnId, returnId)).run();
      const lines = input.lines.filter((l) => l.actualPence !== null || l.varianceExplanation !== "");
      if (lines.length) tx.insert(returnLines).values(lines.map((l) => ({ returnId, costLineId: l.costLineId, actualPence: l.actualPence, varianceExplanation: l.varianceExplanation }))).run();
      const forecasts = input.lines.flatMap((l) => l.forecasts.flatMap((f) => (f.amountPence === null ? [] : [{ returnId, costLineId: l.costLineId, startYear: f.startYear, quarter: f.quarter, amountPence: f.amountPence }])));
      if (forecasts.length) tx.insert(returnForecasts).values(forecasts).run();
      const outcomes = input.outcomes.filter((o) => o.actualToDate !== null || o.comment !== "");
      if (outcomes.length) tx.insert(returnOutcomes).values(outcomes.map((o) => ({ returnId, ...o }))).run();
      const milestones = input.milestones.filter((m) => m.progress !== null || m.comment !== "");
      if (milestones.length) tx.insert(returnMilestones).values(milestones.map((m) => ({ returnId, ...m }))).run();

      recordAudit(tx, {
        userId,
        action: "return.saved",
        entityType: "return",
        entityId: returnId,
        bidId: r.bidId,
        cspId: r.cspId,
        before: { status: r.status, actuals: Object.fromEntries(before), certified: r.certification !== null },
        after: {
          status: to,
          actuals: Object.fromEntries(input.lines.map((l) => [l.costLineId, l.actualPence])),
          spendRag: input.spendRag,
          deliveryRag: input.deliveryRag,
          ...(clearCertification ? { certificationCleared: true } : {}),
        },
      }, now);
      return { kind: "saved", version: expectedVersion + 1, certificationCleared: clearCertification };
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------------------------------------
// Certifying

export interface CertificationInput {
  name: string;
  role: string;
  /** The date they certify on (ISO). */
  on: string;
}

export type CertifyResult =
  | { kind: "saved"; version: number }
  | Stale
  | NotEditable
  | { kind: "refused"; message: string; field?: "name" | "role" | "on" };

/**
 * The council finance officer certifies the quarter's spend: the council is the accountable body.
 * Only once the quarter has ended and every line has its actual, while the partnership may still
 * change the return, and never dated in the future or before the quarter ended.
 */
export function certifyReturn(returnId: number, userId: number, expectedVersion: number, input: CertificationInput, now = new Date().toISOString()): CertifyResult {
  return db().transaction(
    (tx) => {
      assertReturnOpen(returnId, tx);
      const r = read(tx, returnId, now);
      if (r.version !== expectedVersion) return stale(r);
      if (!isReturnEditable(r.status) || grantWithdrawn(tx, r.grantId)) return { kind: "not-editable", status: r.status };
      if (!r.certificationRequired) return { kind: "refused", message: `${r.streamName} returns are not certified by the council.` };
      if (!r.quarterEnded) return { kind: "refused", message: `The spend can be certified once the quarter has ended (${formatDate(r.periodEnd)}).` };
      const missing = r.lines.filter((l) => l.actualPence === null);
      if (missing.length) return { kind: "refused", message: `The partnership has not yet entered the actual spend on ${missing.map((l) => l.description).join(", ")}: it can be certified once every line has its actual.` };
      const today = ukDate(new Date(now));
      if (input.on > today) return { kind: "refused", message: "The date of certification must be today or in the past", field: "on" };
      if (input.on <= r.periodEnd) return { kind: "refused", message: `The date of certification must be after the quarter ended (${formatDate(r.periodEnd)})`, field: "on" };
      if (!claim(tx, r, expectedVersion, userId, now, { certifiedBy: userId, certifiedName: input.name, certifiedRole: input.role, certifiedOn: input.on })) return stale(r);
      recordAudit(tx, {
        userId,
        action: "return.certified",
        entityType: "return",
        entityId: returnId,
        bidId: r.bidId,
        cspId: r.cspId,
        before: r.certification ?? undefined,
        after: { name: input.name, role: input.role, on: input.on, actualPence: r.totals.capital.actualPence + r.totals.revenue.actualPence },
      }, now);
      return { kind: "saved", version: expectedVersion + 1 };
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------------------------------------
// Submitting

export type SubmitReturnResult =
  | { kind: "saved"; version: number; status: ReturnStatus; submission: number }
  | Stale
  | NotEditable
  | { kind: "incomplete"; problems: ReturnProblem[] };

/**
 * The lead submits the return: refused unless complete (and certified where the stream asks),
 * kept whole as the next snapshot in return_submissions, and e-mailed to the OPCC's reviewers and
 * finance officers. The first submission's time is kept: lateness is judged on it.
 */
export function submitReturn(returnId: number, userId: number, expectedVersion: number, now = new Date().toISOString()): SubmitReturnResult {
  return db().transaction(
    (tx) => {
      assertReturnOpen(returnId, tx);
      const r = read(tx, returnId, now);
      if (r.version !== expectedVersion) return stale(r);
      if (!canReturnTransition(r.status, "submit") || grantWithdrawn(tx, r.grantId)) return { kind: "not-editable", status: r.status };
      const problems = returnProblems(forSubmission(r), ukDate(new Date(now)));
      if (problems.length) return { kind: "incomplete", problems };
      const to = returnTransition(r.status, "submit");
      if (!claim(tx, r, expectedVersion, userId, now, { status: to, submittedAt: now, firstSubmittedAt: r.firstSubmittedAt ?? now })) return stale(r);
      const number = tx.get<{ n: number }>(sql`select coalesce(max(number), 0) + 1 as n from return_submissions where return_id = ${returnId}`).n;
      tx.insert(returnSubmissions).values({ returnId, number, submittedAt: now, submittedBy: userId, snapshot: snapshotOf(r) }).run();
      const late = r.firstSubmittedAt === null && wasSubmittedLate(r, ukDate(new Date(now)));
      const spent = r.totals.capital.actualPence + r.totals.revenue.actualPence;
      recordAudit(tx, {
        userId,
        action: to === "resubmitted" ? "return.resubmitted" : "return.submitted",
        entityType: "return",
        entityId: returnId,
        bidId: r.bidId,
        cspId: r.cspId,
        before: { status: r.status },
        after: { status: to, submission: number, actualPence: spent, ...(late ? { late: true } : {}) },
      }, now);
      const again = to === "resubmitted";
      queueMessage(tx, {
        to: [...reviewerContacts(tx), ...opccFinanceContacts(tx)],
        subject: `Quarterly return ${again ? "resubmitted" : "submitted"}: ${r.title}, ${r.label} (${r.cspName})`,
        body: [
          `${r.cspName} has ${again ? "resubmitted" : "submitted"} its return for "${r.title}", ${r.label}${late ? `, after its due date of ${formatDate(r.dueOn)}` : ""}.`,
          `Spent this quarter: ${formatPence(spent)} (capital ${formatPence(r.totals.capital.actualPence)}, revenue ${formatPence(r.totals.revenue.actualPence)}).`,
          `Accept or query it: ${portalUrl(`/grants/${r.grantId}/returns/${r.id}`)}`,
        ].join("\n\n"),
      }, now);
      return { kind: "saved", version: expectedVersion + 1, status: to, submission: number };
    },
    { behavior: "immediate" },
  );
}

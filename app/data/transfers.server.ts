import { and, eq, sql } from "drizzle-orm";
import { grantVariations } from "../../db/schema";
import { reviewStanding } from "../domain/decision-review";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import type { VirementLine } from "../domain/virement-rules";
import { describeTransfer, transferProblems, type TransferFromLine, type TransferProblems, type TransferToLine } from "../domain/transfer-rules";
import { recordAudit } from "./audit.server";
import { db, type DbOrTx, type Tx } from "./db.server";
import { recordDecisionIn, type DecisionResult } from "./decisions.server";
import { decisionGrantedSql, LINE_TOTAL_SQL } from "./money-sql.server";
import { cspContacts, opccFinanceContacts, portalUrl, queueMessage, reviewerContacts } from "./notifications.server";
import { reviewStateFor } from "./review.server";
import { variationGrant, variationRefusal, virementLines, type DecideResult, type RequestResult } from "./variations.server";
import { assertYearOpen } from "./year-lock.server";

/**
 * Transfers (decision record 025): money moved from a line of one grant to a line of another of
 * the same partnership's grants, or released to its allocation for a new project. The CSP lead
 * asks (`requestTransfer`, a grant_variations row of kind "transfer" on the giving grant); it always
 * waits for the OPCC, and is approved as PCC decisions (`approveTransfer`): a correcting decision on
 * each bid, recorded by the decision machinery with its own reference, moving the line amounts.
 * The grants' totals, schedules and returns follow those decisions as with any correction.
 * Refusal and withdrawal are the variations' own (`decideVariation`, `withdrawVariation`).
 */

export type TransferSourceLine = TransferFromLine & Pick<VirementLine, "financialYearLabel" | "expenditureType">;

/** The giving grant's lines (the year lock and the rules say which may give). */
export function transferFromLines(grantId: number, tx: DbOrTx = db()): TransferSourceLine[] {
  return virementLines(grantId, tx).map((l) => ({ id: l.id, description: l.description, financialYearId: l.financialYearId, approvedPence: l.approvedPence, currentPence: l.currentPence, spentPence: l.spentPence, financialYearLabel: l.financialYearLabel, expenditureType: l.expenditureType }));
}

/** What is still to be paid under a grant: its decision's grant less every payment made under it. */
export function unpaidPence(grantId: number, tx: DbOrTx = db()): number {
  return (
    tx.get<{ n: number }>(sql`
      select max(0, ${decisionGrantedSql(sql`g.decision_id`, sql`g.bid_id`)}
                   - (select coalesce(sum(p.amount_pence), 0) from payments p join grant_payments gp on gp.id = p.instalment_id where gp.grant_id = g.id)) as n
        from grants g where g.id = ${grantId}`)?.n ?? 0
  );
}

export interface TransferTarget extends TransferToLine, Pick<VirementLine, "financialYearLabel" | "expenditureType"> {
  grantId: number;
  grantTitle: string;
}

/**
 * Lines of the partnership's other grants that can receive money: grants accepted and standing,
 * lines in an open year with room below what their bid asked. One partnership's grants only
 * (grants_csp_idx), so the list stays short.
 */
export function transferTargets(grantId: number, cspId: number, tx: DbOrTx = db()): TransferTarget[] {
  return tx.all<TransferTarget>(sql`
    select l.id, l.description, l.financial_year_id as financialYearId, fy.label as financialYearLabel, l.expenditure_type as expenditureType,
           dl.approved_pence as approvedPence, ${sql.raw(LINE_TOTAL_SQL)} as askedPence, g.id as grantId, b.title as grantTitle
      from grants g join bids b on b.id = g.bid_id
      join decision_lines dl on dl.decision_id = g.decision_id
      join bid_cost_lines l on l.id = dl.cost_line_id join financial_years fy on fy.id = l.financial_year_id
     where g.csp_id = ${cspId} and g.id <> ${grantId} and g.offer_status = 'accepted' and g.withdrawn_at is null
       and fy.status = 'open' and dl.approved_pence < ${sql.raw(LINE_TOTAL_SQL)}
     order by b.title, g.id, l.position, l.id`);
}

export interface TransferInput {
  fromCostLineId: number;
  /** The receiving line (of another grant), or null to release the money to the allocation. */
  toCostLineId: number | null;
  amountPence: number;
  reason: string;
}

const problemsAsErrors = (p: TransferProblems) => Object.fromEntries(Object.entries(p).filter(([, m]) => m)) as Record<string, string>;

/** The partnership asks to move money to another grant or to release it; it always waits for the OPCC. */
export function requestTransfer(grantId: number, userId: number, input: TransferInput, now = new Date().toISOString()): RequestResult {
  return db().transaction(
    (tx): RequestResult => {
      const g = variationGrant(grantId, tx);
      if (!g) return { kind: "refused", message: "This grant does not exist." };
      const refusal = variationRefusal(g);
      if (refusal) return { kind: "refused", message: refusal };
      const from = transferFromLines(grantId, tx).find((l) => l.id === input.fromCostLineId);
      const target = input.toCostLineId === null ? undefined : (transferTargets(grantId, g.cspId, tx).find((t) => t.id === input.toCostLineId) ?? null);
      const problems = transferProblems(from, target, input.amountPence, unpaidPence(grantId, tx));
      if (Object.keys(problems).length) return { kind: "invalid", errors: problemsAsErrors(problems) };
      assertYearOpen(from!.financialYearId, tx);
      const row = tx
        .insert(grantVariations)
        .values({
          grantId, kind: "transfer", status: "requested", financialYearId: from!.financialYearId, fromCostLineId: from!.id,
          toGrantId: target?.grantId ?? null, toCostLineId: target?.id ?? null, amountPence: input.amountPence, reason: input.reason, requestedBy: userId, requestedAt: now,
        })
        .returning({ id: grantVariations.id })
        .get();
      const what = describeTransfer(input.amountPence, from!.description, target ? { grantTitle: target.grantTitle, line: target.description } : null);
      recordAudit(tx, { userId, action: "variation.transfer_requested", entityType: "variation", entityId: row.id, bidId: g.bidId, cspId: g.cspId, after: { grantId, ...input, toGrantId: target?.grantId ?? null } }, now);
      queueMessage(
        tx,
        {
          to: [...reviewerContacts(tx), ...opccFinanceContacts(tx)],
          subject: `A transfer between grants waits for a PCC decision: ${g.title}`,
          body: [`${g.cspName} asks to move ${what}.`, `Why: ${input.reason}`, `Approve it as a PCC decision, or refuse it, in the portal: ${portalUrl(`/grants/${g.id}/variations/${row.id}`)}`].join("\n\n"),
        },
        now,
      );
      return { kind: "saved", variationId: row.id, status: "requested" };
    },
    { behavior: "immediate" },
  );
}

/** The PCC decision's particulars, as the decision form asks them. */
export interface TransferDecisionInput {
  expectedVersion: number;
  decisionReason: string;
  decidedOn: string;
  decisionMaker: string;
  leadOfficer: string;
  declarationOfInterests: string;
  publishable: boolean;
  foiExemption: string | null;
}

/** A correcting decision the transfer needs could not be recorded: nothing of the transfer is kept. */
class TransferRefused extends Error {
  constructor(readonly result: DecideResult) {
    super("transfer refused");
  }
}

/**
 * The OPCC approves a waiting transfer as PCC decisions. In one transaction: the giving bid's
 * standing decision is corrected with the line reduced by the amount, the receiving bid's (if any)
 * with its line increased, each with the next reference; then the request is marked approved and
 * names them. If either decision cannot be recorded (a stale bid, a date before the decision it
 * corrects) nothing is kept.
 */
export function approveTransfer(grantId: number, variationId: number, userId: number, input: TransferDecisionInput, now = new Date().toISOString()): DecideResult {
  try {
    return db().transaction((tx) => approveIn(tx, grantId, variationId, userId, input, now), { behavior: "immediate" });
  } catch (error) {
    if (error instanceof TransferRefused) return error.result;
    throw error;
  }
}

function approveIn(tx: Tx, grantId: number, variationId: number, userId: number, input: TransferDecisionInput, now: string): DecideResult {
  const v = tx.select().from(grantVariations).where(eq(grantVariations.id, variationId)).get();
  if (!v || v.grantId !== grantId || v.kind !== "transfer") return { kind: "not_found" };
  if (v.version !== input.expectedVersion) {
    const name = tx.get<{ name: string }>(sql`select name from users where id = ${v.decidedBy ?? v.requestedBy}`)?.name ?? "Someone";
    return { kind: "stale", changedBy: name, changedAt: v.decidedAt ?? v.withdrawnAt ?? v.requestedAt, changedById: v.decidedBy ?? v.requestedBy };
  }
  if (v.status !== "requested") return { kind: "refused", message: `This transfer has already been ${v.status}.` };
  assertYearOpen(v.financialYearId, tx);
  const g = variationGrant(grantId, tx)!;
  const refusal = variationRefusal(g);
  if (refusal) return { kind: "refused", message: refusal };
  // The grants may have moved on since it was asked: spend recorded, payments made, other decisions.
  const from = transferFromLines(grantId, tx).find((l) => l.id === v.fromCostLineId);
  const target = v.toCostLineId === null ? undefined : (transferTargets(grantId, g.cspId, tx).find((t) => t.id === v.toCostLineId && t.grantId === v.toGrantId) ?? null);
  const problem = Object.values(transferProblems(from, target, v.amountPence!, unpaidPence(grantId, tx))).find(Boolean);
  if (problem) return { kind: "refused", message: `This transfer can no longer be approved as asked: ${problem}. Refuse it, and the partnership can ask again.` };

  const what = describeTransfer(v.amountPence!, from!.description, target ? { grantTitle: target.grantTitle, line: target.description } : null);
  const reasons = `${input.decisionReason}\n\nThis decision moves ${what}, as ${g.cspName} asked on ${formatDate(v.requestedAt.slice(0, 10))}: ${v.reason}`;
  const correct = (bidId: number, costLineId: number, deltaPence: number) => {
    const result = correctLine(tx, bidId, costLineId, deltaPence, userId, { ...input, reasons, correctionReason: `To move ${what} (transfer request ${v.id}).` }, now);
    if (result.kind === "recorded") return result;
    const message = result.kind === "stale" ? `The bid changed since this page was opened (${result.changedBy}): reload the page and try again.` : result.message;
    throw new TransferRefused(result.kind === "refused" && result.field === "decidedOn" ? { kind: "invalid", errors: { decidedOn: message } } : { kind: "refused", message });
  };
  const giving = correct(g.bidId, from!.id, -v.amountPence!);
  const receiving = target ? correct(tx.get<{ bidId: number }>(sql`select bid_id as bidId from grants where id = ${target.grantId}`)!.bidId, target.id, v.amountPence!) : null;

  tx.update(grantVariations)
    .set({ status: "approved", decidedBy: userId, decidedAt: now, decisionReason: input.decisionReason, decisionId: giving.decisionId, toDecisionId: receiving?.decisionId ?? null, version: v.version + 1 })
    .where(and(eq(grantVariations.id, v.id), eq(grantVariations.version, v.version)))
    .run();
  recordAudit(tx, {
    userId, action: "variation.approved", entityType: "variation", entityId: v.id, bidId: g.bidId, cspId: g.cspId,
    before: { status: v.status }, after: { status: "approved", reason: input.decisionReason, decisions: [giving.reference, ...(receiving ? [receiving.reference] : [])] },
  }, now);
  queueMessage(
    tx,
    {
      to: cspContacts(tx, g.cspId, { finance: true }),
      subject: `Transfer approved: ${g.title}`,
      body: [
        `The Police and Crime Commissioner has approved the transfer of ${what}, by decision ${giving.reference}${receiving ? ` and decision ${receiving.reference}` : ""}.`,
        `Why: ${input.decisionReason}`,
        target ? "Both grants' amounts, payment schedules and returns now show it." : "The money is released to the partnership's allocation: bid for the new project against it.",
        `See it in the portal: ${portalUrl(`/grants/${g.id}/variations/${v.id}`)}`,
      ].join("\n\n"),
    },
    now,
  );
  return { kind: "saved", status: "approved" };
}

/**
 * A correcting decision on `bidId` that changes one line by `deltaPence` and keeps everything else
 * its standing decision says: the other lines, the conditions as worded, the payment basis.
 */
function correctLine(
  tx: Tx,
  bidId: number,
  costLineId: number,
  deltaPence: number,
  userId: number,
  d: TransferDecisionInput & { reasons: string; correctionReason: string },
  now: string,
): DecisionResult {
  const standing = tx.get<{ id: number; conditions: string; paymentBasis: "quarterly_arrears" | "advance" | "milestones"; version: number }>(sql`
    select d.id, d.conditions, g.payment_basis as paymentBasis, b.version
      from grants g join decisions d on d.id = g.decision_id join bids b on b.id = g.bid_id where g.bid_id = ${bidId}`)!;
  const lines = tx.all<{ id: number; approvedPence: number; askedPence: number }>(sql`
    select l.id, dl.approved_pence as approvedPence, ${sql.raw(LINE_TOTAL_SQL)} as askedPence
      from decision_lines dl join bid_cost_lines l on l.id = dl.cost_line_id where dl.decision_id = ${standing.id}`);
  const approvedByLine = Object.fromEntries(lines.map((l) => [l.id, l.id === costLineId ? l.approvedPence + deltaPence : l.approvedPence]));
  const partial = lines.some((l) => approvedByLine[l.id] < l.askedPence);
  const moderated = reviewStanding(reviewStateFor(bidId, tx)).kind === "moderated";
  return recordDecisionIn(tx, bidId, userId, standing.version, {
    outcome: partial ? "part_approve" : "approve",
    approvedByLine,
    decidedOn: d.decidedOn,
    decisionMaker: d.decisionMaker,
    leadOfficer: d.leadOfficer,
    reasons: d.reasons,
    conditionIds: [],
    writtenConditions: JSON.parse(standing.conditions) as string[],
    declarationOfInterests: d.declarationOfInterests,
    publishable: d.publishable,
    foiExemption: d.publishable ? null : d.foiExemption,
    paymentBasis: standing.paymentBasis,
    correctionOf: { decisionId: standing.id, reason: d.correctionReason },
    // The transfer changes the amounts, not the merits: a bid decided without a moderated score says so again.
    withoutReviewReason: moderated ? null : "The decision corrects an earlier one only to move money between grants as the partnership asked. The bid's merits were decided before.",
  }, now);
}

/** For the page: what a transfer would move now, checked as the data layer will check it. */
export const transferLimitText = (unpaid: number) => `${formatPence(unpaid)} of this grant is still to be paid: only money not yet paid can move.`;

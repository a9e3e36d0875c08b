import { and, eq, sql } from "drizzle-orm";
import { grantLineAdjustments, grantPayments, grants, grantVariations } from "../../db/schema";
import type { VariationKind, VariationStatus } from "../../db/schema/variations";
import { currentEndDate, extendedInstalments, extensionProblem } from "../domain/extension-rules";
import { financialYearStartYear, formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { approvalReasons, virementProblems, type VirementLine, type VirementProblems, type VirementStreamRules } from "../domain/virement-rules";
import { recordAudit } from "./audit.server";
import { db, type DbOrTx, type Tx } from "./db.server";
import { currentLineSql } from "./money-sql.server";
import { cspContacts, opccFinanceContacts, portalUrl, queueMessage, reviewerContacts } from "./notifications.server";
import { syncReturnsForGrant } from "./returns.server";
import { assertGrantOpen, assertYearOpen } from "./year-lock.server";

/**
 * Variations of a grant (decision record 023): virements between its cost lines and time
 * extensions. The CSP lead asks (`requestVirement`, `requestExtension`) and may withdraw while the
 * request waits; an OPCC officer approves or refuses (`decideVariation`). A virement within the
 * stream's rules is approved as it is made. Approving a virement writes its two line adjustments;
 * approving an extension sets grants.extended_to, makes the returns to the new end and shares the
 * unpaid instalments over the quarters to it. Every write checks the year lock, is audited and
 * e-mails the other side.
 */

// ---------------------------------------------------------------------------------------------
// What a variation needs to know of its grant

export interface VariationGrant {
  id: number;
  bidId: number;
  cspId: number;
  title: string;
  cspName: string;
  version: number;
  offerStatus: "offered" | "accepted" | "declined";
  withdrawnAt: string | null;
  paymentBasis: "quarterly_arrears" | "advance" | "milestones";
  startDate: string;
  bidEndDate: string;
  extendedTo: string | null;
  endDate: string;
  rules: VirementStreamRules & { maxDurationMonths: number; maySpanYears: boolean };
}

export function variationGrant(grantId: number, tx: DbOrTx = db()): VariationGrant | undefined {
  const row = tx.get<Omit<VariationGrant, "rules" | "endDate"> & { toleranceBasisPoints: number; virementCapPence: number; maxDurationMonths: number; maySpanYears: number }>(sql`
    select g.id, g.bid_id as bidId, g.csp_id as cspId, b.title, o.name as cspName, g.version, g.offer_status as offerStatus, g.withdrawn_at as withdrawnAt,
           g.payment_basis as paymentBasis, b.start_date as startDate, b.end_date as bidEndDate, g.extended_to as extendedTo,
           s.tolerance_basis_points as toleranceBasisPoints, s.virement_cap_pence as virementCapPence, s.max_duration_months as maxDurationMonths, s.may_span_years as maySpanYears
      from grants g join bids b on b.id = g.bid_id join organisations o on o.id = g.csp_id
      join rounds r on r.id = b.round_id join funding_streams s on s.id = r.stream_id
     where g.id = ${grantId}`);
  if (!row) return undefined;
  const { toleranceBasisPoints, virementCapPence, maxDurationMonths, maySpanYears, ...g } = row;
  return {
    ...g,
    endDate: currentEndDate({ extendedTo: g.extendedTo, endDate: g.bidEndDate }),
    rules: { toleranceBasisPoints, virementCapPence, maxDurationMonths, maySpanYears: maySpanYears === 1 },
  };
}

/** Why nothing can be varied on the grant now, or null: only an accepted grant that stands is varied. */
export function variationRefusal(g: Pick<VariationGrant, "offerStatus" | "withdrawnAt">): string | null {
  if (g.withdrawnAt) return "This grant was withdrawn by a later decision, so it cannot be varied.";
  if (g.offerStatus !== "accepted") return "The grant offer has not been accepted, so the grant cannot be varied yet.";
  return null;
}

/**
 * The grant's cost lines as a virement sees them: approved, current (with approved virements and
 * carry-forwards) and spent (every actual recorded on the line in the grant's returns). Lines the
 * decision approved nothing on and nothing has moved to are left out.
 */
export function virementLines(grantId: number, tx: DbOrTx = db()): VirementLine[] {
  return tx.all<VirementLine>(sql`
    select * from (
      select l.id, l.description, l.financial_year_id as financialYearId, fy.label as financialYearLabel, l.expenditure_type as expenditureType,
             dl.approved_pence as approvedPence, ${currentLineSql(sql`g.id`, sql`l.id`, sql`dl.approved_pence`)} as currentPence,
             (select coalesce(sum(rl.actual_pence), 0) from return_lines rl join grant_returns gr on gr.id = rl.return_id
               where rl.cost_line_id = l.id and gr.grant_id = g.id) as spentPence,
             l.position
        from grants g join decision_lines dl on dl.decision_id = g.decision_id
        join bid_cost_lines l on l.id = dl.cost_line_id join financial_years fy on fy.id = l.financial_year_id
       where g.id = ${grantId}
    ) where approvedPence > 0 or currentPence > 0
    order by position, id`);
}

const yearIdOf = (tx: DbOrTx, isoDate: string) =>
  tx.get<{ id: number }>(sql`select id from financial_years where starts_on = ${`${financialYearStartYear(isoDate)}-04-01`}`)?.id ?? null;

// ---------------------------------------------------------------------------------------------
// Results

export type RequestResult =
  | { kind: "saved"; variationId: number; status: VariationStatus }
  | { kind: "invalid"; errors: Record<string, string> }
  | { kind: "refused"; message: string }
  | { kind: "stale"; changedBy: string; changedAt: string; changedById: number | null };

export type DecideResult =
  | { kind: "saved"; status: VariationStatus }
  | { kind: "not_found" }
  | { kind: "invalid"; errors: Record<string, string> }
  | { kind: "refused"; message: string }
  | { kind: "stale"; changedBy: string; changedAt: string; changedById: number | null };

const describeVirement = (from: { description: string }, to: { description: string }, amountPence: number) =>
  `${formatPence(amountPence)} from ${from.description} to ${to.description}`;

function writeAdjustments(tx: Tx, grantId: number, variationId: number, v: { fromCostLineId: number; toCostLineId: number; amountPence: number }, now: string) {
  tx.insert(grantLineAdjustments)
    .values([
      { grantId, costLineId: v.fromCostLineId, deltaPence: -v.amountPence, variationId, createdAt: now },
      { grantId, costLineId: v.toCostLineId, deltaPence: v.amountPence, variationId, createdAt: now },
    ])
    .run();
}

function tellOpcc(tx: Tx, g: VariationGrant, variationId: number, subject: string, what: string, reason: string, now: string) {
  queueMessage(
    tx,
    {
      to: [...reviewerContacts(tx), ...opccFinanceContacts(tx)],
      subject: `${subject}: ${g.title}`,
      body: [`${g.cspName} asks for ${what} on the grant "${g.title}".`, `Why: ${reason}`, `Approve or refuse it in the portal: ${portalUrl(`/grants/${g.id}/variations/${variationId}`)}`].join("\n\n"),
    },
    now,
  );
}

function tellCsp(tx: Tx, g: VariationGrant, variationId: number, subject: string, lines: string[], now: string) {
  queueMessage(tx, { to: cspContacts(tx, g.cspId, { finance: true }), subject: `${subject}: ${g.title}`, body: [...lines, `See it in the portal: ${portalUrl(`/grants/${g.id}/variations/${variationId}`)}`].join("\n\n") }, now);
}

// ---------------------------------------------------------------------------------------------
// Asking

export interface VirementInput {
  fromCostLineId: number;
  toCostLineId: number;
  amountPence: number;
  reason: string;
}

/** The partnership's virement: approved as it is made within the stream's rules, else waiting for the OPCC. */
export function requestVirement(grantId: number, userId: number, input: VirementInput, now = new Date().toISOString()): RequestResult {
  return db().transaction(
    (tx): RequestResult => {
      const g = variationGrant(grantId, tx);
      if (!g) return { kind: "refused", message: "This grant does not exist." };
      const refusal = variationRefusal(g);
      if (refusal) return { kind: "refused", message: refusal };
      const lines = virementLines(grantId, tx);
      const from = lines.find((l) => l.id === input.fromCostLineId);
      const to = lines.find((l) => l.id === input.toCostLineId);
      const problems: VirementProblems = virementProblems(from, to, input.amountPence);
      if (Object.keys(problems).length) return { kind: "invalid", errors: renameAmount(problems) };
      assertYearOpen(from!.financialYearId, tx);
      const reasons = approvalReasons(from!, to!, input.amountPence, g.rules);
      const automatic = reasons.length === 0;
      const row = tx
        .insert(grantVariations)
        .values({
          grantId, kind: "virement", status: automatic ? "approved" : "requested", financialYearId: from!.financialYearId,
          fromCostLineId: from!.id, toCostLineId: to!.id, amountPence: input.amountPence, reason: input.reason, autoApproved: automatic,
          requestedBy: userId, requestedAt: now, decidedAt: automatic ? now : null,
          decisionReason: automatic ? "Within the fund's tolerance and limit, so approved automatically." : null,
        })
        .returning({ id: grantVariations.id })
        .get();
      const what = describeVirement(from!, to!, input.amountPence);
      recordAudit(tx, { userId, action: automatic ? "variation.virement_auto_approved" : "variation.virement_requested", entityType: "variation", entityId: row.id, bidId: g.bidId, cspId: g.cspId, after: { grantId, ...input, needsApproval: reasons } }, now);
      if (automatic) {
        writeAdjustments(tx, grantId, row.id, { fromCostLineId: from!.id, toCostLineId: to!.id, amountPence: input.amountPence }, now);
        tellCsp(tx, g, row.id, "Virement approved", [`The virement of ${what} on "${g.title}" is within the fund's tolerance and limit, so it was approved automatically and the lines now show it.`, `Why it was asked for: ${input.reason}`], now);
      } else {
        tellOpcc(tx, g, row.id, "A virement waits for approval", `a virement of ${what} (it needs approval because ${reasons.join(" and ")})`, input.reason, now);
      }
      return { kind: "saved", variationId: row.id, status: automatic ? "approved" : "requested" };
    },
    { behavior: "immediate" },
  );
}

/** The form's field is "amount" (pounds); the rules call it the same. */
const renameAmount = (p: VirementProblems) => Object.fromEntries(Object.entries(p).filter(([, m]) => m)) as Record<string, string>;

export interface ExtensionInput {
  newEndDate: string;
  reason: string;
  /** The grant's version the page was opened at: an extension asked from an older copy is refused. */
  expectedVersion: number;
}

/** The partnership's request for a later end date; always waits for an OPCC officer. */
export function requestExtension(grantId: number, userId: number, input: ExtensionInput, now = new Date().toISOString()): RequestResult {
  return db().transaction(
    (tx): RequestResult => {
      const g = variationGrant(grantId, tx);
      if (!g) return { kind: "refused", message: "This grant does not exist." };
      const refusal = variationRefusal(g);
      if (refusal) return { kind: "refused", message: refusal };
      if (g.version !== input.expectedVersion) return { kind: "stale", ...grantLastChange(tx, grantId) };
      const problem = extensionProblem({ startDate: g.startDate, currentEndDate: g.endDate, newEndDate: input.newEndDate, maxDurationMonths: g.rules.maxDurationMonths, maySpanYears: g.rules.maySpanYears });
      if (problem) return { kind: "invalid", errors: { newEndDate: problem } };
      const waiting = tx.get<{ id: number }>(sql`select id from grant_variations where grant_id = ${grantId} and kind = 'extension' and status = 'requested' limit 1`);
      if (waiting) return { kind: "refused", message: "An extension of this grant is already waiting for the OPCC: withdraw it first if you need a different date." };
      const yearId = yearIdOf(tx, g.endDate);
      if (yearId === null) return { kind: "refused", message: "The grant's end date is in a financial year the portal does not have." };
      assertYearOpen(yearId, tx);
      const row = tx
        .insert(grantVariations)
        .values({ grantId, kind: "extension", status: "requested", financialYearId: yearId, currentEndDate: g.endDate, newEndDate: input.newEndDate, reason: input.reason, requestedBy: userId, requestedAt: now })
        .returning({ id: grantVariations.id })
        .get();
      recordAudit(tx, { userId, action: "variation.extension_requested", entityType: "variation", entityId: row.id, bidId: g.bidId, cspId: g.cspId, after: { grantId, currentEndDate: g.endDate, newEndDate: input.newEndDate, reason: input.reason } }, now);
      tellOpcc(tx, g, row.id, "A time extension waits for approval", `more time: to end on ${formatDate(input.newEndDate)} rather than ${formatDate(g.endDate)}`, input.reason, now);
      return { kind: "saved", variationId: row.id, status: "requested" };
    },
    { behavior: "immediate" },
  );
}

function grantLastChange(tx: DbOrTx, grantId: number): { changedBy: string; changedAt: string; changedById: number | null } {
  const row = tx.get<{ changedBy: string | null; changedAt: string; changedById: number | null }>(sql`
    select u.name as changedBy, a.at as changedAt, a.user_id as changedById from audit_log a left join users u on u.id = a.user_id
     where a.entity_type = 'grant' and a.entity_id = ${grantId} order by a.id desc limit 1`);
  return { changedBy: row?.changedBy ?? "Someone", changedAt: row?.changedAt ?? new Date().toISOString(), changedById: row?.changedById ?? null };
}

// ---------------------------------------------------------------------------------------------
// Deciding and withdrawing

interface StoredVariation {
  id: number;
  grantId: number;
  kind: VariationKind;
  status: VariationStatus;
  financialYearId: number;
  fromCostLineId: number | null;
  toCostLineId: number | null;
  amountPence: number | null;
  currentEndDate: string | null;
  newEndDate: string | null;
  reason: string;
  version: number;
  requestedBy: number;
  requestedAt: string;
  decidedBy: number | null;
  decidedAt: string | null;
  withdrawnAt: string | null;
}

const storedVariation = (tx: DbOrTx, variationId: number) => tx.select().from(grantVariations).where(eq(grantVariations.id, variationId)).get() as StoredVariation | undefined;

/** Who last changed a variation, and when, for a stale copy's message: the decider, else the partnership (its request or withdrawal). */
function variationLastChange(tx: DbOrTx, v: StoredVariation) {
  const byId = v.decidedBy ?? v.requestedBy;
  const name = tx.get<{ name: string }>(sql`select name from users where id = ${byId}`)?.name ?? "Someone";
  return { changedBy: name, changedAt: v.decidedAt ?? v.withdrawnAt ?? v.requestedAt, changedById: byId };
}

export interface DecisionInput {
  approve: boolean;
  reason: string;
  expectedVersion: number;
}

/** An OPCC officer's approval or refusal of a waiting variation, with the reason. */
export function decideVariation(grantId: number, variationId: number, userId: number, input: DecisionInput, now = new Date().toISOString()): DecideResult {
  return db().transaction(
    (tx): DecideResult => {
      const v = storedVariation(tx, variationId);
      if (!v || v.grantId !== grantId) return { kind: "not_found" };
      if (v.version !== input.expectedVersion) return { kind: "stale", ...variationLastChange(tx, v) };
      if (v.status !== "requested") return { kind: "refused", message: `This ${v.kind === "extension" ? "extension" : v.kind} has already been ${v.status}.` };
      // A transfer is approved as PCC decisions (transfers.server.ts approveTransfer); here it can only be refused.
      if (v.kind === "transfer" && input.approve) return { kind: "refused", message: "A transfer between grants is approved as a PCC decision: fill in the decision's details." };
      assertYearOpen(v.financialYearId, tx);
      const g = variationGrant(grantId, tx)!;
      const refusal = variationRefusal(g);
      if (refusal && input.approve) return { kind: "refused", message: refusal };
      let what: string;
      if (v.kind === "virement") {
        const lines = virementLines(grantId, tx);
        const from = lines.find((l) => l.id === v.fromCostLineId);
        const to = lines.find((l) => l.id === v.toCostLineId);
        what = `the virement of ${describeVirement(from ?? { description: "a line" }, to ?? { description: "a line" }, v.amountPence!)}`;
        if (input.approve) {
          // The lines may have moved on since it was asked: spend recorded, other virements approved.
          const problems = virementProblems(from, to, v.amountPence);
          const first = Object.values(problems).find(Boolean);
          if (first) return { kind: "refused", message: `This virement can no longer be approved as asked: ${first}. Refuse it, and the partnership can ask again.` };
          writeAdjustments(tx, grantId, v.id, { fromCostLineId: v.fromCostLineId!, toCostLineId: v.toCostLineId!, amountPence: v.amountPence! }, now);
        }
      } else if (v.kind === "transfer") {
        what = `the transfer of ${formatPence(v.amountPence!)}`;
      } else {
        what = `the extension to ${formatDate(v.newEndDate!)}`;
        if (input.approve) {
          if (g.endDate !== v.currentEndDate) return { kind: "refused", message: `The grant's end date has changed since this was asked (it is now ${formatDate(g.endDate)}). Refuse it, and the partnership can ask again.` };
          const problem = extensionProblem({ startDate: g.startDate, currentEndDate: g.endDate, newEndDate: v.newEndDate!, maxDurationMonths: g.rules.maxDurationMonths, maySpanYears: g.rules.maySpanYears });
          if (problem) return { kind: "refused", message: `${problem}.` };
          assertGrantOpen(grantId, tx);
          extendGrant(tx, g, v.newEndDate!, userId, now);
        }
      }
      const status: VariationStatus = input.approve ? "approved" : "refused";
      tx.update(grantVariations)
        .set({ status, decidedBy: userId, decidedAt: now, decisionReason: input.reason, version: v.version + 1 })
        .where(and(eq(grantVariations.id, v.id), eq(grantVariations.version, v.version)))
        .run();
      recordAudit(tx, { userId, action: `variation.${status}`, entityType: "variation", entityId: v.id, bidId: g.bidId, cspId: g.cspId, before: { status: v.status }, after: { status, reason: input.reason } }, now);
      tellCsp(tx, g, v.id, input.approve ? "Variation approved" : "Variation refused", [`The OPCC has ${status} ${what} on "${g.title}".`, `Why: ${input.reason}`], now);
      return { kind: "saved", status };
    },
    { behavior: "immediate" },
  );
}

/**
 * An approved extension: the grant's new end, its returns made to it, and its unpaid instalments
 * (those with no payment, due in a year still open) shared over the quarters to the new end. A
 * grant paid in advance or on milestones keeps its schedule.
 */
function extendGrant(tx: Tx, g: VariationGrant, newEndDate: string, userId: number, now: string) {
  tx.update(grants).set({ extendedTo: newEndDate, version: g.version + 1 }).where(eq(grants.id, g.id)).run();
  const returns = syncReturnsForGrant(tx, g.id, userId, now);
  let before: { dueOn: string; amountPence: number }[] = [];
  let after: { dueOn: string; amountPence: number }[] = [];
  if (g.paymentBasis === "quarterly_arrears") {
    const rows = tx.all<{ id: number; dueOn: string; label: string; amountPence: number; paidPence: number; closed: number }>(sql`
      select gp.id, gp.due_on as dueOn, gp.label, gp.amount_pence as amountPence,
             (select coalesce(sum(p.amount_pence), 0) from payments p where p.instalment_id = gp.id) as paidPence,
             exists (select 1 from financial_years fy where gp.due_on between fy.starts_on and fy.ends_on and fy.status = 'closed') as closed
        from grant_payments gp where gp.grant_id = ${g.id} order by gp.due_on, gp.id`);
    const kept = rows.filter((r) => r.paidPence > 0 || r.closed === 1);
    const next = extendedInstalments({ kept, totalPence: rows.reduce((n, r) => n + r.amountPence, 0), startDate: g.startDate, newEndDate });
    before = rows.map((r) => ({ dueOn: r.dueOn, amountPence: r.amountPence }));
    for (const r of rows) if (!kept.includes(r)) tx.delete(grantPayments).where(eq(grantPayments.id, r.id)).run();
    if (next.length) tx.insert(grantPayments).values(next.map((i) => ({ grantId: g.id, ...i }))).run();
    after = [...kept, ...next].map((r) => ({ dueOn: r.dueOn, amountPence: r.amountPence }));
  }
  recordAudit(tx, { userId, action: "grant.extended", entityType: "grant", entityId: g.id, bidId: g.bidId, cspId: g.cspId, before: { endDate: g.endDate, instalments: before }, after: { endDate: newEndDate, instalments: after, returns } }, now);
}

/** The partnership takes back a request still waiting. */
export function withdrawVariation(grantId: number, variationId: number, userId: number, expectedVersion: number, now = new Date().toISOString()): DecideResult {
  return db().transaction(
    (tx): DecideResult => {
      const v = storedVariation(tx, variationId);
      if (!v || v.grantId !== grantId) return { kind: "not_found" };
      if (v.version !== expectedVersion) return { kind: "stale", ...variationLastChange(tx, v) };
      if (v.status !== "requested") return { kind: "refused", message: `This request has already been ${v.status}, so it cannot be withdrawn.` };
      assertYearOpen(v.financialYearId, tx);
      const g = variationGrant(grantId, tx)!;
      tx.update(grantVariations).set({ status: "withdrawn", withdrawnAt: now, version: v.version + 1 }).where(eq(grantVariations.id, v.id)).run();
      recordAudit(tx, { userId, action: "variation.withdrawn", entityType: "variation", entityId: v.id, bidId: g.bidId, cspId: g.cspId, before: { status: v.status }, after: { status: "withdrawn" } }, now);
      queueMessage(tx, { to: [...reviewerContacts(tx), ...opccFinanceContacts(tx)], subject: `Variation withdrawn: ${g.title}`, body: `${g.cspName} has withdrawn its request on "${g.title}": nothing is left to decide.\n\n${portalUrl(`/grants/${g.id}/variations/${v.id}`)}` }, now);
      return { kind: "saved", status: "withdrawn" };
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface VariationRow {
  id: number;
  grantId: number;
  kind: VariationKind;
  status: VariationStatus;
  autoApproved: boolean;
  fromCostLineId: number | null;
  toCostLineId: number | null;
  fromLine: string | null;
  toLine: string | null;
  amountPence: number | null;
  currentEndDate: string | null;
  newEndDate: string | null;
  reason: string;
  requestedByName: string;
  requestedAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  withdrawnAt: string | null;
  financialYearId: number;
  version: number;
  /** For a transfer: the giving grant's title, the receiving grant (null: released for a new project), and the PCC decisions that made it. */
  fromGrantTitle: string;
  toGrantId: number | null;
  toGrantTitle: string | null;
  decisionId: number | null;
  decisionReference: string | null;
  toDecisionId: number | null;
  toDecisionReference: string | null;
}

const VARIATION_COLUMNS = sql`
  v.id, v.grant_id as grantId, v.kind, v.status, v.auto_approved as autoApproved, v.from_cost_line_id as fromCostLineId, v.to_cost_line_id as toCostLineId, fl.description as fromLine, tl.description as toLine, v.amount_pence as amountPence,
  v.current_end_date as currentEndDate, v.new_end_date as newEndDate, v.reason, coalesce(ru.name, 'Someone') as requestedByName, v.requested_at as requestedAt,
  du.name as decidedByName, v.decided_at as decidedAt, v.decision_reason as decisionReason, v.withdrawn_at as withdrawnAt, v.financial_year_id as financialYearId, v.version,
  fb.title as fromGrantTitle, v.to_grant_id as toGrantId, tb.title as toGrantTitle, v.decision_id as decisionId, d1.reference as decisionReference, v.to_decision_id as toDecisionId, d2.reference as toDecisionReference`;

const VARIATION_JOINS = sql`
  left join bid_cost_lines fl on fl.id = v.from_cost_line_id left join bid_cost_lines tl on tl.id = v.to_cost_line_id
  left join users ru on ru.id = v.requested_by left join users du on du.id = v.decided_by
  join grants fg on fg.id = v.grant_id join bids fb on fb.id = fg.bid_id
  left join grants tg on tg.id = v.to_grant_id left join bids tb on tb.id = tg.bid_id
  left join decisions d1 on d1.id = v.decision_id left join decisions d2 on d2.id = v.to_decision_id`;

const asRow = (r: VariationRow): VariationRow => ({ ...r, autoApproved: Boolean(r.autoApproved) });

/**
 * A grant's variations, and the transfers into it from the partnership's other grants, newest
 * first (through grant_variations_grant_idx and grant_variations_to_grant_idx).
 */
export function variationsForGrant(grantId: number, tx: DbOrTx = db()): VariationRow[] {
  return tx
    .all<VariationRow>(sql`
      select * from (
        select ${VARIATION_COLUMNS} from grant_variations v ${VARIATION_JOINS} where v.grant_id = ${grantId}
        union all
        select ${VARIATION_COLUMNS} from grant_variations v ${VARIATION_JOINS} where v.to_grant_id = ${grantId}
      ) order by id desc`)
    .map(asRow);
}

export function findVariation(variationId: number, tx: DbOrTx = db()): VariationRow | undefined {
  const row = tx.get<VariationRow>(sql`select ${VARIATION_COLUMNS} from grant_variations v ${VARIATION_JOINS} where v.id = ${variationId}`);
  return row ? asRow(row) : undefined;
}

export const VARIATIONS_PAGE_SIZE = 25;

export interface VariationQueueRow extends VariationRow {
  title: string;
  cspName: string;
}

/**
 * One page of variations. With a status, oldest first through grant_variations_status_idx (the
 * OPCC's queue is the requested ones); with none, every status, newest first. `cspId` keeps it to
 * one partnership's grants (through grants_csp_idx and grant_variations_grant_idx).
 */
export function listVariations(filters: { status?: VariationStatus; cspId?: number; page: number }, pageSize = VARIATIONS_PAGE_SIZE) {
  const where = sql.join(
    [sql`1 = 1`, filters.status ? sql`v.status = ${filters.status}` : undefined, filters.cspId ? sql`g.csp_id = ${filters.cspId}` : undefined].filter((x): x is ReturnType<typeof sql> => x !== undefined),
    sql` and `,
  );
  const total = db().get<{ n: number }>(sql`select count(*) as n from grant_variations v join grants g on g.id = v.grant_id where ${where}`).n;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, filters.page), pages);
  const order = filters.status ? sql`v.requested_at, v.id` : sql`v.requested_at desc, v.id desc`;
  const rows = db()
    .all<VariationQueueRow>(sql`
      select ${VARIATION_COLUMNS}, b.title, o.name as cspName
        from grant_variations v join grants g on g.id = v.grant_id join bids b on b.id = g.bid_id join organisations o on o.id = g.csp_id ${VARIATION_JOINS}
       where ${where} order by ${order} limit ${pageSize} offset ${(page - 1) * pageSize}`)
    .map((r) => ({ ...asRow(r), title: r.title, cspName: r.cspName }));
  return { rows, count: total, page, pages };
}

/** How many variations wait for the OPCC (for the dashboard), through grant_variations_status_idx. */
export const countWaitingVariations = (): number => db().get<{ n: number }>(sql`select count(*) as n from grant_variations where status = 'requested'`).n;

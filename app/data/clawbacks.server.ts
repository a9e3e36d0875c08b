import { sql, type SQL } from "drizzle-orm";
import { clawbackDateProblem, clawbackRefusal, lockedWhenYearClosed, nextClawbackStatus, type ClawbackAction, type ClawbackStatus } from "../domain/clawback-lifecycle";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import type { YearClosure } from "../domain/year-lock";
import { recordAudit } from "./audit.server";
import { db, type DbOrTx } from "./db.server";
import { cspContacts, portalUrl, queueMessage } from "./notifications.server";
import { assertYearOpen, yearClosure } from "./year-lock.server";

/**
 * Clawbacks (grant_recoveries): money a partnership's council must repay, raised when an
 * underspend is returned (app/data/underspends.server.ts) or when a correcting decision leaves more
 * paid than granted (raiseRecovery in grants.server.ts). OPCC finance invoices, receives or waives
 * them here; the life-cycle's rules are app/domain/clawback-lifecycle.ts.
 */

export const CLAWBACK_PAGE_SIZE = 25;

export interface ClawbackListRow {
  id: number;
  grantId: number;
  title: string;
  cspName: string;
  amountPence: number;
  status: ClawbackStatus;
  createdAt: string;
  invoiceReference: string | null;
  fromUnderspend: boolean;
}

/**
 * A year's clawbacks, newest first, optionally of one status: filtered and paged in SQL through
 * grant_recoveries_year_idx (financial year, status), with the year's totals by status.
 */
export function listClawbacks(filters: { financialYearId: number; status?: ClawbackStatus; page: number }, pageSize = CLAWBACK_PAGE_SIZE) {
  const where: SQL[] = [sql`x.financial_year_id = ${filters.financialYearId}`];
  if (filters.status) where.push(sql`x.status = ${filters.status}`);
  const cond = sql.join(where, sql` and `);
  const totals = db().all<{ status: ClawbackStatus; count: number; amountPence: number }>(sql`
    select x.status, count(*) as count, sum(x.amount_pence) as amountPence from grant_recoveries x
     where x.financial_year_id = ${filters.financialYearId} group by x.status`);
  const total = filters.status ? (totals.find((t) => t.status === filters.status)?.count ?? 0) : totals.reduce((n, t) => n + t.count, 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, filters.page), pages);
  const rows = db()
    .all<Omit<ClawbackListRow, "fromUnderspend"> & { fromUnderspend: number }>(sql`
      select x.id, x.grant_id as grantId, b.title, o.name as cspName, x.amount_pence as amountPence, x.status, x.created_at as createdAt,
             x.invoice_reference as invoiceReference, (x.underspend_id is not null) as fromUnderspend
        from grant_recoveries x
        join grants g on g.id = x.grant_id
        join bids b on b.id = g.bid_id
        join organisations o on o.id = g.csp_id
       where ${cond}
       order by x.id desc
       limit ${pageSize} offset ${(page - 1) * pageSize}`)
    .map((r) => ({ ...r, fromUnderspend: r.fromUnderspend === 1 }));
  return { rows, total, page, pages, totals };
}

export interface ClawbackDetail {
  id: number;
  grantId: number;
  bidId: number;
  cspId: number;
  title: string;
  cspName: string;
  financialYearId: number;
  financialYearLabel: string;
  amountPence: number;
  reason: string;
  status: ClawbackStatus;
  version: number;
  createdAt: string;
  createdByName: string | null;
  decisionReference: string | null;
  underspendPence: number | null;
  underspendReason: string | null;
  invoiceReference: string | null;
  invoicedOn: string | null;
  receivedOn: string | null;
  waivedReason: string | null;
  waivedDecisionReference: string | null;
  waivedAt: string | null;
  closure: YearClosure | null;
}

export function findClawback(id: number, tx: DbOrTx = db()): ClawbackDetail | null {
  const row = tx.get<Omit<ClawbackDetail, "closure">>(sql`
    select x.id, x.grant_id as grantId, g.bid_id as bidId, g.csp_id as cspId, b.title, o.name as cspName,
           x.financial_year_id as financialYearId, fy.label as financialYearLabel, x.amount_pence as amountPence, x.reason, x.status, x.version,
           x.created_at as createdAt, cu.name as createdByName, d.reference as decisionReference,
           u.amount_pence as underspendPence, u.reason as underspendReason,
           x.invoice_reference as invoiceReference, x.invoiced_on as invoicedOn, x.received_on as receivedOn,
           x.waived_reason as waivedReason, x.waived_decision_reference as waivedDecisionReference, x.waived_at as waivedAt
      from grant_recoveries x
      join grants g on g.id = x.grant_id
      join bids b on b.id = g.bid_id
      join organisations o on o.id = g.csp_id
      join financial_years fy on fy.id = x.financial_year_id
      left join users cu on cu.id = x.created_by
      left join decisions d on d.id = x.decision_id
      left join grant_underspends u on u.id = x.underspend_id
     where x.id = ${id}`);
  return row ? { ...row, closure: yearClosure(row.financialYearId, tx) } : null;
}

/** A clawback's history from the audit log (through audit_log_entity_idx), earliest first. */
export function clawbackHistory(id: number): { at: string; action: string; byName: string }[] {
  return db().all(sql`
    select a.at, a.action, coalesce(u.name, 'The portal') as byName from audit_log a left join users u on u.id = a.user_id
     where a.entity_type = 'grant_recovery' and a.entity_id = ${id} order by a.id`);
}

/** What the partnership may see of a grant's clawbacks: amounts, why, and where each stands; not who at the OPCC did what. */
export function grantClawbacksForPartnership(grantId: number) {
  return db().all<{ id: number; financialYearLabel: string; amountPence: number; reason: string; status: ClawbackStatus; invoiceReference: string | null; invoicedOn: string | null; receivedOn: string | null; waivedDecisionReference: string | null }>(sql`
    select x.id, fy.label as financialYearLabel, x.amount_pence as amountPence, x.reason, x.status, x.invoice_reference as invoiceReference,
           x.invoiced_on as invoicedOn, x.received_on as receivedOn, x.waived_decision_reference as waivedDecisionReference
      from grant_recoveries x join financial_years fy on fy.id = x.financial_year_id
     where x.grant_id = ${grantId} order by x.id`);
}

export type ClawbackStep =
  | { action: "invoice"; invoiceReference: string; invoicedOn: string }
  | { action: "receive"; receivedOn: string }
  | { action: "waive"; reason: string; decisionReference: string };

export type ClawbackResult =
  | { kind: "done"; status: ClawbackStatus }
  | { kind: "not_found" }
  | { kind: "stale"; changedBy: string; changedAt: string; changedById: number | null }
  | { kind: "refused"; message: string }
  | { kind: "invalid"; errors: Record<string, string> };

const FIELD_OF_DATE: Record<ClawbackAction, string> = { invoice: "invoicedOn", receive: "receivedOn", waive: "reason" };

/**
 * Moves a clawback on a step of its life-cycle, from the copy the officer saw (`expectedVersion`).
 * Every step but receiving checks the year lock; receiving an invoiced clawback stays possible
 * after its year is closed (the trigger allows exactly that change).
 */
export function actOnClawback(id: number, userId: number, expectedVersion: number, step: ClawbackStep, now: string = new Date().toISOString()): ClawbackResult {
  return db().transaction(
    (tx): ClawbackResult => {
      const c = findClawback(id, tx);
      if (!c) return { kind: "not_found" };
      if (lockedWhenYearClosed(step.action)) assertYearOpen(c.financialYearId, tx);
      if (c.version !== expectedVersion) {
        const last = tx.get<{ at: string; userId: number | null; name: string | null }>(sql`
          select a.at, a.user_id as userId, u.name from audit_log a left join users u on u.id = a.user_id
           where a.entity_type = 'grant_recovery' and a.entity_id = ${id} order by a.id desc limit 1`);
        return { kind: "stale", changedBy: last?.name ?? "Someone", changedAt: last?.at ?? c.createdAt, changedById: last?.userId ?? null };
      }
      const refusal = clawbackRefusal(c.status, step.action);
      if (refusal) return { kind: "refused", message: refusal };
      const date = step.action === "invoice" ? step.invoicedOn : step.action === "receive" ? step.receivedOn : null;
      const dateProblem = date ? clawbackDateProblem(step.action, date, { raisedOn: c.createdAt.slice(0, 10), invoicedOn: c.invoicedOn }) : null;
      if (dateProblem) return { kind: "invalid", errors: { [FIELD_OF_DATE[step.action]]: dateProblem } };
      const status = nextClawbackStatus(c.status, step.action)!;
      const changes =
        step.action === "invoice"
          ? sql`invoice_reference = ${step.invoiceReference}, invoiced_on = ${step.invoicedOn}, invoiced_by = ${userId}`
          : step.action === "receive"
            ? sql`received_on = ${step.receivedOn}, received_by = ${userId}`
            : sql`waived_reason = ${step.reason}, waived_decision_reference = ${step.decisionReference}, waived_by = ${userId}, waived_at = ${now}`;
      tx.run(sql`update grant_recoveries set status = ${status}, ${changes}, version = version + 1 where id = ${id} and version = ${expectedVersion}`);
      const { action: _action, ...detail } = step;
      recordAudit(tx, {
        userId, action: `clawback.${status}`, entityType: "grant_recovery", entityId: id, bidId: c.bidId, cspId: c.cspId,
        before: { status: c.status }, after: { status, ...detail },
      }, now);
      const text =
        step.action === "invoice"
          ? `The OPCC has invoiced your council for the clawback of ${formatPence(c.amountPence)} on ${c.title} (invoice ${step.invoiceReference}, dated ${formatDate(step.invoicedOn)}).`
          : step.action === "receive"
            ? `The OPCC has received your council's repayment of ${formatPence(c.amountPence)} on ${c.title} (invoice ${c.invoiceReference}), on ${formatDate(step.receivedOn)}. Nothing more is owed for it.`
            : `The OPCC has waived the clawback of ${formatPence(c.amountPence)} on ${c.title} by PCC decision ${step.decisionReference}: ${step.reason}`;
      queueMessage(tx, {
        to: cspContacts(tx, c.cspId, { finance: true }),
        subject: `Clawback ${status}: ${formatPence(c.amountPence)}, ${c.title}`,
        body: [text, `See the grant's payments: ${portalUrl(`/grants/${c.grantId}/payments`)}`].join("\n\n"),
      }, now);
      return { kind: "done", status };
    },
    { behavior: "immediate" },
  );
}

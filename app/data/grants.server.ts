import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { auditLog, bids, decisions, grantPayments, grantRecoveries, grants, organisations, standardConditions, users } from "../../db/schema";
import type { BidStatus } from "../domain/bid-lifecycle";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import {
  declarationDateProblem,
  extendRefusal,
  newAcceptByProblem,
  offerStatus,
  respondRefusal,
  type OfferStatus,
  type StoredOfferStatus,
} from "../domain/offer-status";
import { grantedPence } from "../domain/part-approval";
import type { Instalment } from "../domain/payment-schedule";
import { ukDate } from "../domain/round-window";
import type { GrantOffer } from "../pdf/types";
import { recordAudit } from "./audit.server";
import { getBidDetail } from "./bids.server";
import { approvedLinesFor, getDecisionRecord } from "./decisions.server";
import { decisionGrantedSql } from "./money-sql.server";
import { cspContacts, opccFinanceContacts, portalUrl, queueMessage, reviewerContacts } from "./notifications.server";
import { syncReturnsForGrant } from "./returns.server";
import { assertGrantOpen } from "./year-lock.server";
import { db, type DbOrTx, type Tx } from "./db.server";

/**
 * Grants: an approved bid's offer, its acceptance and what follows from it (decision record 18).
 * Recording the PCC decision that makes or changes a grant is in decisions.server.ts, which calls
 * the functions at the end of this file to keep what was paid when a correction changes a grant.
 */

const todayInUk = (now: string) => ukDate(new Date(now));

export interface GrantHeader {
  id: number;
  bidId: number;
  cspId: number;
  /** The bid's status: a grant is only ever seen by those who may see its (submitted) bid. */
  status: BidStatus;
  decisionId: number;
  version: number;
  offerStatus: StoredOfferStatus;
  acceptBy: string;
  withdrawnAt: string | null;
}

/** What the access check needs to know of a grant. */
export function findGrantHeader(grantId: number, tx: DbOrTx = db()): GrantHeader | undefined {
  return tx
    .select({
      id: grants.id, bidId: grants.bidId, cspId: grants.cspId, status: bids.status, decisionId: grants.decisionId,
      version: grants.version, offerStatus: grants.offerStatus, acceptBy: grants.acceptBy, withdrawnAt: grants.withdrawnAt,
    })
    .from(grants)
    .innerJoin(bids, eq(bids.id, grants.bidId))
    .where(eq(grants.id, grantId))
    .get() as GrantHeader | undefined;
}

// ---------------------------------------------------------------------------------------------
// Reading grants

export interface GrantListRow {
  id: number;
  title: string;
  cspName: string;
  reference: string;
  decidedOn: string;
  outcome: "approved" | "part_approved";
  grantedPence: number;
  /** When a correcting decision withdrew the grant, and its reference; null while it stands. */
  withdrawnAt: string | null;
  withdrawnByReference: string | null;
  acceptBy: string;
  /** The offer's status today (lapsed and withdrawn worked out from the stored response). */
  offer: OfferStatus;
}

export const GRANTS_PAGE_SIZE = 50;

/**
 * One page of the grants a viewer may see (a CSP's own, or all for OPCC staff), newest first.
 * Read in grant order through the primary key (all grants) or grants_csp_idx (one CSP's), so a
 * page costs the same however many grants there are.
 */
/** The list's rows for a WHERE/ORDER/LIMIT tail on grants g: the page (newest first) and its CSV (/grants.csv) share it. */
export function grantListRows(tail: SQL, today: string): GrantListRow[] {
  return db()
    .all<Omit<GrantListRow, "offer"> & { offerStatus: StoredOfferStatus }>(sql`
    select g.id, b.title, o.name as cspName, d.reference, d.decided_on as decidedOn, d.outcome,
           ${decisionGrantedSql(sql`d.id`, sql`b.id`)} as grantedPence,
           g.withdrawn_at as withdrawnAt, wd.reference as withdrawnByReference, g.offer_status as offerStatus, g.accept_by as acceptBy
      from grants g join decisions d on d.id = g.decision_id join bids b on b.id = g.bid_id join organisations o on o.id = g.csp_id
      left join decisions wd on wd.id = g.withdrawn_by_decision_id
     ${tail}`)
    .map(({ offerStatus: stored, ...r }): GrantListRow => ({ ...r, offer: offerStatus({ offerStatus: stored, acceptBy: r.acceptBy, withdrawnAt: r.withdrawnAt }, today) }));
}

export function listGrants(cspId: number | null, { page = 1, today = ukDate(new Date()) }: { page?: number; today?: string } = {}, pageSize = GRANTS_PAGE_SIZE) {
  const where = cspId === null ? sql`` : sql`where g.csp_id = ${cspId}`;
  const count = db().get<{ n: number }>(sql`select count(*) as n from grants g ${where}`).n;
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const rows = grantListRows(sql`${where} order by g.id desc limit ${pageSize} offset ${(current - 1) * pageSize}`, today);
  return {
    rows,
    count,
    page: current,
    pages,
  };
}

/** Each extension of a grant's accept-by date, oldest first, from the audit log (through audit_log_entity_idx). */
function offerExtensions(grantId: number) {
  return db()
    .select({ at: auditLog.at, by: users.name, after: auditLog.after, before: auditLog.before })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(eq(auditLog.entityType, "grant"), eq(auditLog.entityId, grantId), eq(auditLog.action, "offer.extended")))
    .orderBy(asc(auditLog.id))
    .all()
    .map((row) => {
      const after = JSON.parse(row.after ?? "{}") as { acceptBy?: string; reason?: string };
      const before = JSON.parse(row.before ?? "{}") as { acceptBy?: string };
      return { at: row.at, by: row.by ?? "", from: before.acceptBy ?? "", to: after.acceptBy ?? "", reason: after.reason ?? "" };
    });
}

export function grantDetail(grantId: number, today = ukDate(new Date())) {
  const header = findGrantHeader(grantId);
  if (!header) return null;
  const bid = getBidDetail(header.bidId)!;
  const decision = db().select().from(decisions).where(eq(decisions.id, header.decisionId)).get()!;
  const grant = db().select().from(grants).where(eq(grants.id, grantId)).get()!;
  const approved = new Map((approvedLinesFor([decision.id]).get(decision.id) ?? []).map((l) => [l.costLineId, l.approvedPence]));
  // What approved virements and carry-forwards moved to or from each line (through grant_line_adjustments_line_idx).
  const varied = new Map(
    db().all<{ costLineId: number; variedPence: number }>(sql`select cost_line_id as costLineId, sum(delta_pence) as variedPence from grant_line_adjustments where grant_id = ${grantId} group by cost_line_id`).map((r) => [r.costLineId, r.variedPence]),
  );
  // approvedPence stays what the decision approved (the decision record and offer letter use it); currentPence is it with the variations.
  const lines = bid.costLines.map((l) => {
    const approvedPence = approved.get(l.id) ?? 0;
    const variedPence = varied.get(l.id) ?? 0;
    return { ...l, approvedPence, variedPence, currentPence: approvedPence + variedPence };
  });
  const byYear = new Map<string, number>();
  for (const l of lines) byYear.set(l.financialYearLabel, (byYear.get(l.financialYearLabel) ?? 0) + l.approvedPence);
  const payments = db().select().from(grantPayments).where(eq(grantPayments.grantId, grantId)).orderBy(asc(grantPayments.dueOn), asc(grantPayments.id)).all();
  const council = db().select({ council: organisations.accountableCouncil }).from(organisations).where(eq(organisations.id, bid.cspId)).get()?.council ?? bid.cspName;
  const recordedBy = db().select({ name: users.name }).from(users).where(eq(users.id, decision.recordedBy)).get()?.name ?? "";
  const withdrawnBy = grant.withdrawnByDecisionId
    ? db().select({ id: decisions.id, reference: decisions.reference, decidedOn: decisions.decidedOn }).from(decisions).where(eq(decisions.id, grant.withdrawnByDecisionId)).get() ?? null
    : null;
  const supersedes = decision.supersedesId ? db().select({ reference: decisions.reference, outcome: decisions.outcome }).from(decisions).where(eq(decisions.id, decision.supersedesId)).get() : undefined;
  return {
    ...header,
    supersedesOutcome: supersedes?.outcome ?? null,
    withdrawnAt: grant.withdrawnAt,
    withdrawnBy,
    supersedesReference: supersedes?.reference ?? null,
    bid,
    council,
    decision: { ...decision, recordedByName: recordedBy },
    paymentBasis: grant.paymentBasis,
    /** The end date as it stands: an approved extension's, else the bid's. */
    endDate: grant.extendedTo ?? bid.endDate,
    extendedTo: grant.extendedTo,
    lines,
    approvedByYear: [...byYear.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([financialYearLabel, approvedPence]) => ({ financialYearLabel, approvedPence })),
    approvedCostPence: lines.reduce((n, l) => n + l.approvedPence, 0),
    grantedPence: grantedPence(lines, bid.matchFundingPence),
    payments,
    offer: {
      status: offerStatus(grant, today),
      acceptBy: grant.acceptBy,
      respondedAt: grant.respondedAt,
      declaration:
        grant.offerStatus === "accepted" && grant.declarationName
          ? { name: grant.declarationName, role: grant.declarationRole ?? "", date: grant.declarationDate ?? "", onBehalfOf: council }
          : null,
      declineReason: grant.offerStatus === "declined" ? grant.declineReason : null,
      extensions: offerExtensions(grantId),
    },
  };
}

/** A grant offer letter's contents, with what the access check needs. */
export function getGrantOffer(grantId: number): (GrantOffer & { cspId: number; status: BidStatus }) | null {
  const grant = grantDetail(grantId);
  // A withdrawn grant has no offer standing: its letter is not issued again.
  if (!grant || grant.withdrawnAt) return null;
  const record = getDecisionRecord(grant.decisionId)!;
  const repayment = new Set(db().select({ text: standardConditions.text }).from(standardConditions).where(eq(standardConditions.aboutRepayment, true)).all().map((c) => c.text));
  return {
    cspId: grant.cspId,
    status: grant.status,
    grantId,
    decisionReference: record.reference,
    decidedOn: record.decidedOn,
    // The offer is made (or, after a correction, made again) when its decision is recorded.
    offerDate: (record.recordedAt ?? "").slice(0, 10),
    // A letter replaces an earlier offer only if the corrected decision had made one.
    replacesOfferUnder: grant.supersedesOutcome && grant.supersedesOutcome !== "rejected" ? grant.supersedesReference : null,
    decisionMaker: record.decisionMaker,
    leadOfficer: record.leadOfficer,
    recipient: record.recipient,
    bidId: record.bidId,
    bidTitle: record.bidTitle,
    bidSummary: record.bidSummary,
    roundName: record.roundName,
    financialYearLabel: record.financialYearLabel,
    startDate: record.startDate,
    endDate: record.endDate,
    outcome: record.outcome === "part_approved" ? "part_approved" : "approved",
    totalCostPence: record.totalCostPence,
    requestedPence: record.requestedPence,
    matchFundingPence: record.matchFundingPence,
    approvedCostPence: record.approvedCostPence,
    grantedPence: grant.grantedPence,
    lines: record.lines,
    conditions: record.conditions.map((text) => ({ text, aboutRepayment: repayment.has(text) })),
    paymentBasis: grant.paymentBasis,
    payments: grant.payments.map((p) => ({ dueOn: p.dueOn, label: p.label, amountPence: p.amountPence })),
    acceptBy: grant.offer.acceptBy,
    acceptAt: portalUrl(`/grants/${grantId}/accept`),
    acceptance: grant.offer.declaration ? { name: grant.offer.declaration.name, role: grant.offer.declaration.role, date: grant.offer.declaration.date } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Answering the offer, and extending it

export type OfferResult =
  | { kind: "saved"; version: number }
  | { kind: "stale"; changedBy: string | null; changedAt: string | null }
  | { kind: "refused"; message: string; field?: string };

export interface Declaration {
  /** The name, role and date of the person accepting, as they typed them. */
  name: string;
  role: string;
  date: string;
}

/** A grant with what answering or extending its offer needs: the decision's date, the bid, the council and the amount. */
function offerRow(tx: Tx, grantId: number) {
  return tx.get<{
    id: number; bidId: number; cspId: number; version: number; offerStatus: StoredOfferStatus; acceptBy: string; withdrawnAt: string | null;
    decidedOn: string; reference: string; title: string; cspName: string; council: string | null; grantedPence: number;
  } | undefined>(sql`
    select g.id, g.bid_id as bidId, g.csp_id as cspId, g.version, g.offer_status as offerStatus, g.accept_by as acceptBy, g.withdrawn_at as withdrawnAt,
           d.decided_on as decidedOn, d.reference, b.title, o.name as cspName, o.accountable_council as council,
           ${decisionGrantedSql(sql`d.id`, sql`b.id`)} as grantedPence
      from grants g join decisions d on d.id = g.decision_id join bids b on b.id = g.bid_id join organisations o on o.id = g.csp_id
     where g.id = ${grantId}`);
}

/** Who last changed the grant, and when, from its audit trail: for the message on a stale form. */
function lastChange(tx: Tx, grantId: number): { changedBy: string | null; changedAt: string | null } {
  const row = tx
    .select({ at: auditLog.at, by: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(eq(auditLog.entityType, "grant"), eq(auditLog.entityId, grantId)))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .get();
  return { changedBy: row?.by ?? null, changedAt: row?.at ?? null };
}

const NOT_FOUND: OfferResult = { kind: "refused", message: "This grant does not exist." };

type OfferGrant = NonNullable<ReturnType<typeof offerRow>>;

/** What answering or extending an offer does: refuses, or sets these columns and then audits and tells. */
type OfferChange = { refused: string; field?: string } | { set: Partial<typeof grants.$inferInsert>; then: (tx: Tx) => void };

/**
 * The one way an offer changes, in a write transaction: a grant that does not exist, or a save
 * from a stale copy (not the version the page showed), is refused; `change` applies its own rules
 * to the grant as it stands and today (UK); what it sets is written with the version one up.
 */
function changeOffer(grantId: number, expectedVersion: number, now: string, change: (tx: Tx, g: OfferGrant, today: string) => OfferChange): OfferResult {
  return db().transaction(
    (tx): OfferResult => {
      const g = offerRow(tx, grantId);
      if (!g) return NOT_FOUND;
      assertGrantOpen(grantId, tx);
      if (g.version !== expectedVersion) return { kind: "stale", ...lastChange(tx, grantId) };
      const c = change(tx, g, todayInUk(now));
      if ("refused" in c) return c.field ? { kind: "refused", message: c.refused, field: c.field } : { kind: "refused", message: c.refused };
      tx.update(grants)
        .set({ ...c.set, version: g.version + 1 })
        .where(and(eq(grants.id, grantId), eq(grants.version, expectedVersion)))
        .run();
      c.then(tx);
      return { kind: "saved", version: g.version + 1 };
    },
    { behavior: "immediate" },
  );
}

/** An offer's change in the audit trail. */
function auditOffer(tx: Tx, g: OfferGrant, userId: number, action: string, before: object, after: object, now: string) {
  recordAudit(tx, { userId, action, entityType: "grant", entityId: g.id, bidId: g.bidId, cspId: g.cspId, before, after }, now);
}

/**
 * The CSP lead accepts the offer with a declaration, on behalf of the accountable council: only
 * an offered, unlapsed offer of a grant that stands, from the version the page showed. In the same
 * transaction the grant's quarterly returns are made, the acceptance is audited, and OPCC finance
 * (who may now pay it) and the partnership are told.
 */
export function acceptOffer(grantId: number, userId: number, expectedVersion: number, declaration: Declaration, now = new Date().toISOString()): OfferResult {
  return changeOffer(grantId, expectedVersion, now, (tx, g, today) => {
    const refusal = respondRefusal(g, today);
    if (refusal) return { refused: refusal };
    const dateProblem = declarationDateProblem(declaration.date, g.decidedOn, today);
    if (dateProblem) return { refused: dateProblem, field: "declarationDate" };
    const council = g.council ?? g.cspName;
    return {
      set: {
        offerStatus: "accepted", respondedBy: userId, respondedAt: now, declarationName: declaration.name, declarationRole: declaration.role,
        declarationDate: declaration.date, declineReason: null,
      },
      then: () => {
        // An accepted grant reports every quarter it runs in.
        const returns = syncReturnsForGrant(tx, grantId, userId, now);
        auditOffer(tx, g, userId, "offer.accepted",
          { offerStatus: g.offerStatus, acceptBy: g.acceptBy },
          { offerStatus: "accepted", declaration: { ...declaration, onBehalfOf: council }, returnsMade: returns.made }, now);
        const accepted = `${declaration.name}, ${declaration.role}, accepted the grant of ${formatPence(g.grantedPence)} for "${g.title}" (decision ${g.reference}) on behalf of ${council}, the accountable body for the ${g.cspName}, on ${formatDate(declaration.date)}.`;
        queueMessage(tx, {
          to: opccFinanceContacts(tx),
          subject: `Grant offer accepted: ${g.title} (${g.cspName})`,
          body: [accepted, `Payments may now be made under the grant's schedule: ${portalUrl(`/grants/${grantId}`)}`].join("\n\n"),
        }, now);
        queueMessage(tx, {
          to: cspContacts(tx, g.cspId, { finance: true }),
          subject: `You have accepted the grant offer: ${g.title}`,
          body: [accepted, `The grant's quarterly returns are now open in the portal: ${portalUrl(`/grants/${grantId}`)}`].join("\n\n"),
        }, now);
      },
    };
  });
}

/** The CSP lead declines the offer with a reason: as for accepting, and the OPCC's reviewers and finance are told. */
export function declineOffer(grantId: number, userId: number, expectedVersion: number, reason: string, now = new Date().toISOString()): OfferResult {
  return changeOffer(grantId, expectedVersion, now, (tx, g, today) => {
    const refusal = respondRefusal(g, today);
    if (refusal) return { refused: refusal };
    return {
      set: { offerStatus: "declined", respondedBy: userId, respondedAt: now, declineReason: reason, declarationName: null, declarationRole: null, declarationDate: null },
      then: () => {
        auditOffer(tx, g, userId, "offer.declined", { offerStatus: g.offerStatus, acceptBy: g.acceptBy }, { offerStatus: "declined", reason }, now);
        queueMessage(tx, {
          to: [...reviewerContacts(tx), ...opccFinanceContacts(tx)],
          subject: `Grant offer declined: ${g.title} (${g.cspName})`,
          body: [
            `${g.council ?? g.cspName} has declined the grant of ${formatPence(g.grantedPence)} for "${g.title}" (decision ${g.reference}). Nothing will be paid under it.`,
            `Their reason: ${reason}`,
            `See the grant: ${portalUrl(`/grants/${grantId}`)}`,
          ].join("\n\n"),
        }, now);
      },
    };
  });
}

/** OPCC staff give an offered or lapsed offer a later accept-by date, with a reason; the partnership is told. */
export function extendOffer(grantId: number, userId: number, expectedVersion: number, input: { acceptBy: string; reason: string }, now = new Date().toISOString()): OfferResult {
  return changeOffer(grantId, expectedVersion, now, (tx, g, today) => {
    const refusal = extendRefusal(g, today);
    if (refusal) return { refused: refusal };
    const dateProblem = newAcceptByProblem(input.acceptBy, g.acceptBy, today);
    if (dateProblem) return { refused: dateProblem, field: "acceptBy" };
    return {
      set: { acceptBy: input.acceptBy },
      then: () => {
        auditOffer(tx, g, userId, "offer.extended", { acceptBy: g.acceptBy, offer: offerStatus(g, today) }, { acceptBy: input.acceptBy, reason: input.reason }, now);
        queueMessage(tx, {
          to: cspContacts(tx, g.cspId),
          subject: `More time to accept the grant offer: ${g.title}`,
          body: [
            `The OPCC has extended the date by which ${g.council ?? g.cspName} may accept the grant of ${formatPence(g.grantedPence)} for "${g.title}" to ${formatDate(input.acceptBy)} (it was ${formatDate(g.acceptBy)}).`,
            `Why: ${input.reason}`,
            `Accept or decline the offer in the portal: ${portalUrl(`/grants/${grantId}/accept`)}`,
          ].join("\n\n"),
        }, now);
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// What a correcting decision keeps (called by settleGrant in decisions.server.ts)

/**
 * Keeps the instalments of a grant that have payments against them, each cut down to what was paid
 * on it, and removes the rest (their hold releases go with them). Returns what was kept and the
 * total paid under the grant.
 */
export function keepPaidInstalments(tx: Tx, grantId: number): { kept: Instalment[]; paidPence: number } {
  const rows = tx.all<{ id: number; dueOn: string; label: string; amountPence: number; paidPence: number }>(sql`
    select gp.id, gp.due_on as dueOn, gp.label, gp.amount_pence as amountPence, coalesce(sum(p.amount_pence), 0) as paidPence
      from grant_payments gp left join payments p on p.instalment_id = gp.id
     where gp.grant_id = ${grantId}
     group by gp.id
     order by gp.due_on, gp.id`);
  const kept: Instalment[] = [];
  for (const row of rows) {
    if (row.paidPence === 0) {
      tx.delete(grantPayments).where(eq(grantPayments.id, row.id)).run();
      continue;
    }
    if (row.amountPence !== row.paidPence) tx.update(grantPayments).set({ amountPence: row.paidPence }).where(eq(grantPayments.id, row.id)).run();
    kept.push({ dueOn: row.dueOn, label: row.label, amountPence: row.paidPence });
  }
  return { kept, paidPence: kept.reduce((n, i) => n + i.amountPence, 0) };
}

/**
 * When a correcting decision leaves more paid under a grant than it now grants, the difference is
 * to be recovered: a grant_recoveries row for what is not already being recovered, audited, and
 * OPCC finance told; finance then invoices and receives it (app/data/clawbacks.server.ts). Returns
 * the row made, if any.
 */
export function raiseRecovery(
  tx: Tx,
  r: { grantId: number; bidId: number; cspId: number; decisionId: number; reference: string; title: string; paidPence: number; grantedPence: number; userId: number; now: string },
): { id: number; amountPence: number } | null {
  const overpaid = r.paidPence - r.grantedPence;
  const raised = tx.get<{ n: number }>(sql`select coalesce(sum(amount_pence), 0) as n from grant_recoveries where grant_id = ${r.grantId}`).n;
  const amountPence = overpaid - raised;
  if (amountPence <= 0) return null;
  const reason =
    r.grantedPence === 0
      ? `Decision ${r.reference} withdraws the grant; ${formatPence(r.paidPence)} had been paid under it.`
      : `Decision ${r.reference} grants ${formatPence(r.grantedPence)}; ${formatPence(r.paidPence)} had been paid under it.`;
  // It belongs to the year of the round the grant was made in, and is closed with it.
  const financialYearId = tx.get<{ id: number }>(sql`select r.financial_year_id as id from grants g join bids b on b.id = g.bid_id join rounds r on r.id = b.round_id where g.id = ${r.grantId}`).id;
  const row = tx
    .insert(grantRecoveries)
    .values({ grantId: r.grantId, decisionId: r.decisionId, financialYearId, amountPence, reason, createdAt: r.now, createdBy: r.userId })
    .returning({ id: grantRecoveries.id })
    .get();
  recordAudit(tx, {
    userId: r.userId, action: "recovery.raised", entityType: "grant_recovery", entityId: row.id, bidId: r.bidId, cspId: r.cspId,
    after: { grantId: r.grantId, decisionId: r.decisionId, amountPence, reason },
  }, r.now);
  queueMessage(tx, {
    to: opccFinanceContacts(tx),
    subject: `${formatPence(amountPence)} to recover: ${r.title}`,
    body: [`${reason} ${formatPence(amountPence)} is to be recovered from the partnership.`, `See the grant: ${portalUrl(`/grants/${r.grantId}`)}`].join("\n\n"),
  }, r.now);
  return { id: row.id, amountPence };
}

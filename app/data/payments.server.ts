import { and, asc, eq, sql } from "drizzle-orm";
import { bids, decisions, grantPayments, grantReturns, grants, organisations, paymentHoldReleases, payments, users } from "../../db/schema";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import {
  instalmentStandings,
  paymentRefusal,
  paymentSummary,
  releaseRefusal,
  type GrantFacts,
  type InstalmentStanding,
  type PaymentSummary,
  type Refusal,
} from "../domain/payment-holds";
import { ukDate } from "../domain/round-window";
import { recordAudit } from "./audit.server";
import { assertDateOpen, assertGrantOpen } from "./year-lock.server";
import { db, type DbOrTx, type Tx } from "./db.server";
import { decisionGrantedSql } from "./money-sql.server";
import { cspContacts, portalUrl, queueMessage } from "./notifications.server";

/**
 * Payments against a grant's instalments, and releases of instalments from their holds. The rules
 * (status, holds, what may be paid) are app/domain/payment-holds.ts; this reads what they need in
 * five queries, whatever the number of instalments, and writes in one transaction each.
 *
 * Stale copies: recording a payment or releasing a hold raises the grant's `version` (as the offer's
 * response does), and a form carries the version it was shown, so a payment typed against a page
 * from before someone else's payment or release is refused with a message rather than made twice.
 */

export interface PaymentGrant {
  id: number;
  bidId: number;
  cspId: number;
  title: string;
  cspName: string;
  council: string;
  decisionReference: string;
  /** The first PCC decision on the bid: nothing is paid before it. */
  firstDecidedOn: string;
  grantedPence: number;
  version: number;
  offerStatus: GrantFacts["offerStatus"];
  acceptBy: string;
  respondedAt: string | null;
  withdrawnAt: string | null;
}

export interface PaymentRow {
  id: number;
  instalmentId: number;
  paidOn: string;
  amountPence: number;
  financeReference: string;
  recordedAt: string;
  recordedByName: string | null;
}

export interface ReleaseRow {
  id: number;
  instalmentId: number;
  reason: string;
  releasedAt: string;
  releasedByName: string | null;
}

export interface InstalmentRow {
  id: number;
  dueOn: string;
  label: string;
  amountPence: number;
  paidPence: number;
  standing: InstalmentStanding;
  payments: PaymentRow[];
  releases: ReleaseRow[];
}

export interface GrantPaymentState {
  grant: PaymentGrant;
  instalments: InstalmentRow[];
  payments: PaymentRow[];
  summary: PaymentSummary;
}

function loadGrant(tx: DbOrTx, grantId: number): PaymentGrant | undefined {
  return tx
    .select({
      id: grants.id,
      bidId: grants.bidId,
      cspId: grants.cspId,
      title: bids.title,
      cspName: organisations.name,
      council: sql<string>`coalesce(${organisations.accountableCouncil}, ${organisations.name})`,
      decisionReference: decisions.reference,
      firstDecidedOn: sql<string>`(select min(d.decided_on) from decisions d where d.bid_id = ${grants.bidId})`,
      grantedPence: sql<number>`${decisionGrantedSql(sql`${grants.decisionId}`, sql`${grants.bidId}`)}`,
      version: grants.version,
      offerStatus: grants.offerStatus,
      acceptBy: grants.acceptBy,
      respondedAt: grants.respondedAt,
      withdrawnAt: grants.withdrawnAt,
    })
    .from(grants)
    .innerJoin(bids, eq(bids.id, grants.bidId))
    .innerJoin(organisations, eq(organisations.id, grants.cspId))
    .innerJoin(decisions, eq(decisions.id, grants.decisionId))
    .where(eq(grants.id, grantId))
    .get();
}

/** Everything the holds and totals depend on, as it stands on `today` (a UK date). */
export function grantPaymentState(grantId: number, today: string, tx: DbOrTx = db()): GrantPaymentState | null {
  const grant = loadGrant(tx, grantId);
  if (!grant) return null;
  const schedule = tx
    .select({ id: grantPayments.id, dueOn: grantPayments.dueOn, label: grantPayments.label, amountPence: grantPayments.amountPence })
    .from(grantPayments)
    .where(eq(grantPayments.grantId, grantId))
    .orderBy(asc(grantPayments.dueOn), asc(grantPayments.id))
    .all();
  const paid = tx
    .select({
      id: payments.id, instalmentId: payments.instalmentId, paidOn: payments.paidOn, amountPence: payments.amountPence,
      financeReference: payments.financeReference, recordedAt: payments.recordedAt, recordedByName: users.name,
    })
    .from(payments)
    .leftJoin(users, eq(users.id, payments.recordedBy))
    .where(eq(payments.grantId, grantId))
    .orderBy(asc(payments.paidOn), asc(payments.id))
    .all();
  const releases = tx
    .select({ id: paymentHoldReleases.id, instalmentId: paymentHoldReleases.instalmentId, reason: paymentHoldReleases.reason, releasedAt: paymentHoldReleases.releasedAt, releasedByName: users.name })
    .from(paymentHoldReleases)
    .innerJoin(grantPayments, eq(grantPayments.id, paymentHoldReleases.instalmentId))
    .leftJoin(users, eq(users.id, paymentHoldReleases.releasedBy))
    .where(eq(grantPayments.grantId, grantId))
    .orderBy(asc(paymentHoldReleases.releasedAt), asc(paymentHoldReleases.id))
    .all();
  const returns = tx
    .select({
      id: grantReturns.id, startYear: grantReturns.startYear, quarter: grantReturns.quarter, dueOn: grantReturns.dueOn,
      status: grantReturns.status, firstSubmittedAt: grantReturns.firstSubmittedAt,
      // Named in full: drizzle writes a one-table select's columns bare, and a bare "id" in the
      // sub-query would be the review's own id.
      lastQueriedAt: sql<string | null>`(select max(rr.at) from return_reviews rr where rr.return_id = "grant_returns"."id" and rr.action = 'queried')`,
    })
    .from(grantReturns)
    .where(eq(grantReturns.grantId, grantId))
    .all();

  const facts: GrantFacts = { offerStatus: grant.offerStatus, acceptBy: grant.acceptBy, withdrawnAt: grant.withdrawnAt, returns };
  const paymentsOf = (id: number) => paid.filter((p) => p.instalmentId === id);
  const releasesOf = (id: number) => releases.filter((r) => r.instalmentId === id);
  const withPaid = schedule.map((i) => ({ ...i, paidPence: paymentsOf(i.id).reduce((n, p) => n + p.amountPence, 0) }));
  const standings = instalmentStandings(facts, withPaid.map((i) => ({ ...i, releases: releasesOf(i.id) })), today);
  const instalments = withPaid.map((i, n) => ({ ...i, standing: standings[n], payments: paymentsOf(i.id), releases: releasesOf(i.id) }));
  const summary = paymentSummary(grant.grantedPence, instalments.map((i) => ({ amountPence: i.amountPence, paidPence: i.paidPence, status: i.standing.status, remainingPence: i.standing.remainingPence })));
  return { grant, instalments, payments: paid, summary };
}

/** The totals the grant page shows (scheduled, paid, due, held, balance), or null for no such grant. */
export function paymentTotalsForGrant(grantId: number, now = new Date()): (PaymentSummary & { grantedPence: number; heldInstalments: number }) | null {
  const state = grantPaymentState(grantId, ukDate(now));
  if (!state) return null;
  return { ...state.summary, grantedPence: state.grant.grantedPence, heldInstalments: state.instalments.filter((i) => i.standing.status === "held").length };
}

export interface PaymentInput {
  paidOn: string;
  amountPence: number;
  financeReference: string;
}

export type PaymentResult =
  | { kind: "recorded"; paymentId: number }
  | { kind: "not_found" }
  | { kind: "stale"; changedBy: string; changedAt: string }
  | ({ kind: "refused" } & Refusal);

/** Who last changed anything on the grant's bid, for the message when a stale copy is refused. */
function lastChange(tx: Tx, bidId: number) {
  return tx.get<{ at: string; name: string | null } | undefined>(sql`
    select a.at, u.name from audit_log a left join users u on u.id = a.user_id where a.bid_id = ${bidId} order by a.id desc limit 1`);
}

function staleResult(tx: Tx, grant: PaymentGrant, now: string): PaymentResult & { kind: "stale" } {
  const last = lastChange(tx, grant.bidId);
  return { kind: "stale", changedBy: last?.name ?? "Someone", changedAt: last?.at ?? now };
}

/** Raises the grant's version from the one read in this transaction. */
function bumpVersion(tx: Tx, grant: PaymentGrant) {
  const updated = tx.update(grants).set({ version: grant.version + 1 }).where(and(eq(grants.id, grant.id), eq(grants.version, grant.version))).run();
  // Nothing else writes inside this (immediate) transaction: a miss means a bug, and nothing is kept.
  if (updated.changes !== 1) tx.rollback();
}

/**
 * Records a payment made to the partnership's council against one instalment, as OPCC finance
 * typed it. Refused (nothing written) when the instalment is held or paid, the amount is more than
 * remains on it or on the grant, or the date is in the future, before the decision or before the
 * offer was accepted; and, given `expectedVersion`, when the grant changed since the form was shown.
 * Audited, and e-mailed to the partnership's lead and council finance officer.
 */
export function recordPayment(
  grantId: number,
  instalmentId: number,
  userId: number,
  input: PaymentInput,
  expectedVersion?: number,
  now = new Date().toISOString(),
): PaymentResult {
  return db().transaction(
    (tx) => {
      const today = ukDate(new Date(now));
      const state = grantPaymentState(grantId, today, tx);
      if (!state) return { kind: "not_found" };
      // The year lock (decision record 022): the grant itself, and the year the payment is dated in.
      assertGrantOpen(grantId, tx);
      assertDateOpen(input.paidOn, tx);
      const { grant } = state;
      if (expectedVersion !== undefined && expectedVersion !== grant.version) return staleResult(tx, grant, now);
      const instalment = state.instalments.find((i) => i.id === instalmentId);
      if (!instalment) return { kind: "refused", errors: { instalmentId: "Choose an instalment of this grant" } };
      const refusal = paymentRefusal(
        {
          standing: instalment.standing,
          grantedPence: grant.grantedPence,
          paidOnGrantPence: state.summary.paidPence,
          decidedOn: grant.firstDecidedOn,
          acceptedOn: grant.offerStatus === "accepted" && grant.respondedAt ? ukDate(new Date(grant.respondedAt)) : null,
          today,
        },
        input,
      );
      if (refusal) return { kind: "refused", ...refusal };

      const row = tx
        .insert(payments)
        .values({ grantId, instalmentId, paidOn: input.paidOn, amountPence: input.amountPence, financeReference: input.financeReference, recordedBy: userId, recordedAt: now })
        .returning({ id: payments.id })
        .get();
      bumpVersion(tx, grant);
      const paidNow = state.summary.paidPence + input.amountPence;
      recordAudit(tx, {
        userId,
        action: "payment.recorded",
        entityType: "payment",
        entityId: row.id,
        bidId: grant.bidId,
        cspId: grant.cspId,
        after: { grantId, instalmentId, instalment: instalment.label, paidOn: input.paidOn, amountPence: input.amountPence, financeReference: input.financeReference, paidOnGrantPence: paidNow },
      }, now);
      queueMessage(tx, {
        to: cspContacts(tx, grant.cspId, { finance: true }),
        subject: `Payment of ${formatPence(input.amountPence)} made: ${grant.title}`,
        body: [
          `A payment of ${formatPence(input.amountPence)} was made on ${formatDate(input.paidOn)} to ${grant.council} under the grant for "${grant.title}" (${instalment.label}), reference ${input.financeReference}.`,
          `Paid so far: ${formatPence(paidNow)} of the ${formatPence(grant.grantedPence)} granted.`,
          `See the grant's payments: ${portalUrl(`/grants/${grantId}/payments`)}`,
        ].join("\n\n"),
      }, now);
      return { kind: "recorded", paymentId: row.id };
    },
    { behavior: "immediate" },
  );
}

export type ReleaseResult =
  | { kind: "released"; releaseId: number }
  | { kind: "not_found" }
  | { kind: "stale"; changedBy: string; changedAt: string }
  | { kind: "refused"; message: string };

/**
 * Releases an instalment from the holds on it (a return overdue or queried), with finance's reason.
 * An offer not accepted or a withdrawn grant cannot be released. Given `grantId`, an instalment of
 * another grant is not found; given `expectedVersion`, a stale copy is refused. Audited.
 */
export function releaseHold(
  instalmentId: number,
  userId: number,
  reason: string,
  now = new Date().toISOString(),
  { grantId, expectedVersion }: { grantId?: number; expectedVersion?: number } = {},
): ReleaseResult {
  return db().transaction(
    (tx) => {
      const owner = tx.select({ grantId: grantPayments.grantId }).from(grantPayments).where(eq(grantPayments.id, instalmentId)).get();
      if (!owner || (grantId !== undefined && owner.grantId !== grantId)) return { kind: "not_found" };
      const state = grantPaymentState(owner.grantId, ukDate(new Date(now)), tx)!;
      const { grant } = state;
      if (expectedVersion !== undefined && expectedVersion !== grant.version) return staleResult(tx, grant, now);
      const instalment = state.instalments.find((i) => i.id === instalmentId)!;
      // The year lock: the grant itself, and the year the instalment is due in.
      assertGrantOpen(grant.id, tx);
      assertDateOpen(instalment.dueOn, tx);
      const refused = releaseRefusal(instalment.standing);
      if (refused) return { kind: "refused", message: refused };
      const row = tx.insert(paymentHoldReleases).values({ instalmentId, reason, releasedBy: userId, releasedAt: now }).returning({ id: paymentHoldReleases.id }).get();
      bumpVersion(tx, grant);
      recordAudit(tx, {
        userId,
        action: "payment.hold_released",
        entityType: "instalment",
        entityId: instalmentId,
        bidId: grant.bidId,
        cspId: grant.cspId,
        before: { holds: instalment.standing.holds.map((h) => h.text) },
        after: { grantId: grant.id, instalment: instalment.label, reason },
      }, now);
      return { kind: "released", releaseId: row.id };
    },
    { behavior: "immediate" },
  );
}

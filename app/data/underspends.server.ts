import { sql, type SQL } from "drizzle-orm";
import { grantLineAdjustments, grantRecoveries, grantUnderspends } from "../../db/schema";
import { carryForwardProblems, carryForwardUnavailable, type CarryLine } from "../domain/carry-forward";
import { formatPence } from "../domain/money";
import { clawbackForReturnPence, opccFundedSpendPence, overProgrammingFigures, reallocatablePence } from "../domain/underspend";
import type { YearClosure } from "../domain/year-lock";
import { recordAudit } from "./audit.server";
import { db, type DbOrTx } from "./db.server";
import { currentLineSql, matchFundingSql } from "./money-sql.server";
import { cspContacts, opccFinanceContacts, portalUrl, queueMessage } from "./notifications.server";
import { grantYearFiguresSql, roundOverProgrammingSql } from "./underspend-sql.server";
import { assertYearOpen, yearClosure } from "./year-lock.server";

/**
 * Recording what became of a grant's underspend in a financial year (decision record 024): OPCC
 * finance returns it (the part paid and not spent becomes a clawback, app/data/clawbacks.server.ts)
 * or carries it into the grant's next year (two grant_line_adjustments move it between the years'
 * lines). The figures are those of grantYearFiguresSql, the one way they are worked out.
 */

export interface UnderspendYear {
  financialYearId: number;
  label: string;
  currentPence: number;
  spentPence: number;
  underspendPence: number;
  returnedPence: number;
  reallocatedPence: number;
  carriedPence: number;
  outstandingPence: number;
  closure: YearClosure | null;
}

/** Each financial year of a grant's cost lines, with its underspend and what has been recorded of it. */
export function grantUnderspendYears(grantId: number, tx: DbOrTx = db()): UnderspendYear[] {
  const rows = tx.all<Omit<UnderspendYear, "closure" | "underspendPence">>(sql`
    select f.financial_year_id as financialYearId, fy.label, f.current as currentPence, f.spent as spentPence,
           f.returned as returnedPence, f.reallocated as reallocatedPence, f.carried as carriedPence, f.outstanding as outstandingPence
      from (${grantYearFiguresSql(sql`g.id = ${grantId}`)}) f
      join financial_years fy on fy.id = f.financial_year_id
     order by fy.starts_on`);
  return rows.map((r) => ({ ...r, underspendPence: Math.max(0, r.currentPence - r.spentPence), closure: yearClosure(r.financialYearId, tx) }));
}

export interface UnderspendRecord {
  id: number;
  financialYearLabel: string;
  outcome: "returned" | "carried_forward" | "reallocated";
  amountPence: number;
  reason: string;
  toFinancialYearLabel: string | null;
  recordedByName: string;
  recordedAt: string;
  clawbackId: number | null;
  clawbackPence: number | null;
}

/** What has been recorded of a grant's underspends, earliest first (a grant has a handful). */
export function grantUnderspendRecords(grantId: number, tx: DbOrTx = db()): UnderspendRecord[] {
  return tx.all<UnderspendRecord>(sql`
    select u.id, fy.label as financialYearLabel, u.outcome, u.amount_pence as amountPence, u.reason,
           ty.label as toFinancialYearLabel, coalesce(us.name, 'Someone') as recordedByName, u.recorded_at as recordedAt,
           x.id as clawbackId, x.amount_pence as clawbackPence
      from grant_underspends u
      join financial_years fy on fy.id = u.financial_year_id
      left join financial_years ty on ty.id = u.to_financial_year_id
      left join users us on us.id = u.recorded_by
      left join grant_recoveries x on x.underspend_id = u.id
     where u.grant_id = ${grantId}
     order by u.id`);
}

export interface UnderspendLine extends CarryLine {
  description: string;
  financialYearLabel: string;
}

export interface UnderspendCase {
  grant: { id: number; bidId: number; cspId: number; title: string; cspName: string; streamName: string; maySpanYears: boolean; accepted: boolean; matchFundingPence: number };
  year: UnderspendYear;
  /** The year after, if the grant has cost lines in it. */
  nextYear: { id: number; label: string } | null;
  nextYearClosure: YearClosure | null;
  lines: UnderspendLine[];
  /** Why nothing can be carried forward (stream or grant), or null. */
  carryUnavailable: string | null;
  /** How the clawback of a return is worked out, for the whole grant. */
  money: { paidPence: number; currentCostPence: number; spentPence: number; opccFundedSpendPence: number; alreadyRecoveringPence: number; clawbackDuePence: number };
  /** The last record of the grant's underspends: a form opened before another was recorded is stale. */
  lastRecordId: number;
}

/** Everything the form and the write need of one grant's year, or null when the grant has no lines in that year. */
export function underspendCase(grantId: number, financialYearId: number, tx: DbOrTx = db()): UnderspendCase | null {
  const grant = tx.get<Omit<UnderspendCase["grant"], "maySpanYears" | "accepted"> & { maySpanYears: number; accepted: number }>(sql`
    select g.id, g.bid_id as bidId, g.csp_id as cspId, b.title, o.name as cspName, fs.name as streamName, fs.may_span_years as maySpanYears,
           (g.offer_status = 'accepted' and g.withdrawn_at is null) as accepted, ${matchFundingSql(sql`g.bid_id`)} as matchFundingPence
      from grants g join bids b on b.id = g.bid_id join organisations o on o.id = g.csp_id
      join rounds r on r.id = b.round_id join funding_streams fs on fs.id = r.stream_id
     where g.id = ${grantId}`);
  if (!grant) return null;
  const year = grantUnderspendYears(grantId, tx).find((y) => y.financialYearId === financialYearId);
  if (!year) return null;
  const lines = tx.all<UnderspendLine>(sql`
    select dl.cost_line_id as costLineId, l.description, l.expenditure_type as expenditureType, l.financial_year_id as financialYearId, fy.label as financialYearLabel,
           ${currentLineSql(sql`g.id`, sql`dl.cost_line_id`, sql`dl.approved_pence`)} as currentPence,
           (select coalesce(sum(rl.actual_pence), 0) from return_lines rl join grant_returns gr on gr.id = rl.return_id
             where rl.cost_line_id = dl.cost_line_id and gr.grant_id = g.id and +gr.status = 'accepted') as spentPence
      from grants g
      join decision_lines dl on dl.decision_id = g.decision_id
      join bid_cost_lines l on l.id = dl.cost_line_id
      join financial_years fy on fy.id = l.financial_year_id
     where g.id = ${grantId}
     order by fy.starts_on, l.position`);
  const next = tx.get<{ id: number; label: string }>(sql`
    select ny.id, ny.label from financial_years fy join financial_years ny on ny.starts_on = printf('%04d-04-01', cast(substr(fy.starts_on, 1, 4) as integer) + 1)
     where fy.id = ${financialYearId}`);
  const nextYear = next && lines.some((l) => l.financialYearId === next.id) ? next : null;
  const paidPence = tx.get<{ n: number }>(sql`select coalesce(sum(amount_pence), 0) as n from payments where grant_id = ${grantId}`)!.n;
  const alreadyRecoveringPence = tx.get<{ n: number }>(sql`select coalesce(sum(amount_pence), 0) as n from grant_recoveries where grant_id = ${grantId}`)!.n;
  const currentCostPence = lines.reduce((n, l) => n + l.currentPence, 0);
  const spentPence = lines.reduce((n, l) => n + l.spentPence, 0);
  const opccFunded = opccFundedSpendPence({ currentCostPence, spentPence, matchFundingPence: grant.matchFundingPence });
  const lastRecordId = tx.get<{ n: number }>(sql`select coalesce(max(id), 0) as n from grant_underspends where grant_id = ${grantId}`)!.n;
  const maySpanYears = grant.maySpanYears === 1;
  return {
    grant: { ...grant, maySpanYears, accepted: grant.accepted === 1 },
    year,
    nextYear,
    nextYearClosure: nextYear ? yearClosure(nextYear.id, tx) : null,
    lines,
    carryUnavailable: carryForwardUnavailable({ maySpanYears, nextFinancialYearId: nextYear?.id ?? null }),
    money: {
      paidPence,
      currentCostPence,
      spentPence,
      opccFundedSpendPence: opccFunded,
      alreadyRecoveringPence,
      clawbackDuePence: clawbackForReturnPence({ paidPence, opccFundedSpendPence: opccFunded, alreadyRecoveringPence, returnedPence: Number.MAX_SAFE_INTEGER }),
    },
    lastRecordId,
  };
}

/** "paid £2,267.50 − evidenced £2,125.00 = £142.50 to repay", as the form and the clawback show it. */
export function workedOut(m: UnderspendCase["money"], clawbackPence: number): string {
  const parts = [`paid ${formatPence(m.paidPence)}`, `evidenced ${formatPence(m.opccFundedSpendPence)}`];
  if (m.alreadyRecoveringPence > 0) parts.push(`already being recovered ${formatPence(m.alreadyRecoveringPence)}`);
  return `${parts.join(" − ")} = ${formatPence(clawbackPence)} to repay`;
}

export type UnderspendInput =
  | { outcome: "returned"; amountPence: number; reason: string }
  | { outcome: "reallocated"; amountPence: number; reason: string; decisionReference: string }
  | { outcome: "carried_forward"; amountPence: number; reason: string; fromLineId: number; toLineId: number };

export type RecordUnderspendResult =
  | { kind: "recorded"; underspendId: number; clawback: { id: number; amountPence: number } | null }
  | { kind: "not_found" }
  | { kind: "stale" }
  | { kind: "invalid"; errors: Record<string, string>; formError?: string };

/**
 * Records what became of (part of) a year's outstanding underspend. `seen` is what the form showed
 * (the last record and the outstanding amount): a form opened before the figures changed is refused.
 */
export function recordUnderspend(
  args: { grantId: number; financialYearId: number; userId: number; input: UnderspendInput; seen: { lastRecordId: number; outstandingPence: number } },
  now: string = new Date().toISOString(),
): RecordUnderspendResult {
  const { grantId, financialYearId, userId, input } = args;
  return db().transaction(
    (tx): RecordUnderspendResult => {
      assertYearOpen(financialYearId, tx);
      const c = underspendCase(grantId, financialYearId, tx);
      if (!c) return { kind: "not_found" };
      if (c.lastRecordId !== args.seen.lastRecordId || c.year.outstandingPence !== args.seen.outstandingPence) return { kind: "stale" };
      if (!c.grant.accepted) return { kind: "invalid", errors: {}, formError: "Only an accepted grant's underspend can be recorded" };
      if (c.year.outstandingPence === 0) return { kind: "invalid", errors: {}, formError: `Nothing of ${c.year.label}'s underspend is outstanding` };
      if (input.amountPence > c.year.outstandingPence) {
        return { kind: "invalid", errors: { amount: `Amount must be no more than the outstanding underspend, ${formatPence(c.year.outstandingPence)}` } };
      }
      const toCsp = cspContacts(tx, c.grant.cspId, { finance: true });
      const grantUrl = portalUrl(`/grants/${grantId}/payments`);

      if (input.outcome === "carried_forward") {
        const problems = carryForwardProblems({
          maySpanYears: c.grant.maySpanYears,
          financialYearId,
          nextFinancialYearId: c.nextYear?.id ?? null,
          outstandingPence: c.year.outstandingPence,
          amountPence: input.amountPence,
          fromLine: c.lines.find((l) => l.costLineId === input.fromLineId) ?? null,
          toLine: c.lines.find((l) => l.costLineId === input.toLineId) ?? null,
        });
        if (problems.length) return { kind: "invalid", errors: Object.fromEntries(problems.map((p) => [p.field, p.message])) };
        assertYearOpen(c.nextYear!.id, tx);
        const row = tx
          .insert(grantUnderspends)
          .values({ grantId, financialYearId, outcome: "carried_forward", amountPence: input.amountPence, reason: input.reason, toFinancialYearId: c.nextYear!.id, recordedBy: userId, recordedAt: now })
          .returning({ id: grantUnderspends.id })
          .get();
        tx.insert(grantLineAdjustments)
          .values([
            { grantId, costLineId: input.fromLineId, deltaPence: -input.amountPence, underspendId: row.id, createdAt: now },
            { grantId, costLineId: input.toLineId, deltaPence: input.amountPence, underspendId: row.id, createdAt: now },
          ])
          .run();
        const from = c.lines.find((l) => l.costLineId === input.fromLineId)!;
        const to = c.lines.find((l) => l.costLineId === input.toLineId)!;
        recordAudit(tx, {
          userId, action: "underspend.carried_forward", entityType: "grant_underspend", entityId: row.id, bidId: c.grant.bidId, cspId: c.grant.cspId,
          after: { grantId, financialYearId, toFinancialYearId: c.nextYear!.id, amountPence: input.amountPence, reason: input.reason, fromLineId: from.costLineId, toLineId: to.costLineId },
        }, now);
        queueMessage(tx, {
          to: toCsp,
          subject: `${formatPence(input.amountPence)} carried forward into ${c.nextYear!.label}: ${c.grant.title}`,
          body: [
            `The OPCC has carried ${formatPence(input.amountPence)} of ${c.year.label}'s underspend on ${c.grant.title} forward into ${c.nextYear!.label}: from "${from.description}" (${c.year.label}) to "${to.description}" (${c.nextYear!.label}).`,
            `Reason: ${input.reason}`,
            `Your returns for ${c.nextYear!.label} report against the new amounts. See the grant: ${grantUrl}`,
          ].join("\n\n"),
        }, now);
        return { kind: "recorded", underspendId: row.id, clawback: null };
      }

      if (input.outcome === "reallocated") {
        const most = reallocatablePence({ outstandingPence: c.year.outstandingPence, clawbackDuePence: c.money.clawbackDuePence });
        if (input.amountPence > most) {
          return {
            kind: "invalid",
            errors: {
              amount: most === 0
                ? "Nothing can be re-allocated: all of the outstanding underspend was paid to the partnership, so return it"
                : `Amount must be no more than ${formatPence(most)}, the part never paid: return the rest`,
            },
          };
        }
        // The PCC decision that released it: one on this grant's bid (through decisions_bid_idx).
        const decision = tx.get<{ id: number; reference: string }>(sql`select id, reference from decisions where bid_id = ${c.grant.bidId} and reference = ${input.decisionReference}`);
        if (!decision) return { kind: "invalid", errors: { decisionReference: "Enter the reference of a PCC decision on this grant's bid" } };
        const row = tx
          .insert(grantUnderspends)
          .values({ grantId, financialYearId, outcome: "reallocated", amountPence: input.amountPence, reason: input.reason, decisionId: decision.id, recordedBy: userId, recordedAt: now })
          .returning({ id: grantUnderspends.id })
          .get();
        recordAudit(tx, {
          userId, action: "underspend.reallocated", entityType: "grant_underspend", entityId: row.id, bidId: c.grant.bidId, cspId: c.grant.cspId,
          after: { grantId, financialYearId, amountPence: input.amountPence, reason: input.reason, decisionId: decision.id, decisionReference: decision.reference },
        }, now);
        queueMessage(tx, {
          to: toCsp,
          subject: `${formatPence(input.amountPence)} of ${c.year.label}'s underspend re-allocated: ${c.grant.title}`,
          body: [
            `PCC decision ${decision.reference} has released ${formatPence(input.amountPence)} of ${c.year.label}'s underspend on ${c.grant.title} back to the round. None of it had been paid to you, so there is nothing to repay.`,
            `Reason: ${input.reason}`,
            `See the grant's payments: ${grantUrl}`,
          ].join("\n\n"),
        }, now);
        return { kind: "recorded", underspendId: row.id, clawback: null };
      }

      const row = tx
        .insert(grantUnderspends)
        .values({ grantId, financialYearId, outcome: "returned", amountPence: input.amountPence, reason: input.reason, recordedBy: userId, recordedAt: now })
        .returning({ id: grantUnderspends.id })
        .get();
      const clawbackPence = Math.min(input.amountPence, c.money.clawbackDuePence);
      let clawback: { id: number; amountPence: number } | null = null;
      if (clawbackPence > 0) {
        const reason = `${formatPence(input.amountPence)} of ${c.year.label}'s underspend returned: ${workedOut(c.money, c.money.clawbackDuePence)}${clawbackPence < c.money.clawbackDuePence ? `, of which ${formatPence(clawbackPence)} is for this return` : ""}.`;
        const rec = tx
          .insert(grantRecoveries)
          .values({ grantId, financialYearId, underspendId: row.id, amountPence: clawbackPence, reason, status: "raised", createdAt: now, createdBy: userId })
          .returning({ id: grantRecoveries.id })
          .get();
        clawback = { id: rec.id, amountPence: clawbackPence };
        recordAudit(tx, {
          userId, action: "clawback.raised", entityType: "grant_recovery", entityId: rec.id, bidId: c.grant.bidId, cspId: c.grant.cspId,
          after: { grantId, financialYearId, underspendId: row.id, amountPence: clawbackPence, reason },
        }, now);
        queueMessage(tx, {
          to: opccFinanceContacts(tx),
          subject: `Clawback of ${formatPence(clawbackPence)} to invoice: ${c.grant.title}`,
          body: [`${reason}`, `Invoice ${c.grant.cspName}'s council and record it: ${portalUrl(`/finance/clawbacks/${rec.id}`)}`].join("\n\n"),
        }, now);
      }
      recordAudit(tx, {
        userId, action: "underspend.returned", entityType: "grant_underspend", entityId: row.id, bidId: c.grant.bidId, cspId: c.grant.cspId,
        after: { grantId, financialYearId, amountPence: input.amountPence, reason: input.reason, clawbackPence },
      }, now);
      queueMessage(tx, {
        to: toCsp,
        subject: `${formatPence(input.amountPence)} of ${c.year.label}'s underspend returned: ${c.grant.title}`,
        body: [
          `The OPCC has recorded ${formatPence(input.amountPence)} of ${c.year.label}'s underspend on ${c.grant.title} as returned.`,
          `Reason: ${input.reason}`,
          clawbackPence > 0
            ? `${formatPence(clawbackPence)} of it was paid to you and not spent (${workedOut(c.money, c.money.clawbackDuePence)}). The OPCC will send your council an invoice for it.`
            : "None of it had been paid to you, so there is nothing to repay.",
          `See the grant's payments: ${grantUrl}`,
        ].join("\n\n"),
      }, now);
      return { kind: "recorded", underspendId: row.id, clawback };
    },
    { behavior: "immediate" },
  );
}

export interface OverProgrammedRound {
  roundId: number;
  name: string;
  potPence: number;
  basisPoints: number;
  approvedPence: number;
  reliesOnPence: number;
  recordedPence: number;
  stillExpectedPence: number;
}

/**
 * The rounds (of one financial year, optionally one round or stream; or one round) approved above
 * their pot, with how much expected underspend each relies on against what has been recorded.
 */
export function overProgrammedRounds(scope: { roundId: number } | { financialYearId: number; roundId?: number; streamId?: number }): OverProgrammedRound[] {
  const where: SQL[] = [];
  if ("financialYearId" in scope) where.push(sql`r.financial_year_id = ${scope.financialYearId}`);
  if (scope.roundId !== undefined) where.push(sql`r.id = ${scope.roundId}`);
  if ("streamId" in scope && scope.streamId !== undefined) where.push(sql`r.stream_id = ${scope.streamId}`);
  return db()
    .all<Omit<OverProgrammedRound, "reliesOnPence" | "stillExpectedPence">>(sql`select * from (${roundOverProgrammingSql(sql.join(where, sql` and `))}) o order by o.name`)
    .map((r) => ({ ...r, ...overProgrammingFigures(r) }))
    .filter((r) => r.reliesOnPence > 0);
}

import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { allocations, financialYears, formulaIndicators, formulaValues, fundingStreams, rounds } from "../../db/schema";
import { COMMITTED_STATUSES, GRANTED_STATUSES } from "../domain/bid-lifecycle";
import { allocationsLockedMessage, closingDateChangeFor, endOfUkDay, newClosingDateProblem, roundDateChangeProblems, type ClosingDateChange } from "../domain/round-window";
import { lookup } from "../domain/lookup";
import { recordAudit } from "./audit.server";
import { db, type Tx } from "./db.server";
import { idsIn } from "./id-list.server";
import { grantedSql, requestedSql } from "./money-sql.server";

export interface RoundSummary {
  id: number;
  name: string;
  status: "draft" | "open" | "closed";
  streamName: string;
  financialYearLabel: string;
  opensOn: string;
  closesOn: string;
  totalPotPence: number;
}

const roundColumns = {
  id: rounds.id,
  name: rounds.name,
  status: rounds.status,
  streamName: fundingStreams.name,
  financialYearLabel: financialYears.label,
  opensOn: rounds.opensOn,
  closesOn: rounds.closesOn,
  totalPotPence: rounds.totalPotPence,
};

/** Every round, newest financial year first (for filters and headings). */
/** /rounds: a page of the rounds, newest year first; a page past the last shows the last. */
export const ROUNDS_PAGE_SIZE = 25;

export function listRoundsPage(page: number, pageSize = ROUNDS_PAGE_SIZE) {
  const count = db().get<{ n: number }>(sql`select count(*) as n from rounds`).n;
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const rows: RoundSummary[] = db()
    .select(roundColumns)
    .from(rounds)
    .innerJoin(fundingStreams, eq(fundingStreams.id, rounds.streamId))
    .innerJoin(financialYears, eq(financialYears.id, rounds.financialYearId))
    .orderBy(sql`${financialYears.startsOn} desc`, asc(rounds.name), asc(rounds.id))
    .limit(pageSize)
    .offset((current - 1) * pageSize)
    .all();
  return { rows, count, page: current, pages };
}

/** Every round, newest year first: for the lists' round filters (a few a year). */
export function listRounds(): RoundSummary[] {
  return db()
    .select(roundColumns)
    .from(rounds)
    .innerJoin(fundingStreams, eq(fundingStreams.id, rounds.streamId))
    .innerJoin(financialYears, eq(financialYears.id, rounds.financialYearId))
    .orderBy(sql`${financialYears.startsOn} desc`, asc(rounds.name), asc(rounds.id))
    .all();
}

/** The stream's rules, shared by its rounds: for bids, and after the award. */
const streamRuleColumns = {
  maySpanYears: fundingStreams.maySpanYears,
  maxDurationMonths: fundingStreams.maxDurationMonths,
  matchFundingRequired: fundingStreams.matchFundingRequired,
  acceptByDays: fundingStreams.acceptByDays,
  returnDueDays: fundingStreams.returnDueDays,
  toleranceBasisPoints: fundingStreams.toleranceBasisPoints,
  certificationRequired: fundingStreams.certificationRequired,
  virementCapPence: fundingStreams.virementCapPence,
};
type StreamRules = { [K in keyof typeof streamRuleColumns]: (typeof fundingStreams.$inferSelect)[K] };
const STREAM_RULES = Object.keys(streamRuleColumns) as (keyof StreamRules)[];
const rulesOf = (stream: StreamRules): StreamRules => Object.fromEntries(STREAM_RULES.map((k) => [k, stream[k]])) as StreamRules;
const rulesDiffer = (a: StreamRules, b: StreamRules) => STREAM_RULES.some((k) => a[k] !== b[k]);

export function findRound(id: number) {
  return db()
    .select({ ...roundColumns, centralFundPence: rounds.centralFundPence, ...streamRuleColumns })
    .from(rounds)
    .innerJoin(fundingStreams, eq(fundingStreams.id, rounds.streamId))
    .innerJoin(financialYears, eq(financialYears.id, rounds.financialYearId))
    .where(eq(rounds.id, id))
    .get();
}

export interface CspRoundPosition extends RoundSummary {
  allocationPence: number;
  /** Granted by the PCC's decisions on the CSP's approved and part-approved bids. */
  approvedPence: number;
  /** Requested in bids submitted and not yet decided. */
  awaitingPence: number;
  draftPence: number;
  remainingPence: number;
}

/** Each open round a CSP has an allocation in: allocation, approved, waiting for a decision, and what remains. */
export function openRoundsForCsp(cspId: number): CspRoundPosition[] {
  const decided = sql.join(GRANTED_STATUSES.map((s) => sql`${s}`), sql`, `);
  const awaiting = sql.join(COMMITTED_STATUSES.filter((s) => !GRANTED_STATUSES.includes(s)).map((s) => sql`${s}`), sql`, `);
  const rows = db().all<RoundSummary & { allocationPence: number; approvedPence: number; awaitingPence: number; draftPence: number }>(sql`
    select r.id, r.name, r.status, s.name as streamName, fy.label as financialYearLabel,
           r.opens_on as opensOn, r.closes_on as closesOn, r.total_pot_pence as totalPotPence,
           a.amount_pence as allocationPence,
           (select coalesce(sum(${grantedSql(sql`b.id`)}), 0) from bids b
             where b.round_id = r.id and b.csp_id = a.csp_id and b.fund = 'allocation' and b.status in (${decided})) as approvedPence,
           (select coalesce(sum(${requestedSql(sql`b.id`)}), 0) from bids b
             where b.round_id = r.id and b.csp_id = a.csp_id and b.fund = 'allocation' and b.status in (${awaiting})) as awaitingPence,
           (select coalesce(sum(${requestedSql(sql`b.id`)}), 0) from bids b
             where b.round_id = r.id and b.csp_id = a.csp_id and b.fund = 'allocation' and b.status = 'draft') as draftPence
      from allocations a
      join rounds r on r.id = a.round_id
      join funding_streams s on s.id = r.stream_id
      join financial_years fy on fy.id = r.financial_year_id
     where a.csp_id = ${cspId} and r.status = 'open'
     order by fy.starts_on desc, r.name
  `);
  return rows.map((r) => ({ ...r, remainingPence: r.allocationPence - r.approvedPence - r.awaitingPence }));
}

/** The allocation row, if the CSP may bid in the round at all. */
export function findAllocation(roundId: number, cspId: number) {
  return db()
    .select()
    .from(allocations)
    .where(sql`${allocations.roundId} = ${roundId} and ${allocations.cspId} = ${cspId}`)
    .get();
}

// ---------------------------------------------------------------------------------------------
// Managing rounds (OPCC staff)

export function listStreams() {
  return db().select().from(fundingStreams).orderBy(asc(fundingStreams.name)).all();
}

/** The streams a new round may be set in: not retired. */
export function listOfferedStreams() {
  return db().select({ id: fundingStreams.id, name: fundingStreams.name }).from(fundingStreams).where(isNull(fundingStreams.retiredAt)).orderBy(asc(fundingStreams.name)).all();
}

export interface RoundInput {
  streamId: number;
  financialYearId: number;
  name: string;
  opensOn: string;
  closesOn: string;
  totalPotPence: number;
  centralFundPence: number;
  overProgrammingBasisPoints: number;
  maxPerCspPence: number | null;
  /** The stream's rules, shared by its rounds. */
  maySpanYears: boolean;
  maxDurationMonths: number;
  matchFundingRequired: boolean;
  /** After the award (also the stream's): days to accept an offer, days after a quarter its return is due, the spend tolerance (1000 = 10%), and whether the council certifies returns. */
  acceptByDays: number;
  returnDueDays: number;
  toleranceBasisPoints: number;
  certificationRequired: boolean;
  /** The most a virement may move without an OPCC officer's approval; null (not given) leaves the stream's as it is. */
  virementCapPence?: number | null;
}

export type RoundSaveResult = { kind: "saved"; id: number } | { kind: "stale"; changedBy: string; changedAt: string };
/** A change the round's state does not allow, with the message for the page (and the field it is about), or a message per field. */
export type RoundChangeResult = RoundSaveResult | { kind: "refused"; field?: "closingDate"; message: string } | { kind: "invalid"; errors: Record<string, string> };

function splitRound(input: RoundInput, stream: { virementCapPence: number } | undefined) {
  const { maySpanYears, maxDurationMonths, matchFundingRequired, acceptByDays, returnDueDays, toleranceBasisPoints, certificationRequired, virementCapPence, ...round } = input;
  const rules: StreamRules = {
    maySpanYears, maxDurationMonths, matchFundingRequired, acceptByDays, returnDueDays, toleranceBasisPoints, certificationRequired,
    virementCapPence: virementCapPence ?? stream?.virementCapPence ?? 500_000,
  };
  return { round, rules };
}

export function createRound(input: RoundInput, userId: number, now = new Date().toISOString()): number {
  return db().transaction((tx) => {
    const before = tx.select().from(fundingStreams).where(eq(fundingStreams.id, input.streamId)).get();
    const { round, rules } = splitRound(input, before);
    tx.update(fundingStreams).set(rules).where(eq(fundingStreams.id, input.streamId)).run();
    const created = tx.insert(rounds).values({ ...round, status: "draft" }).returning({ id: rounds.id }).get();
    recordAudit(tx, { userId, action: "round.created", entityType: "round", entityId: created.id, after: input }, now);
    if (before && rulesDiffer(rulesOf(before), rules)) {
      recordAudit(tx, { userId, action: "stream.rules_changed", entityType: "stream", entityId: input.streamId, before: rulesOf(before), after: rules }, now);
    }
    return created.id;
  }, { behavior: "immediate" });
}

/** Who last changed a round, for the message when a change from an older copy is refused. */
function lastRoundChange(tx: Tx, roundId: number) {
  return tx.get<{ at: string; name: string } | undefined>(sql`
    select a.at, u.name from audit_log a left join users u on u.id = a.user_id
     where a.entity_type = 'round' and a.entity_id = ${roundId} order by a.id desc limit 1`);
}

/** Raises the round's version if it is still `expectedVersion`; otherwise says who changed it. */
function claimRound(tx: Tx, roundId: number, expectedVersion: number, columns: Partial<typeof rounds.$inferInsert> = {}): RoundSaveResult {
  const updated = tx
    .update(rounds)
    .set({ ...columns, version: expectedVersion + 1 })
    .where(and(eq(rounds.id, roundId), eq(rounds.version, expectedVersion)))
    .run();
  if (updated.changes === 1) return { kind: "saved", id: roundId };
  const last = lastRoundChange(tx, roundId);
  return { kind: "stale", changedBy: last?.name ?? "Someone", changedAt: last?.at ?? new Date().toISOString() };
}

/**
 * "Change the round". Once the round has opened, its dates stay as they are (roundDateChangeProblems):
 * checked here against the round as it is in the transaction, so a round that opened while the
 * form was open is refused too.
 */
export function updateRound(roundId: number, expectedVersion: number, input: RoundInput, userId: number, at = new Date()): RoundChangeResult {
  return db().transaction((tx) => {
    const now = at.toISOString();
    const before = tx.select().from(rounds).where(eq(rounds.id, roundId)).get()!;
    if (before.version === expectedVersion) {
      const problems = roundDateChangeProblems(before, input, at);
      if (Object.keys(problems).length) return { kind: "invalid", errors: problems };
    }
    const stream = tx.select().from(fundingStreams).where(eq(fundingStreams.id, before.streamId)).get()!;
    const { round, rules } = splitRound(input, stream);
    const result = claimRound(tx, roundId, expectedVersion, { ...round, streamId: before.streamId });
    if (result.kind !== "saved") return result;
    tx.update(fundingStreams).set(rules).where(eq(fundingStreams.id, before.streamId)).run();
    if (rulesDiffer(rulesOf(stream), rules)) {
      recordAudit(tx, { userId, action: "stream.rules_changed", entityType: "stream", entityId: before.streamId, before: rulesOf(stream), after: rules }, now);
    }
    recordAudit(tx, {
      userId,
      action: "round.changed",
      entityType: "round",
      entityId: roundId,
      before: { ...before, ...rulesOf(stream) },
      after: { ...input, streamId: before.streamId },
    }, now);
    return result;
  });
}

/**
 * Opens a draft round, or closes an open one by hand, with the reason: closing stops partnerships
 * starting and submitting bids, so the round's history says why (with its closing date then, so it
 * can say whether the round was closed early). A closed round is reopened with a new closing date
 * and a reason (changeClosingDate), never by the switch alone.
 */
export function setRoundStatus(
  roundId: number,
  expectedVersion: number,
  change: { status: "open" } | { status: "closed"; reason: string },
  userId: number,
  now = new Date().toISOString(),
): RoundChangeResult {
  return db().transaction((tx) => {
    const { status } = change;
    const before = tx.select({ status: rounds.status, closesOn: rounds.closesOn, version: rounds.version }).from(rounds).where(eq(rounds.id, roundId)).get()!;
    if (before.version === expectedVersion) {
      if (status === "open" && before.status !== "draft") return { kind: "refused", message: "To reopen the round, give a new closing date and the reason for reopening it." };
      if (status === "closed" && before.status !== "open") return { kind: "refused", message: "The round is not open." };
      if (change.status === "closed" && !change.reason.trim()) return { kind: "refused", message: "Give the reason for closing the round." };
    }
    const result = claimRound(tx, roundId, expectedVersion, { status });
    if (result.kind === "saved") {
      recordAudit(tx, {
        userId,
        action: status === "open" ? "round.opened" : "round.closed",
        entityType: "round",
        entityId: roundId,
        before: change.status === "open" ? { status: before.status } : { status: before.status, closesOn: before.closesOn },
        after: change.status === "open" ? { status } : { status, reason: change.reason },
      }, now);
    }
    return result;
  });
}


const CLOSING_DATE_ACTIONS = { extend: "round.closing_date_extended", reopen: "round.reopened" } as const;

/**
 * Extends an open round's closing date, or reopens a closed one with a new closing date, with the
 * reason (decision record 13). The rules are checked against the round as it is in the transaction,
 * so a round that closed while the form was open is refused with a message rather than extended.
 */
export function changeClosingDate(
  roundId: number,
  expectedVersion: number,
  change: ClosingDateChange,
  input: { closesOn: string; reason: string },
  userId: number,
  now = new Date(),
): RoundChangeResult {
  return db().transaction(
    (tx) => {
      const before = tx.select({ status: rounds.status, opensOn: rounds.opensOn, closesOn: rounds.closesOn, version: rounds.version }).from(rounds).where(eq(rounds.id, roundId)).get();
      if (!before) throw new Error(`Round ${roundId} vanished`);
      if (before.version !== expectedVersion) return claimRound(tx, roundId, expectedVersion);
      const allowed = closingDateChangeFor(before, now);
      if (allowed !== change) {
        const message =
          allowed === "reopen" ? "The round has closed since you opened this page: reopen it instead."
          : allowed === "extend" ? "The round is open: extend its closing date instead."
          : "The round is not open yet: change its dates with the rest of the round.";
        return { kind: "refused", message };
      }
      const problem = newClosingDateProblem(change, before, input.closesOn, now);
      if (problem) return { kind: "refused", field: "closingDate", message: problem };
      const columns = change === "reopen" ? { status: "open" as const, closesOn: input.closesOn } : { closesOn: input.closesOn };
      const result = claimRound(tx, roundId, expectedVersion, columns);
      if (result.kind === "saved") {
        recordAudit(tx, {
          userId,
          action: CLOSING_DATE_ACTIONS[change],
          entityType: "round",
          entityId: roundId,
          before: change === "reopen" ? { status: before.status, closesOn: before.closesOn } : { closesOn: before.closesOn },
          after: { ...columns, reason: input.reason },
        }, now.toISOString());
      }
      return result;
    },
    { behavior: "immediate" },
  );
}

export interface RoundOpeningEvent {
  id: number;
  at: string;
  byName: string;
  kind: "opened" | "closed" | "extended" | "reopened";
  fromClosesOn: string | null;
  toClosesOn: string | null;
  reason: string | null;
  /** A closing by hand: whether it came before the end of the round's closing date (unknown for closings recorded without that date). */
  early?: boolean;
  /**
   * A reopening: how the round had closed. By the clock on its closing date; early, by the OPCC, at
   * `at` (before its closing date ended); or by the OPCC when the log does not say when.
   */
  hadClosed?: { how: "clock"; on: string | null } | { how: "early"; at: string } | { how: "by_opcc" };
}

const OPENING_EVENTS: Record<string, RoundOpeningEvent["kind"]> = {
  "round.opened": "opened",
  "round.closed": "closed",
  "round.closing_date_extended": "extended",
  "round.reopened": "reopened",
};

/** Who opened, closed, extended or reopened the round, when, and why: from the audit log (one index read). */
export function roundOpeningHistory(roundId: number): RoundOpeningEvent[] {
  const actions = sql.join(Object.keys(OPENING_EVENTS).map((a) => sql`${a}`), sql`, `);
  const rows = db().all<{ id: number; at: string; action: string; before: string | null; after: string | null; byName: string | null }>(sql`
    select a.id, a.at, a.action, a.before, a.after, u.name as byName from audit_log a left join users u on u.id = a.user_id
     where a.entity_type = 'round' and a.entity_id = ${roundId} and a.action in (${actions}) order by a.id`);
  // The last closing by hand, for the reopening that follows it.
  let lastClosedAt: string | null = null;
  return rows.map((r) => {
    const before = (r.before ? JSON.parse(r.before) : {}) as { status?: string; closesOn?: string };
    const after = (r.after ? JSON.parse(r.after) : {}) as { closesOn?: string; reason?: string };
    const kind = OPENING_EVENTS[r.action];
    const event: RoundOpeningEvent = {
      id: r.id,
      at: r.at,
      byName: r.byName ?? "Someone",
      kind,
      fromClosesOn: before.closesOn ?? null,
      toClosesOn: after.closesOn ?? null,
      reason: after.reason ?? null,
    };
    if (kind === "closed") {
      if (before.closesOn) event.early = new Date(r.at) <= endOfUkDay(before.closesOn);
      lastClosedAt = r.at;
    } else if (kind === "reopened") {
      const closesOn = before.closesOn ?? null;
      const endedBy = (at: string) => closesOn !== null && new Date(at) > endOfUkDay(closesOn);
      event.hadClosed =
        before.status === "closed" && lastClosedAt !== null && !endedBy(lastClosedAt) && closesOn !== null ? { how: "early", at: lastClosedAt }
        : before.status !== "closed" || endedBy(r.at) ? { how: "clock", on: closesOn }
        : { how: "by_opcc" };
      lastClosedAt = null;
    }
    return event;
  });
}

export interface RoundCspRow {
  cspId: number;
  cspName: string;
  allocationPence: number | null;
  previousAllocationPence: number | null;
  requestedPence: number;
  approvedPence: number;
  committedPence: number;
}

/**
 * The round page: each CSP's allocation, what its live bids request, what has been granted, and
 * what remains; and last year's allocation in the same stream. Aggregated in SQL.
 */
export function roundOverview(roundId: number) {
  const round = db().select().from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round) return null;
  const summary = findRound(roundId)!;
  const live = sql.join(COMMITTED_STATUSES.filter((s) => !GRANTED_STATUSES.includes(s)).map((s) => sql`${s}`), sql`, `);
  const granted = sql.join(GRANTED_STATUSES.map((s) => sql`${s}`), sql`, `);
  const rows = db().all<RoundCspRow>(sql`
    select o.id as cspId, o.name as cspName, a.amount_pence as allocationPence,
           (select pa.amount_pence from allocations pa join rounds pr on pr.id = pa.round_id
              join financial_years pfy on pfy.id = pr.financial_year_id
             where pa.csp_id = o.id and pr.stream_id = ${round.streamId}
               and pfy.starts_on < (select starts_on from financial_years where id = ${round.financialYearId})
             order by pfy.starts_on desc limit 1) as previousAllocationPence,
           (select coalesce(sum(${requestedSql(sql`b.id`)}), 0) from bids b where b.round_id = ${roundId} and b.csp_id = o.id and b.fund = 'allocation' and b.status in (${live})) as requestedPence,
           (select coalesce(sum(${grantedSql(sql`b.id`)}), 0) from bids b where b.round_id = ${roundId} and b.csp_id = o.id and b.fund = 'allocation' and b.status in (${granted})) as approvedPence,
           0 as committedPence
      from organisations o
      left join allocations a on a.round_id = ${roundId} and a.csp_id = o.id
     where o.kind = 'csp'
       -- A retired partnership keeps the allocations it had; a round it had none in does not offer it one.
       and (o.retired_at is null or a.id is not null)
     order by o.name
  `).map((r) => ({ ...r, committedPence: r.requestedPence + r.approvedPence }));
  // Bids to the central fund, from any partnership.
  const central = db().get<{ requestedPence: number; approvedPence: number; bids: number }>(sql`
    select coalesce(sum(case when b.status in (${live}) then ${requestedSql(sql`b.id`)} end), 0) as requestedPence,
           coalesce(sum(case when b.status in (${granted}) then ${grantedSql(sql`b.id`)} end), 0) as approvedPence,
           count(*) as bids
      from bids b where b.round_id = ${roundId} and b.fund = 'central' and b.status in (${live}, ${granted})`);
  const sum = (f: (r: RoundCspRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const allocatedPence = sum((r) => r.allocationPence ?? 0);
  const approvedPence = sum((r) => r.approvedPence) + central.approvedPence;
  const approvalLimitPence = Math.floor((round.totalPotPence * (10_000 + round.overProgrammingBasisPoints)) / 10_000);
  return {
    round: { ...round, ...summary },
    rows,
    totals: {
      allocatedPence,
      requestedPence: sum((r) => r.requestedPence),
      approvedPence: sum((r) => r.approvedPence),
      remainingPence: allocatedPence - sum((r) => r.committedPence),
      central: {
        fundPence: round.centralFundPence,
        bids: central.bids,
        requestedPence: central.requestedPence,
        approvedPence: central.approvedPence,
        remainingPence: round.centralFundPence - central.requestedPence - central.approvedPence,
      },
      /** Approved across the round, allocations and central fund together, against the over-programming limit. */
      roundApprovedPence: approvedPence,
      unallocatedPence: round.totalPotPence - round.centralFundPence - allocatedPence,
      approvalLimitPence,
      approvalHeadroomPence: approvalLimitPence - approvedPence,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The funding formula and allocations

export function formulaFor(roundId: number) {
  const indicators = db().select().from(formulaIndicators).where(eq(formulaIndicators.roundId, roundId)).orderBy(asc(formulaIndicators.position), asc(formulaIndicators.id)).all();
  const values = indicators.length
    ? db().all<{ indicatorId: number; cspId: number; value: number }>(sql`
        select v.indicator_id as indicatorId, v.csp_id as cspId, v.value from formula_values v
         where v.indicator_id in ${idsIn(indicators.map((i) => i.id))}`)
    : [];
  return { indicators, values };
}

export interface FormulaSave {
  indicators: { key: string; label: string; weight: number }[];
  /** values[indicatorKey][cspId] */
  values: Record<string, Record<number, number>>;
}

/** A change to the allocations refused because the round has closed (allocationsLockedMessage). */
export type AllocationsClosed = { kind: "closed"; message: string };

/** Why the round's allocations cannot change now (it has closed), read in the write's transaction; null when they can. */
function allocationsLocked(tx: Tx, roundId: number, now: Date): AllocationsClosed | null {
  const round = tx.select({ status: rounds.status, opensOn: rounds.opensOn, closesOn: rounds.closesOn }).from(rounds).where(eq(rounds.id, roundId)).get();
  if (!round) throw new Error(`Round ${roundId} vanished`);
  const message = allocationsLockedMessage(round, now);
  return message ? { kind: "closed", message } : null;
}

/** What the PCC has approved for each partnership in the round against its allocation (central-fund bids aside): one grouped read. */
function approvedByCsp(tx: Tx, roundId: number) {
  const granted = sql.join(GRANTED_STATUSES.map((s) => sql`${s}`), sql`, `);
  return tx.all<{ cspId: number; cspName: string; approvedPence: number }>(sql`
    select b.csp_id as cspId, o.name as cspName, coalesce(sum(${grantedSql(sql`b.id`)}), 0) as approvedPence
      from bids b join organisations o on o.id = b.csp_id
     where b.round_id = ${roundId} and b.fund = 'allocation' and b.status in (${granted})
     group by b.csp_id, o.name`);
}

/** Replaces the round's indicators, weights and values (not once the round has closed: its working is the record of how its allocations were set). */
export function saveFormula(roundId: number, expectedVersion: number, input: FormulaSave, userId: number, now = new Date()): RoundSaveResult | AllocationsClosed {
  return db().transaction((tx) => {
    const before = formulaFor(roundId);
    const current = tx.select({ version: rounds.version }).from(rounds).where(eq(rounds.id, roundId)).get();
    const locked = current?.version === expectedVersion ? allocationsLocked(tx, roundId, now) : null;
    if (locked) return locked;
    const result = claimRound(tx, roundId, expectedVersion);
    if (result.kind !== "saved") return result;
    const ids = before.indicators.map((i) => i.id);
    if (ids.length) tx.delete(formulaValues).where(inArray(formulaValues.indicatorId, ids)).run();
    tx.delete(formulaIndicators).where(eq(formulaIndicators.roundId, roundId)).run();
    input.indicators.forEach((indicator, position) => {
      const id = tx.insert(formulaIndicators).values({ roundId, ...indicator, position }).returning({ id: formulaIndicators.id }).get().id;
      const rows = Object.entries(input.values[indicator.key] ?? {}).map(([cspId, value]) => ({ indicatorId: id, cspId: Number(cspId), value }));
      if (rows.length) tx.insert(formulaValues).values(rows).run();
    });
    recordAudit(tx, { userId, action: "round.formula_changed", entityType: "round", entityId: roundId, before: { indicators: before.indicators, values: before.values }, after: input });
    return result;
  });
}

export interface BelowApproved {
  cspId: number;
  cspName: string;
  /** The allocation the change would give. */
  amountPence: number;
  approvedPence: number;
}

export type AllocationSaveResult = RoundSaveResult | AllocationsClosed | { kind: "below_approved"; partnerships: BelowApproved[] };

/**
 * Sets every CSP's allocation in the round (typed in, or worked out by the formula). Refused, in
 * this transaction, once the round has closed, and when it would take any partnership below what
 * the PCC has already approved for it in the round: the whole change, naming each such partnership.
 */
export function saveAllocations(roundId: number, expectedVersion: number, amounts: Record<number, number>, userId: number, how: "typed" | "formula", now = new Date()): AllocationSaveResult {
  return db().transaction((tx) => {
    const before = tx.select({ cspId: allocations.cspId, amountPence: allocations.amountPence }).from(allocations).where(eq(allocations.roundId, roundId)).all();
    const current = tx.select({ version: rounds.version }).from(rounds).where(eq(rounds.id, roundId)).get();
    if (current?.version === expectedVersion) {
      const locked = allocationsLocked(tx, roundId, now);
      if (locked) return locked;
      const below = approvedByCsp(tx, roundId)
        .map((a) => ({ ...a, amountPence: lookup(amounts, String(a.cspId)) }))
        .filter((a): a is BelowApproved => a.amountPence !== undefined && a.amountPence < a.approvedPence)
        .map(({ cspId, cspName, amountPence, approvedPence }) => ({ cspId, cspName, amountPence, approvedPence }));
      if (below.length) return { kind: "below_approved", partnerships: below };
    }
    const result = claimRound(tx, roundId, expectedVersion);
    if (result.kind !== "saved") return result;
    for (const [cspId, amountPence] of Object.entries(amounts)) {
      tx.insert(allocations)
        .values({ roundId, cspId: Number(cspId), amountPence })
        .onConflictDoUpdate({ target: [allocations.roundId, allocations.cspId], set: { amountPence } })
        .run();
    }
    recordAudit(tx, { userId, action: how === "formula" ? "round.allocations_by_formula" : "round.allocations_typed", entityType: "round", entityId: roundId, before, after: amounts });
    return result;
  });
}


/** The open rounds, newest financial year first, with what the OPCC dashboard sums them against. */
export function listOpenRoundsWithFund() {
  return db()
    .select({ ...roundColumns, centralFundPence: rounds.centralFundPence })
    .from(rounds)
    .innerJoin(fundingStreams, eq(fundingStreams.id, rounds.streamId))
    .innerJoin(financialYears, eq(financialYears.id, rounds.financialYearId))
    .where(eq(rounds.status, "open"))
    .orderBy(sql`${financialYears.startsOn} desc`, asc(rounds.name), asc(rounds.id))
    .all();
}

import { asc, eq, sql } from "drizzle-orm";
import { allocations, financialYears, fundingStreams, rounds } from "../../db/schema";
import { COMMITTED_STATUSES } from "../domain/bid-lifecycle";
import { db } from "./db.server";
import { requestedSql } from "./money-sql.server";

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
export function listRounds(): RoundSummary[] {
  return db()
    .select(roundColumns)
    .from(rounds)
    .innerJoin(fundingStreams, eq(fundingStreams.id, rounds.streamId))
    .innerJoin(financialYears, eq(financialYears.id, rounds.financialYearId))
    .orderBy(sql`${financialYears.startsOn} desc`, asc(rounds.name))
    .all();
}

export function findRound(id: number) {
  return db()
    .select({ ...roundColumns, maySpanYears: fundingStreams.maySpanYears, maxDurationMonths: fundingStreams.maxDurationMonths, matchFundingRequired: fundingStreams.matchFundingRequired })
    .from(rounds)
    .innerJoin(fundingStreams, eq(fundingStreams.id, rounds.streamId))
    .innerJoin(financialYears, eq(financialYears.id, rounds.financialYearId))
    .where(eq(rounds.id, id))
    .get();
}

export function openRoundIds(): number[] {
  return db().select({ id: rounds.id }).from(rounds).where(eq(rounds.status, "open")).all().map((r) => r.id);
}

export interface CspRoundPosition extends RoundSummary {
  allocationPence: number;
  submittedPence: number;
  draftPence: number;
  remainingPence: number;
}

/** Each open round a CSP has an allocation in: allocation, requested so far and what remains. */
export function openRoundsForCsp(cspId: number): CspRoundPosition[] {
  const committed = sql.join(COMMITTED_STATUSES.map((s) => sql`${s}`), sql`, `);
  const rows = db().all<RoundSummary & { allocationPence: number; submittedPence: number; draftPence: number }>(sql`
    select r.id, r.name, r.status, s.name as streamName, fy.label as financialYearLabel,
           r.opens_on as opensOn, r.closes_on as closesOn, r.total_pot_pence as totalPotPence,
           a.amount_pence as allocationPence,
           (select coalesce(sum(${requestedSql(sql`b.id`)}), 0) from bids b
             where b.round_id = r.id and b.csp_id = a.csp_id and b.status in (${committed})) as submittedPence,
           (select coalesce(sum(${requestedSql(sql`b.id`)}), 0) from bids b
             where b.round_id = r.id and b.csp_id = a.csp_id and b.status = 'draft') as draftPence
      from allocations a
      join rounds r on r.id = a.round_id
      join funding_streams s on s.id = r.stream_id
      join financial_years fy on fy.id = r.financial_year_id
     where a.csp_id = ${cspId} and r.status = 'open'
     order by fy.starts_on desc, r.name
  `);
  return rows.map((r) => ({ ...r, remainingPence: r.allocationPence - r.submittedPence }));
}

/** The allocation row, if the CSP may bid in the round at all. */
export function findAllocation(roundId: number, cspId: number) {
  return db()
    .select()
    .from(allocations)
    .where(sql`${allocations.roundId} = ${roundId} and ${allocations.cspId} = ${cspId}`)
    .get();
}

import { sql, type SQL } from "drizzle-orm";
import { db } from "./db.server";
import { decisionGrantedSql, requestedSql } from "./money-sql.server";

export { FROM as PUBLISHED_GRANTS_FROM, filterSql as publishedGrantsWhere };

/**
 * The OPCC's published grants (/transparency, and the 360Giving files built on them), as the
 * Elected Local Policing Bodies (Specified Information) Order 2011, Schedule para 3(f) asks: each
 * crime and disorder reduction grant's recipient, amount, conditions, purpose and the reasons the
 * PCC considered it would secure a reduction in crime and disorder. Decision record 027.
 *
 * A published grant is a live grant (not withdrawn, offer not declined) whose decision, the one
 * that stands on the bid (a correction moves the grant to itself), is marked publishable. Only
 * published fields are read here: never the lead officer, the declaration of interests, the FOI
 * exemption, the review, who recorded it, nor any internal text.
 */

export const TRANSPARENCY_PAGE_SIZE = 25;

export interface TransparencyFilters {
  /** financial_years.id */
  yearId?: number;
  /** organisations.id of the CSP */
  cspId?: number;
  /** funding_streams.id */
  streamId?: number;
}

/** The published-grant condition on aliases d (decisions), g (grants), b (bids), r (rounds). */
const PUBLISHED = sql`d.publishable = 1 and d.outcome in ('approved', 'part_approved') and g.withdrawn_at is null and g.offer_status <> 'declined'`;

function filterSql(f: TransparencyFilters): SQL {
  const parts: SQL[] = [PUBLISHED];
  if (f.yearId !== undefined) parts.push(sql`d.financial_year_id = ${f.yearId}`);
  if (f.cspId !== undefined) parts.push(sql`g.csp_id = ${f.cspId}`);
  if (f.streamId !== undefined) parts.push(sql`r.stream_id = ${f.streamId}`);
  return sql.join(parts, sql` and `);
}

// Grants join their decision (grants_decision_unique) and bid; a filter on the year walks
// decisions_year_sequence_unique, on the CSP grants_csp_idx, on the stream rounds_stream_idx.
const FROM = sql`from grants g
  join decisions d on d.id = g.decision_id
  join bids b on b.id = g.bid_id
  join rounds r on r.id = b.round_id
  join funding_streams fs on fs.id = r.stream_id
  join financial_years fy on fy.id = d.financial_year_id
  join organisations o on o.id = g.csp_id`;

/** What the filters offer: every year, CSP and stream (a few hundred rows at most). */
export function transparencyChoices() {
  return {
    years: db().all<{ id: number; label: string }>(sql`select id, label from financial_years order by starts_on desc`),
    csps: db().all<{ id: number; code: string; name: string; council: string }>(
      sql`select id, code, name, accountable_council as council from organisations where kind = 'csp' order by name`,
    ),
    streams: db().all<{ id: number; code: string; name: string }>(sql`select id, code, name from funding_streams order by name`),
  };
}

export interface PublishedGrantRow {
  decisionId: number;
  reference: string;
  decidedOn: string;
  outcome: "approved" | "part_approved";
  financialYear: string;
  title: string;
  summary: string;
  cspName: string;
  accountableCouncil: string;
  streamName: string;
  roundName: string;
  requestedPence: number;
  grantedPence: number;
  conditions: string[];
  reasons: string;
  /** The decision this one corrects, when it is a correction. */
  correction: { supersedesReference: string; supersedesId: number; supersedesPublishable: boolean; reason: string } | null;
}

interface RawRow extends Omit<PublishedGrantRow, "conditions" | "correction"> {
  conditions: string;
  supersedesId: number | null;
  supersedesReference: string | null;
  supersedesPublishable: number | null;
  correctionReason: string | null;
}

const toRow = ({ supersedesId, supersedesReference, supersedesPublishable, correctionReason, conditions, ...r }: RawRow): PublishedGrantRow => ({
  ...r,
  conditions: JSON.parse(conditions) as string[],
  correction:
    supersedesId !== null && supersedesReference !== null
      ? { supersedesId, supersedesReference, supersedesPublishable: supersedesPublishable === 1, reason: correctionReason ?? "" }
      : null,
});

/**
 * One page of published grants matching the filters, newest decision first (by year, then by the
 * decision's gap-free number: the order of decisions_year_sequence_unique), with the total count.
 */
export function listPublishedGrants(filters: TransparencyFilters, page: number) {
  const where = filterSql(filters);
  const total = db().get<{ n: number }>(sql`select count(*) as n ${FROM} where ${where}`)!.n;
  const pages = Math.max(1, Math.ceil(total / TRANSPARENCY_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = db().all<RawRow>(sql`
    select d.id as decisionId, d.reference, d.decided_on as decidedOn, d.outcome, fy.label as financialYear,
           b.title, b.summary, o.name as cspName, o.accountable_council as accountableCouncil,
           fs.name as streamName, r.name as roundName,
           ${requestedSql(sql`b.id`)} as requestedPence,
           ${decisionGrantedSql(sql`d.id`, sql`b.id`)} as grantedPence,
           d.conditions, d.reasons,
           d.supersedes_id as supersedesId, prev.reference as supersedesReference, prev.publishable as supersedesPublishable,
           d.correction_reason as correctionReason
      ${FROM}
      left join decisions prev on prev.id = d.supersedes_id
     where ${where}
     order by d.financial_year_id desc, d.sequence desc
     limit ${TRANSPARENCY_PAGE_SIZE} offset ${(current - 1) * TRANSPARENCY_PAGE_SIZE}`);
  return { total, page: current, pages, rows: rows.map(toRow) };
}

/** The sum of what the matching published grants grant, for the list's heading. */
export function publishedGrantsTotal(filters: TransparencyFilters): number {
  return db().get<{ total: number }>(sql`select coalesce(sum(${decisionGrantedSql(sql`d.id`, sql`b.id`)}), 0) as total ${FROM} where ${filterSql(filters)}`)!.total;
}

export interface AllocationRow {
  financialYear: string;
  cspName: string;
  accountableCouncil: string;
  roundName: string;
  streamName: string;
  amountPence: number;
}

/**
 * The provisional allocations, per CSP and year (one row per round), of rounds that have opened
 * (a draft round's figures are not settled), matching the filters; paged.
 */
export function listAllocations(filters: TransparencyFilters, page: number) {
  const parts: SQL[] = [sql`r.status <> 'draft'`];
  if (filters.yearId !== undefined) parts.push(sql`r.financial_year_id = ${filters.yearId}`);
  if (filters.cspId !== undefined) parts.push(sql`a.csp_id = ${filters.cspId}`);
  if (filters.streamId !== undefined) parts.push(sql`r.stream_id = ${filters.streamId}`);
  const where = sql.join(parts, sql` and `);
  const from = sql`from allocations a join rounds r on r.id = a.round_id join financial_years fy on fy.id = r.financial_year_id
    join funding_streams fs on fs.id = r.stream_id join organisations o on o.id = a.csp_id`;
  const totals = db().get<{ n: number; total: number }>(sql`select count(*) as n, coalesce(sum(a.amount_pence), 0) as total ${from} where ${where}`)!;
  const pages = Math.max(1, Math.ceil(totals.n / TRANSPARENCY_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = db().all<AllocationRow>(sql`
    select fy.label as financialYear, o.name as cspName, o.accountable_council as accountableCouncil, r.name as roundName, fs.name as streamName, a.amount_pence as amountPence
      ${from} where ${where}
     order by fy.starts_on desc, o.name, r.name
     limit ${TRANSPARENCY_PAGE_SIZE} offset ${(current - 1) * TRANSPARENCY_PAGE_SIZE}`);
  return { total: totals.n, totalPence: totals.total, page: current, pages, rows };
}

export interface PublicDecision {
  id: number;
  reference: string;
  decidedOn: string;
  decisionMaker: string;
  outcome: "approved" | "part_approved" | "rejected";
  financialYear: string;
  title: string;
  summary: string;
  cspName: string;
  accountableCouncil: string;
  roundName: string;
  streamName: string;
  startDate: string | null;
  endDate: string | null;
  requestedPence: number;
  /** null for a rejection. */
  grantedPence: number | null;
  conditions: string[];
  reasons: string;
  /** The decision this one corrects, and why. */
  supersedes: { id: number; reference: string; publishable: boolean; reason: string } | null;
  /** The decision that corrects this one; its reference is given only when it is published. */
  supersededBy: { id: number; reference: string | null; publishable: boolean } | null;
}

/**
 * A publishable decision's public record, by its reference (decisions_reference_unique) or, when
 * none has that reference and it is all digits, by its id. null when there is none or it is not
 * publishable. The end date is the grant's, as extended.
 */
export function getPublicDecision(referenceOrId: string): PublicDecision | null {
  const byReference = db().get<{ id: number }>(sql`select id from decisions where reference = ${referenceOrId}`);
  const id = byReference?.id ?? (/^\d{1,10}$/.test(referenceOrId) ? Number(referenceOrId) : null);
  if (id === null) return null;
  const row = db().get<
    Omit<PublicDecision, "conditions" | "supersedes" | "supersededBy" | "grantedPence"> & {
      conditions: string;
      grantedPence: number;
      supersedesId: number | null;
      supersedesReference: string | null;
      supersedesPublishable: number | null;
      correctionReason: string | null;
      laterId: number | null;
      laterReference: string | null;
      laterPublishable: number | null;
    }
  >(sql`
    select d.id, d.reference, d.decided_on as decidedOn, d.decision_maker as decisionMaker, d.outcome, fy.label as financialYear,
           b.title, b.summary, o.name as cspName, o.accountable_council as accountableCouncil, r.name as roundName, fs.name as streamName,
           b.start_date as startDate, coalesce(g.extended_to, b.end_date) as endDate,
           ${requestedSql(sql`b.id`)} as requestedPence, ${decisionGrantedSql(sql`d.id`, sql`b.id`)} as grantedPence,
           d.conditions, d.reasons,
           d.supersedes_id as supersedesId, prev.reference as supersedesReference, prev.publishable as supersedesPublishable, d.correction_reason as correctionReason,
           later.id as laterId, later.reference as laterReference, later.publishable as laterPublishable
      from decisions d
      join bids b on b.id = d.bid_id
      join rounds r on r.id = b.round_id
      join funding_streams fs on fs.id = r.stream_id
      join financial_years fy on fy.id = d.financial_year_id
      join organisations o on o.id = b.csp_id
      left join grants g on g.bid_id = b.id
      left join decisions prev on prev.id = d.supersedes_id
      left join decisions later on later.supersedes_id = d.id
     where d.id = ${id} and d.publishable = 1`);
  if (!row) return null;
  const { supersedesId, supersedesReference, supersedesPublishable, correctionReason, laterId, laterReference, laterPublishable, conditions, grantedPence, ...rest } = row;
  return {
    ...rest,
    grantedPence: rest.outcome === "rejected" ? null : grantedPence,
    conditions: JSON.parse(conditions) as string[],
    supersedes: supersedesId !== null ? { id: supersedesId, reference: supersedesReference!, publishable: supersedesPublishable === 1, reason: correctionReason ?? "" } : null,
    supersededBy: laterId !== null ? { id: laterId, reference: laterPublishable === 1 ? laterReference : null, publishable: laterPublishable === 1 } : null,
  };
}

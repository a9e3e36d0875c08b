import { sql, type SQL } from "drizzle-orm";
import { financialYearClosures, financialYears } from "../../db/schema";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { ukDate } from "../domain/round-window";
import { allClear, checklistItems, closeRefusal, NO_BLOCKERS, type ChecklistCounts } from "../domain/year-end-checklist";
import { yearClosedMessage } from "../domain/year-lock";
import { recordAudit } from "./audit.server";
import { db, type DbOrTx, type Tx } from "./db.server";
import { currentLineSql, matchFundingSql } from "./money-sql.server";
import { opccFinanceContacts, portalUrl, queueMessage } from "./notifications.server";
import { grantYearFiguresSql } from "./underspend-sql.server";
import { grantClosure } from "./year-lock.server";

/**
 * Closing a financial year (decision record 022): the year's checklist counted in SQL, overall and
 * per partnership (paged, partnerships with something blocking first), the year's totals, and the
 * close and reopen themselves. The checklist's rules are in app/domain/year-end-checklist.ts.
 *
 * Which grants are the year's: those with an approved cost line in it (bid_cost_lines by year,
 * then the bid's one grant and its decision's line, all through indexes), standing (not withdrawn).
 * A Safer Streets grant with lines in 2023-24 and 2024-25 is in both years; its payments are
 * reconciled in the last of them (or the year of its extended end date).
 */

/** The grant page's banner (and the offer pages' refusal): the message while the grant is locked, else null. */
export function grantClosedMessage(grantId: number): string | null {
  const closure = grantClosure(grantId);
  return closure ? yearClosedMessage(closure) : null;
}

export interface YearRow {
  id: number;
  label: string;
  startsOn: string;
  endsOn: string;
  status: "open" | "closed";
}

export function findYearByLabel(label: string, tx: DbOrTx = db()): YearRow | undefined {
  return tx.get<YearRow>(sql`select id, label, starts_on as startsOn, ends_on as endsOn, status from financial_years where label = ${label}`);
}

/** A partnership's name, or null when the id is not a partnership's. */
export function cspNameOf(cspId: number): string | null {
  return db().get<{ name: string }>(sql`select name from organisations where id = ${cspId} and kind = 'csp'`)?.name ?? null;
}

export interface YearListRow extends YearRow {
  closedByName: string | null;
  closedAt: string | null;
}

/** Every financial year, newest first, with who closed it if it is closed (a handful of rows). */
export function listYears(): YearListRow[] {
  return db().all<YearListRow>(sql`
    select fy.id, fy.label, fy.starts_on as startsOn, fy.ends_on as endsOn, fy.status,
           case when fy.status = 'closed' then u.name end as closedByName, case when fy.status = 'closed' then c.closed_at end as closedAt
      from financial_years fy
      left join financial_year_closures c on c.id = (select max(x.id) from financial_year_closures x where x.financial_year_id = fy.id)
      left join users u on u.id = c.closed_by
     order by fy.starts_on desc`);
}

export interface ClosureEvent {
  id: number;
  closedByName: string;
  closedAt: string;
  reopenedByName: string | null;
  reopenedAt: string | null;
  reopenReason: string | null;
}

/** Each closing of the year and its reopening, oldest first. */
export function closureHistory(financialYearId: number, tx: DbOrTx = db()): ClosureEvent[] {
  return tx.all<ClosureEvent>(sql`
    select c.id, coalesce(cu.name, 'someone') as closedByName, c.closed_at as closedAt, ru.name as reopenedByName, c.reopened_at as reopenedAt, c.reopen_reason as reopenReason
      from financial_year_closures c left join users cu on cu.id = c.closed_by left join users ru on ru.id = c.reopened_by
     where c.financial_year_id = ${financialYearId} order by c.id`);
}

/** What the close and reopen forms carry to refuse a stale copy: the year's status and its latest closure. */
export function yearToken(financialYearId: number, tx: DbOrTx = db()): string {
  const row = tx.get<{ status: string; lastId: number | null }>(sql`
    select fy.status, (select max(c.id) from financial_year_closures c where c.financial_year_id = fy.id) as lastId from financial_years fy where fy.id = ${financialYearId}`);
  return row ? `${row.status}:${row.lastId ?? 0}` : "";
}

// ---------------------------------------------------------------------------------------------
// Counting the checklist

/**
 * The checklist's common table expressions for one year (optionally one partnership's part of it):
 * - yg: the year's standing grants (a cost line approved in the year);
 * - fig: each of those grants' figures for the year (grantYearFiguresSql);
 * - ret, rec, und, var, off: what blocks each item, one row per blocking thing, with its csp_id.
 * Each is materialized: read several times over (the counts, the totals, each figure of `rec` used
 * in several expressions), an inlined one would work out every correlated figure again each time.
 */
function yearCtes(year: YearRow, today: string, cspId: number | null): SQL {
  const startYear = Number(year.startsOn.slice(0, 4));
  const csp = (column: SQL) => (cspId === null ? sql`1 = 1` : sql`${column} = ${cspId}`);
  return sql`
    with yg as materialized (
      select distinct g.id as grant_id, g.csp_id, g.bid_id, g.decision_id, g.offer_status, g.extended_to
        from bid_cost_lines l
        join grants g on g.bid_id = l.bid_id
        join decision_lines dl on dl.decision_id = g.decision_id and dl.cost_line_id = l.id
       where l.financial_year_id = ${year.id} and g.withdrawn_at is null and ${csp(sql`g.csp_id`)}
    ),
    fig as materialized (
      -- The year's lines only (l: the cost line, as scrutiny.server.ts filters it), not every year's then filtered.
      select f.* from (${grantYearFiguresSql(sql`g.id in (select grant_id from yg where offer_status = 'accepted') and l.financial_year_id = ${year.id}`)}) f
    ),
    ret as materialized (
      select gr.id, gr.grant_id, g.csp_id, gr.start_year, gr.quarter, gr.status
        from grant_returns gr join grants g on g.id = gr.grant_id
       where gr.start_year = ${startYear} and gr.status <> 'accepted' and g.withdrawn_at is null and g.offer_status = 'accepted' and ${csp(sql`g.csp_id`)}
    ),
    ending as materialized (
      select yg.* from yg
       where yg.offer_status = 'accepted'
         and coalesce(yg.extended_to, '') <= ${year.endsOn}
         and not exists (select 1 from decision_lines dl join bid_cost_lines l on l.id = dl.cost_line_id join financial_years ly on ly.id = l.financial_year_id
                          where dl.decision_id = yg.decision_id and ly.starts_on > ${year.startsOn})
    ),
    money as materialized (
      select e.grant_id, e.csp_id,
             (select coalesce(sum(p.amount_pence), 0) from payments p where p.grant_id = e.grant_id) as paid,
             (select coalesce(sum(r.amount_pence), 0) from grant_recoveries r where r.grant_id = e.grant_id) as clawbacks,
             (select coalesce(sum(${currentLineSql(sql`e.grant_id`, sql`dl.cost_line_id`, sql`dl.approved_pence`)}), 0) from decision_lines dl where dl.decision_id = e.decision_id) as cost,
             (select coalesce(sum(rl.actual_pence), 0) from grant_returns gr join return_lines rl on rl.return_id = gr.id where gr.grant_id = e.grant_id and +gr.status = 'accepted') as spent,
             ${matchFundingSql(sql`e.bid_id`)} as match
        from ending e
    ),
    rec as materialized (
      -- The OPCC-funded spend as opccFundedSpendPence (app/domain/underspend.ts): match funding spent first.
      select grant_id, csp_id, paid, clawbacks,
             paid - clawbacks - min(max(0, cost - match), max(0, min(spent, cost) - match)) as gap
        from money
    ),
    und as materialized (select grant_id, csp_id, outstanding from fig where outstanding > 0),
    var as (
      select v.id, v.grant_id, g.csp_id, v.kind from grant_variations v join grants g on g.id = v.grant_id
       where v.financial_year_id = ${year.id} and v.status = 'requested' and ${csp(sql`g.csp_id`)}
    ),
    off as (
      select g.id as grant_id, g.csp_id, g.accept_by
        from rounds r join bids b on b.round_id = r.id join grants g on g.bid_id = b.id
       where r.financial_year_id = ${year.id} and g.offer_status = 'offered' and g.withdrawn_at is null and g.accept_by >= ${today} and ${csp(sql`g.csp_id`)}
    )`;
}

export interface CspChecklistRow extends ChecklistCounts {
  cspId: number;
  cspName: string;
}

export const YEAR_END_PAGE_SIZE = 25;

/** The year's checklist counts, overall (every partnership together), counted in one statement. */
export function yearChecklistCounts(year: YearRow, { today, cspId = null, tx = db() }: { today: string; cspId?: number | null; tx?: DbOrTx }): ChecklistCounts {
  const row = tx.get<ChecklistCounts>(sql`${yearCtes(year, today, cspId)}
    select (select count(*) from ret) as returnsNotAccepted,
           (select count(*) from rec where gap <> 0) as paymentsUnreconciled,
           (select coalesce(sum(gap), 0) from rec where gap > 0) as overpaidPence,
           (select coalesce(-sum(gap), 0) from rec where gap < 0) as unpaidPence,
           (select count(*) from und) as underspendsOutstanding,
           (select coalesce(sum(outstanding), 0) from und) as outstandingPence,
           (select count(*) from var) as variationsUndecided,
           (select count(*) from off) as offersOpen`);
  return row ?? NO_BLOCKERS;
}

/**
 * The grants that block the year's "payments" or "underspends" item: a grant ending in the year
 * whose payments, less its clawbacks, are not the OPCC's share of its evidenced spend (`gapPence`,
 * positive when paid more than evidenced), or one whose underspend in the year is not yet
 * returned, carried forward or re-allocated (`outstandingPence`). db/synthetic.ts settles them
 * before it closes a past year.
 */
export function yearUnsettledGrants(year: YearRow, { today, tx = db() }: { today: string; tx?: DbOrTx }): { grantId: number; gapPence: number; outstandingPence: number }[] {
  return tx.all<{ grantId: number; gapPence: number; outstandingPence: number }>(sql`${yearCtes(year, today, null)}
    select coalesce(r.grant_id, u.grant_id) as grantId, coalesce(r.gap, 0) as gapPence, coalesce(u.outstanding, 0) as outstandingPence
      from (select grant_id, gap from rec where gap <> 0) r
      full join (select grant_id, sum(outstanding) as outstanding from und group by grant_id) u on u.grant_id = r.grant_id
     order by 1`);
}

/** One page of partnerships with their counts: those with something blocking first, then by name. */
export function yearChecklistByCsp(year: YearRow, { today, page = 1 }: { today: string; page?: number }): { rows: CspChecklistRow[]; total: number; page: number; pages: number } {
  const rows = db().all<CspChecklistRow & { blockers: number; total: number }>(sql`${yearCtes(year, today, null)}${PER_CSP_CTES}
    select csp_id as cspId, cspName, returnsNotAccepted, paymentsUnreconciled, overpaidPence, unpaidPence, underspendsOutstanding, outstandingPence, variationsUndecided, offersOpen,
           returnsNotAccepted + paymentsUnreconciled + underspendsOutstanding + variationsUndecided + offersOpen as blockers,
           count(*) over () as total
      from counted
     order by (blockers > 0) desc, cspName, csp_id
     limit ${YEAR_END_PAGE_SIZE} offset ${(Math.max(1, page) - 1) * YEAR_END_PAGE_SIZE}`);
  const total = rows[0]?.total ?? 0;
  return { rows: rows.map(({ blockers: _b, total: _t, ...r }) => r), total, page, pages: Math.max(1, Math.ceil(total / YEAR_END_PAGE_SIZE)) };
}

/** Per partnership, each blocker counted once (GROUP BY over the CTEs), to join to `cs`. */
const PER_CSP_CTES = sql`,
    cs as (
      select csp_id from yg union select csp_id from ret union select csp_id from var union select csp_id from off
    ),
    retc as (select csp_id, count(*) as n from ret group by csp_id),
    recc as (
      select csp_id, sum(gap <> 0) as n, sum(case when gap > 0 then gap end) as over, -sum(case when gap < 0 then gap end) as under
        from rec group by csp_id
    ),
    undc as (select csp_id, count(*) as n, sum(outstanding) as pence from und group by csp_id),
    varc as (select csp_id, count(*) as n from var group by csp_id),
    offc as (select csp_id, count(*) as n from off group by csp_id),
    counted as (
      select c.csp_id, o.name as cspName,
             coalesce(rt.n, 0) as returnsNotAccepted, coalesce(rc.n, 0) as paymentsUnreconciled,
             coalesce(rc.over, 0) as overpaidPence, coalesce(rc.under, 0) as unpaidPence,
             coalesce(ud.n, 0) as underspendsOutstanding, coalesce(ud.pence, 0) as outstandingPence,
             coalesce(vr.n, 0) as variationsUndecided, coalesce(of.n, 0) as offersOpen
        from cs c join organisations o on o.id = c.csp_id
        left join retc rt on rt.csp_id = c.csp_id left join recc rc on rc.csp_id = c.csp_id left join undc ud on ud.csp_id = c.csp_id
        left join varc vr on vr.csp_id = c.csp_id left join offc of on of.csp_id = c.csp_id
    )`;

const COUNT_KEYS = [
  "returnsNotAccepted", "paymentsUnreconciled", "overpaidPence", "unpaidPence", "underspendsOutstanding", "outstandingPence", "variationsUndecided", "offersOpen",
] as const satisfies readonly (keyof ChecklistCounts)[];
const TOTAL_KEYS = ["approvedPence", "paidPence", "spentPence", "returnedPence", "carriedPence", "reallocatedPence", "clawbacksOutstandingPence"] as const satisfies readonly (keyof YearTotals)[];

/**
 * The year-end page's figures in one statement, so the year's grants are worked out once rather
 * than once for the counts, again for the partnerships and again for the totals: a page of
 * partnerships with their counts (as yearChecklistByCsp), the counts of the whole year as window
 * sums over every partnership (as yearChecklistCounts), and the year's money (as yearTotals).
 */
export function yearEndOverview(year: YearRow, { today, page = 1 }: { today: string; page?: number }) {
  type Row = CspChecklistRow & { total: number } & Record<`all_${(typeof COUNT_KEYS)[number]}`, number> & YearTotals;
  const rows = db().all<Row>(sql`${yearCtes(year, today, null)}${PER_CSP_CTES},
    tot as (${yearTotalsSelect(year)})
    select c.csp_id as cspId, c.cspName, ${sql.join(COUNT_KEYS.map((k) => sql`c.${sql.identifier(k)}`), sql`, `)},
           count(*) over () as total,
           ${sql.join(COUNT_KEYS.map((k) => sql`sum(c.${sql.identifier(k)}) over () as ${sql.identifier(`all_${k}`)}`), sql`, `)},
           tot.*
      from counted c cross join tot
     order by (c.returnsNotAccepted + c.paymentsUnreconciled + c.underspendsOutstanding + c.variationsUndecided + c.offersOpen > 0) desc, c.cspName, c.csp_id
     limit ${YEAR_END_PAGE_SIZE} offset ${(Math.max(1, page) - 1) * YEAR_END_PAGE_SIZE}`);
  const first = rows[0];
  // No partnership in the year, or a page past the last: the figures one by one (both cheap then, or rare).
  if (!first) {
    const byCsp = yearChecklistByCsp(year, { today, page });
    return { counts: yearChecklistCounts(year, { today }), byCsp, totals: yearTotals(year, today) };
  }
  const pick = <K extends string>(keys: readonly K[], from: (k: K) => number) => Object.fromEntries(keys.map((k) => [k, from(k)])) as Record<K, number>;
  return {
    counts: pick(COUNT_KEYS, (k) => first[`all_${k}`]) as ChecklistCounts,
    byCsp: {
      rows: rows.map((r): CspChecklistRow => ({ cspId: r.cspId, cspName: r.cspName, ...(pick(COUNT_KEYS, (k) => r[k]) as ChecklistCounts) })),
      total: first.total,
      page,
      pages: Math.max(1, Math.ceil(first.total / YEAR_END_PAGE_SIZE)),
    },
    totals: pick(TOTAL_KEYS, (k) => first[k]) as YearTotals,
  };
}

export interface Blocker {
  /** Where to put it right. */
  href: string;
  text: string;
}

const BLOCKER_LIMIT = 50;

/** What blocks each item for one partnership, each linking to where it is put right (at most 50 of each). */
export function yearBlockersForCsp(year: YearRow, cspId: number, today: string): Record<"returns" | "payments" | "underspends" | "variations" | "offers", Blocker[]> {
  const ctes = yearCtes(year, today, cspId);
  const title = sql`(select b.title from grants g join bids b on b.id = g.bid_id where g.id = x.grant_id)`;
  const returns = db().all<{ id: number; grantId: number; title: string; quarter: number; status: string }>(sql`${ctes}
    select x.id, x.grant_id as grantId, ${title} as title, x.quarter, x.status from ret x order by x.grant_id, x.quarter limit ${BLOCKER_LIMIT}`);
  const payments = db().all<{ grantId: number; title: string; gap: number }>(sql`${ctes}
    select x.grant_id as grantId, ${title} as title, x.gap from rec x where x.gap <> 0 order by x.grant_id limit ${BLOCKER_LIMIT}`);
  const underspends = db().all<{ grantId: number; title: string; outstanding: number }>(sql`${ctes}
    select x.grant_id as grantId, ${title} as title, x.outstanding from und x order by x.grant_id limit ${BLOCKER_LIMIT}`);
  const variations = db().all<{ id: number; grantId: number; title: string; kind: string }>(sql`${ctes}
    select x.id, x.grant_id as grantId, ${title} as title, x.kind from var x order by x.id limit ${BLOCKER_LIMIT}`);
  const offers = db().all<{ grantId: number; title: string; acceptBy: string }>(sql`${ctes}
    select x.grant_id as grantId, ${title} as title, x.accept_by as acceptBy from off x order by x.accept_by, x.grant_id limit ${BLOCKER_LIMIT}`);
  const label = year.label;
  return {
    returns: returns.map((r) => ({ href: `/grants/${r.grantId}/returns/${r.id}`, text: `${r.title}: ${label} Q${r.quarter} return, ${r.status.replace(/_/g, " ")}` })),
    payments: payments.map((p) => ({
      href: `/finance/grants/${p.grantId}`,
      text: `${p.title}: ${p.gap > 0 ? `paid ${formatPence(p.gap)} more than evidenced` : `${formatPence(-p.gap)} evidenced not yet paid`}`,
    })),
    underspends: underspends.map((u) => ({ href: `/finance/grants/${u.grantId}`, text: `${u.title}: ${formatPence(u.outstanding)} of underspend to resolve` })),
    variations: variations.map((v) => ({ href: `/grants/${v.grantId}`, text: `${v.title}: a ${v.kind === "virement" ? "virement" : "time extension"} waiting for a decision` })),
    offers: offers.map((o) => ({ href: `/grants/${o.grantId}`, text: `${o.title}: offered, to be accepted by ${formatDate(o.acceptBy)}` })),
  };
}

export interface YearTotals {
  approvedPence: number;
  paidPence: number;
  spentPence: number;
  returnedPence: number;
  carriedPence: number;
  reallocatedPence: number;
  clawbacksOutstandingPence: number;
}

/**
 * The year's money: its lines as they stand (approved, varied) and the spend evidenced on them,
 * what was paid in the year under its grants, what of its underspend was returned, carried forward
 * or re-allocated, and what is still to be recovered (clawbacks raised or invoiced).
 */
export function yearTotals(year: YearRow, today: string): YearTotals {
  return db().get<YearTotals>(sql`${yearCtes(year, today, null)}
    ${yearTotalsSelect(year)}`)!;
}

/** yearTotals' one row, after yearCtes. */
function yearTotalsSelect(year: YearRow): SQL {
  return sql`
    select (select coalesce(sum(current), 0) from fig) as approvedPence,
           (select coalesce(sum(p.amount_pence), 0) from yg join payments p on p.grant_id = yg.grant_id where p.paid_on between ${year.startsOn} and ${year.endsOn}) as paidPence,
           (select coalesce(sum(spent), 0) from fig) as spentPence,
           (select coalesce(sum(returned), 0) from fig) as returnedPence,
           (select coalesce(sum(carried), 0) from fig) as carriedPence,
           (select coalesce(sum(reallocated), 0) from fig) as reallocatedPence,
           (select coalesce(sum(r.amount_pence), 0) from grant_recoveries r where r.financial_year_id = ${year.id} and r.status in ('raised', 'invoiced')) as clawbacksOutstandingPence`;
}

// ---------------------------------------------------------------------------------------------
// Closing and reopening

export type YearChangeResult =
  | { kind: "done"; closureId: number }
  | { kind: "stale"; message: string }
  | { kind: "blocked"; message: string };

const staleYear = (tx: Tx, year: YearRow): YearChangeResult => {
  const last = closureHistory(year.id, tx).at(-1);
  const what = year.status === "closed" ? `${last?.closedByName ?? "Someone"} closed ${year.label} on ${formatDate((last?.closedAt ?? "").slice(0, 10))}` : last?.reopenedAt ? `${last.reopenedByName ?? "Someone"} reopened ${year.label} on ${formatDate(last.reopenedAt.slice(0, 10))}` : `${year.label} changed`;
  return { kind: "stale", message: `${what}, after you opened this page. Nothing has been changed: check the year below, then try again.` };
};

/**
 * OPCC finance closes the year: only from the page as it stood (`expectedToken`, yearToken) and
 * only when its checklist is all clear, counted again in the write transaction. The year's status
 * becomes closed (the lock: app/data/year-lock.server.ts and the triggers), a closure row says who
 * and when; audited and e-mailed to OPCC finance.
 */
export function closeYear(financialYearId: number, userId: number, expectedToken: string, now = new Date().toISOString()): YearChangeResult {
  return db().transaction(
    (tx): YearChangeResult => {
      const year = tx.get<YearRow>(sql`select id, label, starts_on as startsOn, ends_on as endsOn, status from financial_years where id = ${financialYearId}`)!;
      if (yearToken(financialYearId, tx) !== expectedToken || year.status !== "open") return staleYear(tx, year);
      const counts = yearChecklistCounts(year, { today: ukDate(new Date(now)), tx });
      const items = checklistItems(counts);
      if (!allClear(items)) return { kind: "blocked", message: closeRefusal(items)! };
      tx.update(financialYears).set({ status: "closed" }).where(sql`${financialYears.id} = ${financialYearId} and ${financialYears.status} = 'open'`).run();
      const row = tx.insert(financialYearClosures).values({ financialYearId, closedBy: userId, closedAt: now }).returning({ id: financialYearClosures.id }).get();
      recordAudit(tx, { userId, action: "year.closed", entityType: "financial_year", entityId: financialYearId, before: { status: "open" }, after: { status: "closed", label: year.label, closureId: row.id } }, now);
      const closer = tx.get<{ name: string }>(sql`select name from users where id = ${userId}`)?.name ?? "OPCC finance";
      queueMessage(tx, {
        to: opccFinanceContacts(tx),
        subject: `Financial year ${year.label} closed`,
        body: [
          `${closer} closed the financial year ${year.label} on ${formatDate(ukDate(new Date(now)))}. Its returns, payments, grants, variations, underspends and clawbacks can no longer be changed; a clawback already invoiced can still be received.`,
          `An administrator can reopen the year, with a reason, if something must be put right: ${portalUrl(`/finance/year-end/${year.label}`)}`,
        ].join("\n\n"),
      }, now);
      return { kind: "done", closureId: row.id };
    },
    { behavior: "immediate" },
  );
}

/** An administrator reopens a closed year with the reason: open again, the closure row says who, when and why; audited and e-mailed to OPCC finance. */
export function reopenYear(financialYearId: number, userId: number, expectedToken: string, reason: string, now = new Date().toISOString()): YearChangeResult {
  return db().transaction(
    (tx): YearChangeResult => {
      const year = tx.get<YearRow>(sql`select id, label, starts_on as startsOn, ends_on as endsOn, status from financial_years where id = ${financialYearId}`)!;
      if (yearToken(financialYearId, tx) !== expectedToken || year.status !== "closed") return staleYear(tx, year);
      const last = tx.get<{ id: number }>(sql`select max(id) as id from financial_year_closures where financial_year_id = ${financialYearId}`)!;
      tx.update(financialYearClosures).set({ reopenedBy: userId, reopenedAt: now, reopenReason: reason }).where(sql`${financialYearClosures.id} = ${last.id}`).run();
      tx.update(financialYears).set({ status: "open" }).where(sql`${financialYears.id} = ${financialYearId}`).run();
      recordAudit(tx, { userId, action: "year.reopened", entityType: "financial_year", entityId: financialYearId, before: { status: "closed", closureId: last.id }, after: { status: "open", label: year.label, reason } }, now);
      const opener = tx.get<{ name: string }>(sql`select name from users where id = ${userId}`)?.name ?? "An administrator";
      queueMessage(tx, {
        to: opccFinanceContacts(tx),
        subject: `Financial year ${year.label} reopened`,
        body: [
          `${opener} reopened the financial year ${year.label} on ${formatDate(ukDate(new Date(now)))}. Why:`,
          reason,
          `Its records can be changed again until it is closed once more: ${portalUrl(`/finance/year-end/${year.label}`)}`,
        ].join("\n\n"),
      }, now);
      return { kind: "done", closureId: last.id };
    },
    { behavior: "immediate" },
  );
}

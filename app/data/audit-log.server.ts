import { sql, type SQL } from "drizzle-orm";
import { actionWords, auditLines, auditText, fieldWords, type AuditLine } from "../domain/audit-wording";
import type { CsvColumn } from "./csv.server";
import { endOfUkDay, startOfUkDay } from "../domain/round-window";
import { PORTAL_PERSON, parseAuditQuery, type AuditFilterValues } from "../forms/audit-filters";
import { db } from "./db.server";

/**
 * The administrators' audit log (issue 12, decision record 034): every entry, newest first, 50 a
 * page, paged by keyset on `id` (`before` an id for older entries, `after` one for newer), with
 * no total count, so a page costs the same however big the log grows. Every filter is an equality
 * or range that one of audit_log's indexes answers, each ending in `id` so the page comes out in
 * order: person (user_id, id), record (entity_type, entity_id, id), a bid's whole history
 * (bid_id, id), kind (action, id), dates (at, id). With no filter, or only dates, the primary key
 * may be walked downwards instead, the walk stopping at the page's 51st match. A kind of record
 * without its number is the one filter whose index is not in id order (its matches are sorted;
 * with another filter, that one's index drives). tests/integration/audit-log.test.ts checks the
 * plan of every combination; scale.test.ts the time of some at national scale.
 */

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  /** A person's id, or null for what the portal did itself (no user). */
  userId?: number | null;
  entityType?: string;
  entityId?: number;
  bidId?: number;
  action?: string;
  /** ISO timestamps: at >= atFrom, at <= atUntil. */
  atFrom?: string;
  atUntil?: string;
}

export interface AuditRow {
  id: number;
  at: string;
  userId: number | null;
  userName: string | null;
  userEmail: string | null;
  action: string;
  entityType: string;
  entityId: number;
  bidId: number | null;
  cspId: number | null;
  cspName: string | null;
  before: string | null;
  after: string | null;
}

function whereOf(f: AuditFilters): SQL[] {
  const where: SQL[] = [];
  if (f.userId === null) where.push(sql`a.user_id is null`);
  else if (f.userId !== undefined) where.push(sql`a.user_id = ${f.userId}`);
  if (f.entityType !== undefined) {
    // A kind of record alone reads (entity_type, entity_id, id), which is not in id order: with any
    // other filter, that filter's index (in id order, or the dates') drives, and the kind is checked
    // on the rows it finds ("+" keeps SQLite off the entity index).
    const alone = f.entityId === undefined && (f.userId !== undefined || f.bidId !== undefined || f.action !== undefined || f.atFrom !== undefined || f.atUntil !== undefined);
    where.push(alone ? sql`+a.entity_type = ${f.entityType}` : sql`a.entity_type = ${f.entityType}`);
  }
  if (f.entityId !== undefined) where.push(sql`a.entity_id = ${f.entityId}`);
  if (f.bidId !== undefined) where.push(sql`a.bid_id = ${f.bidId}`);
  if (f.action !== undefined) where.push(sql`a.action = ${f.action}`);
  if (f.atFrom !== undefined) where.push(sql`a.at >= ${f.atFrom}`);
  if (f.atUntil !== undefined) where.push(sql`a.at <= ${f.atUntil}`);
  return where;
}

const and = (parts: SQL[]) => (parts.length ? sql.join(parts, sql` and `) : sql`1 = 1`);

/** The ids of the entries matching, in the keyset's order: the one query whose plan the tests check. */
export function auditIdsQuery(f: AuditFilters, { before, after, limit }: { before?: number; after?: number; limit: number }): SQL {
  const where = whereOf(f);
  if (after !== undefined) where.push(sql`a.id > ${after}`);
  else if (before !== undefined) where.push(sql`a.id < ${before}`);
  return sql`select a.id from audit_log a where ${and(where)} order by a.id ${after !== undefined ? sql`asc` : sql`desc`} limit ${limit}`;
}

/** Up to `limit` entries, newest first, older than `before` (or newer than `after`, still newest first). */
export function auditEntries(f: AuditFilters, cursor: { before?: number; after?: number }, limit: number): AuditRow[] {
  return db().all<AuditRow>(auditEntriesQuery(f, cursor, limit));
}

/**
 * The page's entries with their people and partnerships. CROSS JOIN keeps the page's ids the outer
 * loop: with the limit a bound parameter SQLite cannot tell the page is small, and scanned the
 * whole log to join it (100 ms at national scale, not one).
 */
export function auditEntriesQuery(f: AuditFilters, cursor: { before?: number; after?: number }, limit: number): SQL {
  return sql`
    select a.id, a.at, a.user_id as userId, u.name as userName, u.email as userEmail, a.action, a.entity_type as entityType, a.entity_id as entityId,
           a.bid_id as bidId, a.csp_id as cspId, o.name as cspName, a.before, a.after
      from (${auditIdsQuery(f, { ...cursor, limit })}) k
      cross join audit_log a on a.id = k.id
      left join users u on u.id = a.user_id
      left join organisations o on o.id = a.csp_id
     order by a.id desc`;
}

export interface AuditPage {
  rows: AuditRow[];
  /** The cursor of the "Newer" link (after=…), or null on the newest page. */
  newer: number | null;
  /** The cursor of the "Older" link (before=…), or null on the oldest page. */
  older: number | null;
}

/** One page: 50 entries and whether there are newer and older ones (one extra row each way, never a count). */
export function listAudit(f: AuditFilters, cursor: { before?: number; after?: number } = {}, size = AUDIT_PAGE_SIZE): AuditPage {
  const fetched = auditEntries(f, cursor, size + 1);
  let rows: AuditRow[];
  let moreOlder: boolean;
  let moreNewer: boolean;
  if (cursor.after !== undefined) {
    // Ascending from the cursor, then newest first: the extra row is the newest one.
    moreNewer = fetched.length > size;
    rows = moreNewer ? fetched.slice(1) : fetched;
    moreOlder = true;
  } else {
    moreOlder = fetched.length > size;
    rows = moreOlder ? fetched.slice(0, size) : fetched;
    moreNewer = cursor.before !== undefined && rows.length > 0 && hasEntry(f, { after: rows[0].id });
  }
  if (cursor.after !== undefined && rows.length > 0) moreOlder = hasEntry(f, { before: rows[rows.length - 1].id });
  if (rows.length === 0) {
    // Past either end (an old link): offer the way back.
    return { rows, newer: cursor.before !== undefined ? cursor.before - 1 : null, older: cursor.after !== undefined ? cursor.after + 1 : null };
  }
  return { rows, newer: moreNewer ? rows[0].id : null, older: moreOlder ? rows[rows.length - 1].id : null };
}

function hasEntry(f: AuditFilters, cursor: { before?: number; after?: number }) {
  return db().all(auditIdsQuery(f, { ...cursor, limit: 1 })).length > 0;
}

/** Every matching entry, newest first, `size` at a time (for the CSV): each batch one indexed query. */
export function* auditBatches(f: AuditFilters, size = 500): Generator<AuditRow[]> {
  let before: number | undefined;
  for (;;) {
    const rows = auditEntries(f, { before }, size);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    before = rows[rows.length - 1].id;
  }
}

/**
 * Distinct values of an indexed column without reading the whole index: a recursive walk that
 * seeks each next value (`min(x) where x > previous`), one index seek per value there is.
 */
function distinctOf(column: "action" | "entity_type"): string[] {
  const col = sql.raw(column);
  return db()
    .all<{ v: string }>(
      sql`with recursive k(v) as (select min(${col}) from audit_log union all select (select min(${col}) from audit_log where ${col} > k.v) from k where k.v is not null)
          select v from k where v is not null`,
    )
    .map((r) => r.v);
}

/** The kinds of change there are in the log (for the filter's select), in words, sorted by them. */
export function auditKinds(): { value: string; label: string }[] {
  return distinctOf("action")
    .map((value) => ({ value, label: actionWords(value) }))
    .sort((a, b) => a.label.localeCompare(b.label, "en-GB"));
}

/** The kinds of record there are in the log. */
export function auditRecordTypes(): { value: string; label: string }[] {
  return distinctOf("entity_type")
    .map((value) => ({ value, label: recordTypeWords(value) }))
    .sort((a, b) => a.label.localeCompare(b.label, "en-GB"));
}

const RECORD_WORDS: Record<string, string> = { organisation: "Partnership", grant_recovery: "Clawback", funding_stream: "Funding stream (rubric)", setting: "Setting", user: "Person" };

/** "grant_underspend" → "Grant underspend"; a few by the names the portal uses for them. */
export const recordTypeWords = (type: string) => RECORD_WORDS[type] ?? fieldWords(type);

/** The page of a record an administrator can open, for the kinds that have one. */
export function recordHref(type: string, id: number): string | null {
  switch (type) {
    case "bid":
      return `/bids/${id}`;
    case "grant":
      return `/grants/${id}`;
    case "user":
      return `/settings/people/${id}`;
    case "round":
      return `/rounds/${id}`;
    case "organisation":
      return `/settings/partnerships/${id}`;
    case "stream":
    case "funding_stream":
      return `/settings/streams/${id}`;
    default:
      return null;
  }
}

/** An entry as the page shows it: when, who, the kind in words, the record and the change line by line. */
export interface AuditView {
  id: number;
  at: string;
  who: string;
  whoEmail: string | null;
  kind: string;
  record: { type: string; id: number; href: string | null };
  bid: { id: number; href: string } | null;
  partnership: string | null;
  lines: AuditLine[];
}

export function auditView(r: AuditRow): AuditView {
  return {
    id: r.id,
    at: r.at,
    who: r.userId === null ? "The portal" : (r.userName ?? `Person ${r.userId}`),
    whoEmail: r.userEmail,
    kind: actionWords(r.action),
    record: { type: recordTypeWords(r.entityType), id: r.entityId, href: recordHref(r.entityType, r.entityId) },
    bid: r.bidId !== null && !(r.entityType === "bid" && r.entityId === r.bidId) ? { id: r.bidId, href: `/bids/${r.bidId}` } : null,
    partnership: r.cspName,
    lines: auditLines(r.before, r.after),
  };
}

export type ResolvedAuditQuery =
  | { ok: true; values: AuditFilterValues; filters: AuditFilters; cursor: { before?: number; after?: number } }
  | { ok: false; values: AuditFilterValues; errors: Record<string, string> };

/**
 * The query string checked against the log: the e-mail address must be someone's (one seek on the
 * users' unique e-mail index), the kinds of record and of change ones the log holds.
 */
export function resolveAuditQuery(url: URL): ResolvedAuditQuery {
  // Every field is checked, so the error summary lists every problem at once.
  const { values, input, errors } = parseAuditQuery(url.searchParams);
  const filters: AuditFilters = {};
  if (input.person === PORTAL_PERSON) filters.userId = null;
  else if (input.person !== undefined) {
    const person = db().get<{ id: number } | undefined>(sql`select id from users where lower(email) = ${input.person}`);
    if (person) filters.userId = person.id;
    else errors.person = "No one has that e-mail address: check it, or leave the box empty";
  }
  if (input.type !== undefined) {
    if (known("entity_type", input.type)) filters.entityType = input.type;
    else errors.type = "Select a kind of record from the list";
  }
  if (input.record !== undefined) filters.entityId = input.record;
  if (input.bid !== undefined) filters.bidId = input.bid;
  if (input.kind !== undefined) {
    if (known("action", input.kind)) filters.action = input.kind;
    else errors.kind = "Select a kind of change from the list";
  }
  if (input.from) filters.atFrom = startOfUkDay(input.from).toISOString();
  if (input.until) filters.atUntil = endOfUkDay(input.until).toISOString();
  if (Object.keys(errors).length) return { ok: false, values, errors };
  return { ok: true, values, filters, cursor: { before: input.before, after: input.after } };
}

/** Whether the log holds this kind of record or change: one index seek. */
function known(column: "action" | "entity_type", value: string): boolean {
  return db().all(sql`select 1 from audit_log where ${sql.raw(column)} = ${value} limit 1`).length > 0;
}

/** The CSV's columns (/settings/audit.csv): the change in words, and the stored before and after as they are (JSON). */
export const AUDIT_CSV_COLUMNS: readonly CsvColumn<AuditRow>[] = [
  { header: "When", value: (r) => r.at },
  { header: "Who", value: (r) => (r.userId === null ? "The portal" : (r.userName ?? `Person ${r.userId}`)) },
  { header: "Email", value: (r) => r.userEmail },
  { header: "Kind", value: (r) => actionWords(r.action) },
  { header: "Record type", value: (r) => recordTypeWords(r.entityType) },
  { header: "Record id", kind: "integer", value: (r) => r.entityId },
  { header: "Bid id", kind: "integer", value: (r) => r.bidId },
  { header: "Partnership", value: (r) => r.cspName },
  { header: "Change", value: (r) => auditText(r.before, r.after) },
  { header: "Before", value: (r) => r.before },
  { header: "After", value: (r) => r.after },
];

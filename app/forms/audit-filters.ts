import { z } from "zod";
import { isoDateFromParts, type IsoDate } from "../domain/financial-years";

/**
 * The /settings/audit (and /settings/audit.csv) query string, as typed: who made the change (a
 * person's e-mail address, or "portal" for what the portal did itself), the record (its kind and,
 * optionally, its number), a bid's whole history (its number), the kind of change, and the dates
 * it was made between (GOV.UK date boxes). `before` and `after` are the keyset cursors of the
 * "Older" and "Newer" links (an entry's id). A value that makes no sense is refused (400, with an
 * error summary and what was typed kept); checking an e-mail address, a kind of record or a kind
 * of change against the database is the data layer's (app/data/audit-log.server.ts).
 */

export const AUDIT_FILTER_FIELDS = ["person", "type", "record", "bid", "kind", "from.day", "from.month", "from.year", "until.day", "until.month", "until.year"] as const;
export type AuditFilterField = (typeof AUDIT_FILTER_FIELDS)[number];
export type AuditFilterValues = Record<AuditFilterField, string>;

/** The word in the person box that means "the portal itself" (a reminder, a closing round). */
export const PORTAL_PERSON = "portal";

export interface AuditQueryInput {
  /** A person's e-mail address (lower-cased), or PORTAL_PERSON. */
  person?: string;
  type?: string;
  record?: number;
  bid?: number;
  kind?: string;
  from?: IsoDate;
  until?: IsoDate;
  before?: number;
  after?: number;
}

/** What was typed, what of it made sense (`input`), and a message per field that did not. */
export interface ParsedAuditQuery {
  values: AuditFilterValues;
  input: AuditQueryInput;
  errors: Record<string, string>;
}

const MAX_TEXT = 200;
const id = /^\d{1,12}$/;
const cursor = z
  .string()
  .optional()
  .transform((v) => (v && id.test(v) && Number(v) >= 1 ? Number(v) : undefined));

/** Reads the query string; only the cursors fall back quietly (they are the portal's own links). */
export function parseAuditQuery(params: URLSearchParams): ParsedAuditQuery {
  const values = Object.fromEntries(AUDIT_FILTER_FIELDS.map((f) => [f, (params.get(f) ?? "").slice(0, MAX_TEXT)])) as AuditFilterValues;
  const errors: Record<string, string> = {};
  const input: AuditQueryInput = { before: cursor.parse(params.get("before") ?? undefined), after: cursor.parse(params.get("after") ?? undefined) };

  const person = values.person.trim().toLowerCase();
  if (person) {
    if (person === PORTAL_PERSON || z.string().email().safeParse(person).success) input.person = person;
    else errors.person = `Enter a person's e-mail address, like name@example.com, or “${PORTAL_PERSON}”`;
  }
  const type = values.type.trim();
  if (type) input.type = type;
  const record = values.record.trim();
  if (record) {
    if (!id.test(record) || Number(record) < 1) errors.record = "Record number must be a whole number, like 123";
    else if (!type) errors.type = "Select the kind of record the number belongs to";
    else input.record = Number(record);
  }
  const bid = values.bid.trim().replace(/^#/, "");
  if (bid) {
    if (!id.test(bid) || Number(bid) < 1) errors.bid = "Bid number must be a whole number, like 123";
    else input.bid = Number(bid);
  }
  const kind = values.kind.trim();
  if (kind) input.kind = kind;

  for (const [name, legend] of [["from", "from"], ["until", "to"]] as const) {
    const [d, m, y] = [values[`${name}.day`], values[`${name}.month`], values[`${name}.year`]].map((v) => v.trim());
    if (!d && !m && !y) continue;
    const date = d && m && y ? isoDateFromParts(d, m, y) : null;
    if (!date) errors[`${name}.day`] = `Date ${legend} must be a real date, like 1 7 2023`;
    else input[name] = date;
  }
  if (input.from && input.until && input.from > input.until) errors["until.day"] = "Date to must be the same as or after date from";

  return { values, input, errors };
}

/** The query string of these filters (without the cursors), for links, the download and the form's "Clear". */
export function auditFilterSearch(values: AuditFilterValues): URLSearchParams {
  const search = new URLSearchParams();
  for (const f of AUDIT_FILTER_FIELDS) if (values[f].trim()) search.set(f, values[f].trim());
  return search;
}

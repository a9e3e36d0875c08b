import { isBidSectionKey, sectionTitle, type BidSectionKey } from "./bid-completeness";
import { lookup } from "./lookup";

/**
 * A bid's history in plain words, worked out on the server from the audit log. The audit rows'
 * before and after bodies never leave the server: each row becomes a line saying when, who and
 * what ("Project details changed: title, summary"), in words for the person reading it.
 *
 * A partnership (anyone whose organisation is not the OPCC: CSP leads, council finance officers)
 * reads only what is meant for it: its own changes, its bid's moves, the OPCC's requests for
 * changes with the message shared with it, comments shared with it, and the PCC's decisions and
 * grants. Reviewer assignments, conflict of interest answers, scores, moderation and internal
 * comments are left out, and so is anything this module does not know. OPCC staff are named to a
 * partnership as "OPCC", never as individuals (decision record 014).
 */

/** Who did something, as the audit log's join to users and organisations gives it. */
export interface Actor {
  name: string;
  organisationId: number;
  organisationKind: "opcc" | "csp" | "partner";
  organisationName: string;
}

/** One audit row about a bid, as read on the server. */
export interface AuditRow {
  id: number;
  at: string;
  action: string;
  actor: Actor | null;
  before: string | null;
  after: string | null;
}

/** Who reads the history: OPCC staff see everything; anyone else is a partnership reader. */
export type HistoryReader = { kind: "opcc" } | { kind: "partnership"; organisationId: number };

/** One line of the history, ready to show. */
export interface HistoryLine {
  id: number;
  at: string;
  who: string;
  what: string;
  /** A second line: the fields changed, or the message shared with the partnership. */
  detail: string | null;
}

/** How OPCC staff are named to a partnership. */
export const OPCC_AS_SEEN_BY_PARTNERSHIPS = "OPCC";

/** The name a reader sees for a person: their own organisation's people and, for OPCC staff, everyone by name. */
export function nameFor(reader: HistoryReader, actor: Actor | null): string {
  if (!actor) return "System";
  if (reader.kind === "opcc" || actor.organisationId === reader.organisationId) return actor.name;
  return actor.organisationKind === "opcc" ? OPCC_AS_SEEN_BY_PARTNERSHIPS : actor.organisationName;
}

/** The actions a partnership reader may see lines for (with review.commented when shared). */
export const PARTNERSHIP_ACTIONS = [
  "bid.created",
  "bid.submitted",
  "bid.withdrawn",
  "bid.review_started",
  "bid.changes_requested",
  "bid.approved",
  "bid.part_approved",
  "bid.rejected",
  "bid.approved_by_correction",
  "bid.part_approved_by_correction",
  "bid.rejected_by_correction",
  "decision.recorded",
  "decision.corrected",
  "grant.created",
  "grant.varied",
  "grant.withdrawn",
] as const;

const SECTION_SAVED = /^bid\.section\.([a-z-]+)\.saved$/;

/** Field labels as the section's page words them, lower case for a list. Unknown fields are never shown. */
const FIELD_LABELS: Partial<Record<BidSectionKey, Record<string, string>>> = {
  details: {
    title: "title",
    summary: "summary",
    need: "evidence of need",
    activities: "what will be done",
    deliveryPartners: "delivery partners",
    locations: "where",
    startDate: "start date",
    endDate: "end date",
    milestones: "milestones",
  },
  "data-protection": {
    holdsPersonalData: "CCTV or personal data",
    dpiaCompleted: "data protection impact assessment",
    equalityImpact: "equality impact",
  },
};

/** What a section's rows are called, one and many. */
const ROW_NOUNS: Partial<Record<BidSectionKey, [string, string]>> = {
  priorities: ["priority", "priorities"],
  costs: ["cost line", "cost lines"],
  "match-funding": ["match funding source", "match funding sources"],
  outcomes: ["outcome", "outcomes"],
  risks: ["risk", "risks"],
};

function parse(json: string | null): unknown {
  if (!json) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What changed in a section, in words: the fields' labels, or how many rows there are now. */
export function sectionChange(section: BidSectionKey, beforeJson: string | null, afterJson: string | null): string | null {
  const before = parse(beforeJson);
  const after = parse(afterJson);
  if (before === null || after === null || same(before, after)) return null;
  const nouns = ROW_NOUNS[section];
  if (nouns && (Array.isArray(before) || Array.isArray(after))) {
    const n = (v: unknown) => (Array.isArray(v) ? v.length : 0);
    const count = (k: number) => `${k} ${k === 1 ? nouns[0] : nouns[1]}`;
    return n(before) === n(after) ? `${nouns[1]} changed` : `now ${count(n(after))} (was ${n(before)})`;
  }
  const labels = FIELD_LABELS[section] ?? {};
  const a = record(before);
  const b = record(after);
  const changed = Object.keys(labels).filter((k) => !same(a[k], b[k]));
  return changed.length ? changed.map((k) => labels[k]).join(", ") : null;
}

const STATUS_MOVES: Record<string, string> = {
  "bid.created": "Draft started",
  "bid.withdrawn": "Withdrawn",
  "bid.review_started": "Taken into review",
  "bid.changes_requested": "Sent back for changes",
  "bid.approved": "Approved",
  "bid.part_approved": "Part-approved",
  "bid.rejected": "Rejected",
  "bid.approved_by_correction": "Approved by a correcting decision",
  "bid.part_approved_by_correction": "Part-approved by a correcting decision",
  "bid.rejected_by_correction": "Rejected by a correcting decision",
  "grant.created": "Grant made",
  "grant.varied": "Grant varied by a correcting decision",
  "grant.withdrawn": "Grant withdrawn by a correcting decision",
};

const OUTCOME_WORDS: Record<string, string> = { approved: "approved", part_approved: "part-approved", rejected: "rejected" };

const outOf100 = (total: unknown) => (typeof total === "number" ? `${total} out of 100` : "a gate was not met");

/** The line for one row, or null when the reader is not meant to see it. */
function describe(row: AuditRow, reader: HistoryReader): { what: string; detail: string | null } | null {
  const opcc = reader.kind === "opcc";
  const after = record(parse(row.after));
  const section = SECTION_SAVED.exec(row.action)?.[1];
  if (section !== undefined) {
    if (!isBidSectionKey(section)) return null;
    return { what: `${sectionTitle(section)} changed`, detail: sectionChange(section, row.before, row.after) };
  }
  const move = lookup(STATUS_MOVES, row.action);
  if (move) return { what: move, detail: null };
  switch (row.action) {
    case "bid.submitted":
      return { what: typeof after.submission === "number" && after.submission > 1 ? `Submitted again (submission ${after.submission})` : "Submitted", detail: null };
    case "decision.recorded":
    case "decision.corrected": {
      const reference = typeof after.reference === "string" ? after.reference : "";
      const outcome = typeof after.outcome === "string" ? (lookup(OUTCOME_WORDS, after.outcome) ?? null) : null;
      const what = row.action === "decision.corrected" ? "Correcting PCC decision recorded" : "PCC decision recorded";
      return { what: `${what}${reference ? ` (${reference})` : ""}`, detail: outcome ? `The bid was ${outcome}.` : null };
    }
    case "review.commented": {
      const shared = after.visibility === "shared";
      if (!shared && !opcc) return null;
      if (!opcc) return { what: "Comment from the OPCC", detail: typeof after.body === "string" ? after.body : null };
      return { what: shared ? "Comment shared with the partnership" : "Internal comment added", detail: null };
    }
  }
  if (!opcc) return null;
  switch (row.action) {
    case "review.assigned":
      return { what: after.isLead === true ? "Lead reviewer assigned" : "Reviewer assigned", detail: null };
    case "review.conflict_answered":
      return { what: after.conflict === "declared" ? "Conflict of interest declared" : "No conflict of interest declared", detail: null };
    case "review.scored":
      return { what: "Score sheet recorded", detail: outOf100(after.total) };
    case "review.moderated":
      return { what: "Moderated score recorded", detail: outOf100(after.total) };
    default:
      return { what: "Other change", detail: null };
  }
}

/**
 * The history lines for a reader, newest first as the rows come. For a partnership, the message
 * the OPCC sent with a request for changes (a shared comment written in the same transaction, so
 * at the same moment) is the detail of "Sent back for changes" rather than a line of its own.
 */
export function historyLines(rows: AuditRow[], reader: HistoryReader, reviewerNames: ReadonlyMap<number, string> = new Map()): HistoryLine[] {
  const sentBackAt = new Set(rows.filter((r) => r.action === "bid.changes_requested").map((r) => r.at));
  const messageAt = new Map<string, string>();
  for (const r of rows) {
    const after = record(parse(r.after));
    if (r.action === "review.commented" && after.visibility === "shared" && sentBackAt.has(r.at) && typeof after.body === "string") messageAt.set(r.at, after.body);
  }
  const lines: HistoryLine[] = [];
  for (const row of rows) {
    if (row.action === "review.commented" && messageAt.has(row.at) && record(parse(row.after)).visibility === "shared") continue;
    const line = describe(row, reader);
    if (!line) continue;
    let detail = line.detail;
    if (row.action === "bid.changes_requested") detail = messageAt.get(row.at) ?? null;
    if (reader.kind === "opcc" && row.action === "review.assigned") {
      const id = record(parse(row.after)).reviewerId;
      detail = typeof id === "number" ? (reviewerNames.get(id) ?? null) : null;
    }
    lines.push({ id: row.id, at: row.at, who: nameFor(reader, row.actor), what: line.what, detail });
  }
  return lines;
}

/** The reviewer ids named in assignment rows, to look their names up in one query (OPCC staff only). */
export function assignedReviewerIds(rows: AuditRow[]): number[] {
  const ids = rows
    .filter((r) => r.action === "review.assigned")
    .map((r) => record(parse(r.after)).reviewerId)
    .filter((id): id is number => typeof id === "number");
  return [...new Set(ids)];
}
